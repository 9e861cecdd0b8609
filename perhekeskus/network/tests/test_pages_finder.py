"""The service finder page: search box and filters narrow the results, pages of 20,
bad input gives a message (never a 500), and the query count does not grow with the page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from perhekeskus.network.tests.pages_support import add_filler_services, directory_fixture  # noqa: F401


def names(response) -> list[str]:
    return re.findall(r'<h3><a href="/services/[0-9a-f-]+/"[^>]*>([^<]+)</a></h3>', response.content.decode())


def finder(client, **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = params.pop("lang", "fi")
    return client.get(reverse("finder"), params)


def test_without_filters_lists_every_active_service(client, directory):
    response = finder(client)
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(
        ["Isäryhmä", "Lastenneuvola Matinkylä", "Perhekahvila", "Seurakunnan perhekerho"]
    )
    assert "4 palvelua löytyi" in response.content.decode()


def test_inactive_services_are_not_listed(client, directory):
    from perhekeskus.network import services

    services.service_update(actor=None, service=directory["services"]["fathers"], data={"status": "inactive"})
    assert "Isäryhmä" not in names(finder(client))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"area": "salo"}, ["Seurakunnan perhekerho"]),
        # A district also finds what serves its municipality (the fathers' group serves all Espoo).
        ({"area": "leppavaara"}, ["Isäryhmä", "Perhekahvila"]),
        ({"life_stage": "age_3_6"}, ["Lastenneuvola Matinkylä", "Seurakunnan perhekerho"]),
        ({"tier": "basic"}, ["Lastenneuvola Matinkylä"]),
        ({"service_type": "meeting_places"}, ["Perhekahvila", "Seurakunnan perhekerho"]),
        ({"language": "en"}, ["Perhekahvila"]),
        ({"target_group": "fathers"}, ["Isäryhmä"]),
        ({"q": "perhekahvila"}, ["Perhekahvila"]),
        ({"area": "espoo", "life_stage": "age_1_3", "tier": "community"}, ["Isäryhmä", "Perhekahvila"]),
    ],
)
def test_filters_narrow_the_results(client, directory, params, expected):
    assert sorted(names(finder(client, **params))) == expected


def test_chosen_filters_keep_their_state(client, directory):
    html = finder(client, q="kahvila", area="leppavaara", tier="community").content.decode()
    assert 'value="kahvila"' in html
    assert re.search(r'<option value="leppavaara" selected>', html)
    assert re.search(r'<option value="community" selected>', html)
    assert "Tyhjennä haku ja rajaukset" in html


def test_no_results_shows_a_clear_message_with_suggestions(client, directory):
    response = finder(client, q="sukellus", lang="en")
    html = response.content.decode()
    assert names(response) == []
    assert "0 services found" in html
    assert "No services match your search." in html
    assert "removing some of the filters" in html


@pytest.mark.parametrize(
    "params",
    [{"area": "atlantis"}, {"tier": "premium"}, {"life_stage": "age_99"}, {"service_type": "<script>"}],
)
def test_unknown_filter_value_shows_an_error_and_is_ignored(client, directory, params):
    response = finder(client, lang="en", **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some choices were not understood" in html
    assert "Select a valid choice" in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert len(names(response)) == 4  # the invalid filter is left out, the rest still apply


def test_results_are_paginated_twenty_a_page(client, network, directory):
    add_filler_services(network, 21)  # 25 services in all
    first = finder(client, lang="en")
    assert len(names(first)) == 20
    html = first.content.decode()
    assert "25 services found" in html and "page 1 of 2" in html
    assert 'href="?page=2"' in html
    second = finder(client, lang="en", page="2")
    assert len(names(second)) == 5
    assert not set(names(first)) & set(names(second))


def test_pagination_keeps_the_filters(client, network, directory):
    add_filler_services(network, 25)
    html = finder(client, area="espoo").content.decode()
    assert 'href="?area=espoo&amp;page=2"' in html


@pytest.mark.parametrize(("page", "message"), [("abc", "first page"), ("99", "last page"), ("-1", "last page")])
def test_bad_page_number_shows_a_page_and_a_message(client, directory, page, message):
    response = finder(client, lang="en", page=page)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(names(response)) == 4


def test_too_long_search_text_is_a_form_error(client, directory):
    response = finder(client, lang="en", q="x" * 201)
    assert response.status_code == 200
    assert "Some choices were not understood" in response.content.decode()


def test_query_count_does_not_grow_with_the_number_of_results(
    client, network, directory, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert len(names(finder(client))) == 4
    add_filler_services(network, 30)
    with django_assert_max_num_queries(len(few)):
        assert len(names(finder(client))) == 20


def test_a_search_offers_a_jump_past_the_filters_to_the_results(client, directory):
    before = client.get("/")
    assert 'href="#results-heading"' not in before.content.decode()
    page = client.get("/", {"q": "perhekahvila"}, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'href="#results-heading"' in page and "Gå till" in page and 'id="results-heading"' in page
