"""The sign-up pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation on the
sign-up form (also with errors), the result page, the family's own page and the activity
page's sign-up box, in Finnish and Swedish, on a desktop and a 360-px-wide screen; nothing
scrolls sideways; and a family signs up and cancels with the keyboard only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from perhekeskus.activities import services as activity_services
from perhekeskus.activities.tests.conftest import HELSINKI
from perhekeskus.core.tests.browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    axe_violations,
    browser_fixture,
    overflows_horizontally,
    page_fixture,
    set_language,
)
from perhekeskus.groups import services
from perhekeskus.groups.models import Signup, SignupStatus
from perhekeskus.network.seed import seed_lookups

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def build(calendar: dict[str, Any]) -> Any:
    """A baby group of three sessions from next week, with topics; two places, one waiting."""
    seed_lookups()  # a transactional test starts from flushed tables
    first = (
        (timezone.now() + timedelta(days=7)).astimezone(HELSINKI).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    topics = [("Tutustuminen", "Vi bekantar oss"), ("Vauvan uni ja lepo", "Babyns sömn"), ("Isien ilta", "")]
    return services.group_create(
        actor=None,
        activity_data={
            "organisation": calendar["orgs"]["city"],
            "title_fi": "Ekavauva-ryhmä ensimmäisen vauvan vanhemmille",
            "title_sv": "Första babyn -grupp",
            "place": calendar["park"],
            "age_max_months": 11,
        },
        group_data={"capacity": 2, "waiting_list_capacity": 1, "minimum": 1},
        sessions=[
            {
                "start": first + timedelta(weeks=i),
                "end": first + timedelta(weeks=i, hours=2),
                "topic_fi": fi,
                "topic_sv": sv,
            }
            for i, (fi, sv) in enumerate(topics)
        ],
    )


def offered(group: Any) -> str:
    """A family offered a freed place: the manage page with every part it can show."""
    first, _ = services.signup_create(group=group, data={"name": "Eka", "email": "eka@example.fi"})
    services.signup_create(group=group, data={"name": "Toka", "email": "toka@example.fi"})
    third, secret = services.signup_create(group=group, data={"name": "Kolmas", "email": "kolmas@example.fi"})
    services.signup_cancel(signup=first)
    return reverse("signup-manage", args=[third.uuid, secret])


def fill(page: Any, *, email: str, year: str = "2025") -> None:
    page.fill("#id_name", "Maija Meikäläinen")
    page.fill("#id_email", email)
    page.fill("#id_child_year_1", year)
    page.check("#id_languages_0")


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
@pytest.mark.parametrize("which", ["form", "errors", "result", "manage", "activity"])
def test_sign_up_pages_have_no_wcag_aa_violations(page, live_server, calendar, which, lang, viewport):
    group = build(calendar)
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    if which == "activity":  # the activity page with its sign-up box
        response = page.goto(reverse("activity-detail", args=[group.activity.uuid]))
        assert response.status == 200 and page.locator(".signup-box .session").count() == 3
        check_page(page, lang)
        return
    if which == "manage":
        response = page.goto(offered(group))
        assert response.status == 200
        assert page.locator("button[value=accept]").count() == 1
        check_page(page, lang)
        return
    response = page.goto(reverse("group-signup", args=[group.uuid]))
    assert response.status == 200
    if which in ("errors", "result"):
        fill(page, email="maija@example.fi", year="1901" if which == "errors" else "2025")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        if which == "errors":
            assert page.locator(".error-summary").count() == 1
            assert page.locator("#id_child_year_1[aria-invalid=true]").count() == 1
            assert not Signup.objects.exists()
        else:
            assert "/signups/" in page.url
            assert page.locator(".done").count() == 1
            assert Signup.objects.get().status == SignupStatus.CONFIRMED
    check_page(page, lang)


def test_a_family_signs_up_and_cancels_with_the_keyboard_only(page, live_server, calendar):
    group = build(calendar)
    page.set_viewport_size(PHONE)
    set_language(page, live_server, "sv")
    page.goto(reverse("activity-detail", args=[group.activity.uuid]))

    # From the activity page's sign-up box to the form, by keyboard.
    page.locator(f"a[href='{reverse('group-signup', args=[group.uuid])}']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-up/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(60):  # Tab on through the page to the form's first field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_name":
            break
    assert page.evaluate("document.activeElement.id") == "id_name"
    page.keyboard.type("Maija")
    page.keyboard.press("Tab")
    page.keyboard.type("maija@example.fi")
    page.keyboard.press("Tab")  # phone: left empty
    page.keyboard.press("Tab")  # the language of messages: the page's own (Swedish) is chosen
    assert page.evaluate("document.activeElement.id") == "id_language_1"
    page.keyboard.press("ArrowRight")  # … and changed to English with an arrow key
    assert page.is_checked("#id_language_2")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_adults"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("2025")
    page.keyboard.press("Tab")
    page.keyboard.type("2023")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_due_date"
    for _ in range(4):  # a date box has a stop for each of its parts
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") != "id_due_date":
            break
    assert page.evaluate("document.activeElement.id") == "id_languages_0"
    page.keyboard.press("Space")
    page.locator("button[type=submit].primary").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/signups/" in page.url
    signup = Signup.objects.get()
    assert (signup.name, signup.email, signup.language, signup.adults) == ("Maija", "maija@example.fi", "en", 2)
    assert (signup.children_birth_years, signup.languages) == ([2025, 2023], ["fi"])
    assert signup.status == SignupStatus.CONFIRMED

    # Cancel in one keypress on the family's own page.
    page.locator("button[value=cancel]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Signup.objects.get().status == SignupStatus.CANCELLED
    assert page.locator("button[value=cancel]").count() == 0


def test_the_accessibility_check_itself_finds_a_broken_page(page, live_server, calendar):
    """The check proves it can fail: a form field without a label is reported."""
    group = build(calendar)
    page.goto(reverse("group-signup", args=[group.uuid]))
    page.evaluate("document.querySelector('label[for=id_name]').remove()")
    assert "label" in {v["id"] for v in axe_violations(page)}


def test_a_sessions_topic_changed_to_a_long_word_does_not_widen_the_phone_page(page, live_server, calendar):
    group = build(calendar)
    session = group.activity.sessions.first()
    activity_services.sessions_replace(
        actor=None,
        activity=group.activity,
        sessions=[{"start": session.start, "end": session.end, "topic_fi": "Perhevalmennusryhmätapaamiskertomus" * 2}],
    )
    page.set_viewport_size(PHONE)
    page.goto(reverse("group-signup", args=[group.uuid]))
    assert not overflows_horizontally(page)
