"""The feeds, expanded by an independent reader, give the calendar's own occurrences.

`recurring-ical-events` expands RRULE/EXDATE/RECURRENCE-ID itself (not with our
dateutil code), so equal occurrence lists mean the feed says what the week view says:
across both clock changes, with excluded dates, cancelled and moved occurrences and
closures of the place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import pytest
import recurring_ical_events
import time_machine
from icalendar import Calendar

from perhekeskus.activities import params, queries, services
from perhekeskus.activities.models import ActivityStatus, ChangeKind
from perhekeskus.activities.tests.conftest import calendar, helsinki, make_activity  # noqa: F401
from perhekeskus.network import services as network_services

NOW = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
WINDOWS = {
    "march-change": (helsinki(2026, 3, 23), helsinki(2026, 4, 13)),
    "october-change": (helsinki(2026, 10, 19), helsinki(2026, 11, 2)),
    "spring": (helsinki(2026, 2, 1), helsinki(2026, 7, 1)),
    "whole-feed": (helsinki(2026, 1, 30), helsinki(2027, 1, 30)),
}


@pytest.fixture
def busy(calendar: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """The small calendar with every kind of exception in it."""
    cafe, fathers = calendar["cafe"], calendar["fathers"]
    services.occurrence_change(
        actor=None, activity=cafe, original_start=helsinki(2026, 4, 7, 10), kind=ChangeKind.EXCLUDED
    )
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 31, 10),
        kind=ChangeKind.CANCELLED,
        notes={"fi": "Ohjaaja sairaana", "sv": "Ledaren är sjuk"},
    )
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 10, 27, 10),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 10, 29, 14),
        new_end=helsinki(2026, 10, 29, 16),
        notes={"fi": "Siirretty torstaille"},
    )
    # Moved over the March change, into summer time.
    services.occurrence_change(
        actor=None,
        activity=fathers,
        original_start=helsinki(2026, 3, 19, 18),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 3, 30, 17),
        new_end=helsinki(2026, 3, 30, 19),
    )
    for place, first, last in [
        (calendar["cafe_place"], dt.date(2026, 10, 20), dt.date(2026, 10, 20)),
        (calendar["park"], dt.date(2026, 5, 14), dt.date(2026, 5, 16)),
    ]:
        network_services.place_update(
            actor=None,
            place=place,
            data={
                "opening_exceptions": [
                    {
                        "start_date": first,
                        "end_date": last,
                        "closed": True,
                        "reason_fi": "Suljettu",
                        "reason_sv": "Stängt",
                    }
                ]
            },
        )
    gone = make_activity(
        calendar["orgs"]["city"],
        title_fi="Vauvapiiri",
        status=ActivityStatus.CANCELLED,
        start=helsinki(2026, 3, 2, 9),
        end=helsinki(2026, 3, 2, 10, 30),
        rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=12",
        area=calendar["areas"]["matinkyla"],
    )
    services.occurrence_change(
        actor=None,
        activity=gone,
        original_start=helsinki(2026, 3, 23, 9),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 3, 24, 9),
        new_end=helsinki(2026, 3, 24, 10, 30),
    )
    make_activity(calendar["orgs"]["city"], title_fi="Luonnos", status=ActivityStatus.DRAFT)
    return {**calendar, "gone": gone}


def expanded(body: bytes, start: dt.datetime, end: dt.datetime) -> list[tuple[str, dt.datetime, dt.datetime, str]]:
    parsed = Calendar.from_ical(body)
    found = []
    for event in recurring_ical_events.of(parsed).between(start, end):
        status = "cancelled" if str(event.get("STATUS", "")).upper() == "CANCELLED" else "scheduled"
        uid = str(event["UID"]).split("@")[0]
        found.append((uid, event["DTSTART"].dt.astimezone(dt.UTC), event["DTEND"].dt.astimezone(dt.UTC), status))
    return sorted(found)


def ours(
    query: dict[str, str], start: dt.datetime, end: dt.datetime
) -> list[tuple[str, dt.datetime, dt.datetime, str]]:
    found = queries.occurrences_find(params.filters_from_query(query), start, end)
    return sorted((str(o.activity.uuid), o.start.astimezone(dt.UTC), o.end.astimezone(dt.UTC), o.status) for o in found)


@pytest.mark.parametrize("window", sorted(WINDOWS))
@pytest.mark.parametrize(
    "query",
    [{}, {"organisation": "mll-espoo"}, {"area": "matinkyla"}, {"evenings_weekends": "1"}, {"q": "kahvila"}],
    ids=["all", "organisation", "area", "evenings", "text"],
)
def test_the_calendar_feed_expands_to_the_calendars_occurrences(busy, client, window, query):
    start, end = WINDOWS[window]
    with time_machine.travel(NOW, tick=False):
        response = client.get("/calendar.ics?" + urlencode(query))
        assert response.status_code == 200
        expected = ours(query, start, end)
    assert expected, "the window must hold occurrences for the comparison to mean anything"
    assert expanded(response.content, start, end) == expected


def test_the_comparison_sees_exceptions_and_both_clock_changes(busy, client):
    """The windows above really hold what they are meant to test."""
    with time_machine.travel(NOW, tick=False):
        body = client.get("/calendar.ics").content
    march = expanded(body, *WINDOWS["march-change"])
    october = expanded(body, *WINDOWS["october-change"])
    cafe = str(busy["cafe"].uuid)
    # 10:00 Helsinki is 08:00 UTC in winter and 07:00 UTC in summer, on both sides of each change.
    starts = {s for uid, s, _e, _st in march + october if uid == cafe}
    assert dt.datetime(2026, 3, 24, 8, tzinfo=dt.UTC) in starts
    assert dt.datetime(2026, 4, 14, 7, tzinfo=dt.UTC) not in starts  # outside the window
    assert dt.datetime(2026, 10, 20, 7, tzinfo=dt.UTC) in starts
    assert (
        cafe,
        dt.datetime(2026, 3, 31, 7, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 31, 9, tzinfo=dt.UTC),
        "cancelled",
    ) in march
    assert not any(uid == cafe and s.date() == dt.date(2026, 4, 7) for uid, s, _e, _st in march)  # excluded
    assert (
        cafe,
        dt.datetime(2026, 10, 20, 7, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC),
        "cancelled",
    ) in october
    assert (
        cafe,
        dt.datetime(2026, 10, 29, 12, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 29, 14, tzinfo=dt.UTC),
        "scheduled",
    ) in october
    assert (cafe, dt.datetime(2026, 11, 3, 8, tzinfo=dt.UTC)) not in [(u, s) for u, s, _e, _st in october]
    gone = [st for uid, _s, _e, st in march if uid == str(busy["gone"].uuid)]
    assert gone and set(gone) == {"cancelled"}


def test_the_activity_feed_expands_to_its_occurrences(busy, client):
    fathers = busy["fathers"]
    start, end = WINDOWS["whole-feed"]
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"/api/v1/activities/{fathers.uuid}/calendar.ics")
        expected = ours({"organisation": "mll-espoo", "q": "Isien"}, start, end)
    assert response.status_code == 200
    assert any(status == "cancelled" for *_rest, status in expected)  # the park's closure on 14 May
    assert expanded(response.content, start, end) == expected
