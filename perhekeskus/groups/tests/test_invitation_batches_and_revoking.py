"""Invitation batches as services: e-mails all or nothing, the addresses kept only in the
outbox (and cleared with it), revoking one code or a batch's unused ones, counts without
personal data, and finding a group by a code only while the code is good."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.groups import codes, invitations, services
from perhekeskus.groups.models import Invitation, InvitationBatch, InvitationStatus
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import OutgoingMessage

pytestmark = pytest.mark.django_db
NOW = "2026-12-01 09:00 +02:00"


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


@time_machine.travel(NOW, tick=False)
def test_invite_by_email_queues_one_message_a_code_and_stores_no_address(group, calendar):
    batch = invitations.invite_by_email(
        actor=calendar["people"]["pia"],
        group=group,
        emails=["aino@example.fi", "ville@example.fi"],
        organisation=calendar["orgs"]["city"],
        language="sv",
    )
    assert (batch.count, batch.channel, batch.kind) == (2, "email", "personal")
    sent = OutgoingMessage.objects.order_by("id")
    assert [m.to for m in sent] == ["aino@example.fi", "ville@example.fi"]
    assert {m.language for m in sent} == {"sv"}
    # Each message carries its own code, and that code is one of the batch's.
    hashes = {codes.code_hash(m.context["code"]) for m in sent}
    assert hashes == set(batch.invitations.values_list("code_hash", flat=True))
    # The batch keeps no address.
    assert "example.fi" not in str(list(InvitationBatch.objects.values()))
    # … and once the outbox is cleared, neither address nor code is left anywhere.
    OutgoingMessage.objects.update(status="sent", sent_at=timezone.now() - timedelta(days=400))
    messaging.clear_old()
    assert not OutgoingMessage.objects.exclude(to="").exists()
    assert not OutgoingMessage.objects.exclude(context={}).exists()


@time_machine.travel(NOW, tick=False)
def test_one_bad_address_stops_the_whole_batch(group, calendar):
    with pytest.raises(ValidationError) as exc:
        invitations.invite_by_email(
            actor=None,
            group=group,
            emails=["aino@example.fi", "aino@", "", "Aino@Example.fi"],
            organisation=calendar["orgs"]["city"],
        )
    assert exc.value.message_dict == {
        "emails": ["aino@ is not a valid e-mail address.", "Aino@Example.fi is listed twice."]
    }
    assert not InvitationBatch.objects.exists() and not OutgoingMessage.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_volunteer_or_an_outsider_cannot_invite(group, calendar):
    for person in ("vilja", "otto"):
        with pytest.raises(PermissionDenied):
            invitations.invite_by_email(
                actor=calendar["people"][person],
                group=group,
                emails=["a@example.fi"],
                organisation=calendar["orgs"]["city"],
            )
    assert not OutgoingMessage.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_print_is_for_letters_and_codes_only(group, calendar):
    with pytest.raises(ValidationError) as exc:
        invitations.invitations_print(
            actor=None, group=group, count=2, organisation=calendar["orgs"]["city"], channel="email"
        )
    assert "channel" in exc.value.message_dict
    batch, issued = invitations.invitations_print(
        actor=None, group=group, count=2, organisation=calendar["orgs"]["city"], channel="code"
    )
    assert batch.channel == "code" and len(issued) == 2


@time_machine.travel(NOW, tick=False)
def test_revoking_one_code_and_a_batch(group, calendar):
    batch, issued = invitations.invitations_print(
        actor=None, group=group, count=3, organisation=calendar["orgs"]["city"]
    )
    services.signup_create(group=group, data={"name": "A", "email": "a@example.fi"}, invitation_code=issued[0])
    used = Invitation.objects.get(code_hash=codes.code_hash(issued[0]))
    one = Invitation.objects.get(code_hash=codes.code_hash(issued[1]))
    pia = calendar["people"]["pia"]
    with pytest.raises(ValidationError):
        invitations.invitation_revoke(actor=pia, invitation=used)
    invitations.invitation_revoke(actor=pia, invitation=one)
    with pytest.raises(PermissionDenied):
        invitations.batch_revoke(actor=calendar["people"]["otto"], batch=batch)
    assert invitations.batch_revoke(actor=pia, batch=batch) == 1
    assert invitations.batch_revoke(actor=pia, batch=batch) == 0
    [summary] = invitations.batch_summary(group)
    assert (summary.issued, summary.used, summary.revoked) == (0, 1, 2)  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(batch.uuid), actor=pia).count() == 2


def test_a_code_finds_its_group_only_while_it_is_good(group, calendar):
    with time_machine.travel(NOW, tick=False):
        _batch, issued = invitations.invitations_issue(
            actor=None, group=group, count=2, organisation=calendar["orgs"]["city"]
        )
        assert invitations.group_for_code(codes.printed(issued[0]).lower()) == group
        assert invitations.group_for_code("ABCD-EFG-HJK") is None
        assert invitations.group_for_code("") is None
        Invitation.objects.filter(code_hash=codes.code_hash(issued[1])).update(status=InvitationStatus.USED)
        assert invitations.group_for_code(issued[1]) is None
    # Codes are good until the first session (12 January 2027, 10:00 Helsinki time).
    with time_machine.travel("2027-01-12 10:00 +02:00", tick=False):
        assert invitations.group_for_code(issued[0]) is None
