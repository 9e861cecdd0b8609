"""The calendar's week view runs Monday to Sunday in Helsinki time; times stay put across
the clock changes; cancelled, moved, excluded and closed-place occurrences are shown as
families need to see them; the shortcuts, the cap and the feed and print links work."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from perhekeskus import urls as root_urls
from perhekeskus.activities import services, views
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network import services as network_services

NOW = helsinki(2026, 3, 3, 9)  # Tuesday 3 March 2026


def _stub(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


# The feed and the print view are other modules' pages; the calendar links to them by
# name. These stand-ins give the names an address whether or not those pages exist yet.
urlpatterns = [
    path("calendar.ics", _stub, name="calendar-feed"),
    path("calendar/print/", _stub, name="calendar-print"),
    *root_urls.urlpatterns,
]


def get_calendar(client: Any, lang: str = "en", **params: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(reverse("calendar"), params)


def day_ids(html: str) -> list[str]:
    return re.findall(r'<h3 id="day-(\d{8})">', html)


def titles(html: str) -> list[str]:
    return re.findall(r'<h4 class="occ-title"><a href="/activities/[0-9a-f-]+/"[^>]*>([^<]+)</a>', html)


def day_section(html: str, day: str) -> str:
    """The HTML of one day's section of the page."""
    start = html.index(f'<h3 id="day-{day}">')
    end = html.find("</section>", start)
    return html[start:end]


@time_machine.travel(NOW, tick=False)
def test_week_view_runs_from_monday_to_sunday_in_helsinki_time(client, calendar):
    mll = calendar["orgs"]["mll"]
    # Just inside the week at both ends (Helsinki time; in UTC these are on other days).
    make_activity(mll, title_fi="Yökerho", start=helsinki(2026, 3, 2, 0, 15), end=helsinki(2026, 3, 2, 1, 0))
    make_activity(mll, title_fi="Myöhäinen ilta", start=helsinki(2026, 3, 8, 23, 0), end=helsinki(2026, 3, 8, 23, 45))
    # Just outside: Sunday before and Monday after.
    make_activity(mll, title_fi="Edellinen sunnuntai", start=helsinki(2026, 3, 1, 23), end=helsinki(2026, 3, 1, 23, 30))
    make_activity(mll, title_fi="Seuraava maanantai", start=helsinki(2026, 3, 9, 0, 30), end=helsinki(2026, 3, 9, 1))

    html = get_calendar(client, view="week", start="2026-03-05").content.decode()

    assert day_ids(html) == ["20260302", "20260303", "20260304", "20260305", "20260306", "20260307", "20260308"]
    assert titles(day_section(html, "20260302")) == ["Yökerho"]
    assert titles(day_section(html, "20260303")) == ["Perhekahvila"]
    assert titles(day_section(html, "20260305")) == ["Isien ilta"]
    assert titles(day_section(html, "20260308")) == ["Myöhäinen ilta"]
    assert "Edellinen sunnuntai" not in html and "Seuraava maanantai" not in html
    assert "Nothing on this day." in day_section(html, "20260304")
    assert "Week 10:" in html


@time_machine.travel(NOW, tick=False)
def test_week_view_steps_to_the_previous_and_next_week(client, calendar):
    html = get_calendar(client, view="week", start="2026-03-05", area="leppavaara").content.decode()
    assert 'href="/calendar/?area=leppavaara&amp;view=week&amp;start=2026-02-23" rel="prev"' in html
    assert 'href="/calendar/?area=leppavaara&amp;view=week&amp;start=2026-03-09" rel="next"' in html
    following = get_calendar(client, view="week", start="2026-03-09", area="leppavaara").content.decode()
    assert day_ids(following)[0] == "20260309" and day_ids(following)[-1] == "20260315"


@time_machine.travel(NOW, tick=False)
def test_week_view_without_a_start_shows_this_week_with_today_marked(client, calendar):
    html = get_calendar(client, view="week").content.decode()
    assert day_ids(html)[0] == "20260302"
    assert '<section class="week-day is-today" aria-labelledby="day-20260303">' in html


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("start", "end", "before", "after"),
    [
        # Last Sunday of March: the café stays at 10:00 though the offset goes from +2 to +3.
        ("2026-03-23", "2026-04-05", "2026-03-24T10:00:00+02:00", "2026-03-31T10:00:00+03:00"),
        # Last Sunday of October: back from +3 to +2, still at 10:00.
        ("2026-10-19", "2026-11-01", "2026-10-20T10:00:00+03:00", "2026-10-27T10:00:00+02:00"),
    ],
)
def test_times_stay_at_the_same_local_time_across_the_clock_changes(client, calendar, start, end, before, after):
    html = get_calendar(client, start=start, end=end, area="leppavaara").content.decode()
    assert f'<time datetime="{before}">10:00</time>' in html
    assert f'<time datetime="{after}">10:00</time>' in html
    week_html = get_calendar(client, view="week", start=after[:10], area="leppavaara").content.decode()
    assert f'<time datetime="{after}">10:00</time>' in week_html


@time_machine.travel(NOW, tick=False)
def test_cancelled_moved_and_excluded_occurrences(client, calendar):
    cafe = calendar["cafe"]
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 10, 10),
        kind="cancelled",
        notes={"fi": "Ohjaaja sairastui", "en": "The leader is ill"},
    )
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 17, 10),
        kind="moved",
        new_start=helsinki(2026, 3, 18, 13),
        new_end=helsinki(2026, 3, 18, 15),
        notes={"fi": "Tiistaina sali on varattu"},
    )
    services.occurrence_change(
        actor=None, activity=cafe, original_start=helsinki(2026, 3, 24, 10), kind="excluded", notes={}
    )
    html = get_calendar(client, start="2026-03-09", end="2026-03-29", area="leppavaara").content.decode()

    cancelled = day_section(html, "20260310")
    assert 'class="occurrence is-cancelled"' in cancelled
    assert "<strong>Cancelled</strong>: <span>The leader is ill</span>" in cancelled

    # The moved one is listed on its new day with the original time; its note exists only
    # in Finnish and is marked so.
    assert "20260317" not in day_ids(html)
    moved = day_section(html, "20260318")
    assert '<time datetime="2026-03-18T13:00:00+02:00">13:00</time>' in moved
    assert "<strong>Moved</strong> – originally" in moved
    assert '<time datetime="2026-03-17T10:00:00+02:00">' in moved
    assert '<span lang="fi">Tiistaina sali on varattu</span>' in moved

    # The excluded date is not in the calendar at all.
    assert "20260324" not in day_ids(html)
    assert "2026-03-24T10:00" not in html


@time_machine.travel(NOW, tick=False)
def test_a_holiday_closure_of_the_place_cancels_the_occurrence(client, calendar):
    network_services.place_update(
        actor=None,
        place=calendar["cafe_place"],
        data={
            "opening_exceptions": [
                {"start_date": "2026-04-06", "end_date": "2026-04-07", "closed": True, "reason_fi": "Pääsiäinen"}
            ]
        },
    )
    html = get_calendar(client, start="2026-03-30", end="2026-04-19", area="leppavaara").content.decode()
    assert "is-cancelled" not in day_section(html, "20260331")
    closed = day_section(html, "20260407")
    assert 'class="occurrence is-cancelled"' in closed
    assert '<strong>Cancelled</strong>: <span lang="fi">Pääsiäinen</span>' in closed
    assert "is-cancelled" not in day_section(html, "20260414")


@time_machine.travel(NOW, tick=False)
def test_shortcuts_today_this_week_and_next_week(client, calendar):
    html = get_calendar(client, area="leppavaara").content.decode()
    assert 'href="/calendar/?area=leppavaara&amp;start=2026-03-03&amp;end=2026-03-03">Today</a>' in html
    assert 'href="/calendar/?area=leppavaara&amp;view=week&amp;start=2026-03-02">This week</a>' in html
    assert 'href="/calendar/?area=leppavaara&amp;view=week&amp;start=2026-03-09">Next week</a>' in html

    today = get_calendar(client, area="leppavaara", start="2026-03-03", end="2026-03-03").content.decode()
    assert day_ids(today) == ["20260303"]
    assert titles(today) == ["Perhekahvila"]
    assert 'end=2026-03-03" aria-current="page">Today</a>' in today


@time_machine.travel(NOW, tick=False)
def test_list_defaults_to_two_weeks_from_today(client, calendar):
    html = get_calendar(client).content.decode()
    # Tuesday 3.3. to Monday 16.3.: the café on 3.3. and 10.3., the fathers on 5.3.
    assert day_ids(html) == ["20260303", "20260305", "20260310"]
    assert '<time datetime="2026-03-16">' in html


@time_machine.travel(NOW, tick=False)
@pytest.mark.urls(__name__)
def test_feed_and_print_links_carry_the_same_filters(client, calendar):
    html = get_calendar(client, area="matinkyla", age="3", view="week", start="2026-03-04").content.decode()
    assert 'href="/calendar.ics?area=matinkyla&amp;age=3"' in html
    assert 'href="/calendar/print/?area=matinkyla&amp;age=3&amp;start=2026-03-02&amp;end=2026-03-08"' in html


@time_machine.travel(NOW, tick=False)
def test_a_long_list_is_capped_with_a_request_to_narrow_the_search(client, calendar, monkeypatch):
    monkeypatch.setattr(views, "MAX_SHOWN", 2)
    html = get_calendar(client, start="2026-03-02", end="2026-03-15").content.decode()
    assert len(titles(html)) == 2
    assert "3 events found" in html
    assert "Only the first 2 are shown. Narrow your search" in html
