"""Pages showing a group's sessions in Chromium: axe-core finds no WCAG 2.1 A/AA
violation (fi and sv, desktop and 360 px) and nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from perhekeskus.activities.models import Activity
from perhekeskus.activities.tests.test_sessions_on_the_pages import training_group
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

NOW = "2026-03-20 12:00 +02:00"


@pytest.fixture
def training(db: Any, calendar: dict[str, Any]) -> Activity:
    seed_lookups()  # a transactional test starts from flushed tables
    return training_group(calendar)


def url_of(which: str, activity: Activity) -> str:
    return {
        "list": reverse("calendar") + "?start=2026-03-23&end=2026-04-12",
        "week": reverse("calendar") + "?view=week&start=2026-03-30",
        "activity": reverse("activity-detail", args=[activity.uuid]),
        "print": reverse("calendar-print") + "?area=espoo&start=2026-01-01&end=2026-07-31",
    }[which]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("which", ["list", "week", "activity", "print"])
def test_pages_with_sessions_have_no_wcag_aa_violations(page, live_server, training, which, lang, viewport):
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    with time_machine.travel(NOW, tick=False):
        page.goto(url_of(which, training))
        assert page.get_attribute("html", "lang") == lang
        if which == "print":
            assert page.locator(".sessions li").count() == 3
        else:
            assert page.locator(".occ-session").count() >= 1
        assert axe_violations(page) == []
        assert not overflows_horizontally(page), "the page scrolls sideways"
