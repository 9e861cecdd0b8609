"""The calendar's list and week views and the activity page in a real browser: axe-core
finds no WCAG 2.1 A/AA violation in Finnish and Swedish on a desktop and a 360-px-wide
screen, nothing scrolls sideways, the week's days stack on a phone, the headings run in
order, and the filters and week steps work from the keyboard."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from perhekeskus.activities import services
from perhekeskus.activities.tests.conftest import HELSINKI, make_activity
from perhekeskus.core.tests.browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    axe_violations,
    browser_fixture,
    overflows_horizontally,
    page_fixture,
    set_language,
)
from perhekeskus.network.models import Language, TargetGroup
from perhekeskus.network.seed import seed_lookups

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def this_monday() -> Any:
    today = timezone.now().astimezone(HELSINKI).date()
    return today - timedelta(days=today.weekday())


def build(calendar: dict[str, Any]) -> Any:
    """A weekly group this week with every kind of detail shown, one occurrence cancelled
    and one moved, so the checked pages carry all their markings."""
    seed_lookups()  # a transactional test starts from flushed tables
    monday = this_monday()
    first = datetime.combine(monday, time(17), tzinfo=HELSINKI)
    group = make_activity(
        calendar["orgs"]["mll"],
        title_fi="Isä–lapsi-ilta pitkällä nimellä, joka rivittyy kapealla näytöllä",
        title_sv="Pappa–barn-kväll",
        description_fi="Leikkiä ja iltapala.",
        place=calendar["park"],
        online=False,
        online_url="",
        start=first - timedelta(days=14),
        end=first - timedelta(days=14) + timedelta(hours=2),
        rrule="FREQ=WEEKLY;BYDAY=MO,WE,FR",
        age_min_months=12,
        age_max_months=72,
        languages=list(Language.objects.filter(code__in=["fi", "sv"])),
        target_groups=list(TargetGroup.objects.filter(code="fathers")),
        co_organisers=[calendar["orgs"]["city"]],
        signup_required=True,
        signup_url="https://example.fi/ilmo",
        cost="fee",
        cost_note_fi="2 €",
    )
    services.occurrence_change(
        actor=None, activity=group, original_start=first, kind="cancelled", notes={"fi": "Ohjaaja sairas"}
    )
    services.occurrence_change(
        actor=None,
        activity=group,
        original_start=first + timedelta(days=2),
        kind="moved",
        new_start=first + timedelta(days=3),
        new_end=first + timedelta(days=3, hours=2),
        notes={"fi": "Sali varattu", "sv": "Salen är bokad"},
    )
    return group


def url_of(which: str, group: Any) -> str:
    monday = this_monday().isoformat()
    return {
        "list": reverse("calendar") + f"?start={monday}&area=espoo",
        "week": reverse("calendar") + f"?view=week&start={monday}",
        "detail": reverse("activity-detail", args=[group.uuid]),
        "errors": reverse("calendar") + "?area=atlantis&age=99",
    }[which]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("which", ["list", "week", "detail", "errors"])
def test_page_has_no_wcag_aa_violations(page, live_server, calendar, which, lang, viewport):
    group = build(calendar)
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    response = page.goto(url_of(which, group))
    assert response.status == (400 if which == "errors" else 200)
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    if which in ("list", "week"):
        assert page.locator(".occurrence.is-cancelled").count() >= 1
        assert page.locator(".occurrence.is-moved").count() >= 1
    assert axe_violations(page) == []
    assert not overflows_horizontally(page), "the page scrolls sideways"
    levels = page.evaluate(
        "[...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"headings skip a level: {levels}"


@pytest.mark.parametrize(("viewport", "stacked"), [(PHONE, True), (DESKTOP, False)], ids=["360px", "desktop"])
def test_week_days_stack_on_a_phone_and_stand_side_by_side_on_a_desktop(page, live_server, calendar, viewport, stacked):
    group = build(calendar)
    page.set_viewport_size(viewport)
    page.goto(url_of("week", group))
    boxes = [page.locator(".week-day").nth(n).bounding_box() for n in range(7)]
    if stacked:
        assert all(b["x"] == boxes[0]["x"] for b in boxes)
        assert all(later["y"] > earlier["y"] for earlier, later in zip(boxes, boxes[1:], strict=False))
    else:
        assert all(b["y"] == boxes[0]["y"] for b in boxes)
        assert all(later["x"] > earlier["x"] for earlier, later in zip(boxes, boxes[1:], strict=False))
    assert not overflows_horizontally(page)


def test_calendar_works_from_the_keyboard(page, live_server, calendar):
    group = build(calendar)
    page.set_viewport_size(PHONE)
    page.goto(url_of("week", group))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Type a search and send it with Enter: the week view and the words are kept.
    page.focus("#id_q")
    page.keyboard.type("lapsi")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=lapsi**")
    assert "view=week" in page.url
    assert page.locator(".occ-title").count() >= 1

    # The next-week link is reached and followed from the keyboard.
    next_week = (this_monday() + timedelta(days=7)).isoformat()
    page.locator("a[rel=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**start={next_week}**")
    assert page.locator(".week-day").count() == 7

    # The checkbox toggles with the space bar and the filter is sent with the button.
    page.locator("#id_evenings_weekends").focus()
    page.keyboard.press("Space")
    assert page.is_checked("#id_evenings_weekends")
    page.locator(".form-actions button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**evenings_weekends=1**")
