"""The printable seasonal calendar through HTTP: grouping by weekday and place, patterns,
periods, exceptions, clock changes, filters, languages and bad input."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from perhekeskus.activities import services
from perhekeskus.activities.models import ActivityStatus, ChangeKind
from perhekeskus.activities.print_views import describe_rule, season_start
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network.models import LifeStage

URL = reverse("calendar-print")
SPRING = {"area": "espoo", "start": "2026-01-01", "end": "2026-07-31"}


def get(client: Client, lang: str = "en", **query: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(URL, query)


def section(html: str, heading: str) -> str:
    """The HTML from the <h2> with `heading` to the next <h2> (or the end)."""
    start = html.index(f">{heading}</h2>")
    following = html.find("<h2", start)
    return html[start : following if following != -1 else len(html)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_without_input_the_form_is_shown_and_nothing_listed(client, calendar):
    response = get(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="area"' in html and 'name="start"' in html and 'name="end"' in html
    assert "Perhekahvila" not in html
    assert "Save as PDF" not in html  # the print help belongs to a calendar


def test_recurring_activities_are_grouped_by_weekday_then_place(client, calendar):
    response = get(client, **SPRING)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(">Tuesdays</h2>") < html.index(">Thursdays</h2>") < html.index(">Single events</h2>")
    tuesdays = text(section(html, "Tuesdays"))
    assert "MLL:n perhekahvila" in tuesdays
    assert "10:00–12:00 Perhekahvila (MLL Espoo)" in tuesdays
    assert "every week, January 6 – July 28" in tuesdays
    thursdays = text(section(html, "Thursdays"))
    assert "Matinkylän asukaspuisto" in thursdays
    assert "18:00–20:00 Isien ilta (MLL Espoo, Espoon kaupunki)" in thursdays
    assert "every 2 weeks, January 8 – July 23" in thursdays
    assert "Perhekahvila" not in thursdays and "Isien ilta" not in tuesdays
    singles = text(section(html, "Single events"))
    assert "Sat May 16 12:00–15:00 Kevätjuhla · Matinkylän asukaspuisto" in singles
    assert "Kevätjuhla" not in tuesdays + thursdays


def test_activities_at_one_place_on_one_weekday_share_its_heading_in_time_order(client, calendar):
    make_activity(
        calendar["orgs"]["city"],
        title_fi="Vauvamuskari",
        place=calendar["park"],
        online=False,
        online_url="",
        start=helsinki(2026, 1, 8, 9, 30),
        end=helsinki(2026, 1, 8, 11, 30),
        rrule="FREQ=WEEKLY;BYDAY=TH",
    )
    thursdays = section(get(client, **SPRING).content.decode(), "Thursdays")
    assert thursdays.count("Matinkylän asukaspuisto") == 1
    assert text(thursdays).index("09:30–11:30 Vauvamuskari") < text(thursdays).index("18:00–20:00 Isien ilta")


def test_the_area_chooses_the_activities_and_is_named(client, calendar):
    html = get(client, **{**SPRING, "area": "leppavaara"}).content.decode()
    assert "Family activity calendar: Leppävaara" in html
    assert "Perhekahvila" in html
    assert "Isien ilta" not in html and "Kevätjuhla" not in html


def test_a_municipality_wide_activity_is_in_each_districts_calendar(client, calendar):
    make_activity(
        calendar["orgs"]["city"],
        title_fi="Koko Espoon chat",
        area=calendar["areas"]["espoo"],
        start=helsinki(2026, 1, 7, 19),
        end=helsinki(2026, 1, 7, 20),
        rrule="FREQ=WEEKLY;BYDAY=WE",
    )
    wednesdays = text(section(get(client, **{**SPRING, "area": "leppavaara"}).content.decode(), "Wednesdays"))
    assert "Online" in wednesdays and "19:00–20:00 Koko Espoon chat" in wednesdays


def test_times_stay_in_helsinki_time_across_both_clock_changes(client, calendar):
    make_activity(
        calendar["orgs"]["city"],
        title_fi="Sunnuntaijumppa",
        place=calendar["park"],
        online=False,
        online_url="",
        start=helsinki(2026, 3, 29, 10),  # the day the clocks go forward
        end=helsinki(2026, 3, 29, 11),
    )
    make_activity(
        calendar["orgs"]["city"],
        title_fi="Syysjumppa",
        place=calendar["park"],
        online=False,
        online_url="",
        start=helsinki(2026, 10, 25, 10),  # the day the clocks go back
        end=helsinki(2026, 10, 25, 11),
    )
    spring = text(get(client, area="espoo", start="2026-03-01", end="2026-04-30").content.decode())
    assert "10:00–12:00 Perhekahvila" in spring
    assert "March 3 – April 28" in spring
    assert "Sun March 29 10:00–11:00 Sunnuntaijumppa" in spring
    assert "11:00–13:00" not in spring and "09:00–11:00" not in spring
    autumn = text(get(client, area="espoo", start="2026-10-01", end="2026-11-30").content.decode())
    assert "10:00–12:00 Perhekahvila" in autumn and "18:00–20:00 Isien ilta" in autumn
    assert "Sun October 25 10:00–11:00 Syysjumppa" in autumn
    assert "09:00–11:00" not in autumn and "17:00–19:00" not in autumn


def test_excluded_cancelled_and_moved_dates_follow_their_activity(client, calendar):
    cafe = calendar["cafe"]
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 31, 10),
        kind=ChangeKind.EXCLUDED,
        notes={"fi": "Pääsiäisloma", "en": "Easter break"},
    )
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 4, 7, 10),
        kind=ChangeKind.CANCELLED,
        notes={"en": "Staff training"},
    )
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 4, 14, 10),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 4, 15, 13),
        new_end=helsinki(2026, 4, 15, 15),
    )
    html = get(client, area="espoo", start="2026-03-01", end="2026-04-30").content.decode()
    tuesdays = text(section(html, "Tuesdays"))
    assert "not on March 31: Easter break" in tuesdays
    assert "cancelled on April 7: Staff training" in tuesdays
    assert "moved from April 14 to Wed April 15 13:00–15:00" in tuesdays
    # The usual time stays; the moved occurrence is not listed as a Wednesday activity.
    assert "10:00–12:00 Perhekahvila" in tuesdays
    assert ">Wednesdays</h2>" not in html
    # Outside the period no exception is listed.
    may = text(section(get(client, area="espoo", start="2026-05-01", end="2026-05-31").content.decode(), "Tuesdays"))
    assert "not on" not in may and "cancelled on" not in may and "moved from" not in may


def test_a_holiday_closure_of_the_place_is_a_cancelled_date(client, calendar):
    from perhekeskus.network import services as network_services

    network_services.place_update(
        actor=None,
        place=calendar["cafe_place"],
        data={
            "opening_exceptions": [
                {"start_date": date(2026, 5, 5), "end_date": date(2026, 5, 5), "closed": True, "reason_en": "Cleaning"}
            ]
        },
    )
    tuesdays = text(
        section(get(client, area="leppavaara", start="2026-05-01", end="2026-05-31").content.decode(), "Tuesdays")
    )
    assert "cancelled on May 5: Cleaning" in tuesdays


def test_patterns_in_words_or_the_dates(client, calendar):
    city = calendar["orgs"]["city"]
    common = {"place": calendar["park"], "online": False, "online_url": ""}
    make_activity(
        city,
        title_fi="Perheilta",
        start=helsinki(2026, 2, 3, 17),
        end=helsinki(2026, 2, 3, 19),
        rrule="FREQ=MONTHLY;BYDAY=1TU",
        **common,
    )
    make_activity(
        city,
        title_fi="Kuun puolivälin kerho",
        start=helsinki(2026, 1, 15, 9),
        end=helsinki(2026, 1, 15, 10),
        rrule="FREQ=MONTHLY;BYMONTHDAY=15;COUNT=4",
        **common,
    )
    html = get(client, **SPRING).content.decode()
    assert "17:00–19:00 Perheilta" in text(section(html, "Tuesdays"))
    assert "first Tuesday of the month, February 3 – July 7" in text(section(html, "Tuesdays"))
    # The 15th falls on Thursday in January, Sunday in February and March, Wednesday in April.
    assert "on January 15" in text(section(html, "Thursdays"))
    sundays = text(section(html, "Sundays"))
    assert "Kuun puolivälin kerho" in sundays and "on February 15, March 15" in sundays
    assert "on April 15" in text(section(html, "Wednesdays"))


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", "every week"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO;UNTIL=20261231T000000Z", "every 3 weeks"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "last Friday of the month"),
        ("FREQ=MONTHLY;BYDAY=WE;BYSETPOS=2", "second Wednesday of the month"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", ""),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU", ""),
        ("FREQ=YEARLY", ""),
        ("FREQ=WEEKLY;BYMONTH=1,2;BYDAY=TU", ""),
    ],
)
def test_rules_in_words(rule, words):
    from django.utils import translation

    with translation.override("en"):
        assert describe_rule(rule) == words


@time_machine.travel("2026-09-10 12:00 +03:00", tick=False)
def test_the_default_period_is_the_current_season(client, calendar):
    html = text(get(client, area="espoo").content.decode())
    assert "Aug. 1, 2026 – Dec. 31, 2026" in html
    assert "Perhekahvila" in html and "August 4 – December 29" in html
    assert "Isien ilta" in html and "Kevätjuhla" not in html
    assert "Printed on Sept. 10, 2026" in html


def test_seasons_start_in_january_and_august():
    assert season_start(date(2026, 7, 31)) == date(2026, 1, 1)
    assert season_start(date(2026, 8, 1)) == date(2026, 8, 1)
    assert season_start(date(2026, 12, 31)) == date(2026, 8, 1)


def test_only_a_start_runs_to_the_end_of_its_season(client, calendar):
    html = text(get(client, area="espoo", start="2026-03-02").content.decode())
    assert "March 2, 2026 – July 31, 2026" in html


def test_the_calendar_filters_apply_and_are_kept_in_the_form(client, calendar):
    baby = make_activity(
        calendar["orgs"]["city"],
        title_fi="Vauvaryhmä",
        place=calendar["park"],
        online=False,
        online_url="",
        start=helsinki(2026, 1, 5, 10),
        end=helsinki(2026, 1, 5, 11),
        rrule="FREQ=WEEKLY;BYDAY=MO",
        age_min_months=0,
        age_max_months=12,
        life_stages=list(LifeStage.objects.filter(code="age_0_1")),
    )
    html = get(client, **SPRING, life_stage="age_0_1").content.decode()
    assert baby.title_fi in html and "Perhekahvila" not in html
    assert '<input type="hidden" name="life_stage" value="age_0_1">' in html
    html = get(client, **SPRING, age="5").content.decode()
    assert baby.title_fi not in html and "Perhekahvila" in html


def test_drafts_are_not_printed_and_a_cancelled_activity_is_marked(client, calendar):
    make_activity(
        calendar["orgs"]["city"],
        title_fi="Luonnos",
        status=ActivityStatus.DRAFT,
        start=helsinki(2026, 1, 9, 10),
        end=helsinki(2026, 1, 9, 11),
        rrule="FREQ=WEEKLY;BYDAY=FR",
    )
    services.activity_update(actor=None, activity=calendar["fathers"], data={"status": ActivityStatus.CANCELLED})
    html = get(client, **SPRING).content.decode()
    assert "Luonnos" not in html and ">Fridays</h2>" not in html
    thursdays = text(section(html, "Thursdays"))
    assert "Isien ilta" in thursdays and "Cancelled" in thursdays


def test_organisers_contacts_area_period_print_date_and_address_are_printed(client, calendar):
    org = calendar["orgs"]["mll"]
    org.phone, org.email = "09 123 4567", "info@mll.example"
    org.save()
    services.activity_update(
        actor=None,
        activity=calendar["cafe"],
        data={"contact_name": "Kahvilan vetäjä", "contact_phone": "040 111 2222"},
    )
    response = get(client, **SPRING)
    html = response.content.decode()
    contacts = text(section(html, "Organisers' contacts"))
    assert "MLL Espoo · 09 123 4567 · info@mll.example" in contacts
    assert "Kahvilan vetäjä · 040 111 2222" in contacts
    assert "Espoon kaupunki" in contacts  # a co-organiser
    assert contacts.index("Espoon kaupunki") < contacts.index("MLL Espoo")
    assert "Family activity calendar: Espoo" in html
    assert "Jan. 1, 2026 – July 31, 2026" in text(html)
    assert "Printed on" in html
    assert "http://testserver/calendar/print/?area=espoo&amp;start=2026-01-01&amp;end=2026-07-31" in html
    assert "Save as PDF" in html
    assert 'href="/static/css/print-calendar.css"' in html


@pytest.mark.parametrize(
    ("lang", "title", "heading"), [("fi", "Perhekahvila", "Tuesdays"), ("sv", "Familjecafé", None)]
)
def test_the_calendar_is_in_the_chosen_language(client, calendar, lang, title, heading):
    html = get(client, lang=lang, **SPRING).content.decode()
    assert f'<html lang="{lang}">' in html
    assert title in html
    assert 'lang="fi"' in html  # a Finnish name shown on a Swedish page is marked as Finnish
    if heading:  # Finnish gettext catalogues may not be compiled yet; the msgid is the fallback
        assert heading in html or "tiistai" in html.lower()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"area": "atlantis"}, "area"),
        ({"area": "espoo", "start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"area": "espoo", "start": "2026-01-01", "end": "2027-03-01"}, "end"),
        ({"area": "espoo", "start": "yesterday"}, "start"),
        ({"area": "espoo", "age": "40"}, "age"),
        ({"area": "espoo", "language": "klingon"}, "language"),
        ({"start": "2026-01-01"}, "area"),
    ],
)
def test_bad_input_is_a_form_error_with_status_400(client, calendar, query, field):
    response = get(client, **query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "print-calendar" not in html.split("<main", 1)[1].split("</form>", 1)[1]
    assert "Perhekahvila" not in html
    if field in ("area", "start", "end"):
        assert f'href="#id_{field}"' in html
    else:
        assert f"{field}: " in html


def test_the_query_count_does_not_grow_with_the_activities(client, calendar, django_assert_max_num_queries):
    for n in range(12):
        make_activity(
            calendar["orgs"]["city"],
            title_fi=f"Ryhmä {n}",
            place=calendar["park"],
            online=False,
            online_url="",
            start=helsinki(2026, 1, 5 + n % 5, 9),
            end=helsinki(2026, 1, 5 + n % 5, 10),
            rrule="FREQ=WEEKLY",
            co_organisers=[calendar["orgs"]["mll"]],
        )
    with django_assert_max_num_queries(16):
        assert get(client, **SPRING).status_code == 200
