"""axe-core finds no WCAG 2.1 A/AA violation on the public pages, in Finnish and Swedish,
on a desktop and a 360-px-wide screen – and does find them on a deliberately broken page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from perhekeskus.core.tests.browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    axe_violations,
    browser_fixture,
    overflows_horizontally,
    page_fixture,
    set_language,
)
from perhekeskus.network.seed import seed_lookups
from perhekeskus.network.tests.pages_support import add_filler_services, build_directory  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def url_of(which: str, network, directory) -> str:
    return {
        "finder": reverse("finder") + "?area=espoo",
        "service": reverse("service-detail", args=[directory["services"]["clinic"].uuid]),
        "place": reverse("place-detail", args=[directory["places"]["centre"].uuid]),
        "organisation": reverse("organisation-detail", args=[network["orgs"]["clinic"].uuid]),
        "accessibility": reverse("accessibility"),
    }[which]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("which", ["finder", "service", "place", "organisation", "accessibility"])
def test_page_has_no_wcag_aa_violations(page, live_server, network, which, lang, viewport):
    seed_lookups()  # a transactional test starts from flushed tables
    directory = build_directory(network)
    add_filler_services(network, 22)  # the finder shows a full page and pagination
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    page.goto(url_of(which, network, directory))
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    if which == "finder":
        assert page.locator(".cards > li").count() == 20
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"


def test_axe_reports_a_broken_page(page):
    page.set_content(
        """<!doctype html><html lang="en"><head><title>Broken</title></head>
        <body><main><h1>Broken</h1><img src="/nowhere.png"><a href="/somewhere"></a></main></body></html>"""
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "link-name"} <= found
