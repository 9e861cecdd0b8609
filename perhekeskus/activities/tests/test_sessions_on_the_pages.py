"""A group's sessions on the calendar's pages: numbered, with topics, at their own places."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from perhekeskus.activities import services
from perhekeskus.activities.models import Activity
from perhekeskus.activities.tests.conftest import helsinki, make_activity

NOW = helsinki(2026, 3, 1, 9)


def training_group(calendar: dict[str, Any]) -> Activity:
    """Family training (Espoo, in the resident park): five evenings over both clock changes.

    The second is cancelled with a note; the third and fourth meet in MLL's family café
    (closed on 20 October in the interop tests' busy calendar); the last has no topic.
    """
    activity = make_activity(
        calendar["orgs"]["city"],
        title_fi="Perhevalmennus",
        title_sv="Familjeförberedelse",
        place=calendar["park"],
        online=False,
        online_url="",
        signup_required=True,
    )
    cafe = calendar["cafe_place"]
    services.sessions_replace(
        actor=None,
        activity=activity,
        sessions=[
            {
                "start": helsinki(2026, 3, 24, 17),
                "end": helsinki(2026, 3, 24, 19),
                "topic_fi": "Synnytys",
                "topic_sv": "Förlossningen",
            },
            {
                "start": helsinki(2026, 3, 31, 17),
                "end": helsinki(2026, 3, 31, 19),
                "topic_fi": "Imetys",
                "cancelled": True,
                "note_fi": "Ohjaaja sairastui",
            },
            {
                "start": helsinki(2026, 4, 7, 17),
                "end": helsinki(2026, 4, 7, 19),
                "topic_fi": "Parisuhde",
                "place": cafe,
            },
            {
                "start": helsinki(2026, 10, 20, 17),
                "end": helsinki(2026, 10, 20, 19),
                "topic_fi": "Vauva kotona",
                "place": cafe,
            },
            {"start": helsinki(2026, 10, 27, 17), "end": helsinki(2026, 10, 27, 18, 30)},
        ],
    )
    activity.refresh_from_db()
    return activity


@pytest.fixture
def training(calendar: dict[str, Any]) -> Activity:
    return training_group(calendar)


def get(client: Client, url: str, lang: str = "en", **query: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    with time_machine.travel(NOW, tick=False):
        response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":").replace(" ·", " ·")


def articles(html: str, title: str) -> list[str]:
    """The text of each calendar entry of `title`, in page order."""
    found = re.findall(r'<article class="occurrence[^"]*">(.*?)</article>', html, flags=re.S)
    return [text(a) for a in found if f">{title}</a>" in a]


def test_the_calendar_list_numbers_each_session_and_gives_its_topic(client, training):
    html = get(client, reverse("calendar"), start="2026-03-23", end="2026-04-12")
    entries = articles(html, "Perhevalmennus")
    assert len(entries) == 3
    assert "Session 1/5: Synnytys" in entries[0]
    assert "Session 2/5: Imetys" in entries[1] and "Cancelled: Ohjaaja sairastui" in entries[1]
    assert "Session 3/5: Parisuhde" in entries[2]


def test_a_session_elsewhere_is_shown_at_its_own_place(client, training):
    html = get(client, reverse("calendar"), start="2026-03-23", end="2026-04-12")
    first, _second, third = articles(html, "Perhevalmennus")
    assert "Matinkylän asukaspuisto" in first and "MLL:n perhekahvila" not in first
    assert "MLL:n perhekahvila" in third and "Matinkylän asukaspuisto" not in third
    # The place is named once: the session line leaves it to the entry's own place line.
    assert third.count("MLL:n perhekahvila") == 1


def test_the_week_view_shows_the_session_in_its_day(client, training):
    html = get(client, reverse("calendar"), view="week", start="2026-10-26")
    [entry] = articles(html, "Perhevalmennus")
    assert "Session 5/5" in entry and "17:00" in entry and "18:30" in entry
    assert "Session 5/5:" not in entry  # no topic, no colon


def test_a_topic_is_shown_in_the_pages_language_with_finnish_fallback(client, training):
    html = get(client, reverse("calendar"), lang="sv", start="2026-03-23", end="2026-04-05")
    entries = re.findall(r'<p class="occ-session">(.*?)</p>', html, flags=re.S)
    assert len(entries) == 2
    assert "Förlossningen" in entries[0] and 'lang="fi"' not in entries[0]
    assert '<span lang="fi">Imetys</span>' in entries[1]


def test_the_activity_page_lists_the_next_sessions_with_topics_and_places(client, training):
    html = get(client, reverse("activity-detail", args=[training.uuid]))
    dates = re.search(r'<ul class="next-dates"[^>]*>(.*?)</ul>', html, flags=re.S)
    assert dates is not None
    items = [text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", dates.group(1), flags=re.S)]
    assert [re.search(r"Session \d/5", item).group(0) for item in items] == [  # type: ignore[union-attr]
        f"Session {n}/5" for n in range(1, 6)
    ]
    assert "Synnytys" in items[0] and "Cancelled: Ohjaaja sairastui" in items[1]
    # A session away from the activity's place says where it meets; the others need not.
    assert "MLL:n perhekahvila" in items[2] and "MLL:n perhekahvila" not in items[0]


def test_the_numbering_counts_the_whole_series_whatever_the_window(client, training):
    html = get(client, reverse("calendar"), start="2026-10-01", end="2026-10-31")
    entries = articles(html, "Perhevalmennus")
    assert ["Session 4/5" in entries[0], "Session 5/5" in entries[1]] == [True, True]


def test_an_activity_without_sessions_has_no_session_line(client, training, calendar):
    html = get(client, reverse("calendar"), start="2026-03-23", end="2026-03-29")
    cafe = articles(html, "Perhekahvila")
    assert cafe and not any("Session" in entry for entry in cafe)
    assert html.count('class="occ-session"') == 1


def jsonld(client: Client, activity: Activity, when: Any = NOW) -> dict[str, Any]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(when, tick=False):
        html = client.get(reverse("activity-detail", args=[activity.uuid])).content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_json_ld_of_a_group_lists_its_sessions_as_sub_events_without_a_schedule(client, training):
    data = jsonld(client, training)
    assert "eventSchedule" not in data
    assert data["startDate"] == "2026-03-24T17:00:00+02:00"  # the next session
    subs = data["subEvent"]
    assert [s["startDate"] for s in subs] == [
        "2026-03-24T17:00:00+02:00",
        "2026-03-31T17:00:00+03:00",
        "2026-04-07T17:00:00+03:00",
        "2026-10-20T17:00:00+03:00",
        "2026-10-27T17:00:00+02:00",
    ]
    assert subs[4]["endDate"] == "2026-10-27T18:30:00+02:00"
    assert [s["name"] for s in subs[:3]] == [
        "Perhevalmennus: Synnytys",
        "Perhevalmennus: Imetys",
        "Perhevalmennus: Parisuhde",
    ]
    assert subs[4]["name"] == "Perhevalmennus"
    assert subs[1]["eventStatus"] == "https://schema.org/EventCancelled"
    assert subs[0]["eventStatus"] == "https://schema.org/EventScheduled"
    assert subs[2]["location"]["name"] == "MLL:n perhekahvila"
    assert subs[0]["location"]["name"] == "Matinkylän asukaspuisto"
    assert all(s["@type"] == "Event" and s["url"] == data["url"] for s in subs)


def test_json_ld_is_dated_by_the_next_session_later_in_the_series(client, training):
    data = jsonld(client, training, when=helsinki(2026, 5, 1, 9))
    assert data["startDate"] == "2026-10-20T17:00:00+03:00"
    assert len(data["subEvent"]) == 5  # the whole series, past sessions included


def test_json_ld_of_an_activity_with_a_rule_has_no_sub_events(client, calendar):
    data = jsonld(client, calendar["cafe"])
    assert "subEvent" not in data and "eventSchedule" in data


def test_json_ld_cancels_a_session_on_a_day_its_own_place_is_closed(client, training, calendar):
    calendar["cafe_place"].opening_exceptions.create(start_date="2026-04-07", end_date="2026-04-07", closed=True)
    statuses = [s["eventStatus"].rsplit("/", 1)[1] for s in jsonld(client, training)["subEvent"]]
    assert statuses == ["EventScheduled", "EventCancelled", "EventCancelled", "EventScheduled", "EventScheduled"]
