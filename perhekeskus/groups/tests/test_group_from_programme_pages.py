"""`/groups/new/`: a group in one step from a template (or none), over HTTP."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from perhekeskus.activities.models import Activity, Session
from perhekeskus.groups.models import Group, Programme

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2027, 1, 10, 9, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def shipped(calendar):
    call_command("load_programmes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return calendar


def signed_in(client, calendar, person):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if person:
        client.force_login(calendar["people"][person])
    return client


def post(calendar, **changes):
    data = {
        "programme": "perhevalmennus-espoo",
        "organisation": str(calendar["orgs"]["city"].pk),
        "place": str(calendar["park"].pk),
        "title_fi": "",
        "first_date": "2027-02-04",
        "first_time": "18:00",
        "enrolment_opens": "2027-01-12",
        "enrolment_closes": "2027-01-31",
        "decision_date": "",
    }
    data.update(changes)
    return data


@time_machine.travel(NOW, tick=False)
def test_form_is_prefilled_from_the_template(client, shipped):
    page = signed_in(client, shipped, "elsa").get("/groups/new/?programme=perhevalmennus-espoo")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["programme"].slug == "perhevalmennus-espoo"
    assert form.initial["title_en"] == "Family training" and form.initial["title_fi"] == "Perhevalmennus"


@time_machine.travel(NOW, tick=False)
def test_group_from_template_in_one_step(client, shipped):
    response = signed_in(client, shipped, "elsa").post("/groups/new/", post(shipped))
    group = Group.objects.select_related("activity").get()
    assert response.status_code == 302
    assert response["Location"] == f"/groups/{group.uuid}/manage/"
    assert group.programme == Programme.objects.get(slug="perhevalmennus-espoo")
    assert group.activity.title_fi == "Perhevalmennus" and group.capacity == 12
    assert group.decision_date == date(2027, 1, 28)
    assert group.enrolment_opens == datetime(2027, 1, 12, tzinfo=HELSINKI)
    assert group.enrolment_closes == datetime(2027, 2, 1, tzinfo=HELSINKI)
    starts = [s.start.astimezone(HELSINKI) for s in group.activity.sessions.order_by("start")]
    assert len(starts) == 10 and {(s.hour, s.minute) for s in starts} == {(18, 0)}


@time_machine.travel(NOW, tick=False)
def test_places_may_differ_from_the_template(client, shipped):
    data = post(shipped, capacity="8", minimum="5", title_fi="Perhevalmennus nuorille")
    assert signed_in(client, shipped, "elsa").post("/groups/new/", data).status_code == 302
    group = Group.objects.select_related("activity").get()
    assert (group.capacity, group.minimum, group.waiting_list_capacity) == (8, 5, 4)
    assert group.activity.title_fi == "Perhevalmennus nuorille"


@time_machine.travel(NOW, tick=False)
def test_blank_group_of_weekly_sessions(client, shipped):
    data = post(shipped, programme="", title_fi="Vertaisryhmä", sessions_count="6", session_minutes="90", capacity="10")
    assert signed_in(client, shipped, "elsa").post("/groups/new/", data).status_code == 302
    group = Group.objects.get()
    sessions = list(Session.objects.filter(activity=group.activity).order_by("start"))
    assert len(sessions) == 6 and (sessions[1].start - sessions[0].start).days == 7
    assert group.programme is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"programme": "", "title_fi": ""}, "title_fi", "Give the group's name in Finnish."),
        ({"programme": "", "capacity": ""}, "capacity", "Give the number of places."),
        ({"first_date": "not a date"}, "first_date", "Enter a valid date."),
        ({"enrolment_opens": "2027-02-01", "enrolment_closes": "2027-01-20"}, "enrolment_closes", "Sign-up must close"),
        ({"capacity": "3"}, "minimum", "The minimum cannot be more than the places."),
    ],
    ids=["title", "capacity", "date", "window", "minimum"],
)
@time_machine.travel(NOW, tick=False)
def test_errors_per_field_and_nothing_saved(client, shipped, changes, field, message):
    activities = Activity.objects.count()
    response = signed_in(client, shipped, "elsa").post("/groups/new/", post(shipped, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and any(message in e for e in errors[field]), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Group.objects.exists() and not Session.objects.exists()
    assert Activity.objects.count() == activities


@time_machine.travel(NOW, tick=False)
def test_only_own_organisations_can_be_chosen(client, shipped):
    response = signed_in(client, shipped, "eddie").post("/groups/new/", post(shipped))
    assert response.status_code == 400 and "organisation" in response.context["form"].errors
    assert not Group.objects.exists()


@pytest.mark.parametrize(("person", "status"), [("pia", 403), ("vilja", 403), ("eddie", 200), ("cora", 200)])
def test_who_may_open_the_page(client, shipped, person, status):
    assert signed_in(client, shipped, person).get("/groups/new/").status_code == status


def test_anonymous_is_sent_to_log_in(client, shipped):
    response = client.get("/groups/new/")
    assert response.status_code == 302 and "login" in response["Location"]
