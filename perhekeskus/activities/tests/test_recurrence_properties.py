"""Properties of computed occurrences for random daily, weekly and monthly series.

Series are created through `services.activity_create` and read back through the window
query (`queries.activities_in_window`) and `occurrences.occurrences_for`, the path the
calendar pages, feeds and the API take. Start times include 03:30 on the days Helsinki's
clocks change: on the last Sunday of March 03:00–04:00 does not exist, on the last
Sunday of October 03:00–04:00 happens twice.

RFC 5545 §3.3.10: a recurrence instance whose computed local time does not exist, or
exists twice, is read "in the same manner as an explicit DATE-TIME value describing that
date and time, as specified in Section 3.3.5", and §3.3.5 says: a non-existent time is
read with the UTC offset before the gap (03:30 in the gap is 03:30+02:00, which is 04:30
summer time); a repeated time means its first instance (03:30+03:00).

Because the first start is stored in UTC, a series whose first start is given in the gap
is stored as the instant RFC 5545 gives it (04:30 summer time) and repeats at 04:30.

Each occurrence is as long on the wall clock as the first, as recurring-ical-events also
computes it; where that would give an occurrence no length (next to a clock change) it is
as long as the first occurrence really was.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from perhekeskus.activities import services
from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.activities.queries import CalendarFilters, activities_in_window

ZONE = "Europe/Helsinki"
HELSINKI = ZoneInfo(ZONE)
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MARCH_CHANGES = [date(2025, 3, 30), date(2026, 3, 29), date(2027, 3, 28)]
OCTOBER_CHANGES = [date(2025, 10, 26), date(2026, 10, 25), date(2027, 10, 31)]
CHANGE_DAYS = MARCH_CHANGES + OCTOBER_CHANGES
TIMES = [time(3, 30), time(0, 0), time(2, 45), time(9, 0), time(10, 0), time(17, 45), time(23, 30)]
PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def wall(moment: datetime) -> datetime:
    return moment.astimezone(HELSINKI).replace(tzinfo=None)


def utc(local: datetime, fold: int = 0) -> datetime:
    return local.replace(tzinfo=HELSINKI, fold=fold).astimezone(UTC)


def in_gap(local: datetime) -> bool:
    """The local time does not exist (the hour skipped in March)."""
    return wall(utc(local)) != local


def repeated(local: datetime) -> bool:
    """The local time happens twice (the hour repeated in October)."""
    return not in_gap(local) and utc(local, 0) != utc(local, 1)


def _first_days() -> st.SearchStrategy[date]:
    # Change days themselves, Sundays leading up to them (weekly rules then cross them),
    # and any day in three years.
    before = [d - timedelta(weeks=w) for d in CHANGE_DAYS for w in (1, 2, 5)]
    return st.one_of(
        st.sampled_from(CHANGE_DAYS), st.sampled_from(before), st.dates(date(2025, 1, 1), date(2027, 12, 31))
    )


@st.composite
def series(draw: Any) -> dict[str, Any]:
    """A start, end and a rule of which the start is the first date."""
    day = draw(_first_days())
    local_start = datetime.combine(day, draw(st.sampled_from(TIMES)))
    start = utc(local_start)
    end = start + timedelta(minutes=draw(st.sampled_from([30, 60, 90, 120, 180])))
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    interval = draw(st.integers(1, 3))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    code = DAY_CODES[day.weekday()]
    if freq == "WEEKLY":
        extra = draw(st.sets(st.sampled_from(DAY_CODES), max_size=2))
        parts.append("BYDAY=" + ",".join(c for c in DAY_CODES if c in extra | {code}))
    elif freq == "MONTHLY":
        way = draw(st.sampled_from(["monthday", "nth", "last"]))
        nth = (day.day - 1) // 7 + 1
        if way == "monthday" and day.day <= 28:
            parts.append(f"BYMONTHDAY={day.day}")
        elif way == "last" and (day + timedelta(weeks=1)).month != day.month:
            parts.append(f"BYDAY=-1{code}")
        elif nth <= 4:
            parts.append(f"BYDAY={nth}{code}")
        else:
            parts.append(f"BYDAY=-1{code}")
    ending = draw(st.sampled_from(["open", "count", "until"]))
    if ending == "count":
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    elif ending == "until":
        last_day = day + timedelta(days=draw(st.integers(0, 500)))
        parts.append(f"UNTIL={utc(datetime.combine(last_day, time(23, 59, 59))):%Y%m%dT%H%M%SZ}")
    return {"start": start, "end": end, "rrule": ";".join(parts)}


# A window: (minutes from the first start, length in hours), from a month before the first
# start to two years after it, an hour to four months long.
WINDOWS = st.tuples(st.integers(-30 * 24 * 60, 800 * 24 * 60), st.integers(1, 120 * 24))


def window(first: datetime, spec: tuple[int, int]) -> tuple[datetime, datetime]:
    start = first + timedelta(minutes=spec[0])
    return start, start + timedelta(hours=spec[1])


def around(day: date, at: time, minutes: int, rule: str) -> dict[str, Any]:
    """A series whose first local start is `at` on `day` (read as RFC 5545 says)."""
    start = utc(datetime.combine(day, at))
    return {"start": start, "end": start + timedelta(minutes=minutes), "rrule": rule}


# The corners found by hand, tried every run whatever Hypothesis draws: a first occurrence
# running across the October change (its wall-clock length is zero) and across the March
# change (two hours on the wall clock for one real hour), weekly series that meet the
# non-existent and the repeated 03:30, and 03:30 on the change days themselves.
CORNERS = [
    around(date(2026, 10, 25), time(3, 30), 60, "FREQ=WEEKLY;BYDAY=SU;COUNT=5"),
    around(date(2026, 3, 29), time(2, 30), 60, "FREQ=WEEKLY;BYDAY=SU;COUNT=5"),
    around(date(2026, 3, 15), time(3, 30), 60, "FREQ=WEEKLY;BYDAY=SU;COUNT=5"),
    around(date(2026, 10, 11), time(3, 30), 90, "FREQ=WEEKLY;BYDAY=SU"),
    around(date(2026, 3, 29), time(3, 30), 60, "FREQ=DAILY;COUNT=3"),
    around(date(2026, 10, 24), time(23, 30), 300, "FREQ=DAILY;COUNT=3"),
]


def corners(test: Any) -> Any:
    for spec in CORNERS:
        test = example(spec=spec, span=(-2 * 24 * 60, 60 * 24))(test)
    return test


def create(network: dict[str, Any], spec: dict[str, Any]) -> Activity:
    data = {
        "organisation": network["orgs"]["mll"],
        "status": ActivityStatus.PUBLISHED,
        "title_fi": "Sarja",
        "online": True,
        "online_url": "https://example.fi/meet",
        **spec,
    }
    return services.activity_create(actor=None, data=data)


def found(activity: Activity, start: datetime, end: datetime) -> list[Occurrence]:
    """Occurrences in [start, end) the way the calendar finds them: window query first."""
    candidates = activities_in_window(CalendarFilters(), start, end).filter(pk=activity.pk)
    return occurrences_for(candidates, start, end)


def key(o: Occurrence) -> tuple[datetime, datetime, str]:
    return (o.start, o.end, o.status)


class rolled_back:
    """Each example's rows go away with a savepoint, so examples do not see each other."""

    def __enter__(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc: Any) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(*exc)


@PROPERTY_SETTINGS
@given(spec=series(), span=WINDOWS)
@corners
def test_every_occurrence_keeps_the_first_wall_clock_time(network: Any, spec: dict[str, Any], span: Any) -> None:
    with rolled_back():
        activity = create(network, spec)
        first_wall = wall(activity.start).time()
        wall_length = wall(activity.end) - wall(activity.start)
        start, end = window(activity.start, span)
        occurrences = found(activity, start, end)
        for o in occurrences:
            intended = datetime.combine(wall(o.start).date(), first_wall)
            if in_gap(intended):
                # Read with the offset before the gap: one hour later on the wall clock.
                assert wall(o.start) == intended + timedelta(hours=1)
                assert o.start.astimezone(HELSINKI).utcoffset() == timedelta(hours=3)
            else:
                assert wall(o.start).time() == first_wall
            if repeated(intended):
                assert o.start.astimezone(HELSINKI).utcoffset() == timedelta(hours=3)  # the first of the two
            # As long on the wall clock as the first (10:00–12:00 stays 10:00–12:00) unless
            # that gives no length next to a clock change: then as long as the first really was.
            wall_end = utc(intended + wall_length)
            assert o.end == (wall_end if wall_end > o.start else o.start + (activity.end - activity.start))


@PROPERTY_SETTINGS
@given(spec=series(), span=WINDOWS, split=st.floats(0.01, 0.99))
@example(spec=CORNERS[0], span=(-60, 24), split=1 / 24)  # split at the first start itself
@example(spec=CORNERS[3], span=(-60, 24 * 30), split=0.5)
def test_two_halves_of_a_window_give_the_whole_windows_occurrences(
    network: Any, spec: dict[str, Any], span: Any, split: float
) -> None:
    with rolled_back():
        activity = create(network, spec)
        start, end = window(activity.start, span)
        middle = start + (end - start) * split
        whole = [key(o) for o in found(activity, start, end)]
        first = [key(o) for o in found(activity, start, middle)]
        second = [key(o) for o in found(activity, middle, end)]

        assert len(set(whole)) == len(whole)
        assert sorted(set(first) | set(second)) == whole
        # Only an occurrence running across the split point is in both halves.
        assert set(first) & set(second) == {k for k in whole if k[0] < middle < k[1]}


@PROPERTY_SETTINGS
@given(spec=series())
@example(spec=CORNERS[0])
@example(spec=CORNERS[1])
@example(spec=CORNERS[5])
def test_count_gives_exactly_that_many_and_series_end_is_the_last_end(network: Any, spec: dict[str, Any]) -> None:
    with rolled_back():
        activity = create(network, spec)
        far = activity.start + timedelta(days=11 * 366)  # 40 times every third month fits
        everything = found(activity, activity.start - timedelta(days=1), far)
        count = next((int(p[6:]) for p in activity.rrule.split(";") if p.startswith("COUNT=")), None)
        if count is not None:
            assert len(everything) == count
        if count is None and "UNTIL=" not in activity.rrule:
            assert activity.series_end is None
            return
        assert everything[0].start == activity.start
        assert activity.series_end == max(o.end for o in everything)
        # And nothing after it, however far one looks.
        assert found(activity, activity.series_end, activity.series_end + timedelta(days=4000)) == []


def _independent(activity: Activity, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The occurrences recurring-ical-events finds in an equivalent VEVENT built with icalendar."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//perhekeskus tests//")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{activity.uuid}@test")
    event.add("dtstart", activity.start.astimezone(HELSINKI))
    # DURATION, not DTEND: a first occurrence that ends in October's repeated hour has no
    # local DTEND of its own (03:00 would be read as the first 03:00, before the start).
    event.add("duration", activity.end - activity.start)
    event.add("rrule", icalendar.vRecur.from_ical(activity.rrule))
    calendar.add_component(event)
    parsed = icalendar.Calendar.from_ical(calendar.to_ical())
    out = []
    for e in recurring_ical_events.of(parsed).between(start - timedelta(days=1), end + timedelta(days=1)):
        s = e["DTSTART"].dt.astimezone(UTC)
        f = (e["DTSTART"].dt + e["DURATION"].dt).astimezone(UTC) if "DURATION" in e else e["DTEND"].dt.astimezone(UTC)
        if start <= s < end:
            out.append((s, f))
    return sorted(out)


def _near_a_clock_change(s: datetime, e: datetime) -> bool:
    """A clock change within the hour around [s, e] (including a start in the skipped hour)."""
    hour = timedelta(hours=1)
    return (s - hour).astimezone(HELSINKI).utcoffset() != (e + hour).astimezone(HELSINKI).utcoffset()


@PROPERTY_SETTINGS
@given(spec=series(), span=WINDOWS)
@corners
def test_occurrences_agree_with_recurring_ical_events(network: Any, spec: dict[str, Any], span: Any) -> None:
    with rolled_back():
        activity = create(network, spec)
        start, end = window(activity.start, span)
        duration = activity.end - activity.start
        ours = [(o.start, o.end) for o in found(activity, start - duration, end) if start <= o.start < end]
        theirs = _independent(activity, start, end)

        assert [s for s, _ in ours] == [s for s, _ in theirs]
        for (s, e), (_, their_end) in zip(ours, theirs, strict=True):
            # Both add a length to the wall-clock start; ours is the first occurrence's
            # wall-clock length, the VEVENT's DURATION its real one. They differ only next
            # to a clock change (this occurrence's or the first's).
            if not (_near_a_clock_change(s, e) or _near_a_clock_change(activity.start, activity.end)):
                assert e == their_end
