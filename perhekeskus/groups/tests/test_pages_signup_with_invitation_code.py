"""A family joins a group by invitation: the e-mail's link fills the code in, a targeted
group's page asks for the code, "I have an invitation code" finds the group, and a wrong,
used or expired code gets a clear message beside the field with nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.activities import services as activity_services
from perhekeskus.groups import codes, invitations
from perhekeskus.groups.models import Invitation, InvitationStatus, Signup
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.groups.tests.test_pages_signup import form

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def english(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def targeted(group: Any) -> Any:
    activity_services.activity_update(actor=None, activity=group.activity, data={"participation": "targeted"})
    return group


def issue(group: Any, calendar: dict[str, Any], count: int = 2) -> list[str]:
    with time_machine.travel(NOW, tick=False):
        _batch, issued = invitations.invitations_issue(
            actor=None, group=group, count=count, organisation=calendar["orgs"]["clinic"]
        )
    return issued


def url(group: Any) -> str:
    return reverse("group-signup", args=[group.uuid])


@time_machine.travel(NOW, tick=False)
def test_the_link_in_the_email_fills_in_the_code(client, targeted, calendar):
    code = issue(targeted, calendar)[0]
    page = client.get(url(targeted), {"code": code}).content.decode()
    assert "This group is by invitation: enter the code from your letter or e-mail." in page
    assert f'name="invitation" value="{codes.printed(code)}"' in page
    assert "required" in page.split('name="invitation"')[1].split(">")[0]


@time_machine.travel(NOW, tick=False)
def test_a_family_signs_up_for_a_targeted_group_with_its_code(client, targeted, calendar):
    code = issue(targeted, calendar)[0]
    response = client.post(url(targeted), form(1, invitation=codes.printed(code).lower()))
    assert response.status_code == 303
    signup = Signup.objects.get()
    assert Invitation.objects.get(signup=signup).status == InvitationStatus.USED


@pytest.mark.parametrize("case", ["wrong", "used", "revoked", "another_groups", "missing"])
def test_a_bad_code_is_explained_beside_the_field_and_nothing_is_stored(client, targeted, calendar, case):
    mine = issue(targeted, calendar)
    messages = {
        "wrong": ("NOPE-NOP-NOP", "This invitation code is not valid for this group."),
        "used": (mine[0], "This invitation has already been used."),
        "revoked": (mine[1], "This invitation is no longer valid."),
        "missing": ("", "Enter the code from your invitation letter or e-mail."),
    }
    with time_machine.travel(NOW, tick=False):
        if case == "used":
            assert client.post(url(targeted), form(9, invitation=mine[0])).status_code == 303
        if case == "revoked":
            Invitation.objects.filter(code_hash=codes.code_hash(mine[1])).update(status=InvitationStatus.REVOKED)
        if case == "another_groups":
            elsewhere = make_group(calendar["orgs"]["city"], calendar["park"])
            messages[case] = (issue(elsewhere, calendar)[0], "This invitation code is not valid for this group.")
        before = Signup.objects.count()
        code, message = messages[case]
        response = client.post(url(targeted), form(1, invitation=code))
    assert response.status_code == 400
    page = response.content.decode()
    label = page.split('for="id_invitation"')[1].split("</label>")[0]
    assert message in label
    assert 'aria-invalid="true"' in page.split('name="invitation"')[1].split(">")[0]
    assert Signup.objects.count() == before


def test_an_expired_code_is_refused(client, targeted, calendar):
    code = issue(targeted, calendar)[0]
    # The codes are valid until the group's first session, on 12 January 2027.
    with time_machine.travel(datetime(2027, 1, 12, 9, tzinfo=UTC), tick=False):
        response = client.post(url(targeted), form(1, invitation=code))
    assert response.status_code == 400
    assert "This invitation has expired." in response.content.decode()
    assert not Signup.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_an_open_group_shows_no_code_field_unless_a_link_brings_one(client, group, calendar):
    assert 'name="invitation"' not in client.get(url(group)).content.decode()
    code = issue(group, calendar)[0]
    page = client.get(url(group), {"code": code}).content.decode()
    assert f'name="invitation" value="{codes.printed(code)}"' in page
    assert client.post(url(group), form(1, invitation=code)).status_code == 303
    assert Invitation.objects.get(code_hash=codes.code_hash(code)).signup == Signup.objects.get()


@time_machine.travel(NOW, tick=False)
def test_i_have_a_code_finds_the_group_and_goes_to_its_sign_up(client, targeted, calendar):
    code = issue(targeted, calendar)[0]
    enter = reverse("invitation-enter")
    page = client.get(enter)
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    response = client.post(enter, {"code": codes.printed(code).lower()})
    assert response.status_code == 303
    assert response["Location"] == f"{url(targeted)}?code={codes.printed(code)}"
    assert client.get(response["Location"]).status_code == 200


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("case", ["wrong", "used", "revoked", "short"])
def test_i_have_a_code_says_only_not_valid_for_any_bad_code(client, targeted, calendar, case):
    mine = issue(targeted, calendar)
    if case == "used":
        client.post(url(targeted), form(1, invitation=mine[0]))
    if case == "revoked":
        invitations.batch_revoke(actor=None, batch=Invitation.objects.first().batch)  # type: ignore[union-attr]
    code = {"wrong": "ABCD-EFG-HJK", "used": mine[0], "revoked": mine[1], "short": "ABC"}[case]
    response = client.post(reverse("invitation-enter"), {"code": code})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This invitation code is not valid." in page
    for hint in ("already been used", "no longer valid", "expired"):
        assert hint not in page


@time_machine.travel(NOW, tick=False)
def test_the_activity_pages_sign_up_box_says_by_invitation(client, targeted, group):
    page = client.get(reverse("activity-detail", args=[targeted.activity.uuid])).content.decode()
    box = page.split('class="signup-box"')[1].split("</section>")[0]
    assert "By invitation" in box and "Sign up with your invitation code" in box
