"""`manage.py load_demo` also loads the programme templates and three demo groups dated
from the day of the load; a second run makes nothing new."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from perhekeskus.accounts.models import User
from perhekeskus.activities.models import Participation
from perhekeskus.groups.models import PLACE_STATUSES, Group, GroupStatus, Programme, Signup

DEMO = Path(__file__).resolve().parents[3] / "demo"
HELSINKI = ZoneInfo("Europe/Helsinki")
LOAD_DAY = datetime(2026, 9, 16, 12, tzinfo=HELSINKI)  # a Wednesday


def demo_files(tmp_path: Path) -> Path:
    """The demo without services and contacts, to keep the test quick."""
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("services-*.yaml", "contacts.yaml"))
    return demo


def load(demo: Path) -> str:
    out = io.StringIO()
    call_command("load_demo", "--dir", str(demo), stdout=out)
    return out.getvalue()


def group(title_en: str) -> Group:
    return Group.objects.select_related("activity__place", "activity__organisation").get(activity__title_en=title_en)


@pytest.mark.django_db(transaction=True)
def test_demo_groups_follow_the_load_day_and_load_once(tmp_path):
    demo = demo_files(tmp_path)
    with time_machine.travel(LOAD_DAY, tick=False):
        out = load(demo)
    assert "groups: 3 new, 0 updated, 0 unchanged" in out
    assert set(Programme.objects.values_list("slug", flat=True)) >= {"perhevalmennus-espoo", "ekavauva", "isaryhma"}

    training = group("Family training, Espoo Centre")
    starts = [s.start.astimezone(HELSINKI) for s in training.activity.sessions.order_by("start")]
    assert starts[0].date() == date(2026, 10, 15) and (starts[0].hour, starts[0].minute) == (18, 0)
    assert len(starts) == 10 and {(s.hour, s.minute) for s in starts} == {(18, 0)}  # across the clock change
    assert training.status == GroupStatus.OPEN and training.activity.organisation.slug == "lansi-uusimaa-neuvolat"
    taken = training.signups.filter(status__in=PLACE_STATUSES)
    assert 0 < taken.count() < training.capacity
    assert all(s.email.endswith("@example.org") for s in Signup.objects.all())

    eka = group("First-baby group, Matinkylä")
    assert eka.activity.participation == Participation.TARGETED
    assert eka.activity.place.area.slug.startswith("matinkyla")
    assert eka.signups.count() == 3 and all(s.invitation is not None for s in eka.signups.all())

    fathers = group("Fathers' group, Salo")
    assert fathers.signups.count() < fathers.minimum
    assert fathers.decision_date == date(2026, 9, 19)
    assert fathers.activity.sessions.order_by("start").first().start.date() > fathers.decision_date

    # Each is led by a pair from different organisations; the demo's nurse and MLL's
    # volunteer find theirs under My groups.
    for each in (training, eka, fathers):
        assert each.facilitators.count() == 2
        assert each.facilitators.values("organisation").distinct().count() == 2
    client = Client()
    client.force_login(User.objects.get(email="professional@example.fi"))
    mine = client.get(reverse("my-groups")).content.decode()
    assert reverse("group-manage", args=[training.uuid]) in mine
    assert reverse("group-manage", args=[eka.uuid]) in mine
    assert reverse("group-manage", args=[fathers.uuid]) not in mine
    client.force_login(User.objects.get(email="volunteer@example.fi"))
    assert client.get(reverse("group-participants", args=[eka.uuid])).status_code == 200
    assert client.get(reverse("group-participants", args=[training.uuid])).status_code == 403

    before = (Group.objects.count(), Signup.objects.count(), Programme.objects.count())
    with time_machine.travel(LOAD_DAY + timedelta(days=1), tick=False):
        again = load(demo)
    assert "groups: 0 new, 0 updated, 3 unchanged" in again
    assert (Group.objects.count(), Signup.objects.count(), Programme.objects.count()) == before
