"""The families' feedback form in a real browser: axe-core finds no WCAG 2.1 A/AA violation
on the form (also with errors), the thank-you page and the used-link page, in Finnish,
Swedish and English, on a desktop and a 360-px-wide screen; nothing scrolls sideways;
and a family answers with the keyboard only (no JavaScript on the page)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from perhekeskus.core.tests.browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    axe_violations,
    browser_fixture,
    overflows_horizontally,
    page_fixture,
    set_language,
)
from perhekeskus.groups import feedback, services
from perhekeskus.groups.models import FeedbackResponse
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.network.seed import seed_lookups

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def keys(calendar: dict[str, Any]) -> list[str]:
    """Two families of a group whose last session has ended, asked for feedback."""
    seed_lookups()  # a transactional test starts from flushed tables
    group = make_group(calendar["orgs"]["city"], calendar["park"])
    for n in range(2):
        services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"p{n}@example.fi"})
    last = group.activity.sessions.order_by("-end").first()
    assert last is not None
    feedback.feedback_request(group=group, now=max(last.end, timezone.now()) + timedelta(days=1))
    return [m.context["token"] for m in OutgoingMessage.objects.filter(kind=MessageKind.FEEDBACK_REQUEST)]


def check_page(page: Any, lang: str) -> None:
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"
    levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3')].map(h => +h.tagName[1])")
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"headings skip a level: {levels}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("which", ["form", "errors", "thanks", "used"])
def test_feedback_pages_have_no_wcag_aa_violations(page, live_server, calendar, which, lang, viewport):
    key = keys(calendar)[0]
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    url = reverse("feedback-form", args=[key])
    response = page.goto(url)
    assert response.status == 200
    if which == "errors":
        page.fill("#id_liked", "Hyvä")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert page.locator(".error-summary").count() == 1
        assert not FeedbackResponse.objects.exists()
    elif which in ("thanks", "used"):
        page.check("#id_overall_3")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert FeedbackResponse.objects.get().overall == 4
        if which == "used":
            assert page.goto(url).status == 410
    check_page(page, lang)


def test_a_family_answers_with_the_keyboard_only(page, live_server, calendar):
    key = keys(calendar)[1]
    page.set_viewport_size(PHONE)
    set_language(page, live_server, "sv")
    page.goto(reverse("feedback-form", args=[key]))

    page.locator("#id_overall_0").focus()
    for _ in range(4):  # arrow keys move the choice within the group: 1 → 5
        page.keyboard.press("ArrowRight")
    assert page.is_checked("#id_overall_4")
    page.keyboard.press("Tab")  # on to the next question's group
    assert page.evaluate("document.activeElement.name") == "useful"
    page.keyboard.press("Space")
    page.locator("#id_would_recommend_0").focus()
    page.keyboard.press("Space")
    page.locator("#id_improve").focus()
    page.keyboard.type("Iltaryhmä isille")
    page.locator("button[type=submit].primary").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    answer = FeedbackResponse.objects.get()
    assert (answer.overall, answer.useful, answer.would_recommend, answer.improve, answer.language) == (
        5,
        1,
        True,
        "Iltaryhmä isille",
        "sv",
    )
    assert page.locator("h1").count() == 1 and "/feedback/thanks/" in page.url
