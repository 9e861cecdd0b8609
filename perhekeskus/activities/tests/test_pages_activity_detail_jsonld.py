"""The activity page embeds schema.org Event data: the next occurrence's dates with their
offset, its status, where and how to attend, the organisers, languages, cost and, for a
series, its schedule; no text in the data can end the script element."""

from __future__ import annotations

import json
import re
from typing import Any

import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.activities import services
from perhekeskus.activities.models import ActivityStatus
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network.models import Language

NOW = helsinki(2026, 3, 3, 9)
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def event(client: Any, activity: Any, lang: str = "fi") -> dict[str, Any]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get(reverse("activity-detail", args=[activity.uuid])).content.decode()
    found = SCRIPT.findall(html)
    assert len(found) == 1
    return json.loads(found[0])


@time_machine.travel(NOW, tick=False)
def test_recurring_activity_at_a_place(client, calendar):
    data = event(client, calendar["fathers"])
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Isien ilta"
    assert data["startDate"] == "2026-03-05T18:00:00+02:00"
    assert data["endDate"] == "2026-03-05T20:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Matinkylän asukaspuisto"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Matinkatu 1",
        "addressLocality": "Espoo",
        "addressCountry": "FI",
    }
    assert [o["name"] for o in data["organizer"]] == ["MLL Espoo", "Espoon kaupunki"]
    assert all(
        o["@type"] == "Organization" and o["url"].startswith("http://testserver/organisations/")
        for o in data["organizer"]
    )
    assert data["isAccessibleForFree"] is True
    assert "offers" not in data
    assert data["eventSchedule"] == {
        "@type": "Schedule",
        "repeatFrequency": "P2W",
        "byDay": ["https://schema.org/Thursday"],
        "startDate": "2026-01-08",
        "endDate": "2026-12-10",
        "startTime": "18:00",
        "endTime": "20:00",
        "duration": "PT2H",
        "scheduleTimezone": "Europe/Helsinki",
    }
    assert data["url"] == f"http://testserver/activities/{calendar['fathers'].uuid}/"


@time_machine.travel(helsinki(2026, 3, 28, 12), tick=False)
def test_next_occurrence_after_the_clock_change_has_the_summer_offset(client, calendar):
    data = event(client, calendar["cafe"])
    assert data["startDate"] == "2026-03-31T10:00:00+03:00"
    assert "endDate" not in data["eventSchedule"]  # the café runs on with no end date


@time_machine.travel(NOW, tick=False)
def test_online_one_off_with_a_fee_in_several_languages(client, calendar):
    activity = make_activity(
        calendar["orgs"]["mll"],
        title_fi="Verkkoluento",
        title_sv="Webbföreläsning",
        start=helsinki(2026, 4, 14, 18),
        end=helsinki(2026, 4, 14, 19, 30),
        online=True,
        online_url="https://meet.example.fi/luento",
        cost="fee",
        cost_note_fi="10 euroa",
        signup_url="https://example.fi/ilmo",
        languages=list(Language.objects.filter(code__in=["fi", "sv"])),
        age_min_months=12,
        age_max_months=72,
    )
    data = event(client, activity, lang="sv")
    assert data["name"] == "Webbföreläsning"
    assert data["startDate"] == "2026-04-14T18:00:00+03:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.fi/luento"}
    assert data["organizer"]["name"] == "MLL Espoo"
    assert sorted(data["inLanguage"]) == ["fi", "sv"]
    assert data["isAccessibleForFree"] is False
    assert data["offers"] == {"@type": "Offer", "url": "https://example.fi/ilmo", "description": "10 euroa"}
    assert data["typicalAgeRange"] == "1-6"
    assert "eventSchedule" not in data


@time_machine.travel(NOW, tick=False)
def test_place_and_online_is_mixed_attendance(client, calendar):
    activity = make_activity(
        calendar["orgs"]["mll"], place=calendar["park"], online=True, online_url="https://m.example.fi/"
    )
    data = event(client, activity)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]


@time_machine.travel(NOW, tick=False)
def test_cancelled_and_moved_next_occurrences_change_the_status(client, calendar):
    cafe = calendar["cafe"]
    services.occurrence_change(actor=None, activity=cafe, original_start=helsinki(2026, 3, 3, 10), kind="cancelled")
    assert event(client, cafe)["eventStatus"] == "https://schema.org/EventCancelled"
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 3, 10),
        kind="moved",
        new_start=helsinki(2026, 3, 4, 10),
        new_end=helsinki(2026, 3, 4, 12),
    )
    data = event(client, cafe)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["startDate"] == "2026-03-04T10:00:00+02:00"
    assert data["previousStartDate"] == "2026-03-03T10:00:00+02:00"


@time_machine.travel(NOW, tick=False)
def test_whole_cancelled_activity_is_event_cancelled(client, calendar):
    activity = make_activity(calendar["orgs"]["mll"], status=ActivityStatus.CANCELLED)
    assert event(client, activity)["eventStatus"] == "https://schema.org/EventCancelled"


@time_machine.travel(NOW, tick=False)
def test_a_title_cannot_break_out_of_the_script(client, calendar):
    title = '</script><script>alert("x")</script> & <!-- Perhe'
    activity = make_activity(calendar["orgs"]["mll"], title_fi=title, description_fi="a < b > c")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    html = client.get(reverse("activity-detail", args=[activity.uuid])).content.decode()
    assert '<script>alert("x")' not in html
    assert html.count("<script") == 1  # only the JSON-LD element itself
    data = json.loads(SCRIPT.findall(html)[0])
    assert data["name"] == title
    assert data["description"] == "a < b > c"
