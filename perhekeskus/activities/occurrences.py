"""Occurrences of many activities in one window, with their changes and place closures.

One window costs three queries whatever the number of activities: the activities
(by the caller), their occurrence changes in or near the window, and the closures of
their places in it. Nothing is stored per occurrence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind, OccurrenceChange, Session
from perhekeskus.core.translation import translated_value
from perhekeskus.network.models import OpeningException

# Changes are looked up by original start; a moved occurrence may come from this far away.
MAX_MOVE = timedelta(days=60)


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


@dataclass(frozen=True)
class Occurrence:
    activity: Activity
    start: datetime  # aware, UTC
    end: datetime
    original_start: datetime  # the rule's start: identifies the occurrence (RECURRENCE-ID)
    status: str  # OccurrenceStatus
    moved: bool = False
    change: OccurrenceChange | None = None
    closure: OpeningException | None = None
    session: Session | None = None  # for a group's activity: the session this is
    session_number: int = 0  # its place in the group's whole series, from 1 ("session 2/5")
    session_count: int = 0  # the number of sessions in the series, cancelled ones included

    @property
    def cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def note(self) -> str:
        """Why it is cancelled or moved, in the active language."""
        if self.change is not None and self.change.note:
            return self.change.note
        if self.session is not None and self.session.note:
            return self.session.note
        if self.closure is not None:
            return translated_value(self.closure, "reason")
        if self.activity.status == ActivityStatus.CANCELLED:
            return self.activity.cancellation_note
        return ""

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(recurrence.zone(self.activity.time_zone))

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(recurrence.zone(self.activity.time_zone))


def _changes(ids: Sequence[int], start: datetime, end: datetime) -> dict[int, dict[datetime, OccurrenceChange]]:
    near = Q(original_start__gte=start - MAX_MOVE - timedelta(days=1), original_start__lt=end + MAX_MOVE)
    moved_in = Q(kind=ChangeKind.MOVED, new_start__lt=end, new_end__gt=start)
    found: dict[int, dict[datetime, OccurrenceChange]] = defaultdict(dict)
    for change in OccurrenceChange.objects.filter(near | moved_in, activity_id__in=ids):
        found[change.activity_id][change.original_start] = change
    return found


def _sessions(ids: Sequence[int], start: datetime, end: datetime) -> dict[int, list[tuple[int, int, Session]]]:
    """The sessions overlapping the window as (number in the series, series length, session)."""
    series: dict[int, list[Session]] = defaultdict(list)
    if ids:
        # The whole series is read (a group meets tens of times at most), so each session
        # knows its number in it, whatever the window.
        for session in Session.objects.filter(activity_id__in=ids).select_related("place").order_by("start", "id"):
            series[session.activity_id].append(session)
    found: dict[int, list[tuple[int, int, Session]]] = defaultdict(list)
    for activity_id, sessions in series.items():
        for number, session in enumerate(sessions, start=1):
            if session.start < end and session.end > start:
                found[activity_id].append((number, len(sessions), session))
    return found


def _session_occurrences(
    activity: Activity, sessions: list[tuple[int, int, Session]], closures: dict[int, list[OpeningException]]
) -> list[Occurrence]:
    """A group's sessions as occurrences: each is moved or cancelled by editing it."""
    found = []
    for number, count, session in sessions:
        place_id = session.place_id or activity.place_id or 0
        closure = _closure_on(activity, session.start, closures.get(place_id, []))
        cancelled = activity.status == ActivityStatus.CANCELLED or session.cancelled or closure is not None
        status = OccurrenceStatus.CANCELLED if cancelled else OccurrenceStatus.SCHEDULED
        found.append(
            Occurrence(
                activity,
                session.start,
                session.end,
                session.start,
                status,
                closure=closure,
                session=session,
                session_number=number,
                session_count=count,
            )
        )
    return found


def _closures(place_ids: set[int], start: datetime, end: datetime) -> dict[int, list[OpeningException]]:
    found: dict[int, list[OpeningException]] = defaultdict(list)
    if not place_ids:
        return found
    rows = OpeningException.objects.filter(
        place_id__in=place_ids,
        closed=True,
        start_date__lte=(end + timedelta(days=1)).date(),
        end_date__gte=(start - timedelta(days=1)).date(),
    )
    for row in rows:
        found[row.place_id].append(row)
    return found


def _closure_on(activity: Activity, start: datetime, closures: list[OpeningException]) -> OpeningException | None:
    if activity.runs_on_closures or not closures:
        return None
    day = recurrence.local_day(start, activity.time_zone)
    return next((c for c in closures if c.start_date <= day <= c.end_date), None)


def occurrences_for(activities: Iterable[Activity], start: datetime, end: datetime) -> list[Occurrence]:
    """Every occurrence of `activities` overlapping [start, end), in time order.

    Excluded dates are left out, cancelled occurrences are kept with status cancelled
    (so families see that the café is off this week), moved ones appear at their new time.
    """
    items = list(activities)
    changes = _changes([a.pk for a in items if not a.has_sessions], start, end)
    sessions = _sessions([a.pk for a in items if a.has_sessions], start, end)
    place_ids = {a.place_id for a in items if a.place_id}
    place_ids |= {s.place_id for found in sessions.values() for _n, _c, s in found if s.place_id}
    closures = _closures(place_ids, start, end)
    found: list[Occurrence] = []
    for activity in items:
        if activity.has_sessions:
            found += _session_occurrences(activity, sessions.get(activity.pk, []), closures)
            continue
        own = changes.get(activity.pk, {})
        place_closures = closures.get(activity.place_id or 0, [])
        whole_cancelled = activity.status == ActivityStatus.CANCELLED
        seen: set[datetime] = set()
        spans = recurrence.starts_between(activity.rrule, activity.start, activity.end, activity.time_zone, start, end)
        for s, e in spans:
            seen.add(s)
            change = own.get(s)
            if change is not None and change.kind == ChangeKind.EXCLUDED:
                continue
            if change is not None and change.kind == ChangeKind.MOVED:
                continue  # added below if its new time is in the window
            closure = _closure_on(activity, s, place_closures)
            cancelled = whole_cancelled or closure is not None or change is not None
            status = OccurrenceStatus.CANCELLED if cancelled else OccurrenceStatus.SCHEDULED
            found.append(Occurrence(activity, s, e, s, status, change=change, closure=closure))
        for original, change in own.items():
            if change.kind != ChangeKind.MOVED or change.new_start is None or change.new_end is None:
                continue
            if not (change.new_start < end and change.new_end > start):
                continue
            if original not in seen and not recurrence.is_occurrence(
                activity.rrule, activity.start, activity.time_zone, original
            ):
                continue  # the rule no longer gives this occurrence: the change is stale
            closure = _closure_on(activity, change.new_start, place_closures)
            cancelled = whole_cancelled or closure is not None
            status = OccurrenceStatus.CANCELLED if cancelled else OccurrenceStatus.SCHEDULED
            found.append(
                Occurrence(
                    activity,
                    change.new_start,
                    change.new_end,
                    original,
                    status,
                    moved=True,
                    change=change,
                    closure=closure,
                )
            )
    found.sort(key=lambda o: (o.start, o.activity.title_fi, o.activity.pk))
    return found
