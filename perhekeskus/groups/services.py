"""Every change to groups and sign-ups goes through these functions.

No overbooking under any concurrency: a sign-up, a cancellation and an offer each run in
one transaction that first locks the group's row (`SELECT … FOR UPDATE` on PostgreSQL;
SQLite runs every transaction with `BEGIN IMMEDIATE`, see settings, so writers queue),
then counts the places taken and decides. The count and the insert cannot interleave
with another request's.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.activities import services as activity_services
from perhekeskus.activities.models import ActivityStatus, Participation
from perhekeskus.core import audit
from perhekeskus.core.writes import require
from perhekeskus.groups import access, invitations, running
from perhekeskus.groups.models import (
    ACTIVE_STATUSES,
    PLACE_STATUSES,
    Group,
    GroupStatus,
    Signup,
    SignupStatus,
)
from perhekeskus.messaging import services as messages

GROUP_FIELDS = (
    "capacity",
    "capacity_unit",
    "waiting_list_capacity",
    "minimum",
    "decision_date",
    "enrolment_opens",
    "enrolment_closes",
    "offer_hours",
    "status",
)
SIGNUP_FIELDS = (
    "name",
    "email",
    "phone",
    "language",
    "adults",
    "children_birth_years",
    "due_date",
    "languages",
    "needs",
)
MESSAGE_LANGUAGES = ("fi", "sv", "en")


class GroupFull(Exception):
    """No place and no waiting-list place left: the API answers 409."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Groups ----------------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    actor: Any,
    activity_data: Mapping[str, Any],
    group_data: Mapping[str, Any],
    sessions: list[Mapping[str, Any]],
    source: str = "",
) -> Group:
    """A group with its calendar activity and sessions, in one step (all or nothing).

    The activity's start and end are taken from the first session.
    """
    unknown = sorted(set(group_data) - set(GROUP_FIELDS))
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    if not sessions:
        raise ValidationError({"sessions": [_("Give at least one session.")]})
    first = sessions[0]
    data = {"status": ActivityStatus.PUBLISHED, "start": first.get("start"), "end": first.get("end"), **activity_data}
    activity = activity_services.activity_create(actor=actor, data=data, source=source)
    activity_services.sessions_replace(actor=actor, activity=activity, sessions=sessions, source=source)
    group = Group(activity=activity, **group_data)
    errors: dict[str, list[str]] = {}
    try:
        group.full_clean(exclude=["activity"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if group.capacity and group.minimum > group.capacity:
        errors.setdefault("minimum", []).append(_("The minimum cannot be more than the places."))
    if group.enrolment_opens and group.enrolment_closes and group.enrolment_closes <= group.enrolment_opens:
        errors.setdefault("enrolment_closes", []).append(_("Sign-up must close after it opens."))
    if errors:
        raise ValidationError(errors)
    group.save()
    audit.record_create(actor, group, source=source)
    return group


# --- Sign-up -----------------------------------------------------------------------------


def _locked(group: Group) -> Group:
    return Group.objects.select_for_update().select_related("activity").get(pk=group.pk)


def _check_open(group: Group, now: Any) -> None:
    if group.status != GroupStatus.OPEN:
        raise ValidationError({"group": [_("This group does not take sign-ups.")]})
    if group.enrolment_opens and now < group.enrolment_opens:
        raise ValidationError({"group": [_("Sign-up has not opened yet.")]})
    if group.enrolment_closes and now >= group.enrolment_closes:
        raise ValidationError({"group": [_("Sign-up has closed.")]})


def _validate_signup(data: Mapping[str, Any], today: date) -> Signup:
    unknown = sorted(set(data) - set(SIGNUP_FIELDS))
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    signup = Signup(**data)
    signup.email_key = (signup.email or "").strip().lower()
    errors: dict[str, list[str]] = {}
    try:
        signup.full_clean(exclude=["group", "status", "secret_hash", "email_key"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if signup.language not in MESSAGE_LANGUAGES:
        errors["language"] = [_("Choose Finnish, Swedish or English.")]
    if signup.due_date and signup.due_date < today:
        errors["due_date"] = [_("The due date cannot be in the past.")]
    if not 1 <= (signup.adults or 0) <= 4:
        errors["adults"] = [_("Give 1 to 4 adults.")]
    years = signup.children_birth_years
    if not isinstance(years, list) or not all(isinstance(y, int) and today.year - 18 <= y <= today.year for y in years):
        errors["children_birth_years"] = [_("Give the children's birth years, e.g. [2024, 2026].")]
    if not isinstance(signup.languages, list) or not all(isinstance(c, str) and len(c) <= 3 for c in signup.languages):
        errors["languages"] = [_('Give language codes, e.g. ["fi", "ar"].')]
    if errors:
        raise ValidationError(errors)
    return signup


def _counts(group: Group) -> tuple[int, int]:
    places = group.signups.filter(status__in=PLACE_STATUSES).count()
    waiting = group.signups.filter(status=SignupStatus.WAITING).count()
    return places, waiting


def signup_create(
    *, group: Group, data: Mapping[str, Any], invitation_code: str = "", source: str = ""
) -> tuple[Signup, str]:
    """Sign a family up: confirmed while places last, then on the waiting list.

    Returns the sign-up and the secret of its cancellation link (shown once, never
    stored). GroupFull when the waiting list is full too; ValidationError for bad input,
    a closed group, a second active sign-up with the same e-mail, or a missing, wrong,
    used or expired invitation code (a targeted group is joined only by invitation).
    """
    now = timezone.now()
    signup = _validate_signup(data, timezone.localdate())
    secret = secrets.token_urlsafe(24)
    _settle_expired_offers(group, now, source=source)
    try:
        with transaction.atomic():
            group = _locked(group)
            _check_open(group, now)
            invitation = None
            if invitation_code or group.activity.participation == Participation.TARGETED:
                if not invitation_code:
                    raise ValidationError({"invitation": [_("This group can be joined only with an invitation.")]})
                invitation = invitations.invitation_for_signup(group, invitation_code, now)
            if _expire_offers(group, now, source=source):  # one that lapsed a moment ago
                _offer_next(group, now, source=source)
            places, waiting = _counts(group)
            # A freed place is offered to the waiting list first: while anyone waits,
            # newcomers queue behind them even if a place shows free.
            if places < group.capacity and waiting == 0:
                signup.status = SignupStatus.CONFIRMED
            elif waiting < group.waiting_list_capacity:
                signup.status = SignupStatus.WAITING
            else:
                raise GroupFull
            signup.group = group
            signup.secret_hash = secret_hash(secret)
            signup.save()
            if invitation is not None:
                invitations.use_invitation(invitation, signup, now)
            audit.record(actor=None, action=audit.AuditAction.CREATE, obj=signup, source=source)
            messages.queue_signup_created(signup, secret)
    except IntegrityError as exc:
        # The partial unique index on (group, e-mail) of active sign-ups.
        raise ValidationError({"email": [_("This e-mail address has already signed up for the group.")]}) from exc
    return signup, secret


def signup_by_secret(secret: str) -> Signup | None:
    return Signup.objects.select_related("group__activity").filter(secret_hash=secret_hash(secret)).first()


def _offer_next(group: Group, now: Any, *, source: str) -> None:
    """Offer freed places to the first on the waiting list, in sign-up order."""
    places, _waiting = _counts(group)
    free = group.capacity - places
    if free <= 0:
        return
    for signup in group.signups.filter(status=SignupStatus.WAITING).order_by("created_at", "id")[:free]:
        before = audit.snapshot(signup)
        signup.status = SignupStatus.OFFERED
        signup.offer_expires_at = now + timedelta(hours=group.offer_hours)
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit.record_update(None, signup, before, source=source)
        messages.queue_offer(signup)


def _expire_offers(group: Group, now: Any, *, source: str) -> bool:
    """Mark lapsed offers expired (the caller offers the places on); True if any lapsed."""
    lapsed = list(group.signups.filter(status=SignupStatus.OFFERED, offer_expires_at__lte=now))
    for signup in lapsed:
        before = audit.snapshot(signup)
        signup.status = SignupStatus.EXPIRED
        signup.save(update_fields=["status", "updated_at"])
        audit.record_update(None, signup, before, source=source)
        messages.queue_offer_expired(signup)
    return bool(lapsed)


def _settle_expired_offers(group: Group, now: Any, *, source: str) -> None:
    """Pass lapsed offers on in a transaction of their own, before a sign-up or an accept.

    Done inside theirs, it would be undone when that one fails (a full group, an offer
    that lapsed): the next family on the list would wait for the next request.
    """
    if group.signups.filter(status=SignupStatus.OFFERED, offer_expires_at__lte=now).exists():
        expire_offers(group=group, source=source)


def signup_cancel(*, signup: Signup, source: str = "") -> Signup:
    """The family cancels (from the link in their message); a freed place is offered on."""
    now = timezone.now()
    with transaction.atomic():
        group = _locked(signup.group)
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.status not in ACTIVE_STATUSES:
            raise ValidationError({"status": [_("This sign-up is no longer active.")]})
        before = audit.snapshot(signup)
        signup.status = SignupStatus.CANCELLED
        signup.offer_expires_at = None
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit.record_update(None, signup, before, source=source)
        messages.queue_cancelled(signup)
        _expire_offers(group, now, source=source)
        _offer_next(group, now, source=source)
    return signup


def signup_accept(*, signup: Signup, source: str = "") -> Signup:
    """The first on the waiting list takes the place offered to them, in time."""
    now = timezone.now()
    _settle_expired_offers(signup.group, now, source=source)
    with transaction.atomic():
        _locked(signup.group)
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignupStatus.OFFERED and signup.offer_expires_at and signup.offer_expires_at <= now:
            raise ValidationError({"status": [_("The time to accept the place has passed.")]})
        if signup.status != SignupStatus.OFFERED:
            raise ValidationError({"status": [_("There is no place offered to this sign-up.")]})
        before = audit.snapshot(signup)
        signup.status = SignupStatus.CONFIRMED
        signup.offer_expires_at = None
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit.record_update(None, signup, before, source=source)
        messages.queue_place_confirmed(signup)
    return signup


def expire_offers(*, group: Group, source: str = "") -> None:
    """Pass on offers not accepted in time (a periodic command also calls this)."""
    now = timezone.now()
    with transaction.atomic():
        group = _locked(group)
        _expire_offers(group, now, source=source)
        _offer_next(group, now, source=source)


def expire_all_offers(*, source: str = "") -> int:
    """Pass on every lapsed offer (`manage.py expire_offers`, run every few minutes)."""
    now = timezone.now()
    groups = Group.objects.filter(signups__status=SignupStatus.OFFERED, signups__offer_expires_at__lte=now).distinct()
    found = list(groups)
    for group in found:
        expire_offers(group=group, source=source)
    return len(found)


def erase_ended(*, days: int, source: str = "") -> int:
    """Erase the personal data of sign-ups to groups whose last session ended `days` ago.

    The rows stay, without a name, address or family details, so that the counts of
    places, waiting and cancellations remain for the statistics.
    """
    cutoff = timezone.now() - timedelta(days=days)
    rows = Signup.objects.filter(erased_at__isnull=True, group__activity__series_end__lt=cutoff)
    erased = 0
    for signup in rows.iterator():
        with transaction.atomic():
            Signup.objects.filter(pk=signup.pk).update(
                name="",
                email="",
                email_key=f"erased-{signup.uuid}",
                phone="",
                children_birth_years=[],
                due_date=None,
                languages=[],
                needs="",
                erased_at=timezone.now(),
            )
            audit.record(
                actor=None,
                action=audit.AuditAction.UPDATE,
                obj=signup,
                changes={"erased": "personal data erased"},
                source=source,
            )
        erased += 1
    # Attendance and session notes go with the sign-ups; the sessions' counts stay.
    ended = Group.objects.filter(activity__series_end__lt=cutoff).values_list("id", flat=True)
    running.erase_records(ended, source=source)
    return erased


def group_update_status(*, actor: Any, group: Group, status: str, source: str = "") -> Group:
    if actor is not None:
        require(access.can_run_group(actor, group))
    if status not in GroupStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    with transaction.atomic():
        group = _locked(group)
        before = audit.snapshot(group)
        changed = group.status != status
        group.status = status
        group.save(update_fields=["status", "updated_at"])
        audit.record_update(actor, group, before, source=source)
        if changed:  # every family still signed up hears what happened
            messages.queue_group_status(group, status)
    return group


UPDATABLE_FIELDS = (
    "capacity",
    "waiting_list_capacity",
    "minimum",
    "decision_date",
    "enrolment_opens",
    "enrolment_closes",
    "offer_hours",
)


def group_update(*, actor: Any, group: Group, data: Mapping[str, Any], source: str = "") -> Group:
    """Change a group's places, waiting list, minimum, sign-up window or go/no-go date.

    Under the group's lock: the places cannot drop below those taken, nor the waiting
    list below those waiting; places added go to the waiting list first, as offers.
    """
    if actor is not None:
        require(access.can_run_group(actor, group))
    unknown = sorted(set(data) - set(UPDATABLE_FIELDS))
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    now = timezone.now()
    with transaction.atomic():
        group = _locked(group)
        before = audit.snapshot(group)
        for name, value in data.items():
            setattr(group, name, value)
        errors: dict[str, list[str]] = {}
        try:
            group.full_clean(exclude=["activity", "merged_into", "programme"], validate_constraints=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        places, waiting = _counts(group)
        if "capacity" not in errors and group.capacity < places:
            errors["capacity"] = [_("%(n)s places are already taken: the places cannot be fewer.") % {"n": places}]
        if "waiting_list_capacity" not in errors and group.waiting_list_capacity < waiting:
            errors["waiting_list_capacity"] = [
                _("%(n)s families are already waiting: the waiting list cannot be shorter.") % {"n": waiting}
            ]
        if "minimum" not in errors and "capacity" not in errors and group.minimum > group.capacity:
            errors["minimum"] = [_("The minimum cannot be more than the places.")]
        if group.enrolment_opens and group.enrolment_closes and group.enrolment_closes <= group.enrolment_opens:
            errors.setdefault("enrolment_closes", []).append(_("Sign-up must close after it opens."))
        if errors:
            raise ValidationError(errors)
        group.save()
        audit.record_update(actor, group, before, source=source)
        _offer_next(group, now, source=source)
    return group
