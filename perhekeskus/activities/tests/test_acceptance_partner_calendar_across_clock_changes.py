"""Tried as a new user would: a partner's calendar file imports, and the week view and
the subscribable feed then show the same occurrences at the same Helsinki times in the
weeks of the March and October clock changes.

The feed is read back by an independent implementation (icalendar + recurring-ical-events),
the week view by its `<time datetime>` elements.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.core.management import call_command

from perhekeskus.activities.models import Activity
from perhekeskus.activities.tests.conftest import HELSINKI

PARTNER_FILE = Path(__file__).parent / "data" / "partner-family-club.ics"
OCCURRENCE = re.compile(
    r'<article class="occurrence(?P<cls>[^"]*)">.*?<time datetime="(?P<start>[^"]+)">.*?<time datetime="(?P<end>[^"]+)">',
    re.S,
)
# Mondays of the weeks that hold the clock changes (Sundays 29 March and 25 October) and
# of weeks on either side; the week of 30 March has only the excluded club date.
WEEKS = [date(2026, 3, 23), date(2026, 3, 30), date(2026, 4, 6), date(2026, 10, 19), date(2026, 10, 26)]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _week_view(client: Any, monday: date) -> set[tuple[datetime, datetime, bool]]:
    response = client.get(f"/calendar/?view=week&organisation=mll-espoo&start={monday.isoformat()}")
    assert response.status_code == 200
    return {
        (_utc(m["start"]), _utc(m["end"]), "is-cancelled" in m["cls"])
        for m in OCCURRENCE.finditer(response.content.decode())
    }


def _feed(client: Any, monday: date) -> set[tuple[datetime, datetime, bool]]:
    body = client.get("/calendar.ics?organisation=mll-espoo").content
    start = datetime.combine(monday, datetime.min.time(), tzinfo=HELSINKI)
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(start, start + timedelta(days=7))
    return {
        (e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC), str(e.get("STATUS", "")) == "CANCELLED")
        for e in events
    }


@pytest.fixture
def imported(calendar: dict[str, Any], capsys: Any) -> dict[str, Any]:
    Activity.objects.all().delete()  # only the partner's calendar is on show
    call_command("import_ics", str(PARTNER_FILE), organisation="mll-espoo")
    report = capsys.readouterr().out
    assert "created 2" in report
    return calendar


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
@pytest.mark.parametrize("monday", WEEKS, ids=[w.isoformat() for w in WEEKS])
def test_week_view_and_feed_show_the_same_occurrences(client, imported, monday):
    assert _week_view(client, monday) == _feed(client, monday)


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_club_stays_at_half_past_nine_on_both_sides_of_each_change(client, imported):
    starts = {}
    for monday in WEEKS:
        for start, _end, cancelled in _week_view(client, monday):
            local = start.astimezone(HELSINKI)
            if local.weekday() == 2:  # the Wednesday club
                starts[local.date()] = (local.strftime("%H:%M"), start.strftime("%H:%MZ"), cancelled)
    assert starts == {
        date(2026, 3, 25): ("09:30", "07:30Z", False),  # winter time, UTC+2
        date(2026, 4, 8): ("09:30", "06:30Z", False),  # summer time, UTC+3 (1 April is excluded)
        date(2026, 10, 21): ("09:30", "06:30Z", False),
        date(2026, 10, 28): ("09:30", "07:30Z", True),  # winter time again; cancelled for the autumn break
    }


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_fathers_evening_keeps_six_pm_in_both_change_weeks(client, imported):
    evenings = sorted(
        start.astimezone(HELSINKI)
        for monday in (WEEKS[0], WEEKS[3])
        for start, _end, _cancelled in _week_view(client, monday)
        if start.astimezone(HELSINKI).weekday() == 3
    )
    assert [(e.date(), e.strftime("%H:%M%z")) for e in evenings] == [
        (date(2026, 3, 26), "18:00+0200"),
        (date(2026, 10, 22), "18:00+0300"),
    ]


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_a_second_import_changes_nothing(client, imported, capsys):
    before = _week_view(client, WEEKS[1])
    call_command("import_ics", str(PARTNER_FILE), organisation="mll-espoo")
    assert "unchanged 2" in capsys.readouterr().out
    assert Activity.objects.count() == 2
    assert _week_view(client, WEEKS[1]) == before
