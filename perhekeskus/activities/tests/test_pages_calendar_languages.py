"""The calendar and activity pages answer in Finnish, Swedish and English: the page's
`lang`, one h1, titles in the chosen language and a Finnish fallback marked lang="fi"."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.activities.tests.conftest import helsinki

NOW = helsinki(2026, 5, 11, 9)  # Monday 11 May 2026: the café, the fathers' evening and the party
LANGS = ["fi", "sv", "en"]


def get(client: Any, url: str, lang: str, **params: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def title_links(html: str) -> list[str]:
    """Each listed title with the lang attribute of its link, e.g. ' lang="fi">Kevätjuhla'."""
    return re.findall(r'<h4 class="occ-title"><a href="/activities/[0-9a-f-]+/"([^>]*>[^<]+)</a>', html)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", ["list", "week"])
def test_calendar_answers_in_each_language(client, calendar, lang, view):
    html = get(client, reverse("calendar"), lang, view=view)
    assert f'<html lang="{lang}">' in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and 'id="main"' in html


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", [">Perhekahvila", ">Isien ilta", ">Kevätjuhla"]),
        # Swedish titles where they exist; the party has only a Finnish title, marked so.
        ("sv", [">Familjecafé", ">Pappakväll", ' lang="fi">Kevätjuhla']),
        ("en", [' lang="fi">Perhekahvila', ' lang="fi">Isien ilta', ' lang="fi">Kevätjuhla']),
    ],
)
def test_titles_are_shown_in_the_chosen_language_with_a_marked_fallback(client, calendar, lang, expected):
    html = get(client, reverse("calendar"), lang, view="week")
    assert title_links(html) == expected


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("lang", "skip_link", "weekday"),
    [
        ("fi", "Siirry pääsisältöön", "tiistai"),
        ("sv", "Hoppa till huvudinnehållet", "tisdag"),
        ("en", "Skip to main content", "Tuesday"),
    ],
)
def test_interface_and_weekdays_follow_the_language(client, calendar, lang, skip_link, weekday):
    html = get(client, reverse("calendar"), lang, view="week")
    assert skip_link in html
    assert re.search(rf'<time datetime="2026-05-12">{weekday} ', html, re.IGNORECASE)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fi", "<h1>Isien ilta</h1>"), ("sv", "<h1>Pappakväll</h1>"), ("en", '<h1 lang="fi">Isien ilta</h1>')],
)
def test_activity_page_in_each_language(client, calendar, lang, heading):
    html = get(client, reverse("activity-detail", args=[calendar["fathers"].uuid]), lang)
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert html.count("<h1") == 1
