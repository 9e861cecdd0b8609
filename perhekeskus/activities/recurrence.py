"""RFC 5545 recurrence: validating rules and computing occurrences for a window.

Rules are expanded in the activity's wall-clock time (naive local datetimes) and each
occurrence is then placed in its time zone, so "every Tuesday 10:00–12:00" is 10:00–12:00
in Helsinki in both winter (UTC+2) and summer (UTC+3). A local time that does not exist
(the hour skipped in March) is read with the offset before the gap, and a repeated local
time (the hour seen twice in October) as its first instance, as RFC 5545 §3.3.5 says.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil import rrule as du
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Family activities repeat by the day at most; times come from the first occurrence.
ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
FORBIDDEN_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}
KNOWN_PARTS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYSETPOS",
    "WKST",
} | FORBIDDEN_PARTS
MAX_COUNT = 1000
# A rule whose series ends (COUNT or UNTIL) may give at most this many occurrences, so
# that finding the last one stays cheap; open-ended rules are never listed whole.
MAX_BOUNDED_OCCURRENCES = 3000
UNTIL_RE = re.compile(r"UNTIL=([0-9TZ]+)", re.IGNORECASE)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`; ValidationError for an unknown one."""
    try:
        if name not in _zone_names():
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError({"time_zone": [_("Unknown time zone: %(name)s.") % {"name": name}]}) from exc


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    """A UTC (aware) moment as naive wall-clock time in `tz`."""
    return moment.astimezone(tz).replace(tzinfo=None)


def to_utc(wall: datetime, tz: ZoneInfo) -> datetime:
    """Naive wall-clock time in `tz` as an aware UTC moment (fold=0: see the module note)."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def normalise_rule(text: str) -> str:
    """The RRULE value without an "RRULE:" prefix, parts in upper case, no spaces."""
    value = (text or "").strip()
    if value.upper().startswith("RRULE:"):
        value = value[6:]
    return ";".join(p.strip().upper() for p in value.split(";") if p.strip())


def _parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in rule.split(";"):
        key, sep, value = piece.partition("=")
        if not sep or not value:
            raise ValidationError({"rrule": [_("“%(part)s” is not of the form NAME=VALUE.") % {"part": piece}]})
        if key in parts:
            raise ValidationError({"rrule": [_("%(name)s is given twice.") % {"name": key}]})
        parts[key] = value
    return parts


def _until_local(value: str, tz: ZoneInfo) -> str:
    """UNTIL in the rule's local wall time: a UTC `...Z` value is converted, a date kept."""
    if value.endswith("Z"):
        moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return to_local(moment, tz).strftime("%Y%m%dT%H%M%S")
    if len(value) == 8:  # a DATE: the whole day counts
        return value + "T235959"
    return value


@lru_cache(maxsize=50_000)
def _parse(rule: str, dtstart: datetime, tz_name: str) -> du.rrule:
    tz = ZoneInfo(tz_name)
    text = UNTIL_RE.sub(lambda m: "UNTIL=" + _until_local(m.group(1).upper(), tz), rule)
    parsed = du.rrulestr("RRULE:" + text, dtstart=dtstart, cache=False)
    assert isinstance(parsed, du.rrule)
    return parsed


def parse(rule: str, dtstart_local: datetime, tz_name: str) -> du.rrule:
    """The rule over naive local `dtstart_local`; ValidationError (field `rrule`) if bad."""
    rule = normalise_rule(rule)
    parts = _parts(rule)
    unknown = sorted(set(parts) - KNOWN_PARTS)
    if unknown:
        raise ValidationError({"rrule": [_("Unknown rule part: %(parts)s.") % {"parts": ", ".join(unknown)}]})
    if parts.get("FREQ") not in ALLOWED_FREQ:
        raise ValidationError({"rrule": [_("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.")]})
    forbidden = sorted(set(parts) & FORBIDDEN_PARTS)
    if forbidden:
        raise ValidationError(
            {"rrule": [_("%(parts)s cannot be used: times come from the start.") % {"parts": ", ".join(forbidden)}]}
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError({"rrule": [_("Give COUNT or UNTIL, not both.")]})
    if "COUNT" in parts and not (parts["COUNT"].isdigit() and 1 <= int(parts["COUNT"]) <= MAX_COUNT):
        raise ValidationError({"rrule": [_("COUNT must be a whole number from 1 to %(max)s.") % {"max": MAX_COUNT}]})
    if "INTERVAL" in parts and not (parts["INTERVAL"].isdigit() and 1 <= int(parts["INTERVAL"]) <= 366):
        raise ValidationError({"rrule": [_("INTERVAL must be a whole number from 1 to 366.")]})
    try:
        return _parse(rule, dtstart_local, tz_name)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise ValidationError({"rrule": [_("The rule could not be read: %(error)s") % {"error": exc}]}) from exc


def validate(rule: str, start: datetime, end: datetime, tz_name: str) -> datetime | None:
    """Check the timing of an activity; return the end of its last occurrence (None: no end).

    Raises ValidationError with per-field messages for an end before the start, an unknown
    time zone, or a rule that is unreadable, contradictory (gives no dates, or does not
    give the first start itself) or ends before it starts.
    """
    tz = zone(tz_name)
    if end <= start:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    rule = normalise_rule(rule)
    if not rule:
        return end
    local_start = to_local(start, tz)
    wall_duration = to_local(end, tz) - local_start
    parsed = parse(rule, local_start, tz_name)
    until = getattr(parsed, "_until", None)
    if until is not None and until < local_start:
        raise ValidationError({"rrule": [_("The rule ends (UNTIL) before the first start.")]})
    first = parsed.after(local_start, inc=True)
    if first is None:
        raise ValidationError({"rrule": [_("The rule gives no dates: its parts contradict each other.")]})
    if first != local_start:
        raise ValidationError(
            {
                "rrule": [
                    _("The first start (%(start)s) is not one of the rule's dates; the first would be %(first)s.")
                    % {"start": f"{local_start:%Y-%m-%d %H:%M}", "first": f"{first:%Y-%m-%d %H:%M}"}
                ]
            }
        )
    if until is None and getattr(parsed, "_count", None) is None:
        return None
    last: datetime | None = None
    for n, occurrence in enumerate(parsed):
        if n >= MAX_BOUNDED_OCCURRENCES:
            raise ValidationError(
                {"rrule": [_("The rule gives more than %(max)s dates.") % {"max": MAX_BOUNDED_OCCURRENCES}]}
            )
        last = occurrence
    assert last is not None
    return _span(last, wall_duration, end - start, tz)[1]


def _span(wall: datetime, wall_duration: timedelta, exact: timedelta, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """(start, end) in UTC of the occurrence at local `wall`: as long as the first on the wall clock.

    Next to a clock change the wall-clock end can come out at or before the start (a start
    in March's skipped hour read an hour later, or a first occurrence that ran across
    October's repeated hour); such an occurrence lasts as long as the first one really did.
    """
    s, e = to_utc(wall, tz), to_utc(wall + wall_duration, tz)
    return (s, e) if e > s else (s, s + exact)


def restarted_before(parsed: du.rrule, moment: datetime) -> du.rrule:
    """The same rule started a whole number of periods later, at or before `moment`.

    dateutil walks every period from DTSTART, so a weekly series begun three years ago
    took 150 steps (about 1 ms) for each week asked of it. Moving DTSTART on by whole
    INTERVALs of its FREQ keeps the periods aligned and everything DTSTART lends the
    rule (weekday, day of the month, month, time of day), so the dates from the new
    start on are the same. COUNT counts from the real start: such rules are walked whole.
    """
    start: datetime = parsed._dtstart  # type: ignore[attr-defined]
    if parsed._count is not None or moment <= start:  # type: ignore[attr-defined]
        return parsed
    freq, interval = parsed._freq, parsed._interval  # type: ignore[attr-defined]
    if freq in (du.DAILY, du.WEEKLY):
        step = timedelta(days=interval * (7 if freq == du.WEEKLY else 1))
        periods = (moment - start) // step
        return parsed.replace(dtstart=start + periods * step) if periods > 0 else parsed
    if freq in (du.MONTHLY, du.YEARLY) and start.day <= 28:  # the day exists in every month
        months = interval * (12 if freq == du.YEARLY else 1)
        periods = ((moment.year - start.year) * 12 + moment.month - start.month) // months
        for n in (periods, periods - 1):
            index = start.month - 1 + n * months
            later = start.replace(year=start.year + index // 12, month=index % 12 + 1)
            if n > 0 and later <= moment:
                return parsed.replace(dtstart=later)
    return parsed


def starts_between(
    rule: str, start: datetime, end: datetime, tz_name: str, window_start: datetime, window_end: datetime
) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of the rule's occurrences that overlap [window_start, window_end).

    `start`/`end` are the first occurrence's; a one-off (empty rule) is its own only
    occurrence. Assumes a rule already accepted by `validate`.
    """
    if not rule:
        return [(start, end)] if start < window_end and end > window_start else []
    tz = ZoneInfo(tz_name)
    local_start = to_local(start, tz)
    wall_duration = to_local(end, tz) - local_start
    parsed = _parse(normalise_rule(rule), local_start, tz_name)
    # A day's margin either side covers offset changes; the exact test is in UTC below.
    lo = to_local(window_start, tz) - max(wall_duration, end - start) - timedelta(days=1)
    hi = to_local(window_end, tz) + timedelta(days=1)
    found = []
    for wall in restarted_before(parsed, lo).between(lo, hi, inc=True):
        s, e = _span(wall, wall_duration, end - start, tz)
        if s < window_end and e > window_start:
            found.append((s, e))
    return found


def is_occurrence(rule: str, start: datetime, tz_name: str, moment: datetime) -> bool:
    """Whether the UTC `moment` is the start of one of the rule's occurrences."""
    if not rule:
        return moment == start
    tz = ZoneInfo(tz_name)
    parsed = _parse(normalise_rule(rule), to_local(start, tz), tz_name)
    wall = to_local(moment, tz)
    # Look an hour either side: an occurrence at a skipped local time (03:30 on the March
    # change day) starts at 04:30 on the clock, an hour after the wall time the rule gives.
    lo, hi = wall - timedelta(hours=2), wall + timedelta(hours=2)
    candidates = restarted_before(parsed, lo).between(lo, hi, inc=True)
    return any(to_utc(found, tz) == moment for found in candidates)


def local_day(moment: datetime, tz_name: str) -> date:
    return to_local(moment, ZoneInfo(tz_name)).date()
