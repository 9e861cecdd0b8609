"""A group's sessions in the iCalendar feeds: one event per session, read independently.

`recurring-ical-events` expands the feed (not our code), so equal occurrence lists mean
the feed and the calendar agree on a group's sessions too, across both clock changes,
with a cancelled session and a closure of a session's own place.
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
from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.tests.conftest import calendar, helsinki  # noqa: F401
from perhekeskus.activities.tests.test_sessions_on_the_pages import training_group
from perhekeskus.interop.tests.test_ics_feeds_agree_with_the_calendar import NOW, WINDOWS, busy  # noqa: F401

Row = tuple[str, dt.datetime, dt.datetime, str]


@pytest.fixture
def training(busy: dict[str, Any]) -> Activity:  # noqa: F811
    return training_group(busy)


def feed(client: Any, url: str) -> bytes:
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return bytes(response.content)


def expanded(body: bytes, start: dt.datetime, end: dt.datetime) -> list[Row]:
    """The feed's occurrences by activity: a session's UID starts with its activity's id."""
    found = []
    for event in recurring_ical_events.of(Calendar.from_ical(body)).between(start, end):
        status = "cancelled" if str(event.get("STATUS", "")).upper() == "CANCELLED" else "scheduled"
        activity = str(event["UID"]).split("@")[0][:36]
        found.append((activity, event["DTSTART"].dt.astimezone(dt.UTC), event["DTEND"].dt.astimezone(dt.UTC), status))
    return sorted(found)


def ours(query: dict[str, str], start: dt.datetime, end: dt.datetime) -> list[Row]:
    found = queries.occurrences_find(params.filters_from_query(query), start, end)
    return sorted((str(o.activity.uuid), o.start.astimezone(dt.UTC), o.end.astimezone(dt.UTC), o.status) for o in found)


def events_of(body: bytes, activity: Activity) -> list[Any]:
    parsed = Calendar.from_ical(body)
    return sorted(
        (e for e in parsed.walk("VEVENT") if str(e["UID"]).startswith(str(activity.uuid))),
        key=lambda e: e["DTSTART"].dt,
    )


@pytest.mark.parametrize("window", sorted(WINDOWS))
@pytest.mark.parametrize(
    "query",
    [{}, {"organisation": "espoo"}, {"area": "matinkyla"}, {"evenings_weekends": "1"}, {"q": "perhevalmennus"}],
    ids=["all", "organisation", "area", "evenings", "text"],
)
def test_a_feed_with_a_group_expands_to_the_calendars_occurrences(training, client, window, query):
    start, end = WINDOWS[window]
    body = feed(client, "/calendar.ics?" + urlencode(query))
    with time_machine.travel(NOW, tick=False):
        expected = ours(query, start, end)
    assert any(uid == str(training.uuid) for uid, *_rest in expected), "the window must hold sessions"
    assert expanded(body, start, end) == expected


def test_the_groups_own_feed_expands_to_its_sessions(training, client):
    start, end = WINDOWS["whole-feed"]
    body = feed(client, f"/api/v1/activities/{training.uuid}/calendar.ics")
    with time_machine.travel(NOW, tick=False):
        expected = ours({"q": "Perhevalmennus"}, start, end)
    assert len(expected) == 5
    assert expanded(body, start, end) == expected


def test_each_session_is_an_event_at_its_local_time_with_its_topic(training, client):
    body = feed(client, "/calendar.ics?lang=fi")
    events = events_of(body, training)
    assert [str(e["SUMMARY"]) for e in events] == [
        "Perhevalmennus: Synnytys",
        "Perhevalmennus: Imetys",
        "Perhevalmennus: Parisuhde",
        "Perhevalmennus: Vauva kotona",
        "Perhevalmennus",
    ]
    # Wall-clock 17:00 in Helsinki on both sides of each clock change, written with the zone.
    assert [e["DTSTART"].dt.strftime("%m-%d %H:%M%z") for e in events] == [
        "03-24 17:00+0200",
        "03-31 17:00+0300",
        "04-07 17:00+0300",
        "10-20 17:00+0300",
        "10-27 17:00+0200",
    ]
    assert all(e["DTSTART"].params["TZID"] == "Europe/Helsinki" for e in events)
    assert events[4]["DTEND"].dt.strftime("%H:%M") == "18:30"
    assert not any("RRULE" in e or "RECURRENCE-ID" in e for e in events)
    english = events_of(feed(client, "/calendar.ics?lang=en"), training)
    assert str(english[1]["DESCRIPTION"]).startswith("Session 2/5: Imetys\n\nOhjaaja sairastui")
    assert str(english[4]["DESCRIPTION"]).startswith("Session 5/5")


def test_a_session_meets_at_its_own_place_or_the_activitys(training, client):
    events = events_of(feed(client, "/calendar.ics"), training)
    assert str(events[0]["LOCATION"]).startswith("Matinkylän asukaspuisto, Matinkatu 1")
    assert str(events[2]["LOCATION"]).startswith("MLL:n perhekahvila, Leppävaarankatu 2")


def test_cancelled_and_closed_sessions_are_cancelled_with_their_reason(training, client):
    events = events_of(feed(client, "/calendar.ics"), training)
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED", "CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert str(events[1]["COMMENT"]) == "Ohjaaja sairastui"
    assert str(events[1]["DESCRIPTION"]).count("Ohjaaja sairastui") == 1
    # The family café is closed on 20 October (the busy calendar): that session is off.
    assert str(events[3]["COMMENT"]) == "Suljettu"
    assert "COMMENT" not in events[0]


def test_a_cancelled_group_cancels_every_session(training, client):
    services.activity_update(
        actor=None,
        activity=training,
        data={"status": ActivityStatus.CANCELLED, "cancellation_note_fi": "Liian vähän ilmoittautuneita"},
    )
    events = events_of(feed(client, f"/api/v1/activities/{training.uuid}/calendar.ics"), training)
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED"}
    assert str(events[0]["COMMENT"]) == "Liian vähän ilmoittautuneita"


def test_session_uids_are_distinct_and_stable_and_a_moved_session_gets_a_new_one(training, client):
    first = [str(e["UID"]) for e in events_of(feed(client, "/calendar.ics"), training)]
    assert len(set(first)) == 5
    assert all(uid.startswith(f"{training.uuid}-") and uid.endswith("@perhekeskus") for uid in first)
    assert first[0] == f"{training.uuid}-20260324T150000Z@perhekeskus"
    # The same in the activity's own feed and in another language.
    own = [
        str(e["UID"])
        for e in events_of(feed(client, f"/api/v1/activities/{training.uuid}/calendar.ics?lang=sv"), training)
    ]
    assert own == first
    sessions = [
        {"start": s.start, "end": s.end, "topic_fi": s.topic_fi, "place": s.place}
        for s in training.sessions.order_by("start")
    ]
    sessions[2] = {**sessions[2], "start": helsinki(2026, 4, 9, 17), "end": helsinki(2026, 4, 9, 19)}
    services.sessions_replace(actor=None, activity=training, sessions=sessions)
    after = [str(e["UID"]) for e in events_of(feed(client, "/calendar.ics"), training)]
    assert [uid == before for uid, before in zip(after, first, strict=True)] == [True, True, False, True, True]


def test_topics_follow_the_feeds_language(training, client):
    events = events_of(feed(client, "/calendar.ics?lang=sv"), training)
    assert str(events[0]["SUMMARY"]) == "Familjeförberedelse: Förlossningen"
    assert str(events[1]["SUMMARY"]) == "Familjeförberedelse: Imetys"  # Finnish where Swedish is missing
