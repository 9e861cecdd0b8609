"""Invitations through the API, as every person of the cast and nobody signed in.

Espoo city's group may be invited to by those who run it (Ada, Cora, Elsa), the city's
professional Pia, and MLL's editor Eddie (an organisation in the same municipality).
Vilja (MLL's volunteer) and Otto (Salo parish) get 403, anonymous 401. Codes of letters
and handed-over codes are in the 201 answer only; e-mailed ones go to the families alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from perhekeskus.groups import codes, invitations, services
from perhekeskus.groups.models import Invitation, InvitationBatch, InvitationStatus
from perhekeskus.network.tests.api_support import CAST, client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PEOPLE = [*CAST, None]
INVITERS = {"ada", "cora", "elsa", "pia", "eddie"}
HOME = {"ada": "espoo", "cora": "espoo", "elsa": "espoo", "pia": "espoo", "eddie": "mll-espoo"}


def expected(person: str | None, success: int) -> int:
    if person is None:
        return 401
    return success if person in INVITERS else 403


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_letters_matrix(calendar, group, person):
    response = client_for(calendar, person).post(
        f"/api/v1/groups/{group.uuid}/invitations/", {"count": 3, "channel": "letter", "language": "sv"}, format="json"
    )
    assert response.status_code == expected(person, 201), response.content
    if response.status_code != 201:
        assert not InvitationBatch.objects.exists()
        return
    data = response.json()
    batch = InvitationBatch.objects.get(uuid=data["id"])
    assert (data["channel"], data["kind"], data["count"], data["language"]) == ("letter", "personal", 3, "sv")
    # The organisation defaults to the one the token may invite for.
    assert data["organisation"] == HOME[person]
    assert len(data["codes"]) == 3
    assert {codes.code_hash(c) for c in data["codes"]} == set(batch.invitations.values_list("code_hash", flat=True))


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_batches_list_matrix(calendar, group, person):
    _batch, issued = invitations.invitations_issue(
        actor=None, group=group, count=2, organisation=calendar["orgs"]["clinic"]
    )
    services.signup_create(group=group, data={"name": "A", "email": "a@example.fi"}, invitation_code=issued[0])
    response = client_for(calendar, person).get(f"/api/v1/groups/{group.uuid}/invitations/")
    assert response.status_code == expected(person, 200)
    if response.status_code == 200:
        [row] = response.json()["data"]
        assert (row["count"], row["issued"], row["used"], row["revoked"]) == (2, 1, 1, 0)
        assert row["organisation"] == "espoo-clinic"
        assert "codes" not in row


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_revoke_matrix(calendar, group, person):
    # A batch of the city: whoever may invite for the city, or runs the group, revokes it.
    batch, _codes = invitations.invitations_issue(
        actor=None, group=group, count=2, organisation=calendar["orgs"]["city"]
    )
    response = client_for(calendar, person).post(f"/api/v1/invitation-batches/{batch.uuid}/revoke/")
    may = {"ada", "cora", "elsa", "pia"}  # Eddie invites for MLL, not for the city's batch
    want = 401 if person is None else (200 if person in may else 403)
    assert response.status_code == want, response.content
    revoked = Invitation.objects.filter(status=InvitationStatus.REVOKED).count()
    if want == 200:
        assert response.json()["revoked"] == 2 and revoked == 2
    else:
        assert revoked == 0


@time_machine.travel(NOW, tick=False)
def test_emails_are_sent_and_their_codes_not_shown(calendar, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(calendar, "pia").post(
            f"/api/v1/groups/{group.uuid}/invitations/",
            {"emails": ["a@example.fi", "b@example.fi"], "language": "en", "note": "Welcome!"},
            format="json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "email" and response.json()["codes"] == []
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.fi", "b@example.fi"]
    assert all(m.subject.startswith("Invitation") for m in mail.outbox)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"emails": ["a@example.fi", "nope", "A@example.fi"]}, "emails"),
        ({"emails": []}, "emails"),
        ({"channel": "email"}, "emails"),
        ({"channel": "letter"}, "count"),
        ({"count": 0, "channel": "code"}, "count"),
        ({"count": 501, "channel": "code"}, "count"),
        ({"count": 2, "channel": "letter", "kind": "cohort"}, "kind"),
        ({"count": 2, "channel": "letter", "organisation": "salo-parish"}, "organisation"),
        ({"count": 2, "channel": "letter", "language": "de"}, "language"),
        ({"count": 2, "channel": "letter", "due_from": "2027-03-01", "due_to": "2027-01-01"}, "due_to"),
        ({"count": 2, "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_made(calendar, group, payload, field):
    response = client_for(calendar, "cora").post(f"/api/v1/groups/{group.uuid}/invitations/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not InvitationBatch.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_per_address_errors_name_each_address(calendar, group):
    response = client_for(calendar, "cora").post(
        f"/api/v1/groups/{group.uuid}/invitations/",
        {"emails": ["a@example.fi", "nope", "A@example.fi"]},
        format="json",
    )
    assert response.json() == {"emails": ["nope is not a valid e-mail address.", "A@example.fi is listed twice."]}


@time_machine.travel(NOW, tick=False)
def test_a_cohort_from_the_api(calendar, group):
    response = client_for(calendar, "cora").post(
        f"/api/v1/groups/{group.uuid}/invitations/",
        {
            "count": 2,
            "channel": "letter",
            "kind": "cohort",
            "area": "matinkyla",
            "due_from": "2027-01-01",
            "due_to": "2027-03-31",
            "first_time_parents": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["area"], data["due_from"], data["first_time_parents"]) == (
        "cohort",
        "matinkyla",
        "2027-01-01",
        True,
    )
