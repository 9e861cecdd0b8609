"""Bad input on the editors' pages: the error beside the right field, and nothing saved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from perhekeskus.activities.models import Activity, OccurrenceChange
from perhekeskus.activities.tests.test_editor_form_saves import NEW_URL, form_data
from perhekeskus.core.models import AuditEntry

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)


def _counts() -> tuple[int, int, int]:
    return Activity.objects.count(), OccurrenceChange.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"start_time": "12:00", "end_time": "10:00"}, "end_time", "end must be after the start"),
        ({"repeat": "weekly", "rrule": "FREQ=WEEKLY;BYDAY=MO"}, "rrule", "not one of the rule's dates"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=3;UNTIL=20261201"}, "rrule", "COUNT or UNTIL"),
        ({"rrule": "FREQ=HOURLY"}, "rrule", "FREQ must be"),
        ({"repeat": "weekly", "repeat_end": "until", "until": "2026-08-01"}, "repeat", "before the first start"),
        ({"repeat": "weekly", "weekdays": ["WE"]}, "repeat", "not one of the rule's dates"),
        ({"repeat": "weekly", "repeat_end": "until"}, "until", "Give the last date"),
        ({"place": "", "online": None}, "place", "Give a place"),
        ({"place": "", "online": "on", "online_url": ""}, "online_url", "address of the online meeting"),
        ({"age_from": "5", "age_to": "2"}, "age_to", "oldest age"),
        ({"title_fi": ""}, "title_fi", "required"),
        ({"date": "31.2.2026"}, "date", "valid date"),
        ({"place": "999999"}, "place", "valid choice"),
    ],
    ids=[
        "end-before-start",
        "contradictory-advanced-rule",
        "count-and-until",
        "hourly",
        "until-before-start",
        "weekday-not-the-date",
        "until-missing",
        "no-place-not-online",
        "online-without-address",
        "ages-reversed",
        "no-finnish-title",
        "bad-date",
        "unknown-place",
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_bad_new_activity_is_refused_beside_its_field(client, calendar, settings, changes, field, words):
    client.force_login(calendar["people"]["eddie"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # Django's own messages are translated
    before = _counts()
    response = client.post(NEW_URL, form_data(calendar["orgs"]["mll"], calendar["cafe_place"], **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors[field]
    assert words in response.content.decode().replace("&#x27;", "'")
    assert _counts() == before


@time_machine.travel(NOW, tick=False)
def test_a_bad_edit_changes_nothing(client, calendar):
    client.force_login(calendar["people"]["eddie"])
    cafe = calendar["cafe"]
    before = _counts()
    data = form_data(
        calendar["orgs"]["mll"], calendar["cafe_place"], title_fi="Uusi", start_time="12:00", end_time="11:00"
    )
    response = client.post(f"/editor/activities/{cafe.uuid}/edit/", data)
    assert response.status_code == 400
    assert "end_time" in response.context["form"].errors
    cafe.refresh_from_db()
    assert cafe.title_fi == "Perhekahvila"
    assert _counts() == before


@time_machine.travel(NOW, tick=False)
def test_an_organisation_the_editor_may_not_edit_is_not_a_choice(client, calendar):
    client.force_login(calendar["people"]["eddie"])
    before = _counts()
    response = client.post(NEW_URL, form_data(calendar["orgs"]["city"], calendar["park"]))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert _counts() == before


@time_machine.travel(NOW, tick=False)
def test_a_move_with_the_end_before_the_start_is_refused(client, calendar):
    client.force_login(calendar["people"]["eddie"])
    cafe = calendar["cafe"]
    before = _counts()
    url = f"/editor/activities/{cafe.uuid}/occurrences/20260825T070000Z/move/"
    response = client.post(url, {"date": "2026-08-26", "start_time": "12:00", "end_time": "10:00"})
    assert response.status_code == 400
    assert "end_time" in response.context["form"].errors
    assert _counts() == before


@time_machine.travel(NOW, tick=False)
def test_a_time_that_is_not_an_occurrence_is_refused(client, calendar, settings):
    client.force_login(calendar["people"]["eddie"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is checked in English
    cafe = calendar["cafe"]
    before = _counts()
    # Wednesday: the café meets on Tuesdays.
    response = client.post(f"/editor/activities/{cafe.uuid}/occurrences/20260826T070000Z/cancel/", {"note_fi": "x"})
    assert response.status_code == 400
    assert "no occurrence at this time" in response.content.decode()
    assert client.post(f"/editor/activities/{cafe.uuid}/occurrences/not-a-time/exclude/").status_code == 404
    assert _counts() == before


@time_machine.travel(NOW, tick=False)
def test_ending_an_activity_that_has_not_started_says_cancel_instead(client, calendar, settings):
    client.force_login(calendar["people"]["eddie"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is checked in English
    from perhekeskus.activities.tests.conftest import helsinki, make_activity

    later = make_activity(calendar["orgs"]["mll"], start=helsinki(2026, 10, 1, 10), end=helsinki(2026, 10, 1, 11))
    before = _counts()
    response = client.post(f"/editor/activities/{later.uuid}/end/", follow=True)
    assert "cancel it instead" in response.content.decode()
    later.refresh_from_db()
    assert later.status == "published"
    assert _counts() == before
