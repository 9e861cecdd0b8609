"""The families' feedback link in a real browser: the pages it shows when it cannot open a
form (unknown, answered already, closed) have no WCAG 2.1 A/AA violation found by
axe-core in Finnish, Swedish and English, on a desktop and a 360-px-wide screen, and
nothing scrolls sideways; and a family follows its link to the questionnaire's page,
answers with the keyboard only (no JavaScript) and, opening the link again, sees its
answers."""

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
from perhekeskus.groups.models import FeedbackInvite
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.network.seed import seed_lookups
from perhekeskus.questionnaires.models import Questionnaire, QuestionnaireStatus, Response, ResponseStatus

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
@pytest.mark.parametrize("which", ["unknown", "used", "closed"])
def test_the_links_own_pages_have_no_wcag_aa_violations(page, live_server, calendar, which, lang, viewport):
    key = keys(calendar)[0]
    if which == "unknown":
        key = "not-a-key"
    elif which == "used":  # answered with the groups' earlier form
        FeedbackInvite.objects.filter(token_hash=feedback.token_hash(key)).update(used_at=timezone.now())
    else:
        Questionnaire.objects.filter(pk=feedback.questionnaire().pk).update(status=QuestionnaireStatus.RETIRED)
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)

    response = page.goto(reverse("feedback-form", args=[key]))

    assert response.status == (404 if which == "unknown" else 410)
    check_page(page, lang)


def test_a_family_answers_with_the_keyboard_only_and_sees_its_answers(page, live_server, calendar):
    key = keys(calendar)[1]
    page.set_viewport_size(PHONE)
    set_language(page, live_server, "sv")
    page.goto(reverse("feedback-form", args=[key]))
    assert "/answer/" in page.url and page.locator("h1").count() == 1

    page.locator("#id_q-overall_0").focus()
    for _ in range(4):  # arrow keys move the choice within the group: 1 → 5
        page.keyboard.press("ArrowRight")
    assert page.is_checked("#id_q-overall_4")
    page.keyboard.press("Tab")  # on to the next question's group
    assert page.evaluate("document.activeElement.name") == "q-useful"
    page.keyboard.press("Space")
    page.locator("#id_q-recommend_0").focus()
    page.keyboard.press("Space")
    page.locator("#id_q-better").focus()
    page.keyboard.type("Iltaryhmä isille")
    page.locator("button[value=send]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETED and response.language == "sv"
    assert response.answers == {
        "overall": ["5"],
        "useful": ["1"],
        "recommend": ["yes"],
        "better": ["Iltaryhmä isille"],
    }
    page.goto(reverse("feedback-form", args=[key]))
    assert "Iltaryhmä isille" in page.locator("main").inner_text()
    assert page.locator("input[type=radio]").count() == 0
