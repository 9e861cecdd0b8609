"""The template pages and "new group" in a real browser: axe-core finds no WCAG 2.1 A/AA
violation (also with errors shown), in Finnish and Swedish, on a desktop and a 360-px-wide
screen, and nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
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
from perhekeskus.network.seed import seed_lookups

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def sign_in(page: Any, live_server: Any, user: Any, lang: str) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    set_language(page, live_server, lang)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_are_accessible(page, live_server, calendar, lang, viewport):
    seed_lookups()
    call_command("load_programmes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.set_viewport_size(viewport)
    sign_in(page, live_server, calendar["people"]["cora"], lang)
    for path in ("/programmes/", "/programmes/perhevalmennus-espoo/", "/groups/new/?programme=ekavauva"):
        page.goto(path)
        assert page.url == live_server.url + path  # signed in: not sent to the login page
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path
        assert not overflows_horizontally(page), path
    # Errors: an empty first date on "new group", a session without a topic on a template.
    page.goto("/groups/new/?programme=ekavauva")
    page.locator("button[type=submit].primary").click()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []
    page.goto("/programmes/isaryhma/")
    page.fill("#id_sessions-0-topic_fi", "")
    page.locator("button[type=submit].primary").click()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page)
