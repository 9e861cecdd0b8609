"""Reading a partner's iCalendar file into plain entries, times resolved to UTC.

What cannot be read at all (not iCalendar, a broken value, a time zone nobody defines,
an end before the start) raises `IcsError` naming the UID: the import stops there.
What can be read but not kept is left to the importer, which reports it.

Times: a TZID that is an IANA name (or a Windows name icalendar knows) is used as the
activity's zone; a TZID defined only by the file's own VTIMEZONE is read through that
definition and the activity follows Helsinki time; floating times (no zone) are read
as Helsinki time; an all-day date is 00:00 Helsinki time of that day, ending at 00:00
of the end date (one day when there is no end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from icalendar import Calendar, Component
from icalendar.prop import vBroken

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import DEFAULT_TIME_ZONE

HELSINKI = DEFAULT_TIME_ZONE
DEFAULT_LENGTH = timedelta(hours=1)


class IcsError(Exception):
    """The file cannot be imported; the message is one line."""


@dataclass
class Entry:
    """One VEVENT: the series itself (no recurrence_id) or one changed occurrence of it."""

    uid: str
    start: datetime  # aware, UTC
    end: datetime
    time_zone: str = HELSINKI
    summary: str = ""
    description: str = ""
    comment: str = ""
    location: str = ""
    url: str = ""
    status: str = ""  # upper case, e.g. CANCELLED
    categories: list[str] = field(default_factory=list)
    rrule: str = ""
    exdates: list[datetime] = field(default_factory=list)
    exdate_days: list[date] = field(default_factory=list)  # all-day EXDATEs of a timed series
    recurrence_id: datetime | None = None
    all_day: bool = False
    utc: bool = False
    custom_zone: str = ""  # a TZID defined only by the file's VTIMEZONE
    notes: list[str] = field(default_factory=list)  # what was assumed while reading
    unsupported: list[str] = field(default_factory=list)  # why it cannot be kept at all


@dataclass
class Series:
    uid: str
    master: Entry | None = None
    overrides: list[Entry] = field(default_factory=list)
    duplicates: int = 0


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value).strip()


def _check(event: Component, uid: str, name: str) -> None:
    values = event.get(name)
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, vBroken):
            raise IcsError(f"UID {uid}: {name} could not be read ({value})")


@dataclass
class _Moment:
    at: datetime  # aware
    zone_name: str
    all_day: bool = False
    utc: bool = False
    custom_zone: str = ""


def _moment(uid: str, name: str, prop: object) -> _Moment:
    value = getattr(prop, "dt", None)
    params = getattr(prop, "params", {})
    helsinki = ZoneInfo(HELSINKI)
    if isinstance(value, datetime):
        tz: tzinfo | None = value.tzinfo
        if tz is None:
            tzid = params.get("TZID") if params else None
            if tzid:
                raise IcsError(f'UID {uid}: unknown time zone TZID "{tzid}" in {name}')
            return _Moment(value.replace(tzinfo=helsinki), HELSINKI)  # floating: Helsinki time
        if isinstance(tz, ZoneInfo):
            key = tz.key
            if key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT", "Z"):
                return _Moment(value, HELSINKI, utc=True)
            try:
                recurrence.zone(key)
            except ValidationError:
                raise IcsError(f'UID {uid}: unknown time zone "{key}" in {name}') from None
            return _Moment(value, key)
        if value.utcoffset() == timedelta(0) and not (params and params.get("TZID")):
            return _Moment(value, HELSINKI, utc=True)
        return _Moment(value, HELSINKI, custom_zone=str(params.get("TZID", "") if params else ""))
    if isinstance(value, date):
        return _Moment(datetime.combine(value, time(0), tzinfo=helsinki), HELSINKI, all_day=True)
    raise IcsError(f"UID {uid}: {name} is not a date or a time")


def _end(event: Component, uid: str, start: _Moment) -> tuple[datetime, list[str]]:
    notes: list[str] = []
    if event.get("DTEND") is not None:
        end = _moment(uid, "DTEND", event["DTEND"]).at
    elif event.get("DURATION") is not None:
        duration = getattr(event["DURATION"], "dt", None)
        if not isinstance(duration, timedelta):
            raise IcsError(f"UID {uid}: DURATION could not be read")
        end = start.at + duration  # wall-clock arithmetic: P1D is one calendar day
    elif start.all_day:
        end = start.at + timedelta(days=1)
    else:
        end = start.at + DEFAULT_LENGTH
        notes.append("no DTEND or DURATION, one hour assumed")
    if end.astimezone(UTC) <= start.at.astimezone(UTC):
        raise IcsError(f"UID {uid}: DTEND is not after DTSTART")
    return end.astimezone(UTC), notes


def _exdates(event: Component, uid: str) -> tuple[list[datetime], list[date]]:
    values = event.get("EXDATE")
    if values is None:
        return [], []
    moments: list[datetime] = []
    days: list[date] = []
    for group in values if isinstance(values, list) else [values]:
        for item in getattr(group, "dts", []):
            found = _moment(uid, "EXDATE", item)
            if found.all_day:
                days.append(found.at.date())
            else:
                moments.append(found.at.astimezone(UTC))
    return moments, days


def _categories(event: Component) -> list[str]:
    values = event.get("CATEGORIES")
    found: list[str] = []
    for group in values if isinstance(values, list) else [values] if values is not None else []:
        found += [str(c).strip() for c in getattr(group, "cats", []) if str(c).strip()]
    return list(dict.fromkeys(found))


def _entry(event: Component) -> Entry:
    uid = _text(event.get("UID"))
    if not uid:
        raise IcsError(f'an event without a UID ("{_text(event.get("SUMMARY"))}")')
    for name in ("DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RECURRENCE-ID"):
        _check(event, uid, name)
    if event.get("DTSTART") is None:
        raise IcsError(f"UID {uid}: no DTSTART")
    start = _moment(uid, "DTSTART", event["DTSTART"])
    end, notes = _end(event, uid, start)
    entry = Entry(
        uid=uid,
        start=start.at.astimezone(UTC),
        end=end,
        time_zone=start.zone_name,
        summary=_text(event.get("SUMMARY")),
        description=_text(event.get("DESCRIPTION")),
        comment=_text(event.get("COMMENT")),
        location=_text(event.get("LOCATION")),
        url=_text(event.get("URL")),
        status=_text(event.get("STATUS")).upper(),
        categories=_categories(event),
        all_day=start.all_day,
        utc=start.utc,
        custom_zone=start.custom_zone,
        notes=notes,
    )
    rules = event.get("RRULE")
    if isinstance(rules, list):
        entry.unsupported.append("more than one RRULE is not supported")
        entry.rrule = ";".join(r.to_ical().decode() for r in rules)
    elif rules is not None:
        entry.rrule = rules.to_ical().decode()
    entry.exdates, entry.exdate_days = _exdates(event, uid)
    if event.get("RDATE") is not None:
        entry.unsupported.append("RDATE (extra dates) not supported")
    if event.get("RECURRENCE-ID") is not None:
        rid = event["RECURRENCE-ID"]
        if str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE":
            entry.unsupported.append("RECURRENCE-ID with RANGE=THISANDFUTURE not supported")
        entry.recurrence_id = _moment(uid, "RECURRENCE-ID", rid).at.astimezone(UTC)
    return entry


def read_calendar(data: bytes) -> list[Series]:
    """The file's events grouped by UID, in the order they first appear."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IcsError("not an iCalendar file: the text is not UTF-8") from None
    if "BEGIN:VCALENDAR" not in text.upper():
        raise IcsError("not an iCalendar file: no BEGIN:VCALENDAR")
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IcsError(f"not an iCalendar file: {reason}") from None
    series: dict[str, Series] = {}
    for calendar in calendars:
        if calendar.name != "VCALENDAR":
            raise IcsError(f"not an iCalendar file: {calendar.name} outside a VCALENDAR")
        for event in calendar.walk("VEVENT"):
            entry = _entry(event)
            found = series.setdefault(entry.uid, Series(entry.uid))
            if entry.recurrence_id is not None:
                found.overrides.append(entry)
            elif found.master is None:
                found.master = entry
            else:
                found.duplicates += 1
    return list(series.values())
