"""The filling-in pages in a real browser (Debian Chromium, no JavaScript of our own):
every page the respondent meets — a form page with every item type, the same with
errors, the "saved" page, the sent answers and the page for a dead link — has no
WCAG 2.1 A/AA violation found by axe-core in Finnish, Swedish and English, on a desktop
and a 360-px-wide screen, and nothing scrolls sideways; a parent fills in AUDIT-C with
the keyboard only, on a phone, and sends it."""

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
from perhekeskus.questionnaires import filling, services
from perhekeskus.questionnaires.instruments import load_shipped
from perhekeskus.questionnaires.models import Purpose, Questionnaire, Response, ResponseStatus
from perhekeskus.questionnaires.tests.test_fhir_questionnaire import rich

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page: Any, lang: str) -> None:
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"
    levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3')].map(h => +h.tagName[1])")
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"headings skip a level: {levels}"


def sample_link() -> tuple[Response, str]:
    questionnaire, _ = services.questionnaire_import(rich(), purpose=Purpose.CLINICAL)
    response, secret = filling.response_start(questionnaire)
    return response, reverse("questionnaire-fill", args=[response.uuid, secret])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_respondents_pages_have_no_wcag_aa_violations(page, live_server, lang, viewport):
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    response, url = sample_link()
    filling.response_save(response, {"family.partner": [True]}, questions=["family.partner"])

    page.goto(url)  # the first page: a welcome text only
    check_page(page, lang)
    page.goto(url + "?page=3")  # every kind of field, and a follow-up shown by a saved answer
    assert page.locator("input[type=date]").count() == 1
    check_page(page, lang)
    page.fill("#id_q-family\\.weight", "heavy")
    page.click("button[value=send]")
    assert page.locator(".error-summary li").count() == 1
    check_page(page, lang)
    page.fill("#id_q-family\\.weight", "3,5")
    page.click("button[value=send]")  # the required question of page 2 is linked from the summary
    assert page.locator(".error-summary a[href*='page=2']").count() == 1
    check_page(page, lang)
    page.click("button[value=later]")
    check_page(page, lang)
    page.goto(url + "?page=2")
    page.check("#id_q-mood\\.laugh_0")
    page.click("button[value=next]")
    page.click("button[value=send]")
    check_page(page, lang)  # the sent answers
    assert Response.objects.get(pk=response.pk).status == ResponseStatus.COMPLETED
    page.goto(url.replace(url.split("/")[-2], "not-the-secret"))
    check_page(page, lang)


def test_a_parent_fills_in_and_sends_with_the_keyboard_only_on_a_phone(page, live_server):
    load_shipped()
    response, secret = filling.response_start(Questionnaire.objects.get(identifier="audit-c"), language="sv")
    page.set_viewport_size(PHONE)
    page.goto(reverse("questionnaire-fill", args=[response.uuid, secret]))
    assert page.get_attribute("html", "lang") == "sv"  # the language the link was made for
    page.focus("#id_q-audit\\.1_0")
    page.keyboard.press("ArrowDown")  # the second option: "monthly or less"
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.locator("button[value=send]").focus()
    with page.expect_navigation(url="**?sent=1"):
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("Tack")
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETED
    assert response.answers == {"audit.1": ["1"], "audit.2": ["1"], "audit.3": ["2"]}
    assert response.score["total"] == 4.0
