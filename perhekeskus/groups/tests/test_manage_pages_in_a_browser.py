"""The organisers' group pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation
on "My groups", the dashboard's groups, the group page (with a decision due, and with form errors), a session's
form and the decision's confirmation, in Finnish and Swedish, on a desktop and a
360-px-wide screen, and nothing scrolls sideways."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
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
from perhekeskus.groups import facilitators, services
from perhekeskus.groups.models import Group
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.network.seed import seed_lookups

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def build(calendar: dict[str, Any]) -> Group:
    seed_lookups()  # a transactional test starts from flushed tables
    group = make_group(calendar["orgs"]["city"], calendar["park"], capacity=4, minimum=3)
    make_group(calendar["orgs"]["mll"], calendar["cafe_place"])  # a nearby group to merge into
    Group.objects.filter(pk=group.pk).update(decision_date=timezone.localdate() - timedelta(days=1))
    services.signup_create(group=group, data={"name": "Eka", "email": "eka@example.fi"})
    facilitators.facilitators_set(
        actor=None,
        group=group,
        facilitators=[{"name": "Pia", "organisation": calendar["orgs"]["city"], "kind": "professional"}],
    )
    return group


def log_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def check(page: Any, where: str) -> None:
    assert page.locator("h1").count() == 1, where
    assert axe_violations(page) == [], where
    assert not overflows_horizontally(page), where


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_group_pages_are_accessible(calendar, page, live_server, lang, viewport):
    group = build(calendar)
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    log_in(page, live_server, calendar["people"]["elsa"])

    page.goto(reverse("my-groups"))
    check(page, "my groups")
    assert page.locator(".decision-due").count() == 1

    page.goto(reverse("dashboard"))
    check(page, "dashboard with its groups")
    assert page.locator("#groups-heading ~ ul .decision-due").count() == 1

    page.goto(reverse("group-manage", args=[group.uuid]))
    check(page, "group page")

    page.check("input[name='decision-decision'][value='cancel']")
    page.locator("#decision-heading ~ form button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator(".field-error").count() >= 1
    check(page, "decision with errors")

    page.check("input[name='decision-decision'][value='start']")
    page.locator("#decision-heading ~ form button[type='submit']").click()
    page.wait_for_load_state()
    check(page, "confirmation")

    session = group.activity.sessions.order_by("start").first()
    page.goto(reverse("group-manage-session", args=[group.uuid, session.pk]))
    check(page, "session form")
