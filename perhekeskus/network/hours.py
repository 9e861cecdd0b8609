"""Opening hours as families see them: today's hours, the week, exceptions, "open now".

Hours are stored as Europe/Helsinki wall-clock times, so "now" is always turned into
Helsinki local time before it is compared. That keeps a place that opens at 10:00
opening at 10:00 on both sides of a daylight-saving change, whatever the UTC offset.

Everything here reads `place.opening_hours.all()` and `place.opening_exceptions.all()`,
so a page that prefetches both asks the database nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from perhekeskus.core.translation import translated_value
from perhekeskus.network.models import OpeningException, Place, Weekday

HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time

    def contains(self, moment: time) -> bool:
        return self.opens <= moment < self.closes


@dataclass
class DayHours:
    """What a place keeps on one date: its intervals (empty = closed) and why, if dated."""

    day: date
    intervals: list[Interval] = field(default_factory=list)
    exception: OpeningException | None = None

    @property
    def closed(self) -> bool:
        return not self.intervals

    @property
    def reason(self) -> str:
        return translated_value(self.exception, "reason") if self.exception else ""


def local_now(now: datetime | None = None) -> datetime:
    """`now` (default: the current instant) as Helsinki wall-clock time."""
    return (now or timezone.now()).astimezone(HELSINKI)


def exception_on(place: Place, day: date) -> OpeningException | None:
    """The dated exception covering `day`; the latest-starting one wins when they overlap."""
    found = [e for e in place.opening_exceptions.all() if e.start_date <= day <= e.end_date]
    return max(found, key=lambda e: (e.start_date, e.pk or 0)) if found else None


def hours_on(place: Place, day: date) -> DayHours:
    """The place's hours on a date, with any exception or holiday closure applied."""
    exc = exception_on(place, day)
    if exc is not None:
        if exc.closed or exc.opens is None or exc.closes is None or exc.closes <= exc.opens:
            return DayHours(day, [], exc)
        return DayHours(day, [Interval(exc.opens, exc.closes)], exc)
    regular = [Interval(h.opens, h.closes) for h in place.opening_hours.all() if h.weekday == day.weekday()]
    return DayHours(day, sorted(regular, key=lambda i: i.opens))


def today(place: Place, now: datetime | None = None) -> DayHours:
    return hours_on(place, local_now(now).date())


def is_open(place: Place, now: datetime | None = None) -> bool:
    """Whether the place is open at `now` (default: this moment), judged in Helsinki time."""
    local = local_now(now)
    return any(i.contains(local.time()) for i in hours_on(place, local.date()).intervals)


@dataclass
class WeekdayHours:
    weekday: int
    label: str
    intervals: list[Interval]


def weekly(place: Place) -> list[WeekdayHours]:
    """The regular week, Monday first; a day without rows is closed."""
    rows: dict[int, list[Interval]] = {d.value: [] for d in Weekday}
    for h in place.opening_hours.all():
        rows.setdefault(h.weekday, []).append(Interval(h.opens, h.closes))
    return [WeekdayHours(d.value, str(d.label), sorted(rows[d.value], key=lambda i: i.opens)) for d in Weekday]


def upcoming_exceptions(place: Place, now: datetime | None = None, *, days: int = 90) -> list[OpeningException]:
    """Exceptions that have not ended yet and start within `days` days, soonest first."""
    start = local_now(now).date()
    horizon = start + timedelta(days=days)
    found = [e for e in place.opening_exceptions.all() if e.end_date >= start and e.start_date <= horizon]
    return sorted(found, key=lambda e: (e.start_date, e.end_date))
