"""The printable calendar and "New in the area" in Chromium: axe-core finds no WCAG 2.1
A/AA violation (fi and sv, desktop and 360 px), the print view becomes an A4 PDF, and
printed the page hides the site's navigation and forms but keeps the weekday groups."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from perhekeskus.activities import services
from perhekeskus.activities.models import ChangeKind
from perhekeskus.activities.tests.conftest import helsinki
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

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]

PRINT_QUERY = "?area=espoo&start=2026-01-01&end=2026-07-31"
# Frozen for the server too: the newcomer page's "coming weeks" and the due date depend on it.
NOW = "2026-03-20 12:00 +02:00"


@pytest.fixture
def seeded(db: Any) -> None:
    seed_lookups()  # a transactional test starts from flushed tables


@pytest.fixture
def exceptions(seeded: None, calendar: dict[str, Any]) -> dict[str, Any]:
    services.occurrence_change(
        actor=None,
        activity=calendar["cafe"],
        original_start=helsinki(2026, 3, 31, 10),
        kind=ChangeKind.EXCLUDED,
        notes={"fi": "Pääsiäinen", "sv": "Påsk"},
    )
    return calendar


def url_of(which: str) -> str:
    return {
        "print": reverse("calendar-print") + PRINT_QUERY,
        "print-form": reverse("calendar-print"),
        "newcomer": reverse("newcomer") + "?district=matinkyla&age_1=0&age_2=3&due_date=2026-06-01",
        "newcomer-form": reverse("newcomer"),
        "newcomer-error": reverse("newcomer") + "?district=matinkyla&age_1=40",
    }[which]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("which", ["print", "print-form", "newcomer", "newcomer-form", "newcomer-error"])
def test_page_has_no_wcag_aa_violations(page, live_server, exceptions, which, lang, viewport):
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    with time_machine.travel(NOW, tick=False):
        page.goto(url_of(which))
        assert page.get_attribute("html", "lang") == lang
        assert page.locator("h1").count() == 1
        if which == "print":
            assert page.locator(".weekday-group h2").count() >= 2
        if which == "newcomer":
            assert page.locator("#regular-heading").count() == 1
        if which == "newcomer-error":
            assert page.locator(".error-summary").count() == 1
        assert axe_violations(page) == []
        assert not overflows_horizontally(page), "the page scrolls sideways"


def test_the_print_view_becomes_an_a4_pdf(page, exceptions):
    page.goto(url_of("print"))
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-")
    # A4 is 595 × 842 points; Chromium writes the page size into each page's MediaBox.
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 1


def test_printed_the_page_hides_navigation_and_forms_and_keeps_the_groups(page, exceptions):
    page.goto(url_of("print"))
    assert page.locator(".site-header").is_visible()
    assert page.locator(".print-form").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".print-form").is_visible()
    assert not page.locator("[data-print]").is_visible()
    headings = page.locator(".weekday-group h2")
    assert headings.count() >= 3  # Tuesdays, Thursdays, single events
    assert all(headings.nth(i).is_visible() for i in range(headings.count()))
    assert page.get_by_text("Perhekahvila").first.is_visible()
    assert page.locator(".print-meta").is_visible()
    # A weekday's group is kept together on the page.
    rule = page.evaluate("getComputedStyle(document.querySelector('.weekday-group')).breakInside")
    assert rule == "avoid"


def test_without_javascript_the_print_link_leads_to_the_help(browser, live_server, settings, exceptions):
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(url_of("print"))
        page.click("[data-print]")
        assert page.url.endswith("#print-help")
        assert page.locator("#print-help").is_visible()
        assert page.locator(".weekday-group").count() >= 2
    finally:
        context.close()


def test_with_javascript_the_print_link_opens_the_print_dialogue(page, exceptions):
    page.goto(url_of("print"))
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("[data-print]")
    assert page.evaluate("window.__printed") == 1
    assert not page.url.endswith("#print-help")
