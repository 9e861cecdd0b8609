"""The go/no-go decision through `groups.decisions`: started, postponed, merged or cancelled,
and every family still signed up hears exactly once what happened to its group.

Merging never puts more families in the joined group than its places and waiting list:
the rest are told their sign-up has ended. A moved family's own link keeps working.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.core.models import AuditEntry
from perhekeskus.groups import decisions, services
from perhekeskus.groups.models import Group, GroupStatus, Signup, SignupStatus
from perhekeskus.groups.tests.conftest import make_group

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def sign(group: Group, n: int, prefix: str = "perhe") -> tuple[Signup, str]:
    return services.signup_create(
        group=group, data={"name": f"Perhe {n}", "email": f"{prefix}{n}@example.fi", "language": "en"}
    )


def fill(group: Group, count: int, prefix: str = "perhe") -> list[tuple[Signup, str]]:
    return [sign(group, n, prefix) for n in range(1, count + 1)]


def of_kind(group: Group, kind: str) -> Group:
    Group.objects.filter(pk=group.pk).update(kind=kind)  # made from a template in real use
    group.refresh_from_db()
    return group


def told(start: int = 0) -> Counter[str]:
    return Counter(m.to[0] for m in mail.outbox[start:])


@pytest.fixture
def pair(calendar):
    small = make_group(calendar["orgs"]["city"], calendar["park"], capacity=6, waiting_list_capacity=2, minimum=4)
    target = make_group(calendar["orgs"]["mll"], calendar["cafe_place"], capacity=3, waiting_list_capacity=1, minimum=2)
    return small, target


@time_machine.travel(NOW, tick=False)
def test_merge_moves_families_in_order_never_beyond_places_and_waiting_list(
    calendar, pair, django_capture_on_commit_callbacks
):
    small, target = pair
    with django_capture_on_commit_callbacks(execute=True):
        sign(target, 1, "own")  # the target already has one family: two places are left
        moving = fill(small, 5)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        result = decisions.group_merge(actor=calendar["people"]["elsa"], group=small, into=target)

    rows = {s.email: s for s in Signup.objects.all()}
    assert [rows[f"perhe{n}@example.fi"].status for n in range(1, 6)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "cancelled",
        "cancelled",
    ]
    assert {rows[f"perhe{n}@example.fi"].group_id for n in (1, 2, 3)} == {target.pk}
    assert {rows[f"perhe{n}@example.fi"].group_id for n in (4, 5)} == {small.pk}
    assert (result.confirmed, result.waiting, result.ended) == (2, 1, 2)
    places, waiting = services._counts(target)
    assert (places, waiting) == (target.capacity, target.waiting_list_capacity)
    small.refresh_from_db()
    assert small.status == GroupStatus.MERGED and small.merged_into == target and small.decided_at == NOW
    # Every family of the merged group hears once; the target's own family hears nothing.
    assert told(sent) == Counter({f"perhe{n}@example.fi": 1 for n in range(1, 6)})
    bodies = {m.to[0]: m.body for m in mail.outbox[sent:]}
    assert "your sign-up has moved there" in bodies["perhe1@example.fi"]
    assert "You have a place in the joined group" in bodies["perhe1@example.fi"]
    assert "waiting list" in bodies["perhe3@example.fi"]
    assert "your sign-up has ended" in bodies["perhe4@example.fi"]
    # The moved family's own link still finds its sign-up, now in the joined group.
    first, secret = moving[0]
    assert services.signup_by_secret(secret).group == target


@time_machine.travel(NOW, tick=False)
def test_merge_refuses_another_kind_itself_and_a_cancelled_group(calendar, pair):
    small, target = pair
    elsa = calendar["people"]["elsa"]
    fathers = of_kind(make_group(calendar["orgs"]["city"], calendar["park"]), "fathers_group")
    for into, field in [(small, "into"), (fathers, "into")]:
        with pytest.raises(ValidationError) as exc:
            decisions.group_merge(actor=elsa, group=small, into=into)
        assert field in exc.value.message_dict
    services.group_update_status(actor=None, group=target, status=GroupStatus.CANCELLED)
    with pytest.raises(ValidationError):
        decisions.group_merge(actor=elsa, group=small, into=target)
    small.refresh_from_db()
    assert small.status == GroupStatus.OPEN and small.merged_into is None


@time_machine.travel(NOW, tick=False)
def test_only_those_who_run_the_group_decide(calendar, pair):
    small, _target = pair
    for person in ("eddie", "pia", "vilja", "otto"):
        with pytest.raises(PermissionDenied):
            decisions.group_start(actor=calendar["people"][person], group=small)
    small.refresh_from_db()
    assert small.status == GroupStatus.OPEN and small.decided_at is None


@time_machine.travel(NOW, tick=False)
def test_start_tells_each_family_once_and_cannot_be_taken_twice(calendar, pair, django_capture_on_commit_callbacks):
    small, _target = pair
    with django_capture_on_commit_callbacks(execute=True):
        fill(small, 2)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.group_start(actor=calendar["people"]["cora"], group=small)
    assert told(sent) == Counter({"perhe1@example.fi": 1, "perhe2@example.fi": 1})
    assert "starts as planned" in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        decisions.group_start(actor=calendar["people"]["cora"], group=small)
    assert (
        AuditEntry.objects.filter(object_id=str(small.uuid), action="update", changes__has_key="decided_at").count()
        == 1
    )


@time_machine.travel(NOW, tick=False)
def test_postpone_keeps_places_and_sign_up_open_and_tells_the_new_dates(
    calendar, pair, django_capture_on_commit_callbacks
):
    small, _target = pair
    with django_capture_on_commit_callbacks(execute=True):
        fill(small, 2)
    sent = len(mail.outbox)
    new = [{"start": helsinki(2027, 3, 2 + 7 * i, 10), "end": helsinki(2027, 3, 2 + 7 * i, 12)} for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        decisions.group_postpone(
            actor=calendar["people"]["elsa"], group=small, sessions=new, decision_date=date(2027, 2, 20)
        )
    small.refresh_from_db()
    assert small.status == GroupStatus.OPEN and small.decision_date == date(2027, 2, 20)
    assert [s.start for s in small.activity.sessions.order_by("start")] == [s["start"] for s in new]
    assert set(small.signups.values_list("status", flat=True)) == {SignupStatus.CONFIRMED}
    assert told(sent) == Counter({"perhe1@example.fi": 1, "perhe2@example.fi": 1})
    body = mail.outbox[-1].body
    assert "postponed to the new dates" in body
    assert "03/02/2027" in body and "01/12/2027" not in body
    # Sign-up is open with the new dates.
    sign(small, 3)
    assert small.signups.count() == 3


@time_machine.travel(NOW, tick=False)
def test_postpone_refuses_a_past_go_no_go_date_and_saves_nothing(calendar, pair):
    small, _target = pair
    before = list(small.activity.sessions.values_list("start", flat=True))
    new = [{"start": helsinki(2027, 3, 2, 10), "end": helsinki(2027, 3, 2, 12)}]
    for day, field in [
        (date(2026, 11, 30), "decision_date"),
        (date(2027, 3, 5), "decision_date"),
        (None, "decision_date"),
    ]:
        with pytest.raises(ValidationError) as exc:
            decisions.group_postpone(actor=None, group=small, sessions=new, decision_date=day)
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        decisions.group_postpone(actor=None, group=small, sessions=[], decision_date=date(2027, 2, 1))
    assert "sessions" in exc.value.message_dict
    assert list(small.activity.sessions.values_list("start", flat=True)) == before
    small.refresh_from_db()
    assert small.decided_at is None


@time_machine.travel(NOW, tick=False)
def test_cancel_ends_every_sign_up_marks_sessions_and_tells_each_family_once(
    calendar, pair, django_capture_on_commit_callbacks
):
    small, _target = pair
    with django_capture_on_commit_callbacks(execute=True):
        fill(small, 7)  # six places and one waiting
    sent = len(mail.outbox)
    with pytest.raises(ValidationError) as exc:
        decisions.group_cancel(actor=None, group=small, note={})
    assert "note" in exc.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        decisions.group_cancel(actor=calendar["people"]["elsa"], group=small, note={"en": "Too few families."})
    assert told(sent) == Counter({f"perhe{n}@example.fi": 1 for n in range(1, 8)})
    assert set(small.signups.values_list("status", flat=True)) == {SignupStatus.CANCELLED}
    sessions = list(small.activity.sessions.all())
    assert sessions and all(s.cancelled and s.note_en == "Too few families." for s in sessions)
    small.refresh_from_db()
    assert small.status == GroupStatus.CANCELLED and small.activity.status == "cancelled"


@time_machine.travel(NOW, tick=False)
def test_nearby_groups_same_kind_and_municipality_with_free_places_first(calendar, pair):
    small, target = pair
    fuller = make_group(calendar["orgs"]["city"], calendar["park"], capacity=1, waiting_list_capacity=0, minimum=0)
    sign(fuller, 1)
    fathers = of_kind(make_group(calendar["orgs"]["city"], calendar["park"]), "fathers_group")
    found = decisions.nearby_groups(small)
    assert found == [target, fuller]
    assert fathers not in found and small not in found
    assert [g.free for g in found] == [3, 0]
