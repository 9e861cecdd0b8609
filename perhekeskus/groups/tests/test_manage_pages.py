"""The organisers' pages: "My groups" and one group's page, through HTTP in English.

Who may open the group page: those who run it (Ada, Cora, Elsa) change it; Pia and
Vilja, who lead it with their accounts, see it without the forms; the others get 403
and nobody signed in is sent to the login. A decision is confirmed in a second step
that says how many families will be told; bad input is shown on the form and nothing
is saved.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from perhekeskus.groups import facilitators, services
from perhekeskus.groups.models import Group, GroupStatus, SignupStatus
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.network.tests.api_support import CAST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
RUNNERS = {"ada", "cora", "elsa"}
LEADERS = {"pia", "vilja"}


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def led(calendar, group):
    people, orgs = calendar["people"], calendar["orgs"]
    facilitators.facilitators_set(
        actor=None,
        group=group,
        facilitators=[
            {
                "user": people["pia"],
                "name": "Pia",
                "organisation": orgs["city"],
                "kind": "professional",
                "profession": "public health nurse",
            },
            {"user": people["vilja"], "name": "Vilja", "organisation": orgs["mll"], "kind": "volunteer"},
        ],
    )
    return group


def sign(group: Group, n: int) -> None:
    services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"perhe{n}@example.fi", "language": "en"})


def page(group: Group) -> str:
    return reverse("group-manage", args=[group.uuid])


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", [*CAST, None], ids=lambda p: p or "anonymous")
def test_group_page_matrix(calendar, led, client, person):
    if person:
        client.force_login(calendar["people"][person])
    response = client.get(page(led))
    if person is None:
        assert response.status_code == 302 and "/login" in response["Location"]
        return
    if person not in RUNNERS | LEADERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pia, Espoon kaupunki – professional (public health nurse)" in html
    assert ("Save the settings" in html) == (person in RUNNERS)
    assert ("Go or no-go" in html) == (person in RUNNERS)
    # Changing is for those who run it, whatever the page shows.
    data = {"settings-capacity": "9", "settings-waiting_list_capacity": "2", "settings-minimum": "2"}
    response = client.post(reverse("group-manage-settings", args=[led.uuid]), data)
    assert response.status_code == (302 if person in RUNNERS else 403)


@time_machine.travel(NOW, tick=False)
def test_my_groups_lists_what_one_runs_or_leads_and_highlights_a_decision_due(calendar, led, client):
    other = make_group(calendar["orgs"]["parish"], calendar["park"], decision_date=date(2026, 11, 30))
    Group.objects.filter(pk=led.pk).update(decision_date=date(2026, 11, 30))
    sign(led, 1)
    client.force_login(calendar["people"]["vilja"])
    html = client.get(reverse("my-groups")).content.decode()
    assert page(led) in html and page(other) not in html
    assert "1 of 3 places taken" in html
    assert "Decision needed: under the minimum of 2" in html and "decision-due" in html
    client.force_login(calendar["people"]["otto"])
    html = client.get(reverse("my-groups")).content.decode()
    assert page(other) in html and page(led) not in html


@time_machine.travel(NOW, tick=False)
def test_settings_cannot_go_below_the_places_taken(calendar, led, client):
    for n in (1, 2, 3):
        sign(led, n)
    client.force_login(calendar["people"]["elsa"])
    url = reverse("group-manage-settings", args=[led.uuid])
    data = {"settings-capacity": "2", "settings-waiting_list_capacity": "2", "settings-minimum": "1"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "3 places are already taken: the places cannot be fewer." in response.content.decode()
    led.refresh_from_db()
    assert (led.capacity, led.minimum) == (3, 2)
    response = client.post(url, {**data, "settings-capacity": "5", "settings-decision_date": "2027-01-05"})
    assert response.status_code == 302
    led.refresh_from_db()
    assert (led.capacity, led.minimum, led.decision_date) == (5, 1, date(2027, 1, 5))


@time_machine.travel(NOW, tick=False)
def test_decision_is_confirmed_in_a_second_step_that_counts_the_families(
    calendar, led, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2, 3, 4):
            sign(led, n)  # three places and one waiting
    sent = len(mail.outbox)
    client.force_login(calendar["people"]["cora"])
    url = reverse("group-manage-decision", args=[led.uuid])
    response = client.post(url, {"decision-decision": "start"})
    assert response.status_code == 200
    assert "4 families will be told." in response.content.decode()
    led.refresh_from_db()
    assert led.status == GroupStatus.OPEN and len(mail.outbox) == sent
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision-decision": "start", "confirm": "1"})
    assert response.status_code == 302
    led.refresh_from_db()
    assert led.status == GroupStatus.STARTED
    assert Counter(m.to[0] for m in mail.outbox[sent:]) == Counter({f"perhe{n}@example.fi": 1 for n in (1, 2, 3, 4)})


@time_machine.travel(NOW, tick=False)
def test_postpone_from_the_page_moves_every_session_by_the_same_days(calendar, led, client):
    sign(led, 1)
    client.force_login(calendar["people"]["elsa"])
    before = [s.start for s in led.activity.sessions.order_by("start")]
    url = reverse("group-manage-decision", args=[led.uuid])
    data = {"decision-decision": "postpone", "decision-first_day": "2027-02-09", "decision-decision_date": "2027-02-01"}
    confirm = client.post(url, data)
    assert confirm.status_code == 200 and "Tue 02/09/2027 10:00–12:00" in confirm.content.decode()
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    after = [s.start for s in led.activity.sessions.order_by("start")]
    assert [(a - b).days for a, b in zip(after, before, strict=True)] == [28, 28, 28]
    led.refresh_from_db()
    assert led.status == GroupStatus.OPEN and led.decision_date == date(2027, 2, 1)
    assert led.signups.get().status == SignupStatus.CONFIRMED


@time_machine.travel(NOW, tick=False)
def test_bad_decisions_show_on_the_form_and_change_nothing(calendar, led, client):
    client.force_login(calendar["people"]["elsa"])
    url = reverse("group-manage-decision", args=[led.uuid])
    for data, says in [
        ({"decision-decision": "cancel", "confirm": "1"}, "Say in a sentence why the group is cancelled"),
        ({"decision-decision": "merge", "confirm": "1"}, "Choose the group to merge into."),
        ({"decision-decision": "postpone", "confirm": "1"}, "Give the new date of the first session."),
        (
            {
                "decision-decision": "postpone",
                "decision-first_day": "2027-02-09",
                "decision-decision_date": "2027-03-01",
                "confirm": "1",
            },
            "The go/no-go date must come before the first session.",
        ),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert says in response.content.decode(), data
    led.refresh_from_db()
    assert led.status == GroupStatus.OPEN and led.decided_at is None


@time_machine.travel(NOW, tick=False)
def test_merge_from_the_page_into_a_nearby_group(calendar, led, client, django_capture_on_commit_callbacks):
    target = make_group(calendar["orgs"]["mll"], calendar["cafe_place"])
    sign(led, 1)
    client.force_login(calendar["people"]["elsa"])
    html = client.get(page(led)).content.decode()
    assert f'value="{target.uuid}"' in html
    url = reverse("group-manage-decision", args=[led.uuid])
    data = {"decision-decision": "merge", "decision-into": str(target.uuid)}
    assert "1 family will be told." in client.post(url, data).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert target.signups.get().email == "perhe1@example.fi"


@time_machine.travel(NOW, tick=False)
def test_a_session_is_edited_in_place_and_cancelled_only_with_a_note(calendar, led, client):
    client.force_login(calendar["people"]["elsa"])
    session = led.activity.sessions.order_by("start").first()
    url = reverse("group-manage-session", args=[led.uuid, session.pk])
    assert client.get(url).status_code == 200
    data = {"day": "2027-01-12", "start": "10:00", "end": "12:00", "topic_en": "Sleep", "cancelled": "on"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Tell the families in a note why the session is cancelled." in response.content.decode()
    session.refresh_from_db()
    assert not session.cancelled and session.topic_en == ""
    response = client.post(url, {**data, "note_en": "The leader is ill.", "start": "10:30"})
    assert response.status_code == 302
    moved = led.activity.sessions.get(pk=session.pk)  # the same row: its records stay
    assert moved.cancelled and moved.topic_en == "Sleep" and moved.note_en == "The leader is ill."
    assert moved.start == datetime(2027, 1, 12, 8, 30, tzinfo=UTC)
    client.force_login(calendar["people"]["eddie"])
    assert client.post(url, data).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_facilitators_form_keeps_the_pair_rule(calendar, led, client):
    client.force_login(calendar["people"]["elsa"])
    url = reverse("group-manage-facilitators", args=[led.uuid])
    city, mll = calendar["orgs"]["city"], calendar["orgs"]["mll"]

    def rows(*items):
        data = {"facilitators-TOTAL_FORMS": str(len(items)), "facilitators-INITIAL_FORMS": "0"}
        for i, item in enumerate(items):
            data.update({f"facilitators-{i}-{k}": v for k, v in item.items()})
        return data

    nurse = {"name": "Pia", "organisation": city.pk, "kind": "professional", "profession": "nurse"}
    response = client.post(url, rows(nurse, {**nurse, "name": "Petra", "profession": "nurse"}))
    assert response.status_code == 400
    assert "A group is led by a pair from different organisations." in response.content.decode()
    response = client.post(
        url, rows(nurse, {"name": "Vilja", "organisation": mll.pk, "kind": "volunteer", "email": "pia@example.fi"})
    )
    assert response.status_code == 400
    assert "This person is not a member of the organisation named." in response.content.decode()
    assert sorted(led.facilitators.values_list("name", flat=True)) == ["Pia", "Vilja"]
    response = client.post(url, rows(nurse))
    assert response.status_code == 302
    assert list(led.facilitators.values_list("name", flat=True)) == ["Pia"]
    assert "A partner is missing" in client.get(page(led)).content.decode()


@time_machine.travel(NOW, tick=False)
def test_dashboard_shows_the_groups_with_a_decision_due(calendar, led, client):
    Group.objects.filter(pk=led.pk).update(decision_date=date(2026, 12, 1))
    sign(led, 1)
    client.force_login(calendar["people"]["vilja"])  # a volunteer who leads it, no editing rights
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="groups-heading"' in html and page(led) in html
    assert "1 of 3 places taken" in html and "Decision needed: under the minimum of 2" in html
    client.force_login(calendar["people"]["otto"])
    assert 'id="groups-heading"' not in client.get(reverse("dashboard")).content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["elsa", "vilja"])
def test_group_page_links_the_groups_other_pages(calendar, led, client, who):
    # Elsa runs the group; Vilja (a volunteer of another organisation) leads it.
    client.force_login(calendar["people"][who])
    html = client.get(page(led)).content.decode()
    for name in ("group-participants", "group-invitations", "group-feedback"):
        assert f'href="{reverse(name, args=[led.uuid])}"' in html
    assert f'href="{reverse("activity-detail", kwargs={"uuid": led.activity.uuid})}"' in html
    for name in ("group-participants", "group-invitations", "group-feedback"):
        assert client.get(reverse(name, args=[led.uuid])).status_code == 200
