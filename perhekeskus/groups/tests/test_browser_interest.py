"""The interest form in a real browser: axe-core finds no WCAG 2.1 A/AA violation on the
form (also with errors) and the thank-you page, in Finnish and Swedish, on a desktop and
a 360-px-wide screen; nothing scrolls sideways; a family joins the list and withdraws
with the keyboard only."""

from __future__ import annotations

from typing import Any

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
from perhekeskus.groups.models import Interest, InterestStatus
from perhekeskus.network.seed import seed_lookups

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def check_page(page: Any, lang: str) -> None:
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"
    levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3')].map(h => +h.tagName[1])")
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"headings skip a level: {levels}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("which", ["form", "errors", "thanks"])
def test_interest_pages_have_no_wcag_aa_violations(page, live_server, network, which, lang, viewport):
    seed_lookups()  # a transactional test starts from flushed tables
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    response = page.goto(reverse("interest-new"))
    assert response.status == 200
    assert page.locator("fieldset legend").count() >= 3
    if which != "form":
        page.check("#id_kind_2")
        page.select_option("#id_area", "matinkyla")
        page.check("#id_times_2")
        page.fill("#id_email", "isa@example.fi" if which == "thanks" else "not-an-address")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        if which == "errors":
            assert page.locator(".error-summary").count() == 1
            assert page.locator("#id_email[aria-invalid=true]").count() == 1
            assert not Interest.objects.exists()
        else:
            assert page.locator(".keep-link").count() == 1
            assert Interest.objects.get().kind == "fathers_group"
    check_page(page, lang)


def test_a_family_joins_and_withdraws_with_the_keyboard_only(page, live_server, network):
    seed_lookups()
    page.set_viewport_size(PHONE)
    set_language(page, live_server, "sv")
    page.goto(reverse("calendar"))
    page.locator(f"a[href='{reverse('interest-new')}']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/interest/")

    for _ in range(60):  # Tab through the page to the form's first field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "kind":
            break
    assert page.evaluate("document.activeElement.id") == "id_kind_0"
    page.keyboard.press("ArrowDown")  # the second kind: a baby group
    assert page.is_checked("#id_kind_1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_area"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the first district under the first municipality
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_times_0"
    page.keyboard.press("Space")
    for _ in range(6):  # past the other times to the e-mail
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_email":
            break
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.type("vauva@example.fi")
    page.locator("button[type=submit].primary").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    entry = Interest.objects.get()
    assert (entry.kind, entry.times, entry.language, entry.email) == (
        "baby_group",
        ["weekday_morning"],
        "sv",
        "vauva@example.fi",
    )
    assert entry.area.kind == "district"
    page.locator("form.withdraw-form button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    entry.refresh_from_db()
    assert entry.status == InterestStatus.WITHDRAWN and entry.email == ""
