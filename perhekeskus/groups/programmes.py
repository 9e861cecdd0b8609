"""Programme templates: the one home for their writes, and making a group from one.

A template holds what the report's group programmes share from one group to the next —
places, the minimum to start, and the sessions with their topics and who leads them —
so a coordinator opens, say, a family training group with its ten sessions in one step.
The group is then planned with its members like any other (see `groups.services`).

Sessions are placed by Helsinki wall-clock time: a group that meets at 18:00 meets at
18:00 on both sides of the clock change, so each date is combined with the first
session's local time in Europe/Helsinki and only then turned into UTC.

Templates are also kept as JSON files (`data/programmes/*.json`); `programme_serializers`
turns that shape into calls of these functions, so the files, the API and the export
command all speak the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import DEFAULT_TIME_ZONE, Participation
from perhekeskus.core import audit
from perhekeskus.core.translation import CONTENT_LANGUAGES
from perhekeskus.core.writes import assign, require
from perhekeskus.groups import access, services
from perhekeskus.groups.models import (
    CapacityUnit,
    Group,
    GroupStatus,
    Programme,
    ProgrammeKind,
    ProgrammeSession,
)
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Language, Organisation, Place

PROGRAMME_FIELDS = (
    "slug",
    "kind",
    *(f"name_{lang}" for lang in CONTENT_LANGUAGES),
    *(f"description_{lang}" for lang in CONTENT_LANGUAGES),
    "organisation",
    "participation",
    "capacity",
    "capacity_unit",
    "waiting_list_capacity",
    "minimum",
    "session_minutes",
    "age_min_months",
    "age_max_months",
    "active",
)
SESSION_FIELDS = (
    "number",
    "code",
    "phase",
    "offset_days",
    "minutes",
    *(f"topic_{lang}" for lang in CONTENT_LANGUAGES),
    *(f"led_by_{lang}" for lang in CONTENT_LANGUAGES),
)
# The go/no-go decision is made this long before the first session unless told otherwise.
DECISION_BEFORE = timedelta(days=7)
MAX_SESSIONS = 60


# --- Templates ---------------------------------------------------------------------------


def _check_access(actor: Any, programme: Programme) -> None:
    if actor is not None:
        require(access.can_edit_programme(actor, programme))


def _session_rows(programme: Programme, sessions: Iterable[Mapping[str, Any]]) -> list[ProgrammeSession]:
    """The sessions checked together: numbers once each, offsets rising from 0, a Finnish topic."""
    rows: list[ProgrammeSession] = []
    errors: dict[str, list[str]] = {}
    items = list(sessions)
    if not items:
        errors["sessions"] = [_("Give at least one session.")]
    if len(items) > MAX_SESSIONS:
        errors["sessions"] = [_("Give at most %(count)d sessions.") % {"count": MAX_SESSIONS}]
    for i, item in enumerate(items):
        unknown = sorted(set(item) - set(SESSION_FIELDS))
        if unknown:
            errors[f"sessions[{i}]"] = [_("Unknown field: %(names)s.") % {"names": ", ".join(unknown)}]
            continue
        row = ProgrammeSession(programme=programme, **item)
        try:
            row.full_clean(exclude=["programme"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"sessions[{i}].{field}"] = messages
            continue
        if not row.topic_fi.strip():
            errors[f"sessions[{i}].topic_fi"] = [_("Give the session's topic in Finnish.")]
        rows.append(row)
    numbers = [r.number for r in rows]
    if len(set(numbers)) != len(numbers):
        errors.setdefault("sessions", []).append(_("Each session needs its own number."))
    ordered = sorted(rows, key=lambda r: r.number)
    offsets = [r.offset_days for r in ordered]
    if offsets and offsets[0] != 0:
        errors.setdefault("sessions", []).append(_("The first session's day offset must be 0."))
    if any(b <= a for a, b in zip(offsets, offsets[1:], strict=False)):
        errors.setdefault("sessions", []).append(_("Each session must come on a later day than the one before."))
    if errors:
        raise ValidationError(errors)
    return ordered


def _clean_programme(programme: Programme) -> None:
    errors: dict[str, list[str]] = {}
    try:
        programme.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if programme.capacity is not None and programme.minimum is not None and programme.minimum > programme.capacity:
        errors.setdefault("minimum", []).append(_("The minimum cannot be more than the places."))
    low, high = programme.age_min_months, programme.age_max_months
    if low is not None and high is not None and high < low:
        errors.setdefault("age_max_months", []).append(_("The upper age limit cannot be below the lower one."))
    if errors:
        raise ValidationError(errors)


def _save_sessions(programme: Programme, rows: list[ProgrammeSession]) -> list[list[dict[str, Any]]]:
    before = [_session_snapshot(s) for s in programme.sessions.all()]
    programme.sessions.all().delete()
    ProgrammeSession.objects.bulk_create(rows)
    after = [_session_snapshot(s) for s in rows]
    return [before, after] if before != after else []


def _session_snapshot(session: ProgrammeSession) -> dict[str, Any]:
    return {name: getattr(session, name) for name in SESSION_FIELDS}


@transaction.atomic
def programme_create(
    *, actor: Any, data: Mapping[str, Any], sessions: Iterable[Mapping[str, Any]], source: str = ""
) -> Programme:
    """A template with its sessions (all or nothing). `actor=None`: a trusted system command."""
    programme = Programme()
    assign(programme, data)
    _check_access(actor, programme)
    rows = _session_rows(programme, sessions)
    _clean_programme(programme)
    programme.save()
    for row in rows:
        row.programme = programme
    _save_sessions(programme, rows)
    audit.record_create(actor, programme, source=source)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Any,
    programme: Programme,
    data: Mapping[str, Any],
    sessions: Iterable[Mapping[str, Any]] | None = None,
    source: str = "",
) -> Programme:
    """Change a template; `sessions` given: they replace the template's list."""
    _check_access(actor, programme)
    before = audit.snapshot(programme)
    assign(programme, data)
    # Moving a template to another owner needs the right to keep it there too.
    _check_access(actor, programme)
    rows = _session_rows(programme, sessions) if sessions is not None else None
    _clean_programme(programme)
    programme.save()
    extra: dict[str, Any] = {}
    if rows is not None:
        changed = _save_sessions(programme, rows)
        if changed:
            extra["sessions"] = changed
    audit.record_update(actor, programme, before, source=source, extra=extra)
    return programme


@transaction.atomic
def programme_delete(*, actor: Any, programme: Programme, source: str = "") -> None:
    """Groups made from the template keep their sessions; they only lose the link to it."""
    _check_access(actor, programme)
    audit.record_delete(actor, programme, source=source)
    Group.objects.filter(programme=programme).update(programme=None)
    programme.delete()


def programmes_visible(user: Any) -> QuerySet[Programme]:
    """Templates a signed-in person may use: the network's and their own organisations'."""
    qs = Programme.objects.select_related("organisation")
    ids = network_access.editable_organisation_ids(user)
    if ids is None:
        return qs
    return qs.filter(organisation__isnull=True) | qs.filter(organisation_id__in=ids)


# --- Making a group -----------------------------------------------------------------------


def session_starts(first_start: datetime, offsets: Iterable[int], tz_name: str = DEFAULT_TIME_ZONE) -> list[datetime]:
    """UTC starts on first_start's date + each offset, at first_start's local wall-clock time."""
    if first_start.tzinfo is None:
        raise ValidationError({"first_start": [_("Give the time with its time zone.")]})
    tz = recurrence.zone(tz_name)
    wall = recurrence.to_local(first_start, tz)
    return [recurrence.to_utc(wall + timedelta(days=offset), tz) for offset in offsets]


def _languages(values: Iterable[Any] | None) -> list[Language]:
    items = list(values or [])
    codes = [v for v in items if isinstance(v, str)]
    found = {lang.code: lang for lang in Language.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError({"languages": [_("Unknown language: %(codes)s.") % {"codes": ", ".join(missing)}]})
    return [found[v] if isinstance(v, str) else v for v in items]


def _default_place(organisation: Organisation) -> Place:
    place = Place.objects.filter(organisation=organisation).order_by("created_at", "id").first()
    if place is None:
        raise ValidationError({"place": [_("Choose the group's place: the organisation has no places.")]})
    return place


@transaction.atomic
def make_group(
    *,
    actor: Any,
    organisation: Organisation,
    title: Mapping[str, str],
    sessions: list[Mapping[str, Any]],
    group_data: Mapping[str, Any],
    place: Place | None = None,
    participation: str = Participation.OPEN,
    languages: Iterable[Any] | None = None,
    programme: Programme | None = None,
    kind: str = ProgrammeKind.OTHER,
    activity_extra: Mapping[str, Any] | None = None,
    source: str = "",
) -> Group:
    """A group, its calendar activity and sessions through `services.group_create`, then
    its kind and template (fields the group service leaves to the template's owner)."""
    if actor is not None and not access.can_create_group(actor, organisation):
        raise PermissionDenied(_("You may not create groups for this organisation."))
    activity_data: dict[str, Any] = {
        "organisation": organisation,
        "place": place or _default_place(organisation),
        "participation": participation,
        "signup_required": True,
        "languages": _languages(languages),
        **{f"title_{lang}": (title.get(lang) or "").strip() for lang in CONTENT_LANGUAGES},
        **dict(activity_extra or {}),
    }
    if not activity_data["title_fi"]:
        raise ValidationError({"title_fi": [_("Give the group's name in Finnish.")]})
    group = services.group_create(
        actor=actor, activity_data=activity_data, group_data=group_data, sessions=sessions, source=source
    )
    before = audit.snapshot(group)
    group.kind, group.programme = kind, programme
    group.save(update_fields=["kind", "programme"])
    audit.record_update(actor, group, before, source=source)
    return group


def _group_data(
    first_start: datetime,
    decision_date: date | None,
    enrolment_opens: datetime | None,
    enrolment_closes: datetime | None,
    status: str,
    **places: Any,
) -> dict[str, Any]:
    local_day = recurrence.to_local(first_start, recurrence.zone(DEFAULT_TIME_ZONE)).date()
    return {
        **places,
        "decision_date": decision_date or local_day - DECISION_BEFORE,
        "enrolment_opens": enrolment_opens,
        "enrolment_closes": enrolment_closes,
        "status": status,
    }


def group_from_programme(
    *,
    actor: Any,
    programme: Programme,
    organisation: Organisation,
    first_start: datetime,
    place: Place | None = None,
    title: Mapping[str, str] | None = None,
    participation: str | None = None,
    languages: Iterable[Any] | None = None,
    enrolment_opens: datetime | None = None,
    enrolment_closes: datetime | None = None,
    decision_date: date | None = None,
    status: str = GroupStatus.OPEN,
    places: Mapping[str, int] | None = None,
    activity_extra: Mapping[str, Any] | None = None,
    source: str = "",
) -> Group:
    """A group with one session per programme session, in one step (all or nothing).

    `places` may set `capacity`, `waiting_list_capacity` or `minimum` unlike the template's."""
    # An organisation's own template is for its own groups; shared ones are for all.
    own_elsewhere = programme.organisation_id and programme.organisation_id != organisation.pk
    if actor is not None and own_elsewhere and not access.can_edit_programme(actor, programme):
        raise ValidationError({"programme": [_("This template belongs to another organisation.")]})
    steps = list(programme.sessions.order_by("number"))
    if not steps:
        raise ValidationError({"programme": [_("The template has no sessions.")]})
    starts = session_starts(first_start, [s.offset_days for s in steps])
    sessions: list[Mapping[str, Any]] = [
        {
            "start": start,
            "end": start + timedelta(minutes=step.minutes or programme.session_minutes),
            **{f"topic_{lang}": getattr(step, f"topic_{lang}") for lang in CONTENT_LANGUAGES},
        }
        for step, start in zip(steps, starts, strict=True)
    ]
    names = {lang: getattr(programme, f"name_{lang}") for lang in CONTENT_LANGUAGES}
    extra = {
        **{f"description_{lang}": getattr(programme, f"description_{lang}") for lang in CONTENT_LANGUAGES},
        "age_min_months": programme.age_min_months,
        "age_max_months": programme.age_max_months,
        **dict(activity_extra or {}),
    }
    group_data = _group_data(
        first_start,
        decision_date,
        enrolment_opens,
        enrolment_closes,
        status,
        capacity=programme.capacity,
        capacity_unit=programme.capacity_unit,
        waiting_list_capacity=programme.waiting_list_capacity,
        minimum=programme.minimum,
    )
    unknown = sorted(set(places or {}) - {"capacity", "waiting_list_capacity", "minimum"})
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    group_data |= dict(places or {})
    return make_group(
        actor=actor,
        organisation=organisation,
        title=title if title and (title.get("fi") or "").strip() else names,
        sessions=sessions,
        group_data=group_data,
        place=place,
        participation=participation or programme.participation,
        languages=languages,
        programme=programme,
        kind=programme.kind,
        activity_extra=extra,
        source=source,
    )


def group_weekly(
    *,
    actor: Any,
    organisation: Organisation,
    first_start: datetime,
    count: int,
    minutes: int,
    title: Mapping[str, str],
    capacity: int,
    waiting_list_capacity: int = 0,
    minimum: int = 0,
    capacity_unit: str = CapacityUnit.FAMILIES,
    place: Place | None = None,
    participation: str = Participation.OPEN,
    languages: Iterable[Any] | None = None,
    enrolment_opens: datetime | None = None,
    enrolment_closes: datetime | None = None,
    decision_date: date | None = None,
    status: str = GroupStatus.OPEN,
    source: str = "",
) -> Group:
    """A group without a template: `count` weekly sessions at the first one's local time."""
    if not 1 <= count <= MAX_SESSIONS:
        raise ValidationError({"sessions": [_("Give 1 to %(count)d sessions.") % {"count": MAX_SESSIONS}]})
    starts = session_starts(first_start, [7 * i for i in range(count)])
    sessions: list[Mapping[str, Any]] = [{"start": s, "end": s + timedelta(minutes=minutes)} for s in starts]
    group_data = _group_data(
        first_start,
        decision_date,
        enrolment_opens,
        enrolment_closes,
        status,
        capacity=capacity,
        capacity_unit=capacity_unit,
        waiting_list_capacity=waiting_list_capacity,
        minimum=minimum,
    )
    return make_group(
        actor=actor,
        organisation=organisation,
        title=title,
        sessions=sessions,
        group_data=group_data,
        place=place,
        participation=participation,
        languages=languages,
        source=source,
    )


__all__ = [
    "group_from_programme",
    "group_weekly",
    "programme_create",
    "programme_delete",
    "programme_update",
    "session_starts",
]
