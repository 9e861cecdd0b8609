"""Attendance per session: the facilitators tick the families who came on the session's
page (or PUT it through the API); the session's record keeps the counts of families,
adults and children present. Only the group's confirmed families can be present; bad
input is a per-field error and changes nothing. Recording replaces the session's earlier
attendance, and the counts follow.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from perhekeskus.activities import services as activity_services
from perhekeskus.activities.models import Session
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.groups import running, services
from perhekeskus.groups.models import Attendance, Facilitator, SessionRecord
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def families(group):
    with time_machine.travel(NOW, tick=False):
        made = [
            services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"p{n}@example.fi", "adults": 2})[
                0
            ]
            for n in range(4)
        ]
    return made  # three confirmed (capacity 3), the fourth waiting


@pytest.fixture
def first(group) -> Session:
    return group.activity.sessions.order_by("start").first()


def record(group) -> SessionRecord:
    return SessionRecord.objects.get(session=group.activity.sessions.order_by("start").first())


def test_the_counts_are_worked_out_from_the_families_who_came(calendar, group, families, first):
    elsa = calendar["people"]["elsa"]
    a, b, c, _waiting = families

    saved = running.attendance_record(
        actor=elsa,
        session=first,
        present={a.pk: {"adults": 2, "children": 1}, b.pk: {"adults": 1, "children": 2}, c.pk: {}},
        notes="Aiheena uni.",
    )

    assert (saved.families_present, saved.adults_present, saved.children_present) == (3, 5, 3)
    assert saved.recorded_by == elsa and saved.notes == "Aiheena uni."
    # A family with no numbers came with the adults it signed up with.
    assert Attendance.objects.get(session=first, signup=c).adults == 2
    counts = running.session_counts(group)
    assert [(x.number, x.families, x.adults, x.children) for x in counts] == [
        (1, 3, 5, 3),
        (2, None, None, None),
        (3, None, None, None),
    ]


def test_recording_again_replaces_the_attendance_and_the_counts(calendar, group, families, first):
    elsa = calendar["people"]["elsa"]
    a, b, c, _waiting = families
    running.attendance_record(actor=elsa, session=first, present={a.pk: {}, b.pk: {}, c.pk: {}}, notes="eka")

    running.attendance_record(actor=elsa, session=first, present={b.pk: {"adults": 1}})

    assert list(Attendance.objects.filter(session=first).values_list("signup_id", flat=True)) == [b.pk]
    saved = record(group)
    assert (saved.families_present, saved.adults_present, saved.children_present) == (1, 1, 0)
    assert saved.notes == "eka"  # notes not given: kept as they were


@pytest.mark.parametrize("who", ["waiting", "cancelled", "other group", "unknown"])
def test_only_the_groups_confirmed_families_can_be_present(calendar, group, families, first, who):
    elsa = calendar["people"]["elsa"]
    a, b, c, waiting = families
    running.attendance_record(actor=elsa, session=first, present={a.pk: {}})
    if who == "cancelled":
        services.signup_cancel(signup=c)
        outsider = c.pk
    elif who == "other group":
        other = make_group(calendar["orgs"]["city"], calendar["park"])
        with time_machine.travel(NOW, tick=False):
            outsider = services.signup_create(group=other, data={"name": "Muu", "email": "muu@example.fi"})[0].pk
    else:
        outsider = {"waiting": waiting.pk, "unknown": 999999}[who]

    with pytest.raises(ValidationError) as caught:
        running.attendance_record(actor=elsa, session=first, present={b.pk: {}, outsider: {}}, notes="muutettu")

    assert list(caught.value.message_dict) == ["present"]
    # Nothing changed: the earlier attendance, counts and notes stand.
    assert list(Attendance.objects.filter(session=first).values_list("signup_id", flat=True)) == [a.pk]
    assert (record(group).families_present, record(group).notes) == (1, "")


@pytest.mark.parametrize("numbers", [{"adults": 99}, {"children": -1}, {"adults": "kaksi"}, {"pets": 1}])
def test_bad_numbers_are_refused(calendar, group, families, first, numbers):
    with pytest.raises(ValidationError) as caught:
        running.attendance_record(actor=calendar["people"]["elsa"], session=first, present={families[0].pk: numbers})
    assert "present" in caught.value.message_dict
    assert not SessionRecord.objects.exists() and not Attendance.objects.exists()


def test_a_cancelled_session_takes_no_attendance(calendar, group, families, first):
    Session.objects.filter(pk=first.pk).update(cancelled=True)
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        running.attendance_record(actor=calendar["people"]["elsa"], session=first, present={families[0].pk: {}})
    assert not SessionRecord.objects.exists()


@pytest.mark.parametrize("person", ["eddie", "pia", "vilja", "otto", None])
def test_others_may_not_record(calendar, group, families, first, person):
    actor = calendar["people"][person] if person else None
    with pytest.raises(PermissionDenied):
        running.attendance_record(actor=actor or _anonymous(), session=first, present={families[0].pk: {}})
    assert not SessionRecord.objects.exists()


def _anonymous():
    return AnonymousUser()


# --- The session's page ---------------------------------------------------------------------------


def page_url(group, session) -> str:
    return reverse("group-session", args=[group.uuid, session.pk])


def test_the_session_page_records_attendance_and_shows_the_counts(client, calendar, group, families, first):
    client.force_login(calendar["people"]["cora"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    a, b, c, waiting = families

    page = client.get(page_url(group, first))
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert f'name="present_{a.pk}"' in html and f'name="present_{waiting.pk}"' not in html
    assert "not been recorded yet" in html

    response = client.post(
        page_url(group, first),
        {
            f"present_{a.pk}": "on",
            f"adults_{a.pk}": "2",
            f"children_{a.pk}": "1",
            f"present_{b.pk}": "on",
            f"adults_{b.pk}": "1",
            f"children_{b.pk}": "",
            f"adults_{c.pk}": "2",  # not ticked: did not come
            "notes": "Puhuttiin unesta.",
        },
    )

    assert response.status_code == 303 and response["Location"] == page_url(group, first)
    saved = record(group)
    assert (saved.families_present, saved.adults_present, saved.children_present) == (2, 3, 1)
    shown = client.get(page_url(group, first)).content.decode()
    assert '<dd class="families">2</dd>' in shown and '<dd class="adults">3</dd>' in shown
    assert f'id="id_present_{a.pk}" checked' in shown and "Puhuttiin unesta." in shown
    # The overview on the participant list shows the counts too.
    overview = client.get(reverse("group-participants", args=[group.uuid])).content.decode()
    assert "<td>2</td><td>3</td><td>1</td>" in overview


def test_a_bad_number_on_the_page_is_a_form_error_and_nothing_is_saved(client, calendar, group, families, first):
    client.force_login(calendar["people"]["elsa"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    a = families[0]
    response = client.post(page_url(group, first), {f"present_{a.pk}": "on", f"adults_{a.pk}": "50", "notes": ""})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not SessionRecord.objects.exists() and not Attendance.objects.exists()


def test_the_session_page_is_for_those_who_run_the_group_and_is_logged(client, calendar, group, families, first):
    client.force_login(calendar["people"]["eddie"])
    assert client.get(page_url(group, first)).status_code == 403
    assert client.post(page_url(group, first), {f"present_{families[0].pk}": "on"}).status_code == 403
    assert not SessionRecord.objects.exists()
    client.force_login(calendar["people"]["elsa"])
    client.get(page_url(group, first))
    assert AuditEntry.objects.filter(action=AuditAction.READ, actor=calendar["people"]["elsa"]).count() == 1


def test_a_session_of_another_group_is_not_found_here(client, calendar, group, families):
    client.force_login(calendar["people"]["elsa"])
    other = calendar["cafe"]
    activity_services.sessions_replace(
        actor=None, activity=other, sessions=[{"start": helsinki(2027, 3, 1, 10), "end": helsinki(2027, 3, 1, 12)}]
    )
    foreign = other.sessions.get()
    assert client.get(page_url(group, foreign)).status_code == 404


# --- API ------------------------------------------------------------------------------------------

PEOPLE = ["ada", "cora", "elsa", "eddie", "pia", "vilja", "otto", "facilitator", None]
ALLOWED = {"ada", "cora", "elsa", "facilitator"}


def api_client(calendar, group, person):
    if person == "facilitator":  # MLL's volunteer leads the city's group with her own account
        Facilitator.objects.create(
            group=group, user=calendar["people"]["vilja"], name="Vilja", organisation=calendar["orgs"]["mll"]
        )
        person = "vilja"
    return client_for(calendar, person)


def expected(person, success):
    if person is None:
        return 401
    return success if person in ALLOWED else 403


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_attendance_api_matrix(calendar, group, families, first, person):
    a, b, *_rest = families
    body = {"present": [{"signup": str(a.uuid), "adults": 2, "children": 1}, {"signup": str(b.uuid)}], "notes": "n"}

    response = api_client(calendar, group, person).put(
        f"/api/v1/groups/{group.uuid}/sessions/{first.pk}/attendance/", body, format="json"
    )

    assert response.status_code == expected(person, 200), response.content
    if response.status_code == 200:
        data = response.json()
        assert (data["families_present"], data["adults_present"], data["children_present"]) == (2, 4, 1)
        assert data["id"] == first.pk and data["notes"] == "n"
    else:
        assert not SessionRecord.objects.exists() and not Attendance.objects.exists()


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_sessions_api_matrix(calendar, group, families, first, person):
    running.attendance_record(actor=calendar["people"]["ada"], session=first, present={families[0].pk: {}}, notes="x")

    response = api_client(calendar, group, person).get(f"/api/v1/groups/{group.uuid}/sessions/")

    assert response.status_code == expected(person, 200), response.content
    if response.status_code == 200:
        rows = response.json()["data"]
        assert [(r["number"], r["families_present"], r["notes"]) for r in rows] == [
            (1, 1, "x"),
            (2, None, ""),
            (3, None, ""),
        ]
        assert rows[0]["recorded"] is True and rows[1]["recorded"] is False
    else:
        assert "families_present" not in response.content.decode()


def test_attendance_api_bad_input_is_400_per_field_and_stores_nothing(calendar, group, families, first):
    client = client_for(calendar, "elsa")
    url = f"/api/v1/groups/{group.uuid}/sessions/{first.pk}/attendance/"
    waiting = families[3]
    for body in (
        {"present": [{"signup": str(waiting.uuid)}]},
        {"present": [{"signup": "00000000-0000-4000-8000-000000000000"}]},
        {"present": [{"signup": str(families[0].uuid), "adults": 40}]},
        {"present": "kaikki"},
        {},
    ):
        response = client.put(url, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert list(response.json()) == ["present"], response.json()
    assert not SessionRecord.objects.exists() and not Attendance.objects.exists()
    assert client.put(f"/api/v1/groups/{group.uuid}/sessions/999999/attendance/", {}, format="json").status_code == 404
