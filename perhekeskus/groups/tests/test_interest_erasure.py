"""Interest entries keep an address only while it is needed: withdrawn entries are erased at
once; `manage.py erase_interest` erases entries older than INTEREST_KEEP_DAYS and those of
families invited to a group whose sign-ups were erased or that ended long ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from perhekeskus.groups import services
from perhekeskus.groups.interest import group_open_for_interest, interest_create, interest_withdraw
from perhekeskus.groups.models import Group, GroupStatus, Interest, InterestStatus
from perhekeskus.groups.tests.conftest import make_group

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def entry(area, n: int, **changes):
    data = {
        "kind": "baby_group",
        "area": area,
        "email": f"perhe{n}@example.fi",
        "languages": ["fi", "ar"],
        "children_birth_years": [2026],
        "due_date": datetime(2027, 3, 1).date(),
    }
    data.update(changes)
    return interest_create(data)


def erase(**options) -> str:
    out = StringIO()
    call_command("erase_interest", stdout=out, **options)
    return out.getvalue().strip()


def assert_erased(pk: int, status: str) -> None:
    row = Interest.objects.get(pk=pk)
    assert (row.email, row.due_date, row.children_birth_years, row.languages) == ("", None, [], [])
    assert row.email_key.startswith("erased-") and row.erased_at is not None and row.status == status


def test_withdrawal_erases_at_once(calendar):
    with time_machine.travel(NOW, tick=False):
        made, secret = entry(calendar["areas"]["matinkyla"], 1)
        interest_withdraw(secret)
    assert_erased(made.pk, InterestStatus.WITHDRAWN)
    again, _ = entry(calendar["areas"]["matinkyla"], 1)  # the address may come back on the list
    assert again.status == InterestStatus.WAITING


def test_old_entries_are_erased_after_the_keep_days(calendar, settings):
    settings.INTEREST_KEEP_DAYS = 30
    areas = calendar["areas"]
    with time_machine.travel(NOW, tick=False):
        old, _ = entry(areas["matinkyla"], 1)
    with time_machine.travel(NOW + timedelta(days=20), tick=False):
        recent, _ = entry(areas["matinkyla"], 2)
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        assert erase() == "interest entries erased: 1"
        assert erase() == "interest entries erased: 0"
    assert_erased(old.pk, InterestStatus.ERASED)
    assert Interest.objects.get(pk=recent.pk).email == "perhe2@example.fi"
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        assert erase(days=5) == "interest entries erased: 1"
    assert_erased(recent.pk, InterestStatus.ERASED)


def test_invited_entries_are_erased_with_their_groups_sign_ups(calendar, settings):
    settings.SIGNUP_RETENTION_DAYS = 10
    areas = calendar["areas"]
    with time_machine.travel(NOW, tick=False):
        group = make_group(calendar["orgs"]["city"], calendar["park"])  # sessions in January 2027
        Group.objects.filter(pk=group.pk).update(kind="baby_group", status=GroupStatus.OPEN)
        group.refresh_from_db()
        invited, _ = entry(areas["matinkyla"], 1)
        group_open_for_interest(actor=None, group=group, kind="baby_group", area=areas["espoo"])
        waiting, _ = entry(areas["matinkyla"], 2)
    last_session = group.activity.series_end
    with time_machine.travel(last_session + timedelta(days=5), tick=False):
        assert erase() == "interest entries erased: 0"
    with time_machine.travel(last_session + timedelta(days=11), tick=False):
        assert erase() == "interest entries erased: 1"
    assert_erased(invited.pk, InterestStatus.ERASED)
    assert Interest.objects.get(pk=waiting.pk).status == InterestStatus.WAITING


def test_invited_entries_go_when_the_sign_ups_were_erased_early(calendar):
    areas = calendar["areas"]
    with time_machine.travel(NOW, tick=False):
        group = make_group(calendar["orgs"]["city"], calendar["park"])
        Group.objects.filter(pk=group.pk).update(kind="baby_group", status=GroupStatus.OPEN)
        group.refresh_from_db()
        invited, _ = entry(areas["matinkyla"], 1)
        group_open_for_interest(actor=None, group=group, kind="baby_group", area=areas["matinkyla"])
        services.signup_create(group=group, data={"name": "Toinen perhe", "email": "toinen@example.fi"})
        assert erase() == "interest entries erased: 0"
    with time_machine.travel(group.activity.series_end + timedelta(days=2), tick=False):
        services.erase_ended(days=1)
        assert erase() == "interest entries erased: 1"
    assert_erased(invited.pk, InterestStatus.ERASED)


def test_bad_days_is_refused(db):
    with pytest.raises(CommandError, match="--days must be at least 1"):
        erase(days=0)
