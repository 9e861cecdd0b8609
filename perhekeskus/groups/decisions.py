"""The go/no-go decision: an under-filled group is started, postponed, merged or cancelled.

Groups don't start when too few sign up (the report, §7.5). At its decision date a
group at or above its minimum starts by itself (`group_decisions`, run daily); for an
under-filled one the organiser decides, and every family is told what happened:

- start: the group meets as planned;
- postpone: new dates replace the sessions; the group stays open for sign-up and the
  families keep their places (they are told the new dates);
- merge: the families move to a nearby group of the same kind, in their sign-up order:
  confirmed while it has places, then on its waiting list, never beyond either; those
  who do not fit are told their sign-up has ended;
- cancel: the group and its sign-ups end, with a note in the calendar.

Status notices go through `services.group_update_status`, which queues one message per
family still signed up: the decision never queues a second one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.activities import services as activity_services
from perhekeskus.activities.models import ActivityStatus
from perhekeskus.core import audit
from perhekeskus.core.writes import require
from perhekeskus.groups import access, services
from perhekeskus.groups.models import ACTIVE_STATUSES, PLACE_STATUSES, Group, GroupStatus, Signup, SignupStatus

# Statuses a group can still be decided from.
UNDECIDED = (GroupStatus.PLANNED, GroupStatus.OPEN, GroupStatus.POSTPONED)
# Groups families can be moved into.
MERGE_TARGETS = (GroupStatus.OPEN, GroupStatus.STARTED)
NEARBY_WINDOW = timedelta(weeks=6)
NOTE_LANGUAGES = ("fi", "sv", "en")


def _check_undecided(group: Group) -> None:
    if group.status not in UNDECIDED:
        raise ValidationError(
            {
                "decision": [
                    _("This group has already been decided: it is %(status)s.") % {"status": group.get_status_display()}
                ]
            }
        )


def _mark_decided(actor: Any, group: Group, source: str, **fields: Any) -> Group:
    group = Group.objects.select_related("activity").get(pk=group.pk)
    before = audit.snapshot(group)
    for name, value in fields.items():
        setattr(group, name, value)
    group.decided_at = timezone.now()
    group.save(update_fields=[*fields, "decided_at", "updated_at"])
    audit.record_update(actor, group, before, source=source)
    return group


def families_told(group: Group) -> int:
    """How many families a decision on `group` tells (those still signed up)."""
    return group.signups.filter(status__in=ACTIVE_STATUSES, erased_at__isnull=True).count()


def places_taken(group: Group) -> int:
    return group.signups.filter(status__in=PLACE_STATUSES).count()


# --- Start, postpone, cancel -------------------------------------------------------------


def group_start(*, actor: Any, group: Group, source: str = "") -> Group:
    """The group meets as planned; the families are told it starts."""
    if actor is not None:
        require(access.can_run_group(actor, group))
    with transaction.atomic():
        group = services._locked(group)
        _check_undecided(group)
        services.group_update_status(actor=actor, group=group, status=GroupStatus.STARTED, source=source)
        return _mark_decided(actor, group, source)


def group_postpone(
    *,
    actor: Any,
    group: Group,
    sessions: Sequence[Mapping[str, Any]],
    decision_date: date | None,
    enrolment_closes: Any = None,
    source: str = "",
) -> Group:
    """New dates replace the sessions; sign-up stays open and the families keep their places.

    The families hear the new dates in the postponement notice (its text is written when
    sent, from the sessions then). A new go/no-go date is needed: the same question will
    be asked again then.
    """
    if actor is not None:
        require(access.can_run_group(actor, group))
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not sessions:
        errors["sessions"] = [_("Give the new dates of the sessions.")]
    elif any(s.get("start") is not None and s["start"] <= timezone.now() for s in sessions):
        errors["sessions"] = [_("The new sessions must be in the future.")]
    first = min((s["start"] for s in sessions if s.get("start") is not None), default=None)
    if decision_date is None:
        errors["decision_date"] = [_("Give the new go/no-go date.")]
    elif decision_date <= today:
        errors["decision_date"] = [_("The new go/no-go date must be after today.")]
    elif first is not None and decision_date > timezone.localtime(first).date():
        errors["decision_date"] = [_("The go/no-go date must come before the first session.")]
    if enrolment_closes is not None and first is not None and enrolment_closes > first:
        errors["enrolment_closes"] = [_("Sign-up must close before the first session.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = services._locked(group)
        _check_undecided(group)
        activity_services.sessions_replace(actor=actor, activity=group.activity, sessions=list(sessions), source=source)
        # The notice goes to every family still signed up, and only then does the group
        # open again: the postponement is a new round of sign-up with the new dates.
        services.group_update_status(actor=actor, group=group, status=GroupStatus.POSTPONED, source=source)
        fields: dict[str, Any] = {"status": GroupStatus.OPEN, "decision_date": decision_date}
        if enrolment_closes is not None:
            fields["enrolment_closes"] = enrolment_closes
        return _mark_decided(actor, group, source, **fields)


def _end_signups(group: Group, source: str) -> None:
    for signup in group.signups.filter(status__in=ACTIVE_STATUSES):
        before = audit.snapshot(signup)
        signup.status = SignupStatus.CANCELLED
        signup.offer_expires_at = None
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit.record_update(None, signup, before, source=source)


def group_cancel(*, actor: Any, group: Group, note: Mapping[str, str] | None = None, source: str = "") -> Group:
    """The group does not meet: its sign-ups end, its sessions are cancelled with `note`."""
    if actor is not None:
        require(access.can_run_group(actor, group))
    note = {lang: (text or "").strip() for lang, text in (note or {}).items() if lang in NOTE_LANGUAGES}
    if not any(note.values()):
        raise ValidationError({"note": [_("Say in a sentence why the group is cancelled; the calendar shows it.")]})
    if any(len(text) > 300 for text in note.values()):
        raise ValidationError({"note": [_("Keep the note under 300 characters.")]})
    with transaction.atomic():
        group = services._locked(group)
        if group.status in (GroupStatus.CANCELLED, GroupStatus.MERGED, GroupStatus.FINISHED):
            raise ValidationError({"decision": [_("This group has already ended.")]})
        services.group_update_status(actor=actor, group=group, status=GroupStatus.CANCELLED, source=source)
        _end_signups(group, source)
        _cancel_sessions(actor, group, note, source)
        return _mark_decided(actor, group, source)


def _cancel_sessions(actor: Any, group: Group, note: Mapping[str, str], source: str) -> None:
    """Keep the sessions in the calendar, each marked cancelled with the note."""
    kept: list[Mapping[str, Any]] = []
    for s in group.activity.sessions.all():
        kept.append(
            {
                "start": s.start,
                "end": s.end,
                "topic_fi": s.topic_fi,
                "topic_sv": s.topic_sv,
                "topic_en": s.topic_en,
                "place": s.place,
                "cancelled": True,
                **{f"note_{lang}": note.get(lang, "") or getattr(s, f"note_{lang}") for lang in NOTE_LANGUAGES},
            }
        )
    if kept:
        activity_services.sessions_replace(actor=actor, activity=group.activity, sessions=kept, source=source)
    activity_services.activity_update(
        actor=actor, activity=group.activity, data={"status": ActivityStatus.CANCELLED}, source=source
    )


# --- Merge -------------------------------------------------------------------------------


@dataclass
class MergeResult:
    group: Group
    confirmed: int
    waiting: int
    ended: int


def _check_target(group: Group, into: Group) -> None:
    errors: list[str] = []
    if into.pk == group.pk:
        errors.append(_("A group cannot be merged into itself."))
    elif into.kind != group.kind:
        errors.append(_("Merge only into a group of the same kind."))
    elif into.status not in MERGE_TARGETS:
        errors.append(_("Merge only into a group that is open or has started."))
    if errors:
        raise ValidationError({"into": errors})


def group_merge(*, actor: Any, group: Group, into: Group, source: str = "") -> MergeResult:
    """Move the families of `group` into `into` and mark `group` merged."""
    if actor is not None:
        require(access.can_run_group(actor, group))
    with transaction.atomic():
        # Both rows locked, lower pk first: a merge the other way round, or a sign-up to
        # either group, waits here instead of deadlocking or overbooking `into`.
        first, second = sorted([group, into], key=lambda g: g.pk)
        locked = {first.pk: services._locked(first)}
        if second.pk != first.pk:
            locked[second.pk] = services._locked(second)
        group, into = locked[group.pk], locked[into.pk]
        _check_undecided(group)
        _check_target(group, into)
        group.merged_into = into
        group.save(update_fields=["merged_into", "updated_at"])
        # Every family hears once; the text is written when sent, from where the sign-up
        # is by then: the joined group (with its sessions) or, for those who did not
        # fit, the ended sign-up.
        services.group_update_status(actor=actor, group=group, status=GroupStatus.MERGED, source=source)
        result = _move_families(group, into, source)
        result.group = _mark_decided(actor, group, source)
        return result


def _move_families(group: Group, into: Group, source: str) -> MergeResult:
    places, waiting = services._counts(into)
    present = set(into.signups.filter(status__in=ACTIVE_STATUSES).values_list("email_key", flat=True))
    # Those holding a place come first, then the waiting list, each in sign-up order.
    holders = list(group.signups.filter(status__in=PLACE_STATUSES).order_by("created_at", "id"))
    queue = holders + list(group.signups.filter(status=SignupStatus.WAITING).order_by("created_at", "id"))
    result = MergeResult(group=group, confirmed=0, waiting=0, ended=0)
    for signup in queue:
        before = audit.snapshot(signup)
        signup.offer_expires_at = None
        if signup.email_key in present:
            signup.status = SignupStatus.CANCELLED  # already signed up for `into` themselves
        elif places < into.capacity and waiting == 0:
            signup.status, signup.group = SignupStatus.CONFIRMED, into
            places += 1
        elif waiting < into.waiting_list_capacity:
            signup.status, signup.group = SignupStatus.WAITING, into
            waiting += 1
        else:
            signup.status = SignupStatus.CANCELLED
        if signup.status == SignupStatus.CONFIRMED:
            result.confirmed += 1
        elif signup.status == SignupStatus.WAITING:
            result.waiting += 1
        else:
            result.ended += 1
        signup.save(update_fields=["status", "group", "offer_expires_at", "updated_at"])
        audit.record_update(None, signup, before, source=source)
        present.add(signup.email_key)
    return result


# --- Suggestions and what is due ---------------------------------------------------------


def nearby_groups(group: Group) -> list[Group]:
    """Groups the families could move to: same kind and municipality, open or started,
    first meeting within six weeks of this group's; those with free places first."""
    home = access.group_municipality(group)
    start = group.activity.start
    candidates = (
        Group.objects.filter(kind=group.kind, status__in=MERGE_TARGETS)
        .exclude(pk=group.pk)
        .select_related("activity__place__area", "activity__area", "activity__organisation__area")
        .annotate(taken=Count("signups", filter=Q(signups__status__in=PLACE_STATUSES)))
    )
    if start is not None:
        candidates = candidates.filter(
            activity__start__gte=start - NEARBY_WINDOW, activity__start__lte=start + NEARBY_WINDOW
        )
    found: list[Group] = [g for g in candidates if access.group_municipality(g) == home]
    for g in found:
        g.free = max(0, g.capacity - g.taken)  # type: ignore[attr-defined]
    found.sort(key=lambda g: (g.free == 0, abs((g.activity.start - start).total_seconds()) if start else 0))  # type: ignore[attr-defined]
    return found


def decisions_due(today: date) -> QuerySet[Group]:
    """Open groups whose go/no-go date has come and no decision was taken since it was set.

    A postponed group is decided again at its new date (its decision was taken before it).
    """
    return (
        Group.objects.filter(status=GroupStatus.OPEN, decision_date__isnull=False, decision_date__lte=today)
        .filter(Q(decided_at__isnull=True) | Q(decided_at__date__lt=F("decision_date")))
        .select_related("activity__organisation")
        .order_by("decision_date", "id")
    )


def signups_of(group: Group) -> QuerySet[Signup]:
    return group.signups.filter(status__in=ACTIVE_STATUSES)
