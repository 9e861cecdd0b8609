"""Every change to the activity calendar goes through these functions.

Pages, the API, the admin, `import_ics` and `load_demo` call them, so each write is
checked for access, validated whole (recurrence included), saved in one transaction
with its audit line, and leaves `series_end` right. Bad input raises
`ValidationError` with per-field messages and saves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.activities import access, recurrence
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind, OccurrenceChange, Session
from perhekeskus.activities.occurrences import MAX_MOVE
from perhekeskus.core import audit
from perhekeskus.core.writes import assign, require, set_m2m

ACTIVITY_M2M = ("co_organisers", "life_stages", "target_groups", "languages")

# Family activities run in two seasons with a summer break between them.
SPRING_LAST_DAY = (7, 31)
# Confirming this close to a season's end confirms the next season.
CONFIRM_AHEAD = timedelta(days=42)


def season_end(day: date) -> date:
    """The last day of the season `day` is in: spring Jan–Jul, autumn Aug–Dec."""
    if (day.month, day.day) <= SPRING_LAST_DAY:
        return date(day.year, *SPRING_LAST_DAY)
    return date(day.year, 12, 31)


def _clean(activity: Activity) -> None:
    """Model validation plus the rules a single field cannot express."""
    errors: dict[str, list[str]] = {}
    try:
        activity.full_clean(exclude=["series_end"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        # End after start is left to `recurrence.validate` below, which names the field.
        activity.validate_constraints(exclude={"series_end", "end"})
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if activity.start and activity.end and "start" not in errors and "end" not in errors:
        try:
            activity.rrule = recurrence.normalise_rule(activity.rrule)
            activity.series_end = recurrence.validate(activity.rrule, activity.start, activity.end, activity.time_zone)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if activity.has_sessions and activity.rrule:
        errors.setdefault("rrule", []).append(_("A group meets on its listed sessions; it cannot also have a rule."))
    if not activity.place_id and not activity.online:
        errors.setdefault("place", []).append(_("Give a place, or mark the activity as online."))
    if activity.online and not activity.online_url and not activity.place_id:
        errors.setdefault("online_url", []).append(_("Give the address of the online meeting."))
    low, high = activity.age_min_months, activity.age_max_months
    if low is not None and high is not None and low > high:
        errors.setdefault("age_max_months", []).append(_("The oldest age must not be below the youngest."))
    if errors:
        raise ValidationError(errors)


def _check_org_refs(actor: Any, activity: Activity) -> None:
    if actor is not None:
        require(access.can_create_activity(actor, getattr(activity, "organisation", None)))


@transaction.atomic
def activity_create(*, actor: Any, data: Mapping[str, Any], source: str = "") -> Activity:
    activity = Activity()
    assign(activity, data, exclude=ACTIVITY_M2M)
    _check_org_refs(actor, activity)
    if activity.place is not None and not activity.area_id:
        activity.area_id = activity.place.area_id
    _clean(activity)
    activity.save()
    set_m2m(activity, data, ACTIVITY_M2M)
    audit.record_create(actor, activity, source=source)
    return activity


@transaction.atomic
def activity_update(*, actor: Any, activity: Activity, data: Mapping[str, Any], source: str = "") -> Activity:
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    before = audit.snapshot(activity)
    assign(activity, data, exclude=ACTIVITY_M2M)
    if "organisation" in data or "organisation_id" in data:
        _check_org_refs(actor, activity)
    if ("place" in data or "place_id" in data) and "area" not in data and "area_id" not in data:
        activity.area_id = activity.place.area_id if activity.place is not None else activity.area_id
    _clean(activity)
    activity.save()
    changes = set_m2m(activity, data, ACTIVITY_M2M)
    audit.record_update(actor, activity, before, source=source, extra=changes)
    return activity


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity, source: str = "") -> None:
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    audit.record_delete(actor, activity, source=source)
    activity.delete()


# --- Single occurrences ------------------------------------------------------------------


@transaction.atomic
def occurrence_change(
    *,
    actor: Any,
    activity: Activity,
    original_start: datetime,
    kind: str,
    new_start: datetime | None = None,
    new_end: datetime | None = None,
    notes: Mapping[str, str] | None = None,
    source: str = "",
) -> OccurrenceChange:
    """Exclude, cancel or move one occurrence (found by the start the rule gives it).

    Saying it again replaces the earlier change of the same occurrence.
    """
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    if activity.has_sessions:
        raise ValidationError({"original_start": [_("Change the session itself: a group's sessions are listed.")]})
    if kind not in ChangeKind.values:
        raise ValidationError({"kind": [_("Unknown change: %(kind)s.") % {"kind": kind}]})
    if not recurrence.is_occurrence(activity.rrule, activity.start, activity.time_zone, original_start):
        raise ValidationError({"original_start": [_("The activity has no occurrence at this time.")]})
    if kind == ChangeKind.MOVED:
        if new_start is None or new_end is None:
            raise ValidationError({"new_start": [_("Give the new start and end.")]})
        if new_end <= new_start:
            raise ValidationError({"new_end": [_("The end must be after the start.")]})
        if abs(new_start - original_start) > MAX_MOVE:
            raise ValidationError(
                {"new_start": [_("An occurrence can be moved by %(days)s days at most.") % {"days": MAX_MOVE.days}]}
            )
    else:
        new_start = new_end = None
    change, created = OccurrenceChange.objects.get_or_create(
        activity=activity,
        original_start=original_start,
        defaults={"kind": kind, "new_start": new_start, "new_end": new_end},
    )
    before = audit.snapshot(change)
    change.kind, change.new_start, change.new_end = kind, new_start, new_end
    for code in ("fi", "sv", "en"):
        setattr(change, f"note_{code}", (notes or {}).get(code, ""))
    change.full_clean()
    change.save()
    if created:
        audit.record_create(actor, change, source=source)
    else:
        audit.record_update(actor, change, before, source=source)
    return change


@transaction.atomic
def occurrence_restore(*, actor: Any, activity: Activity, original_start: datetime, source: str = "") -> None:
    """Undo a change: the occurrence is back as the rule gives it."""
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    change = OccurrenceChange.objects.filter(activity=activity, original_start=original_start).first()
    if change is None:
        raise ValidationError({"original_start": [_("This occurrence has no change to undo.")]})
    audit.record_delete(actor, change, source=source)
    change.delete()


# --- Keeping it fresh --------------------------------------------------------------------


def confirm_target(today: date) -> date:
    """The season a confirmation made `today` covers (the next one near a season's end)."""
    return season_end(today + CONFIRM_AHEAD)


@transaction.atomic
def activity_confirm(*, actor: Any, activity: Activity, today: date | None = None, source: str = "") -> Activity:
    """The editor says the activity runs as shown for the season: confirmed and checked."""
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    today = today or timezone.localdate()
    before = audit.snapshot(activity)
    activity.confirmed_until = confirm_target(today)
    activity.last_checked_at = timezone.now()
    activity.last_checked_by = actor if getattr(actor, "is_authenticated", False) else None
    activity.save(update_fields=["confirmed_until", "last_checked_at", "last_checked_by", "updated_at"])
    audit.record_update(actor, activity, before, source=source)
    return activity


def _rule_until(rule: str, moment: datetime) -> str:
    parts = [p for p in recurrence.normalise_rule(rule).split(";") if not p.startswith(("UNTIL=", "COUNT="))]
    return ";".join([*parts, f"UNTIL={moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"])


@transaction.atomic
def activity_end(*, actor: Any, activity: Activity, at: datetime | None = None, source: str = "") -> Activity:
    """End the activity at `at` (default now): no occurrences start after it.

    Past occurrences stay in the calendar's history. An activity that has not started
    yet is cancelled instead, so that families see it will not happen.
    """
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    at = at or timezone.now()
    if activity.start >= at:
        raise ValidationError({"status": [_("The activity has not started yet: cancel it instead.")]})
    before = audit.snapshot(activity)
    if activity.rrule:
        activity.rrule = _rule_until(activity.rrule, at)
    activity.status = ActivityStatus.ENDED
    _clean(activity)
    activity.save()
    audit.record_update(actor, activity, before, source=source)
    return activity


# --- Sessions of a group's activity --------------------------------------------------------

SESSION_FIELDS = (
    "start",
    "end",
    "topic_fi",
    "topic_sv",
    "topic_en",
    "place",
    "cancelled",
    "note_fi",
    "note_sv",
    "note_en",
)


@transaction.atomic
def sessions_replace(
    *, actor: Any, activity: Activity, sessions: list[Mapping[str, Any]], source: str = ""
) -> list[Session]:
    """Give the activity its list of sessions (at least one), replacing any earlier list.

    The activity's first start and end become the first session's and `series_end` the
    last session's end, so window queries find it like any other activity.
    """
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    if not sessions:
        raise ValidationError({"sessions": [_("Give at least one session.")]})
    rows: list[Session] = []
    errors: dict[str, list[str]] = {}
    for i, item in enumerate(sessions):
        unknown = sorted(set(item) - set(SESSION_FIELDS))
        if unknown:
            errors[f"sessions[{i}]"] = [_("Unknown field: %(names)s.") % {"names": ", ".join(unknown)}]
            continue
        row = Session(activity=activity, **item)
        if row.start and row.end and row.end <= row.start:
            errors[f"sessions[{i}].end"] = [_("The end must be after the start.")]
            continue
        try:
            row.full_clean(exclude=["activity"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"sessions[{i}].{field}"] = messages
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    rows.sort(key=lambda r: r.start)
    before = audit.snapshot(activity)
    activity.sessions.all().delete()
    Session.objects.bulk_create(rows)
    activity.has_sessions = True
    activity.rrule = ""
    activity.start, activity.end = rows[0].start, rows[0].end
    _clean(activity)
    activity.series_end = max(r.end for r in rows)
    activity.save()
    audit.record_update(actor, activity, before, source=source, extra={"sessions": [f"{len(rows)} sessions"]})
    return rows


@transaction.atomic
def session_update(*, actor: Any, session: Session, data: Mapping[str, Any], source: str = "") -> Session:
    """Change one session in place (moved, retitled, cancelled with a note).

    In place rather than through `sessions_replace`: the session keeps its row, so the
    facilitators' record and attendance of it stay.
    """
    activity = session.activity
    if actor is not None:
        require(access.can_edit_activity(actor, activity))
    unknown = sorted(set(data) - set(SESSION_FIELDS))
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    before = audit.snapshot(session)
    for name, value in data.items():
        setattr(session, name, value)
    if session.start and session.end and session.end <= session.start:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    session.full_clean(exclude=["activity"])
    session.save()
    rows = list(activity.sessions.order_by("start", "id"))
    activity_before = audit.snapshot(activity)
    activity.start, activity.end = rows[0].start, rows[0].end
    _clean(activity)
    activity.series_end = max(r.end for r in rows)
    activity.save()
    audit.record_update(actor, session, before, source=source)
    audit.record_update(actor, activity, activity_before, source=source)
    return session
