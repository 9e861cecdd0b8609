"""The finder works from the keyboard, and a chosen language is remembered across pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from perhekeskus.core.tests.browser import PHONE, browser_fixture, page_fixture, set_language  # noqa: F401
from perhekeskus.network.seed import seed_lookups
from perhekeskus.network.tests.pages_support import build_directory  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]

ACTIVE_ID = "document.activeElement && (document.activeElement.id || document.activeElement.getAttribute('href') || document.activeElement.textContent.trim())"


def test_skip_link_is_first_and_moves_focus_to_the_content(page, live_server, network):
    seed_lookups()
    build_directory(network)
    page.goto(reverse("finder"))
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ID) == "#main"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "360px"])
def test_tab_reaches_the_search_box_and_submit_and_searches(page, live_server, network, viewport):
    seed_lookups()
    build_directory(network)
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(reverse("finder"))
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(ACTIVE_ID))
        if seen[-1] == "id_q":
            break
    assert seen[-1] == "id_q", seen
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.type("perhekahvila")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**q=perhekahvila**")
    assert page.locator(".cards h3").all_inner_texts() == ["Perhekahvila"]


def test_language_choice_is_remembered_across_pages(page, live_server, network):
    seed_lookups()
    directory = build_directory(network)
    page.goto(reverse("finder"))
    assert page.get_attribute("html", "lang") == "fi"
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "sv"
    assert page.locator("h1").inner_text() == "Hitta tjänster för din familj"
    # Follow a link to another page: still Swedish, content in Swedish.
    page.get_by_role("link", name="Barnrådgivningen i Mattby").click()
    page.wait_for_url("**/services/**")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.locator("h1").inner_text() == "Barnrådgivningen i Mattby"
    # A fresh tab in the same browser remembers the choice too.
    other = page.context.new_page()
    other.goto(reverse("place-detail", args=[directory["places"]["centre"].uuid]))
    assert other.get_attribute("html", "lang") == "sv"
    assert "Öppettider" in other.content()
    assert other.locator(".language-switcher button").all_inner_texts() == ["Suomi", "Svenska", "English"]
    # Switching to English from a detail page stays on that page.
    other.get_by_role("button", name="English").click()
    other.wait_for_load_state()
    assert other.url.endswith(reverse("place-detail", args=[directory["places"]["centre"].uuid]))
    assert other.get_attribute("html", "lang") == "en"


def test_finnish_fallback_in_an_english_page_is_marked_finnish(page, live_server, network):
    seed_lookups()
    directory = build_directory(network)
    set_language(page, live_server, "en")
    page.goto(reverse("service-detail", args=[directory["services"]["clinic"].uuid]))
    assert page.locator(".description").get_attribute("lang") == "fi"
    assert page.get_attribute("html", "lang") == "en"
