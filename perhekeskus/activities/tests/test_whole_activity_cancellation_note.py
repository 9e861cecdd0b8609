"""Cancelling a whole activity with a note: families see the note on the calendar page,
in the occurrence API and in the feed, in their language."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import icalendar
import pytest
import time_machine

from perhekeskus.activities.models import ActivityStatus

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)


@pytest.fixture
def cancelled(client: Any, calendar: dict[str, Any]) -> Any:
    client.force_login(calendar["people"]["eddie"])
    response = client.post(
        f"/editor/activities/{calendar['cafe'].uuid}/cancel/",
        {"note_fi": "Kahvila on loppunut", "note_sv": "Caféet har upphört", "note_en": ""},
    )
    assert response.status_code == 302
    client.logout()
    calendar["cafe"].refresh_from_db()
    return calendar["cafe"]


@time_machine.travel(NOW, tick=False)
def test_the_note_is_stored_with_the_cancelled_status(cancelled):
    assert cancelled.status == ActivityStatus.CANCELLED
    assert (cancelled.cancellation_note_fi, cancelled.cancellation_note_sv) == (
        "Kahvila on loppunut",
        "Caféet har upphört",
    )


@time_machine.travel(NOW, tick=False)
def test_the_calendar_page_shows_the_note_in_swedish(client, cancelled):
    client.cookies["perhekeskus_language"] = "sv"
    page = client.get("/calendar/?organisation=mll-espoo&start=2026-08-24&end=2026-08-30").content.decode()
    assert "Caféet har upphört" in page and "Kahvila on loppunut" not in page


@time_machine.travel(NOW, tick=False)
def test_the_occurrence_api_gives_the_note_in_every_language(client, cancelled):
    data = client.get("/api/v1/occurrences/?start=2026-08-24&end=2026-08-30&organisation=mll-espoo").json()["data"]
    [row] = [o for o in data if o["activity"] == str(cancelled.uuid)]
    assert row["status"] == "cancelled"
    assert row["note"] == {"fi": "Kahvila on loppunut", "sv": "Caféet har upphört", "en": ""}


@time_machine.travel(NOW, tick=False)
def test_the_feed_marks_the_series_cancelled_with_the_note(client, cancelled):
    body = client.get(f"/api/v1/activities/{cancelled.uuid}/calendar.ics?lang=fi").content
    [master] = [e for e in icalendar.Calendar.from_ical(body).walk("VEVENT") if "RECURRENCE-ID" not in e]
    assert str(master["STATUS"]) == "CANCELLED"
    assert "Kahvila on loppunut" in str(master["DESCRIPTION"])


@time_machine.travel(NOW, tick=False)
def test_the_activity_page_and_the_print_view_show_the_note(client, cancelled):
    page = client.get(f"/activities/{cancelled.uuid}/").content.decode()
    assert "Kahvila on loppunut" in page
    printed = client.get("/calendar/print/?area=leppavaara&start=2026-08-01&end=2026-12-31").content.decode()
    assert "Kahvila on loppunut" in printed
