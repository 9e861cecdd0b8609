"""A group made from a template in one step: its sessions, places and dates.

Sessions keep the first one's Helsinki wall-clock time: family training that starts at
18:00 in September still meets at 18:00 after the clocks go back in late October.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from perhekeskus.activities.models import Participation, Session
from perhekeskus.groups import programmes
from perhekeskus.groups.models import CapacityUnit, Group, GroupStatus, Programme, ProgrammeKind

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def shipped(calendar):
    call_command("load_programmes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {p.slug: p for p in Programme.objects.all()}


def test_family_training_keeps_18_00_across_the_october_clock_change(calendar, shipped):
    training = shipped["perhevalmennus-espoo"]
    first = datetime(2027, 10, 7, 18, 0, tzinfo=HELSINKI)  # summer time, UTC+3; clocks go back on 31 October

    group = programmes.group_from_programme(
        actor=calendar["people"]["elsa"],
        programme=training,
        organisation=calendar["orgs"]["city"],
        first_start=first,
        place=calendar["park"],
    )

    sessions = list(Session.objects.filter(activity=group.activity).order_by("start"))
    local = [s.start.astimezone(HELSINKI) for s in sessions]
    assert [(t.hour, t.minute) for t in local] == [(18, 0)] * 10
    assert [t.date() for t in local[:5]] == [
        date(2027, 10, 7),
        date(2027, 10, 14),
        date(2027, 10, 21),
        date(2027, 10, 28),
        date(2027, 11, 4),
    ]
    # The same local time is a different UTC hour after the change.
    assert sessions[3].start.astimezone(ZoneInfo("UTC")).hour == 15
    assert sessions[4].start.astimezone(ZoneInfo("UTC")).hour == 16
    assert all((s.end - s.start).total_seconds() == 120 * 60 for s in sessions)
    assert [s.topic_en for s in sessions][4] == "From couple to family: the relationship when the baby comes"


def test_group_copies_the_templates_places_kind_and_decision_date(calendar, shipped):
    training = shipped["perhevalmennus-espoo"]
    group = programmes.group_from_programme(
        actor=None,
        programme=training,
        organisation=calendar["orgs"]["city"],
        first_start=datetime(2027, 2, 4, 18, tzinfo=HELSINKI),
        place=calendar["park"],
    )
    group = Group.objects.select_related("activity").get(pk=group.pk)
    assert (group.capacity, group.capacity_unit, group.minimum, group.waiting_list_capacity) == (
        12,
        CapacityUnit.COUPLES,
        6,
        4,
    )
    assert (group.kind, group.programme, group.status) == (ProgrammeKind.FAMILY_TRAINING, training, GroupStatus.OPEN)
    assert group.decision_date == date(2027, 1, 28)
    assert group.activity.title_fi == "Perhevalmennus" and group.activity.title_en == "Family training"
    assert group.activity.sessions.count() == 10


def test_title_participation_and_session_length_can_be_given(calendar, shipped):
    eka = shipped["ekavauva"]
    eka.sessions.filter(number=4).update(minutes=150)
    group = programmes.group_from_programme(
        actor=None,
        programme=eka,
        organisation=calendar["orgs"]["clinic"],
        first_start=datetime(2027, 3, 2, 10, tzinfo=HELSINKI),
        place=calendar["park"],
        title={"fi": "Ekavauva Matinkylä"},
        decision_date=date(2027, 2, 20),
        languages=["fi"],
    )
    activity = group.activity
    assert activity.title_fi == "Ekavauva Matinkylä" and activity.participation == Participation.TARGETED
    assert group.decision_date == date(2027, 2, 20)
    lengths = [(s.end - s.start).total_seconds() / 60 for s in activity.sessions.order_by("start")]
    assert lengths[3] == 150 and lengths[0] == 120 and len(lengths) == 15
    assert [lang.code for lang in activity.languages.all()] == ["fi"]


def test_someone_else_s_organisation_is_refused_and_nothing_saved(calendar, shipped):
    with pytest.raises(PermissionDenied):
        programmes.group_from_programme(
            actor=calendar["people"]["eddie"],
            programme=shipped["isaryhma"],
            organisation=calendar["orgs"]["city"],
            first_start=datetime(2027, 3, 2, 18, tzinfo=HELSINKI),
        )
    assert not Group.objects.exists() and not Session.objects.exists()


def test_bad_window_saves_nothing(calendar, shipped):
    with pytest.raises(ValidationError) as caught:
        programmes.group_from_programme(
            actor=None,
            programme=shipped["isaryhma"],
            organisation=calendar["orgs"]["city"],
            first_start=datetime(2027, 3, 2, 18, tzinfo=HELSINKI),
            enrolment_opens=datetime(2027, 2, 1, tzinfo=HELSINKI),
            enrolment_closes=datetime(2027, 1, 1, tzinfo=HELSINKI),
        )
    assert "enrolment_closes" in caught.value.message_dict
    assert not Group.objects.exists() and not Session.objects.exists()


def test_a_naive_first_start_is_refused(calendar, shipped):
    with pytest.raises(ValidationError):
        programmes.group_from_programme(
            actor=None,
            programme=shipped["isaryhma"],
            organisation=calendar["orgs"]["city"],
            first_start=datetime(2027, 3, 2, 18),
        )


def test_weekly_group_without_a_template(calendar):
    group = programmes.group_weekly(
        actor=calendar["people"]["elsa"],
        organisation=calendar["orgs"]["city"],
        first_start=datetime(2027, 3, 23, 17, 30, tzinfo=HELSINKI),
        count=4,
        minutes=90,
        title={"fi": "Vertaisryhmä"},
        capacity=8,
        minimum=3,
    )
    local = [s.start.astimezone(HELSINKI) for s in group.activity.sessions.order_by("start")]
    # Summer time starts on 28 March: still 17:30 on the 30th.
    assert [(t.day, t.hour, t.minute) for t in local] == [(23, 17, 30), (30, 17, 30), (6, 17, 30), (13, 17, 30)]
    assert group.activity.place == calendar["park"]  # the organisation's own place by default
    assert group.programme is None and group.kind == ProgrammeKind.OTHER


def test_shipped_files_exist():
    folder = Path(programmes.__file__).parent / "data" / "programmes"
    assert {p.stem for p in folder.glob("*.json")} >= {"perhevalmennus-espoo", "ekavauva", "isaryhma"}
