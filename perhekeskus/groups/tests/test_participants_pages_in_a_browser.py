"""The leaders' pages in a real browser: the participant list and a session's attendance
page are axe-clean (WCAG 2.1 A/AA) in Finnish and English on a desktop and a 360-px
screen, where the wide tables scroll inside their own box and not the page; printed, the
list shows the families without the site's menus; the attendance is saved with the
keyboard only."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
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
from perhekeskus.groups import services
from perhekeskus.groups.models import SessionRecord
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.network.seed import seed_lookups

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def build(calendar: dict[str, Any], page: Any, live_server: Any) -> Any:
    seed_lookups()  # a transactional test starts from flushed tables
    group = make_group(calendar["orgs"]["city"], calendar["park"])
    for n, extra in enumerate(
        [
            {"phone": "040 123 4567", "children_birth_years": [2024, 2021], "languages": ["fi", "ar"]},
            {"needs": "Pyörätuolilla esteetön sisäänpääsy, tulkki somaliksi", "adults": 2},
            {},
            {},
        ]
    ):
        services.signup_create(
            group=group,
            data={"name": f"Perhe Pitkänimi-Esimerkki {n}", "email": f"pitka.osoite.{n}@example.fi", **extra},
        )
    client = Client()
    client.force_login(calendar["people"]["elsa"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return group


def check_page(page: Any, lang: str) -> None:
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("which", ["participants", "session", "feedback"])
def test_leaders_pages_have_no_wcag_aa_violations(page, live_server, calendar, which, lang, viewport):
    group = build(calendar, page, live_server)
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    first = group.activity.sessions.order_by("start").first()
    url = {
        "participants": reverse("group-participants", args=[group.uuid]),
        "session": reverse("group-session", args=[group.uuid, first.pk]),
        "feedback": reverse("group-feedback", args=[group.uuid]),
    }[which]
    assert page.goto(url).status == 200
    check_page(page, lang)


def test_the_printed_list_has_the_families_and_no_menus(page, live_server, calendar):
    group = build(calendar, page, live_server)
    page.goto(reverse("group-participants", args=[group.uuid]))
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".breadcrumbs").is_hidden()
    assert page.locator("table.participants").is_visible()
    assert page.locator("table.participants tbody tr").count() == 4


def test_attendance_is_saved_with_the_keyboard_only(page, live_server, calendar):
    group = build(calendar, page, live_server)
    set_language(page, live_server, "en")
    page.set_viewport_size(PHONE)
    first = group.activity.sessions.order_by("start").first()
    page.goto(reverse("group-session", args=[group.uuid, first.pk]))

    boxes = page.locator("table.attendance input[type=checkbox]")
    assert boxes.count() == 3  # the families with a place; the waiting one is not listed
    boxes.nth(0).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # adults: the number signed up with (1) is there already
    page.keyboard.press("Tab")
    page.keyboard.type("2")  # children
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the second family came too, with its 2 adults
    page.locator("textarea[name=notes]").focus()
    page.keyboard.type("Tutustuttiin.")
    page.locator("button[type=submit].primary").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    record = SessionRecord.objects.get(session=first)
    assert (record.families_present, record.adults_present, record.children_present) == (2, 1 + 2, 2)
    assert record.notes == "Tutustuttiin."
    assert page.locator("dd.families").inner_text() == "2"
