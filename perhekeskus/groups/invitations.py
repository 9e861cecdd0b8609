"""Invitations to groups: the one home for issuing and using them.

A batch of one-time codes is issued for a group by a professional (personal
invitations) or a clinic (a whole cohort); each code is shown once — in the e-mail's
link or the printed letter — and only its hash is kept. `use_invitation` is called by
`services.signup_create` inside its locked transaction, so a code is used at most once
even when two families type it at the same moment.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.core import audit
from perhekeskus.core.writes import require
from perhekeskus.groups import access, codes
from perhekeskus.groups.models import (
    Group,
    Invitation,
    InvitationBatch,
    InvitationChannel,
    InvitationKind,
    InvitationStatus,
    Signup,
)
from perhekeskus.network.models import Area, Organisation

MAX_BATCH = 500


def default_expiry(group: Group) -> datetime | None:
    """Codes are valid until sign-up closes, or else until the first session starts."""
    return group.enrolment_closes or group.activity.start


@transaction.atomic
def invitations_issue(
    *,
    actor: Any,
    group: Group,
    count: int,
    organisation: Organisation,
    kind: str = InvitationKind.PERSONAL,
    channel: str = InvitationChannel.EMAIL,
    language: str = "fi",
    area: Area | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    first_time_parents: bool = False,
    note: str = "",
    expires_at: datetime | None = None,
    source: str = "",
) -> tuple[InvitationBatch, list[str]]:
    """Issue `count` one-time codes for `group`; returns the batch and the codes (shown once).

    `actor=None` is a trusted system command (e.g. opening a group for an interest list).
    """
    if actor is not None:
        require(access.can_invite(actor, group))
        allowed = {org.pk for org in access.inviting_organisations(actor, group)}
        if organisation.pk not in allowed:
            raise ValidationError({"organisation": [_("You cannot invite on behalf of this organisation.")]})
    errors: dict[str, list[str]] = {}
    if not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        errors["count"] = [_("Give a number from 1 to %(max)s.") % {"max": MAX_BATCH}]
    if kind not in InvitationKind.values:
        errors["kind"] = [_("Unknown kind of invitation.")]
    if channel not in InvitationChannel.values:
        errors["channel"] = [_("Unknown way of inviting.")]
    if language not in ("fi", "sv", "en"):
        errors["language"] = [_("Choose Finnish, Swedish or English.")]
    if due_from and due_to and due_to < due_from:
        errors["due_to"] = [_("The end of the due date window must not be before its start.")]
    if kind == InvitationKind.COHORT and not (area or due_from or due_to or first_time_parents):
        errors["kind"] = [_("Say whom the cohort is: an area, a due date window or first-time parents.")]
    expires_at = expires_at or default_expiry(group)
    if expires_at and expires_at <= timezone.now():
        errors["expires_at"] = [_("The invitations would already have expired.")]
    if errors:
        raise ValidationError(errors)
    batch = InvitationBatch.objects.create(
        group=group,
        kind=kind,
        channel=channel,
        organisation=organisation,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        area=area,
        due_from=due_from,
        due_to=due_to,
        first_time_parents=first_time_parents,
        count=count,
        language=language,
        note=note,
        expires_at=expires_at,
    )
    issued: list[str] = []
    hashes: set[str] = set()
    while len(issued) < count:
        code = codes.new_code()
        digest = codes.code_hash(code)
        if digest in hashes:
            continue
        hashes.add(digest)
        issued.append(code)
    Invitation.objects.bulk_create(
        [Invitation(batch=batch, group=group, code_hash=codes.code_hash(code)) for code in issued]
    )
    audit.record_create(actor, batch, source=source)
    return batch, issued


def invitation_for_signup(group: Group, code: str, now: datetime) -> Invitation:
    """The unused, valid invitation behind `code` for `group`, locked; ValidationError if none.

    Called inside the sign-up's transaction, after the group's row is locked.
    """
    found = (
        Invitation.objects.select_for_update()
        .select_related("batch")
        .filter(group=group, code_hash=codes.code_hash(code))
        .first()
    )
    if found is None or not codes.normalise(code):
        raise ValidationError({"invitation": [_("This invitation code is not valid for this group.")]})
    if found.status == InvitationStatus.USED:
        raise ValidationError({"invitation": [_("This invitation has already been used.")]})
    if found.status == InvitationStatus.REVOKED:
        raise ValidationError({"invitation": [_("This invitation is no longer valid.")]})
    if found.batch.expires_at and found.batch.expires_at <= now:
        raise ValidationError({"invitation": [_("This invitation has expired.")]})
    return found


def use_invitation(invitation: Invitation, signup: Signup, now: datetime) -> None:
    invitation.status = InvitationStatus.USED
    invitation.used_at = now
    invitation.signup = signup
    invitation.save(update_fields=["status", "used_at", "signup", "updated_at"])
