"""Every public page answers 200 in Finnish, Swedish and English, with the right
`<html lang>`, UI strings in that language and content falling back to Finnish."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from perhekeskus.network.tests.pages_support import directory_fixture  # noqa: F401

LANGS = ["fi", "sv", "en"]


def get(client, url, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(url)


def page_urls(network, directory):
    return {
        "finder": reverse("finder"),
        "service": reverse("service-detail", args=[directory["services"]["clinic"].uuid]),
        "place": reverse("place-detail", args=[directory["places"]["centre"].uuid]),
        "organisation": reverse("organisation-detail", args=[network["orgs"]["clinic"].uuid]),
        "area": reverse("area-detail", args=[network["areas"]["espoo"].uuid]),
        "accessibility": reverse("accessibility"),
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["finder", "service", "place", "organisation", "area", "accessibility"])
def test_page_answers_in_each_language(client, network, directory, page, lang):
    response = get(client, page_urls(network, directory)[page], lang)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("lang", "skip_link", "search_label"),
    [
        ("fi", "Siirry pääsisältöön", "Hae"),
        ("sv", "Hoppa till huvudinnehållet", "Sök"),
        ("en", "Skip to main content", "Search"),
    ],
)
def test_interface_strings_are_translated(client, network, directory, lang, skip_link, search_label):
    html = get(client, reverse("finder"), lang).content.decode()
    assert skip_link in html
    assert f'<label for="id_q">{search_label}</label>' in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "Lastenneuvola Matinkylä"), ("sv", "Barnrådgivningen i Mattby"), ("en", "Matinkylä child health clinic")],
)
def test_service_name_is_shown_in_the_chosen_language(client, network, directory, lang, expected):
    url = reverse("service-detail", args=[directory["services"]["clinic"].uuid])
    html = get(client, url, lang).content.decode()
    assert f"<h1>{expected}</h1>" in html


def test_untranslated_content_falls_back_to_finnish_marked_as_finnish(client, network, directory):
    url = reverse("service-detail", args=[directory["services"]["clinic"].uuid])
    html = get(client, url, "en").content.decode()
    # The description exists only in Finnish: shown, and marked so screen readers switch voice.
    assert '<div class="description" lang="fi"><p>Lapsen kasvun ja kehityksen seuranta' in html
    # The English name exists: no lang attribute on the heading.
    assert "<h1>Matinkylä child health clinic</h1>" in html


@pytest.mark.parametrize(
    ("lang", "tier", "access", "weekday"),
    [
        ("fi", "peruspalvelut", "ajanvarauksella", "maanantai"),
        ("sv", "basservice", "med tidsbokning", "måndag"),
        ("en", "basic services", "by appointment", "Monday"),
    ],
)
def test_enum_labels_are_translated(client, network, directory, lang, tier, access, weekday):
    service_html = get(client, reverse("service-detail", args=[directory["services"]["clinic"].uuid]), lang)
    text = service_html.content.decode().lower()
    assert tier.lower() in text
    assert access.lower() in text
    place_html = get(client, reverse("place-detail", args=[directory["places"]["centre"].uuid]), lang).content.decode()
    assert weekday.lower() in place_html.lower()


def test_accessibility_statement_names_the_supervisory_authority(client, db):
    fi = get(client, reverse("accessibility"), "fi").content.decode()
    sv = get(client, reverse("accessibility"), "sv").content.decode()
    en = get(client, reverse("accessibility"), "en").content.decode()
    assert "Saavutettavuusseloste" in fi and "aluehallintovirasto" in fi and "Traficom" in fi
    assert "Tillgänglighetsutlåtande" in sv and "Regionförvaltningsverket" in sv
    assert "Accessibility statement" in en and "WCAG 2.1" in en


def test_unknown_uuid_is_404(client, db):
    response = client.get("/services/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert client.get("/places/not-a-uuid/").status_code == 404
