"""The printable calendar lists a group's sessions as dated entries with their topics."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from perhekeskus.activities import services
from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.tests.test_sessions_on_the_pages import training_group

URL = reverse("calendar-print")
SPRING = {"area": "espoo", "start": "2026-01-01", "end": "2026-07-31"}
AUTUMN = {"area": "espoo", "start": "2026-08-01", "end": "2026-12-31"}
HEADING = "Groups on set dates"


@pytest.fixture
def training(calendar: dict[str, Any]) -> Activity:
    return training_group(calendar)


def get(client: Client, query: dict[str, str], lang: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading: str) -> str:
    start = html.index(f">{heading}</h2>")
    following = html.find("<h2", start)
    return html[start : following if following != -1 else len(html)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def sessions(html: str) -> list[str]:
    found = re.search(r'<ul class="exceptions sessions">(.*?)</ul>', section(html, HEADING), flags=re.S)
    assert found is not None
    return [text(li).strip() for li in re.findall(r"<li>(.*?)</li>", found.group(1), flags=re.S)]


def test_a_group_is_listed_once_with_its_sessions_dated_and_topics(client, training):
    html = get(client, SPRING)
    groups = text(section(html, HEADING))
    assert groups.count("Perhevalmennus") == 1
    assert "Matinkylän asukaspuisto" in groups and "Sign-up needed" in groups
    assert sessions(html) == [
        "Tue March 24 17:00–19:00 Session 1/5: Synnytys",
        "Tue March 31 17:00–19:00 Session 2/5: Imetys Cancelled: Ohjaaja sairastui",
        "Tue April 7 17:00–19:00 Session 3/5: Parisuhde · MLL:n perhekahvila",
    ]


def test_a_group_is_not_a_weekly_pattern_nor_single_events(client, training):
    html = get(client, SPRING)
    assert "Perhevalmennus" not in text(section(html, "Tuesdays"))
    assert "Perhevalmennus" not in text(section(html, "Single events"))
    assert html.index(">Thursdays</h2>") < html.index(f">{HEADING}</h2>") < html.index(">Single events</h2>")


def test_the_period_picks_its_sessions_and_keeps_their_numbers(client, training):
    html = get(client, AUTUMN)
    assert sessions(html) == [
        "Tue October 20 17:00–19:00 Session 4/5: Vauva kotona · MLL:n perhekahvila",
        "Tue October 27 17:00–18:30 Session 5/5",  # after the clock change, still 17:00
    ]


def test_without_groups_there_is_no_groups_section(client, calendar):
    assert f">{HEADING}</h2>" not in get(client, SPRING)


def test_topics_in_the_pages_language(client, training):
    html = get(client, SPRING, lang="sv")
    found = re.search(r'<ul class="exceptions sessions">(.*?)</ul>', html, flags=re.S)
    assert found is not None
    assert "Förlossningen" in found.group(1)
    assert '<span lang="fi">Imetys</span>' in found.group(1)
    assert "Familjeförberedelse" in html


def test_a_cancelled_group_is_marked_once_not_per_session(client, training):
    services.activity_update(
        actor=None,
        activity=training,
        data={"status": ActivityStatus.CANCELLED, "cancellation_note_fi": "Liian vähän ilmoittautuneita"},
    )
    html = get(client, SPRING)
    groups = text(section(html, HEADING))
    assert groups.count("Cancelled") == 1 and "Cancelled: Liian vähän ilmoittautuneita" in groups
    assert len(sessions(html)) == 3
