"""The nurse's pages in a real browser: the work list with an alert, a family side by
side and the new-family form with its errors are axe-clean (WCAG 2.1 A/AA) in Finnish
and English on a desktop and a 360-px screen, where wide tables scroll in their own box."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
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
from perhekeskus.wellbeing import services

from .conftest import epds_answers, make_family, send

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def build(clinic: dict[str, Any], page: Any, live_server: Any) -> Any:
    today = timezone.localdate()
    family = make_family(clinic, label="Pitkänimi-Esimerkki, Kotikatu 12", due=today - timedelta(days=100))
    send(family, 1, "pregnancy", epds_answers(9))
    send(family, 2, "pregnancy", epds_answers(3))
    services.family_birth_record(actor=None, family=family, birth_date=today - timedelta(days=98))
    send(family, 1, "2-3-months", epds_answers(14, item10=1))
    make_family(clinic, label="Aalto", due=today + timedelta(days=90))
    client = Client()
    client.force_login(clinic["people"]["pia"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return family


def check_page(page: Any, lang: str) -> None:
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_nurse_pages_are_accessible(clinic, page, live_server, lang, viewport):
    family = build(clinic, page, live_server)
    set_language(page, live_server, lang)
    page.set_viewport_size(viewport)

    page.goto("/wellbeing/")
    check_page(page, lang)
    assert page.locator(".alert-list tbody tr").count() == 1

    page.goto(f"/wellbeing/families/{family.uuid}/")
    check_page(page, lang)
    assert page.locator("table.scores").count() == 2  # EPDS and AUDIT-C

    page.goto("/wellbeing/families/new/")
    page.fill("#id_label", "")
    page.fill("#id_due_date", "2000-01-01")
    page.click("button.primary")
    assert page.locator(".error-summary").is_visible()
    check_page(page, lang)
