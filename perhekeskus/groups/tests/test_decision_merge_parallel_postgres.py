"""A merge racing with families signing up for the joined group, on PostgreSQL: each runs
in its own thread and database connection. The joined group never ends with more
families than its places and waiting list, and every family of the merged group ends
either in the joined group or told its sign-up has ended.

Two groups merged into each other at the same moment lock their rows in the same order
(lower id first): one merge wins, the other is refused, and neither deadlocks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from perhekeskus.groups import decisions, services
from perhekeskus.groups.models import PLACE_STATUSES, Group, GroupStatus, SignupStatus
from perhekeskus.groups.tests.conftest import make_group

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
ROUNDS = 5


def in_parallel(calls: list[Callable[[], Any]]) -> list[Any]:
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            start.wait()
            return call()
        except Exception as exc:  # the outcome is what the test checks
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def sign(group: Group, email: str) -> Any:
    return services.signup_create(group=group, data={"name": email, "email": email, "language": "fi"})


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_merge_and_sign_ups_on_the_target_never_overbook(calendar, round_):
    small = make_group(calendar["orgs"]["city"], calendar["park"], capacity=6, waiting_list_capacity=0, minimum=4)
    target = make_group(calendar["orgs"]["mll"], calendar["cafe_place"], capacity=4, waiting_list_capacity=2)
    for n in range(5):
        sign(small, f"small{n}@example.fi")
    sign(target, "own@example.fi")
    calls: list[Callable[[], Any]] = [lambda: decisions.group_merge(actor=None, group=small, into=target)]
    calls += [lambda n=n: sign(target, f"new{n}@example.fi") for n in range(6)]

    outcomes = in_parallel(calls)

    assert not any(isinstance(o, Exception) and not isinstance(o, services.GroupFull) for o in outcomes), outcomes
    assert isinstance(outcomes[0], decisions.MergeResult)
    places = target.signups.filter(status__in=PLACE_STATUSES).count()
    waiting = target.signups.filter(status=SignupStatus.WAITING).count()
    assert places == 4 and waiting == 2  # 12 families wanted in: exactly the places and the waiting list
    moved = target.signups.filter(email__startswith="small").count()
    ended = small.signups.filter(status=SignupStatus.CANCELLED).count()
    assert moved + ended == 5 and not small.signups.exclude(status=SignupStatus.CANCELLED).exists()
    full = sum(isinstance(o, services.GroupFull) for o in outcomes)
    assert (target.signups.count() - 1 - moved) + full == 6


def test_two_groups_merged_into_each_other_at_once_one_wins_no_deadlock(calendar):
    first = make_group(calendar["orgs"]["city"], calendar["park"])
    second = make_group(calendar["orgs"]["mll"], calendar["cafe_place"])
    sign(first, "a@example.fi")
    sign(second, "b@example.fi")

    outcomes = in_parallel(
        [
            lambda: decisions.group_merge(actor=None, group=first, into=second),
            lambda: decisions.group_merge(actor=None, group=second, into=first),
        ]
    )

    won = [o for o in outcomes if isinstance(o, decisions.MergeResult)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(refused) == 1, outcomes
    statuses = sorted(Group.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == sorted([GroupStatus.MERGED, GroupStatus.OPEN])
    assert sorted(won[0].group.merged_into.signups.values_list("email", flat=True)) == ["a@example.fi", "b@example.fi"]
