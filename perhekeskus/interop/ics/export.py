"""Activities as an iCalendar feed: one master VEVENT per activity plus its exceptions.

A recurring activity is written as its rule (RRULE in the activity's own time zone, so
clients keep the café at 10:00 across the clock changes), the excluded dates (EXDATE)
and one override VEVENT per cancelled or moved occurrence (same UID, RECURRENCE-ID of
the original start). Closures of the place are not stored as changes: they are found
by `occurrences_for` for the feed's window and written as cancelled overrides there.

A group's activity meets on listed sessions instead of a rule: each session is a VEVENT
of its own (`session_uid`), titled with its topic, at its own place, cancelled with its
note. A client cannot be told "these dates" in one event as reliably as by separate
events (RDATE support varies), and each session reads as itself in the client.

The text is in the active language (fi fallback). The body depends only on the data
and the window, never on the moment of the request (DTSTAMP is the activity's last
change), so the feed's ETag is a hash of the body.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration, vRecur

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind, OccurrenceChange, Session
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.core.translation import translated_value
from perhekeskus.network.models import Place

PRODID = "-//Perhekeskus//Activity calendar//FI"
REFRESH = timedelta(hours=12)
# Feeds cover what a family plans with: a month back (recent changes stay visible) and a year ahead.
WINDOW_BACK = timedelta(days=30)
WINDOW_AHEAD = timedelta(days=365)


def _domain() -> str:
    return getattr(settings, "ICAL_UID_DOMAIN", "") or "perhekeskus"


def uid_for(activity: Activity) -> str:
    """The activity's UID in every feed, whatever the filters or the request."""
    return f"{activity.uuid}@{_domain()}"


def session_uid(activity: Activity, session: Session) -> str:
    """One session's UID: the activity's id and the session's start in UTC.

    Sessions are rows that are replaced whole when the list is edited, so their own keys
    do not last; the start does, as long as the session stays at its time. A moved
    session gets a new UID, which a subscribing client reads as the old date removed
    and the new one added – what happened.
    """
    return f"{activity.uuid}-{session.start.astimezone(UTC):%Y%m%dT%H%M%SZ}@{_domain()}"


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    """From the start of the day 30 days back to one year ahead, in Helsinki days."""
    tz = recurrence.zone("Europe/Helsinki")
    first = datetime.combine(now.astimezone(tz).date() - WINDOW_BACK, datetime.min.time(), tzinfo=tz)
    return first, first + WINDOW_BACK + WINDOW_AHEAD


@lru_cache(maxsize=16)
def _timezone(name: str, last_year: int) -> bytes:
    # Building a VTIMEZONE walks the zone's transitions; cache it per zone and horizon.
    component = Timezone.from_tzinfo(
        recurrence.zone(name), first_date=date(2000, 1, 1), last_date=date(last_year, 1, 1)
    )
    return bytes(component.to_ical())


def vtimezone(name: str, last_year: int) -> Timezone:
    """A VTIMEZONE with the zone's real transitions (STANDARD and DAYLIGHT) up to `last_year`."""
    component = Timezone.from_ical(_timezone(name, last_year))
    assert isinstance(component, Timezone)
    return component


def rule_for_feed(rule: str, tz_name: str) -> str:
    """The stored rule with UNTIL in UTC: RFC 5545 wants `...Z` when DTSTART has a TZID.

    We keep UNTIL as the editor gave it (local wall time, a date, or UTC); in the feed
    it becomes the same moment in UTC, a DATE meaning the end of that local day.
    """
    tz = recurrence.zone(tz_name)
    parts = []
    for part in recurrence.normalise_rule(rule).split(";"):
        key, _sep, value = part.partition("=")
        if key == "UNTIL" and not value.endswith("Z"):
            wall = datetime.strptime(value + ("T235959" if len(value) == 8 else ""), "%Y%m%dT%H%M%S")
            value = recurrence.to_utc(wall, tz).strftime("%Y%m%dT%H%M%SZ")
        parts.append(f"{key}={value}")
    return ";".join(parts)


def _sequence(activity: Activity) -> int:
    # Grows with every save, so clients that honour SEQUENCE take the newer copy.
    return max(0, int((activity.updated_at - activity.created_at).total_seconds()))


def _absolute(base_url: str, name: str, uuid: object) -> str:
    try:
        return base_url.rstrip("/") + reverse(name, kwargs={"uuid": uuid})
    except NoReverseMatch:  # the page is not there (yet): the feed still works
        return ""


def _location(activity: Activity, place: Place | None) -> str:
    if place is not None:
        address = ", ".join(x for x in (place.street_address, f"{place.postal_code} {place.city}".strip()) if x)
        return f"{place.name}, {address}" if address else place.name
    return activity.online_url


@dataclass
class _Override:
    original_start: datetime
    start: datetime
    end: datetime
    cancelled: bool
    note: str


def _original_end(activity: Activity, original: datetime) -> datetime:
    tz = recurrence.zone(activity.time_zone)
    wall = recurrence.to_local(original, tz) + (
        recurrence.to_local(activity.end, tz) - recurrence.to_local(activity.start, tz)
    )
    return recurrence.to_utc(wall, tz)


def _exceptions(
    activity: Activity, changes: Sequence[OccurrenceChange], closed: Sequence[Occurrence]
) -> tuple[list[datetime], dict[datetime, _Override]]:
    """EXDATEs and overrides of one activity: its stored changes and the closures in the window."""
    whole = activity.status == ActivityStatus.CANCELLED
    excluded: list[datetime] = []
    overrides: dict[datetime, _Override] = {}
    for change in changes:
        # A change the rule no longer gives would show up as an extra occurrence in clients.
        if not recurrence.is_occurrence(activity.rrule, activity.start, activity.time_zone, change.original_start):
            continue
        if change.kind == ChangeKind.EXCLUDED:
            excluded.append(change.original_start)
        elif change.kind == ChangeKind.MOVED and change.new_start and change.new_end:
            overrides[change.original_start] = _Override(
                change.original_start, change.new_start, change.new_end, whole, change.note
            )
        else:
            overrides[change.original_start] = _Override(
                change.original_start,
                change.original_start,
                _original_end(activity, change.original_start),
                True,
                change.note,
            )
    for occurrence in closed:
        found = overrides.get(occurrence.original_start)
        if found is not None:
            found.cancelled = True
            found.note = found.note or occurrence.note
        else:
            overrides[occurrence.original_start] = _Override(
                occurrence.original_start, occurrence.start, occurrence.end, True, occurrence.note
            )
    return sorted(excluded), overrides


def _common(
    event: Event, activity: Activity, base_url: str, *, session: Session | None = None, summary: str = ""
) -> None:
    """The properties every VEVENT of the activity shares (master, overrides and sessions)."""
    event.add("uid", uid_for(activity) if session is None else session_uid(activity, session))
    event.add("dtstamp", activity.updated_at.astimezone(UTC))
    event.add("last-modified", activity.updated_at.astimezone(UTC))
    event.add("created", activity.created_at.astimezone(UTC))
    event.add("sequence", _sequence(activity))
    event.add("summary", summary or activity.title)
    place = session.place if session is not None and session.place_id else activity.place
    location = _location(activity, place)
    if location:
        event.add("location", location)
    if place is not None and place.latitude is not None and place.longitude is not None:
        event.add("geo", (float(place.latitude), float(place.longitude)))
    url = _absolute(base_url, "activity-detail", activity.uuid)
    if url:
        event.add("url", url)
    organiser = activity.organisation
    email = activity.contact_email or organiser.email
    # ORGANIZER must be an address; without a public e-mail the organiser's page is one.
    address = f"mailto:{email}" if email else _absolute(base_url, "organisation-detail", organiser.uuid)
    if address:
        event.add("organizer", vCalAddress(address), parameters={"CN": organiser.name})
    categories = []
    if activity.service_type is not None:
        categories.append(activity.service_type.name)
    categories += [group.name for group in activity.target_groups.all()]
    if categories:
        event.add("categories", categories)


def _description(activity: Activity, note: str = "") -> str:
    return "\n\n".join(x for x in (note, translated_value(activity, "description")) if x)


def _local(moment: datetime, activity: Activity) -> datetime:
    return moment.astimezone(recurrence.zone(activity.time_zone))


def activity_events(activity: Activity, closed: Sequence[Occurrence], base_url: str) -> list[Event]:
    """The master VEVENT and its overrides; empty for a one-off whose only date is excluded."""
    changes = list(activity.changes.all())
    excluded, overrides = _exceptions(activity, changes, closed)
    master = Event()
    _common(master, activity, base_url)
    status = "CANCELLED" if activity.status == ActivityStatus.CANCELLED else "CONFIRMED"
    start, end = activity.start, activity.end
    note = activity.cancellation_note if activity.status == ActivityStatus.CANCELLED else ""
    if not activity.rrule:
        # A one-off has no series to except from: its one occurrence is the event itself.
        if excluded:
            return []
        only = overrides.get(activity.start)
        if only is not None:
            start, end, note = only.start, only.end, only.note
            status = "CANCELLED" if only.cancelled else status
    master.add("status", status)
    master.add("dtstart", _local(start, activity))
    master.add("dtend", _local(end, activity))
    description = _description(activity, note)
    if description:
        master.add("description", description)
    if note:
        master.add("comment", note)
    if not activity.rrule:
        return [master]
    master.add("rrule", vRecur.from_ical(rule_for_feed(activity.rrule, activity.time_zone)))
    if excluded:
        master.add("exdate", [_local(x, activity) for x in excluded])
    events = [master]
    for original in sorted(overrides):
        item = overrides[original]
        event = Event()
        _common(event, activity, base_url)
        event.add("recurrence-id", _local(original, activity))
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("dtstart", _local(item.start, activity))
        event.add("dtend", _local(item.end, activity))
        description = _description(activity, item.note)
        if description:
            event.add("description", description)
        if item.note:
            event.add("comment", item.note)
        events.append(event)
    return events


def session_events(
    activity: Activity, sessions: Sequence[Session], closed: Sequence[Occurrence], base_url: str
) -> list[Event]:
    """One VEVENT per session of a group's activity (`sessions`: all of them, in order).

    SUMMARY is "title: topic"; a session is cancelled when it is, when the whole activity
    is, or when its place is closed that day (closures in the feed's window, `closed`).
    """
    closures = {o.original_start: o for o in closed}
    whole = activity.status == ActivityStatus.CANCELLED
    events = []
    for number, session in enumerate(sessions, start=1):
        topic = session.topic
        event = Event()
        _common(event, activity, base_url, session=session, summary=f"{activity.title}: {topic}" if topic else "")
        closure = closures.get(session.start)
        cancelled = whole or session.cancelled or closure is not None
        # A closed day's occurrence gives the session's own note first, then the closure's reason.
        note = closure.note if closure is not None else session.note or (activity.cancellation_note if whole else "")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("dtstart", _local(session.start, activity))
        event.add("dtend", _local(session.end, activity))
        label = _("Session %(number)s/%(count)s") % {"number": number, "count": len(sessions)}
        if topic:
            label = f"{label}: {topic}"
        event.add("description", "\n\n".join(x for x in (label, _description(activity, note)) if x))
        if note:
            event.add("comment", note)
        events.append(event)
    return events


def _sessions_of(items: Sequence[Activity]) -> dict[int, list[Session]]:
    """Every session of the group activities among `items`: one query, none without groups."""
    found: dict[int, list[Session]] = defaultdict(list)
    ids = [a.pk for a in items if a.has_sessions]
    if ids:
        for session in Session.objects.filter(activity_id__in=ids).select_related("place").order_by("start", "id"):
            found[session.activity_id].append(session)
    return found


def build_calendar(
    activities: Iterable[Activity],
    *,
    window: tuple[datetime, datetime],
    base_url: str,
    name: str = "",
    occurrences: Iterable[Occurrence] | None = None,
) -> Calendar:
    """A VCALENDAR of `activities` (changes and target groups best prefetched).

    Closure overrides are computed for `window` (or taken from `occurrences` already
    computed for it); everything else covers whole series.
    """
    items = list(activities)
    closed: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences_for(items, *window) if occurrences is None else occurrences:
        if occurrence.closure is not None:
            closed[occurrence.activity.pk].append(occurrence)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or _("Family activity calendar"))
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    zones = {"Europe/Helsinki"} | {a.time_zone for a in items}
    # Clients without their own zone data read the offsets from here: a decade ahead.
    last_year = window[1].year + 10
    for zone_name in sorted(zones):
        calendar.add_component(vtimezone(zone_name, last_year))
    sessions = _sessions_of(items)
    for activity in items:
        own_closed = closed.get(activity.pk, [])
        if activity.has_sessions:
            events = session_events(activity, sessions.get(activity.pk, []), own_closed, base_url)
        else:
            events = activity_events(activity, own_closed, base_url)
        for event in events:
            calendar.add_component(event)
    return calendar
