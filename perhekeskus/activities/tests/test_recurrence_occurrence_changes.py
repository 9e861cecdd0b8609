"""Single occurrences excluded, cancelled or moved, place closures, a cancelled and an
ended activity: what the calendar's window query gives for each (made through the
services, read as the pages and feeds read)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from perhekeskus.activities import services
from perhekeskus.activities.models import ActivityStatus, ChangeKind
from perhekeskus.activities.occurrences import Occurrence, OccurrenceStatus
from perhekeskus.activities.queries import CalendarFilters, occurrences_find
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network import services as network_services

FEBRUARY = (helsinki(2026, 2, 1), helsinki(2026, 3, 1))  # the café's Tuesdays: 3, 10, 17, 24


def cafe_in(calendar: dict[str, Any], start: datetime, end: datetime) -> list[Occurrence]:
    return [o for o in occurrences_find(CalendarFilters(), start, end) if o.activity == calendar["cafe"]]


def days(found: list[Occurrence]) -> list[tuple[int, str]]:
    return [(o.local_start.day, o.status) for o in found]


S, C = OccurrenceStatus.SCHEDULED, OccurrenceStatus.CANCELLED


def test_an_excluded_date_removes_only_that_occurrence(calendar: Any) -> None:
    assert days(cafe_in(calendar, *FEBRUARY)) == [(3, S), (10, S), (17, S), (24, S)]
    services.occurrence_change(
        actor=None, activity=calendar["cafe"], original_start=helsinki(2026, 2, 10, 10), kind=ChangeKind.EXCLUDED
    )
    assert days(cafe_in(calendar, *FEBRUARY)) == [(3, S), (17, S), (24, S)]
    assert [o.local_start.hour for o in cafe_in(calendar, *FEBRUARY)] == [10, 10, 10]


def test_a_cancelled_occurrence_stays_in_the_calendar_marked_cancelled_with_its_note(calendar: Any) -> None:
    services.occurrence_change(
        actor=None,
        activity=calendar["cafe"],
        original_start=helsinki(2026, 2, 10, 10),
        kind=ChangeKind.CANCELLED,
        notes={"fi": "Ohjaaja on sairaana.", "sv": "Ledaren är sjuk."},
    )
    found = cafe_in(calendar, *FEBRUARY)
    assert days(found) == [(3, S), (10, C), (17, S), (24, S)]
    assert found[1].note == "Ohjaaja on sairaana."
    assert found[1].start == datetime(2026, 2, 10, 8, tzinfo=UTC)


def test_a_moved_occurrence_is_at_its_new_time_even_when_its_original_is_outside_the_window(calendar: Any) -> None:
    # A three-week course; its last meeting (Tue 20 Jan) moves to Thursday 29 Jan, after
    # the series has ended by its rule.
    course = make_activity(
        calendar["orgs"]["mll"], title_fi="Kurssi", rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=3", place=calendar["cafe_place"]
    )
    services.occurrence_change(
        actor=None,
        activity=course,
        original_start=helsinki(2026, 1, 20, 10),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 1, 29, 17),
        new_end=helsinki(2026, 1, 29, 19),
        notes={"fi": "Siirretty iltaan."},
    )
    assert course.series_end is not None and course.series_end < helsinki(2026, 1, 26)

    week = [
        o
        for o in occurrences_find(CalendarFilters(), helsinki(2026, 1, 26), helsinki(2026, 2, 2))
        if o.activity == course
    ]
    assert [(o.local_start, o.local_end.hour, o.moved, o.status) for o in week] == [
        (helsinki(2026, 1, 29, 17), 19, True, S)
    ]
    assert week[0].original_start == helsinki(2026, 1, 20, 10)
    assert week[0].note == "Siirretty iltaan."
    # Not at its old time any more.
    old_week = occurrences_find(CalendarFilters(), helsinki(2026, 1, 19), helsinki(2026, 1, 26))
    assert [o.local_start.day for o in old_week if o.activity == course] == []


def test_a_place_closure_cancels_unless_the_activity_runs_on_closures(calendar: Any) -> None:
    network_services.place_update(
        actor=None,
        place=calendar["cafe_place"],
        data={
            "opening_exceptions": [
                {
                    "start_date": date(2026, 2, 16),
                    "end_date": date(2026, 2, 22),
                    "closed": True,
                    "reason_fi": "Talviloma",
                }
            ]
        },
    )
    found = cafe_in(calendar, *FEBRUARY)
    assert days(found) == [(3, S), (10, S), (17, C), (24, S)]
    assert found[2].note == "Talviloma"

    services.activity_update(actor=None, activity=calendar["cafe"], data={"runs_on_closures": True})
    assert days(cafe_in(calendar, *FEBRUARY)) == [(3, S), (10, S), (17, S), (24, S)]


def test_a_cancelled_activity_has_every_occurrence_cancelled(calendar: Any) -> None:
    services.activity_update(actor=None, activity=calendar["cafe"], data={"status": ActivityStatus.CANCELLED})
    assert days(cafe_in(calendar, *FEBRUARY)) == [(3, C), (10, C), (17, C), (24, C)]
    # A moved occurrence of a cancelled activity is cancelled too.
    services.occurrence_change(
        actor=None,
        activity=calendar["cafe"],
        original_start=helsinki(2026, 2, 10, 10),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 2, 11, 10),
        new_end=helsinki(2026, 2, 11, 12),
    )
    assert days(cafe_in(calendar, *FEBRUARY)) == [(3, C), (11, C), (17, C), (24, C)]


def test_an_ended_activity_has_no_occurrences_after_its_end(calendar: Any) -> None:
    ended = services.activity_end(actor=None, activity=calendar["cafe"], at=helsinki(2026, 2, 12, 12))
    assert ended.status == ActivityStatus.ENDED
    assert days(cafe_in(calendar, *FEBRUARY)) == [(3, S), (10, S)]
    assert cafe_in(calendar, helsinki(2026, 2, 12), helsinki(2027, 2, 12)) == []
    assert ended.series_end == helsinki(2026, 2, 10, 12)
