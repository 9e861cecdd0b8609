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
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.core import audit
from perhekeskus.core.writes import require
from perhekeskus.groups import access, codes
from perhekeskus.groups.invitation_messages import queue_invitation
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


# --- Inviting by e-mail, printed letters and codes handed over ------------------------------


def _addresses(emails: list[str]) -> list[str]:
    """The addresses as given, checked one by one; every bad or repeated one is reported."""
    errors: list[str] = []
    seen: set[str] = set()
    found: list[str] = []
    for raw in emails:
        address = (raw or "").strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            errors.append(_("%(address)s is not a valid e-mail address.") % {"address": address[:254]})
            continue
        key = address.lower()
        if key in seen:
            errors.append(_("%(address)s is listed twice.") % {"address": address})
            continue
        seen.add(key)
        found.append(address)
    if not found and not errors:
        errors.append(_("Give at least one e-mail address."))
    if len(found) > MAX_BATCH:
        errors.append(_("Give at most %(max)s addresses at a time.") % {"max": MAX_BATCH})
    if errors:
        raise ValidationError({"emails": errors})
    return found


@transaction.atomic
def invite_by_email(
    *,
    actor: Any,
    group: Group,
    emails: list[str],
    organisation: Organisation,
    language: str = "fi",
    note: str = "",
    source: str = "",
) -> InvitationBatch:
    """One personal invitation e-mail with its own one-time code to each address.

    All or nothing: a bad or repeated address is reported (every one at once) and nothing
    is issued or sent. The addresses are stored nowhere but in the outgoing messages,
    whose address, text and code are cleared MESSAGE_KEEP_DAYS after sending
    (`messaging.services.clear_old`): the platform keeps no list of whom was invited.
    """
    addresses = _addresses(emails)
    batch, issued = invitations_issue(
        actor=actor,
        group=group,
        count=len(addresses),
        organisation=organisation,
        kind=InvitationKind.PERSONAL,
        channel=InvitationChannel.EMAIL,
        language=language,
        note=note,
        source=source,
    )
    for address, code in zip(addresses, issued, strict=True):
        queue_invitation(group=group, to=address, language=language, code=code, inviter=organisation.name, note=note)
    return batch


def invitations_print(
    *,
    actor: Any,
    group: Group,
    count: int,
    organisation: Organisation,
    language: str = "fi",
    kind: str = InvitationKind.PERSONAL,
    channel: str = InvitationChannel.LETTER,
    area: Area | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    first_time_parents: bool = False,
    note: str = "",
    source: str = "",
) -> tuple[InvitationBatch, list[str]]:
    """Codes for printed letters (or for handing over in person: `channel="code"`).

    The codes are returned for the print page only: they are never shown again.
    """
    if channel not in (InvitationChannel.LETTER, InvitationChannel.CODE):
        raise ValidationError({"channel": [_("Print letters or codes; e-mails are sent with invite_by_email.")]})
    return invitations_issue(
        actor=actor,
        group=group,
        count=count,
        organisation=organisation,
        kind=kind,
        channel=channel,
        language=language,
        area=area,
        due_from=due_from,
        due_to=due_to,
        first_time_parents=first_time_parents,
        note=note,
        source=source,
    )


# --- Revoking and counting ---------------------------------------------------------------------


def can_revoke(actor: Any, batch: InvitationBatch) -> bool:
    """Those who run the group, and whoever may invite on behalf of the batch's organisation."""
    group = batch.group
    if access.can_run_group(actor, group):
        return True
    return batch.organisation_id in {org.pk for org in access.inviting_organisations(actor, group)}


def _revoke(queryset: Any) -> int:
    return int(
        queryset.filter(status=InvitationStatus.ISSUED).update(
            status=InvitationStatus.REVOKED, updated_at=timezone.now()
        )
    )


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation, source: str = "") -> Invitation:
    """Revoke one unused code (a letter lost, a family that moved away)."""
    if actor is not None:  # None: a trusted system command
        require(can_revoke(actor, invitation.batch))
    # Locked with the group, as a sign-up's use of a code is: the two never interleave.
    Group.objects.select_for_update().filter(pk=invitation.group_id).first()
    if not _revoke(Invitation.objects.filter(pk=invitation.pk)):
        raise ValidationError({"invitation": [_("Only an unused invitation can be revoked.")]})
    invitation.refresh_from_db()
    audit.record(
        actor=actor, action=audit.AuditAction.UPDATE, obj=invitation.batch, changes={"revoked": 1}, source=source
    )
    return invitation


@transaction.atomic
def batch_revoke(*, actor: Any, batch: InvitationBatch, source: str = "") -> int:
    """Revoke every unused code of a batch; used ones stay (their families are signed up)."""
    if actor is not None:  # None: a trusted system command
        require(can_revoke(actor, batch))
    Group.objects.select_for_update().filter(pk=batch.group_id).first()
    revoked = _revoke(batch.invitations.all())
    if revoked:
        audit.record(
            actor=actor, action=audit.AuditAction.UPDATE, obj=batch, changes={"revoked": revoked}, source=source
        )
    return revoked


def batch_summary(group: Group) -> list[InvitationBatch]:
    """The group's batches, newest first, each with `issued`, `used` and `revoked` counted.

    Counts only: which code a family used, or who was invited, is not shown.
    """
    return list(
        group.invitation_batches.select_related("organisation", "area", "created_by").annotate(
            issued=Count("invitations", filter=Q(invitations__status=InvitationStatus.ISSUED)),
            used=Count("invitations", filter=Q(invitations__status=InvitationStatus.USED)),
            revoked=Count("invitations", filter=Q(invitations__status=InvitationStatus.REVOKED)),
        )
    )


def group_for_code(code: str, now: datetime | None = None) -> Group | None:
    """The group an unused, unexpired code is for; None for any other code.

    The family's "I have an invitation code" page: a wrong, used, revoked or expired
    code all give None, so the page tells nothing about codes that are not the family's.
    """
    if len(codes.normalise(code)) != codes.LENGTH:
        return None
    now = now or timezone.now()
    found = (
        Invitation.objects.select_related("batch", "group__activity")
        .filter(code_hash=codes.code_hash(code), status=InvitationStatus.ISSUED)
        .filter(Q(batch__expires_at__isnull=True) | Q(batch__expires_at__gt=now))
        .first()
    )
    return found.group if found is not None else None
