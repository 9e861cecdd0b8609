"""Invitations in a real browser: a targeted group's sign-up with the code from a letter
(the form, a wrong code, the result), "I have an invitation code" and the activity page's
"by invitation" box are axe-clean in Finnish and Swedish on a desktop and a 360-px screen;
the professionals' invitations page too; and the letters' print page prints to a PDF
with exactly one letter a page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from perhekeskus.activities import services as activity_services
from perhekeskus.core.tests.browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    axe_violations,
    browser_fixture,
    page_fixture,
    set_language,
)
from perhekeskus.groups import codes, invitations
from perhekeskus.groups.models import Invitation, InvitationStatus, Signup
from perhekeskus.groups.tests.test_browser_groups import build, check_page, fill

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def targeted(calendar: dict[str, Any]) -> Any:
    group = build(calendar)
    activity_services.activity_update(actor=None, activity=group.activity, data={"participation": "targeted"})
    group.activity.refresh_from_db()
    return group


def issue(group: Any, count: int = 2) -> list[str]:
    _batch, issued = invitations.invitations_issue(
        actor=None, group=group, count=count, organisation=group.activity.organisation
    )
    return issued


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("which", ["form", "wrong_code", "result", "enter", "box"])
def test_joining_by_invitation_has_no_wcag_aa_violations(page, live_server, calendar, which, lang, viewport):
    group = targeted(calendar)
    code = issue(group)[0]
    page.set_viewport_size(viewport)
    set_language(page, live_server, lang)
    if which == "box":
        assert page.goto(reverse("activity-detail", args=[group.activity.uuid])).status == 200
        assert page.locator(f".signup-box a[href='{reverse('group-signup', args=[group.uuid])}']").count() == 1
        check_page(page, lang)
        return
    if which == "enter":
        assert page.goto(reverse("invitation-enter")).status == 200
        check_page(page, lang)
        page.fill("#id_code", "abcd-efg-hjk")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert page.locator("#id_code[aria-invalid=true]").count() == 1
        check_page(page, lang)
        page.fill("#id_code", code.lower())
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert "/sign-up/" in page.url
        assert page.input_value("#id_invitation") == codes.printed(code)
        check_page(page, lang)
        return
    url = reverse("group-signup", args=[group.uuid])
    assert page.goto(f"{url}?code={code}" if which != "wrong_code" else url).status == 200
    assert page.locator(".notice.state").count() == 1
    if which == "wrong_code":
        page.fill("#id_invitation", "ABCD-EFG-HJK")
    if which in ("wrong_code", "result"):
        fill(page, email="maija@example.fi")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
    if which == "wrong_code":
        assert page.locator("#id_invitation[aria-invalid=true]").count() == 1
        assert page.locator(".error-summary").count() == 1
        assert not Signup.objects.exists()
    if which == "result":
        assert "/signups/" in page.url
        assert Invitation.objects.get(code_hash=codes.code_hash(code)).status == InvitationStatus.USED
    check_page(page, lang)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_the_invitations_page_has_no_wcag_aa_violations(page, live_server, calendar, viewport):
    group = targeted(calendar)
    invitations.invitations_issue(actor=None, group=group, count=3, organisation=calendar["orgs"]["clinic"])
    sign_in(page, live_server, calendar["people"]["cora"])
    page.set_viewport_size(viewport)
    set_language(page, live_server, "fi")
    assert page.goto(reverse("group-invitations", args=[group.uuid])).status == 200
    check_page(page, "fi")
    # The e-mail form with errors, too.
    page.fill("#id_email-emails", "not-an-address")
    with page.expect_navigation():
        page.click("form:has(input[value=email]) button[type=submit]")
    assert page.locator("#id_email-emails[aria-invalid=true]").count() == 1
    check_page(page, "fi")


def test_the_letters_print_one_letter_a_page(page, live_server, calendar):
    group = targeted(calendar)
    sign_in(page, live_server, calendar["people"]["pia"])
    set_language(page, live_server, "fi")
    page.goto(reverse("group-invitations", args=[group.uuid]))
    page.fill("#id_letters-count", "3")
    page.check("#id_letters-language_1")  # the letters in Swedish
    with page.expect_navigation():
        page.click("form:has(input[value=letters]) button[type=submit]")
    assert page.locator("section.letter").count() == 3
    assert page.locator("section.letter[lang=sv]").count() == 3
    printed = page.locator("section.letter .code").all_inner_texts()
    assert len(set(printed)) == 3 and all(re.fullmatch(r"\w{4}-\w{3}-\w{3}", c) for c in printed)
    check_page(page, "fi")

    page.emulate_media(media="print")
    breaks = page.evaluate("[...document.querySelectorAll('section.letter')].map(s => getComputedStyle(s).breakAfter)")
    assert breaks == ["page", "page", "auto"]
    assert page.evaluate("getComputedStyle(document.querySelector('.print-controls')).display") == "none"
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 3, f"{pages} pages for 3 letters"


def test_the_page_breaks_not_the_letters_length_put_each_letter_on_its_own_page(page, live_server, calendar):
    """The PDF check can fail: short letters (the sessions left out) still print one a page,
    and with the page breaks taken away the same three letters share a page."""
    group = targeted(calendar)
    sign_in(page, live_server, calendar["people"]["pia"])
    page.goto(reverse("group-invitations", args=[group.uuid]))
    page.fill("#id_letters-count", "3")
    with page.expect_navigation():
        page.click("form:has(input[value=letters]) button[type=submit]")
    page.add_style_tag(content="@media print { .letter .sessions, .letter .meta { display: none; } }")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4"))) == 3
    page.add_style_tag(content="@media print { .letter { break-after: auto !important; } }")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4"))) < 3
