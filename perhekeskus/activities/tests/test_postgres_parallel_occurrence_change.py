"""Two editors change the same occurrence at the same moment: one change row is left,
neither editor gets an error, and the audit log tells both stories (PostgreSQL).

Both requests first look for an existing change and find none; only then do both insert
(a barrier holds each insert until the other has looked). The unique constraint on
(activity, original start) lets one insert through; the other must wait for it, and the
service turns its IntegrityError into an update of the row that won.

SQLite takes the write lock at the start of each transaction (`transaction_mode:
IMMEDIATE` in settings), so there the second request waits before it looks: the race
cannot happen, and the barrier would only wait for a request that cannot move.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.db.models.query import QuerySet

from perhekeskus.activities import services
from perhekeskus.activities.models import ChangeKind, OccurrenceChange
from perhekeskus.core.models import AuditAction, AuditEntry

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level insert races need PostgreSQL"),
]
HELSINKI = ZoneInfo("Europe/Helsinki")


def both_look_before_either_inserts(monkeypatch: Any) -> threading.Barrier:
    barrier = threading.Barrier(2, timeout=20)
    create: Callable[..., Any] = QuerySet.create

    def create_after_both_looked(self: QuerySet[Any], **kwargs: Any) -> Any:
        if self.model is OccurrenceChange:
            barrier.wait()
        return create(self, **kwargs)

    monkeypatch.setattr(QuerySet, "create", create_after_both_looked)
    return barrier


def in_thread(work: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        try:
            return work()
        finally:
            connections.close_all()  # each thread has its own connection

    return run


@pytest.mark.parametrize(
    "original", [datetime(2026, 2, 10, 10, tzinfo=HELSINKI), datetime(2026, 3, 31, 10, tzinfo=HELSINKI)]
)
def test_two_editors_changing_one_occurrence_leave_one_row(calendar: Any, monkeypatch: Any, original: datetime) -> None:
    cafe = calendar["cafe"]
    eddie = calendar["people"]["eddie"]  # MLL's editor
    ada = calendar["people"]["ada"]  # the admin
    barrier = both_look_before_either_inserts(monkeypatch)

    def cancel() -> OccurrenceChange:
        return services.occurrence_change(
            actor=eddie, activity=cafe, original_start=original, kind=ChangeKind.CANCELLED, notes={"fi": "Peruttu."}
        )

    def exclude() -> OccurrenceChange:
        return services.occurrence_change(actor=ada, activity=cafe, original_start=original, kind=ChangeKind.EXCLUDED)

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(in_thread(cancel)), pool.submit(in_thread(exclude))]
        results = [f.result(timeout=60) for f in futures]  # re-raises a thread's error

    assert not barrier.broken  # both really looked before either inserted
    rows = OccurrenceChange.objects.filter(activity=cafe, original_start=original)
    assert rows.count() == 1
    row = rows.get()
    assert {r.pk for r in results} == {row.pk}
    # The later of the two is what stands, whole: its kind with its own note.
    assert (row.kind, row.note_fi) in {(ChangeKind.CANCELLED, "Peruttu."), (ChangeKind.EXCLUDED, "")}
    entries = AuditEntry.objects.filter(object_type="activities.occurrencechange", object_id=str(row.pk))
    assert sorted(entries.values_list("action", flat=True)) == sorted([AuditAction.CREATE, AuditAction.UPDATE])
    assert {e.actor_id for e in entries} == {eddie.pk, ada.pk}
