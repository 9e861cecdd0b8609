"""Weekly occurrences keep their Helsinki wall-clock time across the clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from perhekeskus.activities import services
from perhekeskus.activities.queries import CalendarFilters, occurrences_find
from perhekeskus.activities.tests.conftest import helsinki, make_activity


def _week(d: datetime) -> tuple[datetime, datetime]:
    return d, d + timedelta(days=7)


def test_weekly_cafe_is_at_ten_before_and_after_the_march_change(calendar: Any) -> None:
    # Clocks go forward on Sunday 2026-03-29 (UTC+2 → UTC+3).
    before = occurrences_find(CalendarFilters(organisation=["mll-espoo"]), *_week(helsinki(2026, 3, 23)))
    after = occurrences_find(CalendarFilters(organisation=["mll-espoo"]), *_week(helsinki(2026, 3, 30)))
    cafe_before = [o for o in before if o.activity == calendar["cafe"]]
    cafe_after = [o for o in after if o.activity == calendar["cafe"]]
    assert [o.start for o in cafe_before] == [datetime(2026, 3, 24, 8, tzinfo=UTC)]
    assert [o.start for o in cafe_after] == [datetime(2026, 3, 31, 7, tzinfo=UTC)]
    assert [o.local_start.hour for o in cafe_before + cafe_after] == [10, 10]


def test_weekly_cafe_is_at_ten_before_and_after_the_october_change(calendar: Any) -> None:
    # Clocks go back on Sunday 2026-10-25 (UTC+3 → UTC+2).
    found = occurrences_find(CalendarFilters(organisation=["mll-espoo"]), helsinki(2026, 10, 19), helsinki(2026, 11, 2))
    cafe = [o for o in found if o.activity == calendar["cafe"]]
    assert [o.start for o in cafe] == [datetime(2026, 10, 20, 7, tzinfo=UTC), datetime(2026, 10, 27, 8, tzinfo=UTC)]
    assert [(o.local_start.hour, o.local_end.hour) for o in cafe] == [(10, 12), (10, 12)]


def test_every_second_thursday_until_its_end(calendar: Any) -> None:
    found = occurrences_find(CalendarFilters(organisation=["mll-espoo"]), helsinki(2026, 12, 1), helsinki(2027, 2, 1))
    fathers = [o.local_start.date().isoformat() for o in found if o.activity == calendar["fathers"]]
    assert fathers == ["2026-12-10"]  # 2026-01-08 + 24 × 14 days; the 24th is past UNTIL


def test_an_occurrence_in_the_skipped_march_hour_can_be_cancelled(calendar: Any) -> None:
    # Sundays 03:30 local: on 2026-03-29 03:30 does not exist and is read as 04:30 EEST.
    night = make_activity(
        calendar["orgs"]["mll"],
        start=helsinki(2026, 3, 15, 3, 30),
        end=helsinki(2026, 3, 15, 4, 30),
        rrule="FREQ=WEEKLY;BYDAY=SU;COUNT=4",
    )
    found = occurrences_find(CalendarFilters(organisation=["mll-espoo"]), helsinki(2026, 3, 28), helsinki(2026, 3, 30))
    skipped = next(o for o in found if o.activity == night)
    assert skipped.start == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    services.occurrence_change(actor=None, activity=night, original_start=skipped.start, kind="cancelled")
    found = occurrences_find(CalendarFilters(organisation=["mll-espoo"]), helsinki(2026, 3, 28), helsinki(2026, 3, 30))
    assert [o.status for o in found if o.activity == night] == ["cancelled"]
