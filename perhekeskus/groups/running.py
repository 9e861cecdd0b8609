"""What the facilitators do with a running group: the participant list, who came to each
session and notes per session. The one home for these writes, with their access checks.

Attendance and notes are personal data of the group's families: only those who run
the group and its facilitators with an account see or record them, every view is in
the audit log, and `erase_records` deletes them with the sign-ups while each session
keeps its anonymous counts (families, adults and children present) for the statistics.
Notes never go into the audit log itself, which is kept for years: a change of notes is
logged as "changed", not with its text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.activities.models import Session
from perhekeskus.core import audit
from perhekeskus.core.writes import require
from perhekeskus.groups import access
from perhekeskus.groups.models import ACTIVE_STATUSES, Attendance, Group, SessionRecord, Signup, SignupStatus

# Larger numbers are typing errors: a group family brings a handful of people at most.
MAX_PEOPLE = 20
NOTES_MAX = 5000


@dataclass(frozen=True)
class SessionCount:
    """One session of a group with the facilitators' counts (None: not recorded yet)."""

    session: Session
    number: int
    families: int | None
    adults: int | None
    children: int | None
    notes: str
    notes_erased: bool
    recorded: bool


def group_of(session: Session) -> Group:
    group = Group.objects.select_related("activity").filter(activity_id=session.activity_id).first()
    if group is None:
        raise ValidationError({"session": [_("This session does not belong to a group.")]})
    return group


def participants(*, actor: Any, group: Group, source: str = "") -> list[Signup]:
    """The families signed up (confirmed first, then offered and waiting), audited as a read."""
    require(access.can_see_signups(actor, group))
    order = {SignupStatus.CONFIRMED: 0, SignupStatus.OFFERED: 1, SignupStatus.WAITING: 2}
    rows = list(
        Signup.objects.filter(group=group, status__in=ACTIVE_STATUSES, erased_at__isnull=True).order_by(
            "created_at", "id"
        )
    )
    rows.sort(key=lambda s: order.get(SignupStatus(s.status), 3))
    audit.record_read(actor, group, source=source)
    return rows


def confirmed(group: Group) -> list[Signup]:
    """The families who have a place: the ones whose attendance is recorded."""
    return list(
        Signup.objects.filter(group=group, status=SignupStatus.CONFIRMED, erased_at__isnull=True).order_by(
            "created_at", "id"
        )
    )


def _number(value: Any, label: str, errors: list[str]) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PEOPLE:
        errors.append(_("%(what)s: give a whole number from 0 to %(max)s.") % {"what": label, "max": MAX_PEOPLE})
        return None
    return value


def _clean_present(
    present: Mapping[Any, Mapping[str, Any] | None], families: dict[int, Signup]
) -> dict[int, tuple[int | None, int | None]]:
    errors: list[str] = []
    rows: dict[int, tuple[int | None, int | None]] = {}
    for key, numbers in present.items():
        try:
            signup_id = int(key)
        except (TypeError, ValueError):
            signup_id = -1
        if signup_id not in families:
            errors.append(_("Sign-up %(id)s is not a family with a place in this group.") % {"id": key})
            continue
        numbers = numbers or {}
        unknown = sorted(set(numbers) - {"adults", "children"})
        if unknown:
            errors.append(_("Unknown field: %(names)s.") % {"names": ", ".join(unknown)})
        adults = _number(numbers.get("adults"), _("adults"), errors)
        children = _number(numbers.get("children"), _("children"), errors)
        # Unless told otherwise, the family came with the adults it signed up with.
        rows[signup_id] = (families[signup_id].adults if adults is None else adults, children)
    if errors:
        raise ValidationError({"present": errors})
    return rows


def _changes(before: SessionRecord | None, after: SessionRecord) -> dict[str, Any]:
    fields = ("families_present", "adults_present", "children_present")
    changes: dict[str, Any] = {
        f: [getattr(before, f, None), getattr(after, f)]
        for f in fields
        if getattr(before, f, None) != getattr(after, f)
    }
    if (before.notes if before else "") != after.notes:
        changes["notes"] = "changed"  # the text stays out of the log: it is erased later, the log is not
    return changes


def attendance_record(
    *,
    actor: Any,
    session: Session,
    present: Mapping[Any, Mapping[str, Any] | None],
    notes: str | None = None,
    source: str = "",
) -> SessionRecord:
    """Replace a session's attendance: `present` = {signup id: {"adults", "children"}} of the
    families who came (the others did not). The counts are worked out from it; `notes`
    replaces the notes unless None. Only the group's confirmed families can be present.
    """
    group = group_of(session)
    require(access.can_record_sessions(actor, group))
    if session.cancelled:
        raise ValidationError({"session": [_("This session was cancelled: there is no attendance to record.")]})
    if notes is not None and len(notes) > NOTES_MAX:
        raise ValidationError({"notes": [_("Keep the notes under %(max)s characters.") % {"max": NOTES_MAX}]})
    with transaction.atomic():
        # One recording at a time per session: two facilitators saving at once do not mix rows.
        Session.objects.select_for_update().filter(pk=session.pk).first()
        record = SessionRecord.objects.filter(session=session).first()
        if record is not None and record.notes_erased_at is not None:
            raise ValidationError(
                {"session": [_("The group's personal data has been erased: only the counts are kept.")]}
            )
        families = {s.pk: s for s in confirmed(group)}
        rows = _clean_present(present, families)
        before = SessionRecord.objects.filter(pk=record.pk).first() if record else None
        record = record or SessionRecord(session=session)
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(
            Attendance(session=session, signup_id=signup_id, present=True, adults=adults, children=children)
            for signup_id, (adults, children) in sorted(rows.items())
        )
        record.families_present = len(rows)
        record.adults_present = sum(a or 0 for a, _c in rows.values())
        record.children_present = sum(c or 0 for _a, c in rows.values())
        if notes is not None:
            record.notes = notes.strip()
        if getattr(actor, "is_authenticated", False):
            record.recorded_by = actor
        record.save()
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE if before else audit.AuditAction.CREATE,
            obj=record,
            changes={"session": session.pk, **_changes(before, record)},
            source=source,
        )
    return record


def session_counts(group: Group) -> list[SessionCount]:
    """The group's sessions in order, with the counts recorded for each (the overview)."""
    sessions = Session.objects.filter(activity_id=group.activity_id).select_related("record").order_by("start", "id")
    found: list[SessionCount] = []
    for number, session in enumerate(sessions, start=1):
        record: SessionRecord | None = getattr(session, "record", None)
        found.append(
            SessionCount(
                session=session,
                number=number,
                families=record.families_present if record else None,
                adults=record.adults_present if record else None,
                children=record.children_present if record else None,
                notes=record.notes if record else "",
                notes_erased=bool(record and record.notes_erased_at),
                recorded=record is not None,
            )
        )
    return found


def attendance_of(session: Session) -> dict[int, Attendance]:
    """The recorded attendance of a session by sign-up id (for the form's initial values)."""
    return {a.signup_id: a for a in Attendance.objects.filter(session=session, present=True)}


def erase_records(group_ids: Iterable[int], *, source: str = "") -> int:
    """Delete the attendance and clear the notes of these groups' sessions; counts stay.

    Called when the groups' sign-ups are erased (`erase_signups`); running it again finds
    nothing more to do. Returns the number of sessions whose records were erased.
    """
    ids = list(group_ids)
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        Attendance.objects.filter(session__activity__group__id__in=ids).delete()
        records = SessionRecord.objects.filter(session__activity__group__id__in=ids, notes_erased_at__isnull=True)
        touched = list(records.select_related("session"))
        records.update(notes="", notes_erased_at=now)
        for record in touched:
            audit.record(
                actor=None,
                action=audit.AuditAction.UPDATE,
                obj=record,
                changes={"erased": "attendance and notes erased; counts kept"},
                source=source,
            )
    return len(touched)
