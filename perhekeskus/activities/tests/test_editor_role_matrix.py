"""Who may use the editors' pages, as a role matrix over HTTP.

MLL's weekly café belongs to MLL Espoo, the spring party to Espoo city. Editors edit
their own organisation's activities, Espoo's coordinator both, the Salo parish editor
neither, the platform admin everything; professionals and volunteers none.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from perhekeskus.activities.models import Activity, ActivityStatus, OccurrenceChange
from perhekeskus.activities.tests.test_editor_form_saves import form_data
from perhekeskus.core.models import AuditAction, AuditEntry

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
PEOPLE = ["anonymous", "vilja", "pia", "eddie", "elsa", "cora", "otto", "ada"]
# Who may edit which activity.
MAY_EDIT = {
    "cafe": {"eddie", "cora", "ada"},
    "party": {"elsa", "cora", "ada"},
}
# A Tuesday the café meets on (10:00 Helsinki = 07:00 UTC in summer).
CAFE_TIME = "20260825T070000Z"


def _login(client: Any, calendar: dict[str, Any], who: str) -> None:
    if who != "anonymous":
        client.force_login(calendar["people"][who])


def _refused(response: Any, who: str) -> None:
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    else:
        assert response.status_code == 403


def _target(calendar: dict[str, Any], which: str) -> Activity:
    return calendar["cafe"] if which == "cafe" else calendar["party"]


@pytest.mark.parametrize("who", PEOPLE)
def test_the_new_activity_form(client, calendar, who):
    _login(client, calendar, who)
    response = client.get("/editor/activities/new/")
    if who in {"eddie", "elsa", "cora", "otto", "ada"}:
        assert response.status_code == 200
    else:
        _refused(response, who)


@pytest.mark.parametrize("who", PEOPLE)
def test_creating_for_mll(client, calendar, who):
    _login(client, calendar, who)
    before = Activity.objects.count()
    response = client.post("/editor/activities/new/", form_data(calendar["orgs"]["mll"], calendar["cafe_place"]))
    if who in {"eddie", "cora", "ada"}:
        assert response.status_code == 302
        assert Activity.objects.count() == before + 1
        return
    if who in {"elsa", "otto"}:
        # They may publish for their own organisations, but MLL is not a choice for them.
        assert response.status_code == 400 and "organisation" in response.context["form"].errors
    else:
        _refused(response, who)
    assert Activity.objects.count() == before


@pytest.mark.parametrize("which", ["cafe", "party"])
@pytest.mark.parametrize("who", PEOPLE)
def test_opening_the_edit_form_and_the_activity_page(client, calendar, who, which):
    _login(client, calendar, who)
    activity = _target(calendar, which)
    for url in (f"/editor/activities/{activity.uuid}/edit/", f"/editor/activities/{activity.uuid}/"):
        response = client.get(url)
        if who in MAY_EDIT[which]:
            assert response.status_code == 200
        else:
            _refused(response, who)


@pytest.mark.parametrize("which", ["cafe", "party"])
@pytest.mark.parametrize("who", PEOPLE)
def test_saving_an_edit(client, calendar, who, which):
    _login(client, calendar, who)
    activity = _target(calendar, which)
    organisation = calendar["orgs"]["mll" if which == "cafe" else "city"]
    place = calendar["cafe_place" if which == "cafe" else "park"]
    data = form_data(organisation, place, title_fi="Muutettu", date="2026-05-16", start_time="12:00", end_time="15:00")
    if which == "cafe":
        data.update(date="2026-01-06", start_time="10:00", end_time="12:00", repeat="weekly")
    response = client.post(f"/editor/activities/{activity.uuid}/edit/", data)
    activity.refresh_from_db()
    if who in MAY_EDIT[which]:
        assert response.status_code == 302
        assert activity.title_fi == "Muutettu"
    else:
        _refused(response, who)
        assert activity.title_fi != "Muutettu"


ACTIONS = {
    "cancel-time": ("occurrences/{t}/cancel/", {"note_fi": "Sairastapaus"}),
    "move-time": ("occurrences/{t}/move/", {"date": "2026-08-26", "start_time": "10:00", "end_time": "12:00"}),
    "exclude-time": ("occurrences/{t}/exclude/", {}),
    "confirm": ("confirm/", {}),
    "end": ("end/", {}),
    "cancel": ("cancel/", {}),
    "publish": ("publish/", {}),
    "delete": ("delete/", {}),
}


def _state(activity: Activity) -> tuple[Any, ...]:
    found = Activity.objects.filter(pk=activity.pk).values_list("status", "confirmed_until", "rrule").first()
    return (found, OccurrenceChange.objects.filter(activity_id=activity.pk).count())


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", PEOPLE)
@time_machine.travel(NOW, tick=False)
def test_actions_on_mlls_cafe(client, calendar, who, action):
    _login(client, calendar, who)
    cafe = calendar["cafe"]
    if action == "publish":
        Activity.objects.filter(pk=cafe.pk).update(status=ActivityStatus.DRAFT)
    path, data = ACTIONS[action]
    before = _state(cafe)
    audit_before = AuditEntry.objects.exclude(action=AuditAction.READ).count()
    response = client.post(f"/editor/activities/{cafe.uuid}/" + path.format(t=CAFE_TIME), data)
    if who in MAY_EDIT["cafe"]:
        assert response.status_code == 302
        assert _state(cafe) != before
        assert AuditEntry.objects.exclude(action=AuditAction.READ).count() == audit_before + 1
        assert AuditEntry.objects.latest("pk").actor == calendar["people"][who]
    else:
        _refused(response, who)
        assert _state(cafe) == before
        assert AuditEntry.objects.exclude(action=AuditAction.READ).count() == audit_before


@pytest.mark.parametrize("who", ["eddie", "elsa", "cora", "otto", "ada"])
def test_the_list_shows_only_what_the_person_may_edit(client, calendar, who):
    _login(client, calendar, who)
    shown = {activity.pk for activity, _next in client.get("/editor/activities/").context["rows"]}
    expected = {
        calendar[k].pk for k in ("cafe", "fathers", "party") if who in MAY_EDIT["party" if k == "party" else "cafe"]
    }
    assert shown == expected


@pytest.mark.parametrize("who", ["anonymous", "pia", "vilja"])
def test_the_list_is_empty_or_closed_for_others(client, calendar, who):
    _login(client, calendar, who)
    response = client.get("/editor/activities/")
    if who == "anonymous":
        _refused(response, who)
    else:
        assert response.status_code == 200 and response.context["rows"] == []
        assert "/editor/activities/new/" not in response.content.decode()
