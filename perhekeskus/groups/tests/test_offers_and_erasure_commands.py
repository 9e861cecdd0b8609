"""Lapsed offers pass on (also when the late family tries to accept), and sign-ups'
personal data is erased a set time after the group's last session, keeping the counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from perhekeskus.core.models import AuditEntry
from perhekeskus.groups import services
from perhekeskus.groups.models import Signup, SignupStatus

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _fill(group):
    return [
        services.signup_create(group=group, data={"name": f"P{n}", "email": f"p{n}@example.fi"})[0] for n in range(5)
    ]


def _status(signup):
    return Signup.objects.get(pk=signup.pk).status


def test_a_late_accept_is_refused_and_the_place_passes_on_at_once(group):
    with time_machine.travel(NOW, tick=False):
        signups = _fill(group)
        services.signup_cancel(signup=signups[0])
    with time_machine.travel(NOW + timedelta(hours=49), tick=False), pytest.raises(services.ValidationError):
        services.signup_accept(signup=signups[3])
    assert _status(signups[3]) == SignupStatus.EXPIRED
    assert _status(signups[4]) == SignupStatus.OFFERED


def test_a_lapsed_offer_passes_on_before_a_newcomer_is_placed(group):
    with time_machine.travel(NOW, tick=False):
        signups = _fill(group)
        services.signup_cancel(signup=signups[0])
    with time_machine.travel(NOW + timedelta(hours=49), tick=False):
        newcomer, _secret = services.signup_create(group=group, data={"name": "X", "email": "x@example.fi"})
    assert newcomer.status == SignupStatus.WAITING
    assert (_status(signups[3]), _status(signups[4])) == (SignupStatus.EXPIRED, SignupStatus.OFFERED)


def test_the_expire_offers_command_passes_lapsed_offers_on(group):
    with time_machine.travel(NOW, tick=False):
        signups = _fill(group)
        services.signup_cancel(signup=signups[0])
    out = StringIO()
    with time_machine.travel(NOW + timedelta(hours=49), tick=False):
        call_command("expire_offers", stdout=out)
    assert out.getvalue().strip() == "groups with lapsed offers: 1"
    assert (_status(signups[3]), _status(signups[4])) == (SignupStatus.EXPIRED, SignupStatus.OFFERED)


def test_erasure_waits_for_the_retention_time_then_keeps_only_the_counts(group, settings):
    settings.SIGNUP_RETENTION_DAYS = 90
    with time_machine.travel(NOW, tick=False):
        signups = _fill(group)
    last_end = group.activity.series_end
    out = StringIO()
    with time_machine.travel(last_end + timedelta(days=89), tick=False):
        call_command("erase_signups", stdout=out)
    assert out.getvalue().strip() == "sign-ups erased: 0"
    with time_machine.travel(last_end + timedelta(days=91), tick=False):
        call_command("erase_signups", stdout=out)
    assert out.getvalue().strip().endswith("sign-ups erased: 5")
    erased = Signup.objects.get(pk=signups[0].pk)
    assert (erased.name, erased.email, erased.phone, erased.needs) == ("", "", "", "")
    assert erased.status == SignupStatus.CONFIRMED and erased.erased_at is not None
    assert list(Signup.objects.values_list("status", flat=True)).count(SignupStatus.CONFIRMED) == 3
    assert AuditEntry.objects.filter(object_id=str(erased.uuid), source="erase_signups").count() == 1


def test_erasure_refuses_a_nonsense_period(db):
    with pytest.raises(CommandError, match="--days must be at least 1"):
        call_command("erase_signups", days=0)
