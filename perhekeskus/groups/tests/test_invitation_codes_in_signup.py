"""A targeted group takes sign-ups only with a valid, unused invitation code; a code works once."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from perhekeskus.groups import codes, invitations, services
from perhekeskus.groups.models import Invitation, InvitationKind, InvitationStatus, Signup
from perhekeskus.groups.tests.conftest import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


NOW = "2026-12-01 09:00 +02:00"


def family(email: str = "a@example.fi") -> dict[str, Any]:
    return {"name": "Aino", "email": email, "language": "fi"}


@pytest.fixture
def targeted(calendar: dict[str, Any]) -> Any:
    group = make_group(calendar["orgs"]["city"], calendar["park"])
    activity = group.activity
    activity.participation = "targeted"
    activity.save(update_fields=["participation"])
    return group


@time_machine.travel(NOW, tick=False)
def test_targeted_group_refuses_a_family_without_a_code(targeted: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.signup_create(group=targeted, data=family())
    assert "invitation" in exc.value.message_dict
    assert Signup.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a_code_signs_up_once_and_is_marked_used(targeted: Any, calendar: dict[str, Any]) -> None:
    batch, issued = invitations.invitations_issue(
        actor=None, group=targeted, count=3, organisation=calendar["orgs"]["clinic"]
    )
    assert len(set(issued)) == 3 and batch.invitations.count() == 3
    # Typed from the letter: lower case, with the printed dashes.
    signup, _secret = services.signup_create(
        group=targeted, data=family(), invitation_code=codes.printed(issued[0]).lower()
    )
    invitation = Invitation.objects.get(signup=signup)
    assert invitation.status == InvitationStatus.USED
    with pytest.raises(ValidationError) as exc:
        services.signup_create(group=targeted, data=family("b@example.fi"), invitation_code=issued[0])
    assert exc.value.message_dict["invitation"] == ["This invitation has already been used."]
    assert Signup.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_wrong_revoked_and_other_groups_codes_are_refused(targeted: Any, calendar: dict[str, Any]) -> None:
    other = make_group(calendar["orgs"]["city"], calendar["park"])
    _batch, other_codes = invitations.invitations_issue(
        actor=None, group=other, count=1, organisation=calendar["orgs"]["city"]
    )
    _batch, mine = invitations.invitations_issue(
        actor=None, group=targeted, count=1, organisation=calendar["orgs"]["city"]
    )
    Invitation.objects.filter(group=targeted).update(status=InvitationStatus.REVOKED)
    for code, message in [
        ("NOPE-NOP-NOP", "This invitation code is not valid for this group."),
        (other_codes[0], "This invitation code is not valid for this group."),
        (mine[0], "This invitation is no longer valid."),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.signup_create(group=targeted, data=family(), invitation_code=code)
        assert exc.value.message_dict["invitation"] == [message]
    assert Signup.objects.count() == 0


def test_expired_code_is_refused(targeted: Any, calendar: dict[str, Any]) -> None:
    with time_machine.travel(NOW, tick=False):
        _batch, issued = invitations.invitations_issue(
            actor=None, group=targeted, count=1, organisation=calendar["orgs"]["city"]
        )
    # The codes are valid until the first session starts (no sign-up window was set).
    with time_machine.travel("2027-01-12 10:30 +02:00", tick=False), pytest.raises(ValidationError) as exc:
        services.signup_create(group=targeted, data=family(), invitation_code=issued[0])
    assert exc.value.message_dict["invitation"] == ["This invitation has expired."]


@time_machine.travel(NOW, tick=False)
def test_a_failed_signup_leaves_the_code_unused(targeted: Any, calendar: dict[str, Any]) -> None:
    _batch, issued = invitations.invitations_issue(
        actor=None, group=targeted, count=1, organisation=calendar["orgs"]["city"]
    )
    with pytest.raises(ValidationError):
        services.signup_create(group=targeted, data={**family(), "email": "not-an-address"}, invitation_code=issued[0])
    assert Invitation.objects.get().status == InvitationStatus.ISSUED


@time_machine.travel(NOW, tick=False)
def test_issuing_checks_its_input_and_stores_nothing_on_error(targeted: Any, calendar: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        invitations.invitations_issue(
            actor=None,
            group=targeted,
            count=0,
            organisation=calendar["orgs"]["clinic"],
            kind=InvitationKind.COHORT,
            channel="pigeon",
        )
    assert set(exc.value.message_dict) == {"count", "kind", "channel"}
    assert Invitation.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_open_group_accepts_families_with_or_without_a_code(group: Any, calendar: dict[str, Any]) -> None:
    _batch, issued = invitations.invitations_issue(
        actor=None, group=group, count=1, organisation=calendar["orgs"]["clinic"]
    )
    services.signup_create(group=group, data=family())
    signup, _ = services.signup_create(group=group, data=family("b@example.fi"), invitation_code=issued[0])
    assert Invitation.objects.get().signup == signup


@time_machine.travel(NOW, tick=False)
def test_who_may_invite_on_behalf_of_whom(targeted: Any, network: dict[str, Any]) -> None:
    people, orgs = network["people"], network["orgs"]
    # Pia (a professional of the city, Espoo) may invite for the city; Otto (Salo's parish) may not.
    invitations.invitations_issue(actor=people["pia"], group=targeted, count=1, organisation=orgs["city"])
    with pytest.raises(ValidationError):
        invitations.invitations_issue(actor=people["pia"], group=targeted, count=1, organisation=orgs["parish"])
    with pytest.raises(PermissionDenied):
        invitations.invitations_issue(actor=people["otto"], group=targeted, count=1, organisation=orgs["parish"])
