"""axe-core finds no WCAG 2.1 A/AA violation on the editors' pages, in Finnish and Swedish,
on a desktop and a 360-px-wide screen; the form works without JavaScript and shows its errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from perhekeskus.activities.models import Activity
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

# Autumn 2026: the café and the fathers' evenings wait for confirmation, the spring party has ended.
NOW = datetime(2026, 9, 15, 9, tzinfo=UTC)


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def url_of(which: str, calendar: dict[str, Any]) -> str:
    cafe = calendar["cafe"]
    return {
        "new": "/editor/activities/new/",
        "edit": f"/editor/activities/{cafe.uuid}/edit/",
        "activity": f"/editor/activities/{cafe.uuid}/",
        "list": "/editor/activities/",
        "dashboard": "/dashboard/",
    }[which]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("which", ["new", "edit", "activity", "list", "dashboard"])
def test_editor_page_has_no_wcag_aa_violations(page, live_server, calendar, which, lang, viewport):
    seed_lookups()  # a transactional test starts from flushed tables
    with time_machine.travel(NOW, tick=True):
        sign_in(page, live_server, calendar["people"]["cora"])
        page.set_viewport_size(viewport)
        set_language(page, live_server, lang)
        page.goto(url_of(which, calendar))
        assert page.get_attribute("html", "lang") == lang
        assert page.locator("h1").count() == 1
        if which == "dashboard":
            assert page.locator(".activities-unconfirmed li").count() == 2
            assert page.locator(".activities-ended li").count() == 1
        assert axe_violations(page) == []
        assert not overflows_horizontally(page), "the page scrolls sideways"


def _fill_new_activity(page: Any, calendar: dict[str, Any], *, start: str, end: str) -> None:
    page.goto("/editor/activities/new/")
    page.fill("#id_title_fi", "Vauvakahvila")
    page.select_option("#id_place", str(calendar["cafe_place"].pk))
    page.fill("#id_date", "2026-09-01")
    page.fill("#id_start_time", start)
    page.fill("#id_end_time", end)
    page.check("#id_repeat_1")  # every week
    page.click("button[name=status_action][value=publish]")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_form_with_errors_is_accessible_and_saves_nothing(page, live_server, calendar, lang, viewport):
    seed_lookups()
    sign_in(page, live_server, calendar["people"]["eddie"])
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    before = Activity.objects.count()
    _fill_new_activity(page, calendar, start="12:00", end="10:00")
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#id_end_time_error").count() == 1
    assert Activity.objects.count() == before
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"


def test_an_activity_is_published_without_javascript(browser, live_server, calendar, settings):
    seed_lookups()
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, calendar["people"]["eddie"])
        _fill_new_activity(page, calendar, start="10:00", end="12:00")
        created = Activity.objects.get(title_fi="Vauvakahvila")
        assert (created.status, created.rrule) == ("published", "FREQ=WEEKLY;BYDAY=TU")
        assert page.url.endswith(f"/editor/activities/{created.uuid}/")
    finally:
        context.close()
