"""The public sign-up API takes an `invitation` code: a targeted group needs one; a wrong,
used or missing code is a 400 on `invitation` with nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from perhekeskus.activities import services as activity_services
from perhekeskus.groups import codes, invitations
from perhekeskus.groups.models import Invitation, InvitationStatus, Signup
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def targeted(group):
    activity_services.activity_update(actor=None, activity=group.activity, data={"participation": "targeted"})
    return group


def body(n: int = 1, **more):
    return {"name": f"Perhe {n}", "email": f"p{n}@example.fi", "language": "fi", **more}


@time_machine.travel(NOW, tick=False)
def test_a_code_signs_a_family_up_once(calendar, targeted):
    _batch, [code] = invitations.invitations_issue(
        actor=None, group=targeted, count=1, organisation=calendar["orgs"]["city"]
    )
    api = client_for(calendar, None)
    path = f"/api/v1/groups/{targeted.uuid}/signups/"
    response = api.post(path, body(1, invitation=codes.printed(code)), format="json")
    assert response.status_code == 201, response.content
    assert Invitation.objects.get().status == InvitationStatus.USED
    again = api.post(path, body(2, invitation=code), format="json")
    assert again.status_code == 400
    assert again.json() == {"invitation": ["This invitation has already been used."]}
    assert Signup.objects.count() == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "This group can be joined only with an invitation."),
        ({"invitation": ""}, "This group can be joined only with an invitation."),
        ({"invitation": "ABCD-EFG-HJK"}, "This invitation code is not valid for this group."),
    ],
)
def test_without_a_valid_code_a_targeted_group_answers_400(calendar, targeted, extra, message):
    response = client_for(calendar, None).post(f"/api/v1/groups/{targeted.uuid}/signups/", body(**extra), format="json")
    assert response.status_code == 400
    assert response.json() == {"invitation": [message]}
    assert not Signup.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_bad_fields_are_reported_before_the_code_is_tried(calendar, targeted):
    response = client_for(calendar, None).post(
        f"/api/v1/groups/{targeted.uuid}/signups/", body(email="nope", invitation="ABCD-EFG-HJK"), format="json"
    )
    assert response.status_code == 400
    # The sign-up's own fields are checked first: the code is looked at only with good data.
    assert "email" in response.json()
    assert not Signup.objects.exists()
