"""Survey pages in a real browser: the respondents' start page (open and with a code, a
refused code too) and the public results have no WCAG 2.1 A/AA violation found by
axe-core in Finnish, Swedish and English, on a desktop and a 360-px-wide screen, and
nothing scrolls sideways; the organisation's pages likewise; and a respondent types a
code with the keyboard only (no JavaScript) and lands on the questionnaire."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from perhekeskus.core.tests.browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    axe_violations,
    browser_fixture,
    overflows_horizontally,
    page_fixture,
    set_language,
)
from perhekeskus.questionnaires import survey_links
from perhekeskus.questionnaires.models import Response
from perhekeskus.questionnaires.tests.test_survey_start_by_link_and_code import answer, make_link

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
LANGUAGES = pytest.mark.parametrize("lang", ["fi", "sv", "en"])


def check_page(page: Any, lang: str) -> None:
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"
    levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3')].map(h => +h.tagName[1])")
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"headings skip a level: {levels}"


def public_survey(network: dict[str, Any]) -> Any:
    link = make_link(
        network,
        kind="personal",
        results_public=True,
        minutes=5,
        intro_fi="Haluamme tietää, mistä perheet saavat apua Leppävaarassa.",
        intro_sv="Vi vill veta var familjerna får hjälp i Alberga.",
    )
    codes = survey_links.survey_codes_make(actor=network["people"]["elsa"], link=link, count=8)
    for n, code in enumerate(codes[:6]):
        answer(link, {"visits": ["weekly" if n < 5 else "first"], "overall": ["5"]}, code=code)
    return link, codes[6:]


@VIEWPORTS
@LANGUAGES
def test_the_start_page_has_no_wcag_aa_violations(page, live_server, network, lang, viewport):
    link, _codes = public_survey(network)
    open_link = make_link(network)
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)

    for address in (f"/s/{link.token}/", f"/s/{open_link.token}/"):
        assert page.goto(address).status == 200
        check_page(page, lang)

    page.goto(f"/s/{link.token}/")
    page.fill("#id_code", "WRONG-CODE")
    page.locator("button[type=submit].primary").click()
    assert page.locator(".error-summary").count() == 1
    check_page(page, lang)


@VIEWPORTS
@LANGUAGES
def test_the_public_results_have_no_wcag_aa_violations(page, live_server, network, lang, viewport):
    link, _codes = public_survey(network)
    few = make_link(network, results_public=True)
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)

    assert page.goto(f"/s/{link.token}/results/").status == 200
    assert page.locator("table.results").count() >= 2
    check_page(page, lang)
    assert page.goto(f"/s/{few.token}/results/").status == 200
    assert page.locator("table").count() == 0
    check_page(page, lang)


@VIEWPORTS
def test_the_organisations_pages_have_no_wcag_aa_violations(page, live_server, network, viewport):
    link, _codes = public_survey(network)
    client = Client()
    client.force_login(network["people"]["elsa"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.set_viewport_size(viewport)
    set_language(page, live_server, "en")

    for address in ("/surveys/", "/surveys/new/", f"/surveys/{link.uuid}/", f"/surveys/{link.uuid}/results/"):
        assert page.goto(address).status == 200, address
        check_page(page, "en")
    page.goto(f"/surveys/{link.uuid}/")
    page.fill("#id_count", "6")
    page.get_by_role("button", name="Make codes").click()
    assert page.locator(".code-slip").count() == 6
    check_page(page, "en")


def test_a_respondent_types_a_code_with_the_keyboard_only(page, live_server, network):
    link, codes = public_survey(network)
    page.set_viewport_size(PHONE)
    set_language(page, live_server, "sv")
    page.goto(f"/s/{link.token}/")
    assert "Vi vill veta" in page.locator("main").inner_text()

    page.locator("#id_code").focus()
    page.keyboard.type(codes[0].lower())
    page.keyboard.press("Enter")

    page.wait_for_url("**/answer/**")
    started = Response.objects.filter(context=link.context, status="in-progress")
    assert started.count() == 1
    assert str(started.get().uuid) in page.url
    assert started.get().language == "sv"
