"""What the service, place and organisation pages show – and what they must not show."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.network import services
from perhekeskus.network.tests.pages_support import directory_fixture  # noqa: F401

HELSINKI = ZoneInfo("Europe/Helsinki")


def page(client, name, obj, lang="fi"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(reverse(name, args=[obj.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def test_service_page_shows_its_facts(client, network, directory):
    html = page(client, "service-detail", directory["services"]["clinic"], "en")
    for text in [
        "Matinkylä child health clinic",
        "Matinkylän neuvola",  # provider (Finnish fallback)
        "Child health clinic",  # type
        "basic services",
        "by appointment",
        "free",
        "0–1 years",
        "All families with children",
        "Swedish",
        "Matinkylä-Olari",
        "Matinkatu 1, 02230 Espoo",
        "09 816 31300",
    ]:
        assert text in html, text


def test_service_page_names_the_checker_but_never_their_email(client, network, directory):
    html = page(client, "service-detail", directory["services"]["clinic"], "en")
    assert "by Elsa Esimerkki" in html
    assert "elsa@example.fi" not in html


def test_checker_without_a_name_is_not_shown_by_email(client, network, directory):
    service = directory["services"]["cafe"]
    services.content_mark_checked(actor=network["people"]["eddie"], obj=service)
    html = page(client, "service-detail", service, "en")
    assert "Information last checked on" in html
    assert "eddie@example.fi" not in html


def test_unchecked_service_says_so(client, directory):
    html = page(client, "service-detail", directory["services"]["fathers"], "en")
    assert "This information has not been checked yet." in html


def test_organisation_page_shows_only_public_contact_persons(client, network, directory):
    html = page(client, "organisation-detail", network["orgs"]["clinic"], "en")
    assert "Paula Julkinen" in html and "paula.julkinen@example.fi" in html
    assert "Salla Salainen" not in html
    assert "salla.salainen@example.fi" not in html
    assert "040 123 4567" not in html


def test_organisation_page_lists_kind_parent_services_and_places(client, network, directory):
    html = page(client, "organisation-detail", network["orgs"]["clinic"], "sv")
    assert "kommun" in html  # kind, translated
    assert "hälsa" in html  # sector
    assert "Espoon kaupunki" in html  # parent
    assert "Barnrådgivningen i Mattby" in html
    assert "Mattby familjecenter" in html
    parent_html = page(client, "organisation-detail", network["orgs"]["city"], "fi")
    assert "Yksiköt" in parent_html and "Matinkylän neuvola" in parent_html


def test_place_page_shows_address_map_link_accessibility_and_services(client, directory):
    html = page(client, "place-detail", directory["places"]["centre"], "fi")
    assert "Matinkatu 1" in html and "02230 Espoo" in html
    assert "Koordinaatit 60.159800, 24.738000" in html
    assert "https://www.openstreetmap.org/?mlat=60.159800&amp;mlon=24.738000#map=17/60.159800/24.738000" in html
    assert "<script" not in html  # no external (or any) scripts
    assert "Esteetön sisäänkäynti pääovelta" in html
    assert "Lastenneuvola Matinkylä" in html


@time_machine.travel(dt.datetime(2026, 12, 14, 10, 0, tzinfo=HELSINKI), tick=False)  # a Monday
def test_place_page_shows_open_now_weekly_hours_and_coming_holiday_closure(client, directory):
    html = page(client, "place-detail", directory["places"]["centre"], "en")
    assert "Open now" in html
    assert "09:00–15:30" in html
    assert "10:00–13:00" in html  # Saturday
    assert "Christmas" in html and "24.12.2026–26.12.2026" in html


@time_machine.travel(dt.datetime(2026, 12, 24, 10, 0, tzinfo=HELSINKI), tick=False)  # Christmas Eve, a Thursday
def test_place_page_shows_closed_on_a_holiday(client, directory):
    html = page(client, "place-detail", directory["places"]["centre"], "fi")
    assert "Nyt suljettu" in html
    assert "Joulu" in html


@time_machine.travel(dt.datetime(2026, 12, 16, 20, 0, tzinfo=HELSINKI), tick=False)
def test_service_page_shows_todays_hours_of_its_places(client, directory):
    html = page(client, "service-detail", directory["services"]["cafe"], "en")
    assert "Closed now" in html
    assert "Today: 09:30–12:00" in " ".join(html.split())


def test_area_page_lists_services_and_places(client, network, directory):
    html = page(client, "area-detail", network["areas"]["leppavaara"], "en")
    assert "Family café" in html and "MLL family café Leppävaara" in html
    assert "?area=leppavaara" in html
