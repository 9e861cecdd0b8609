"""Series that began long before the window asked give the same dates as a walk from
their real first start (`recurrence.restarted_before` skips the years in between).

The expected dates come from dateutil walking the rule from the activity's own first
start, without the skipping, over windows across the clock changes and season ends.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule as du

from perhekeskus.activities import recurrence

HELSINKI = ZoneInfo("Europe/Helsinki")
ZONE = "Europe/Helsinki"

# (rule, first local start): weekly, fortnightly with WKST, two days a week, monthly by
# weekday and by day, every third day, yearly, BYSETPOS, an UNTIL that ends mid-way,
# a day of the month that not every month has.
CASES = [
    ("FREQ=WEEKLY;BYDAY=TU", datetime(2023, 1, 3, 10)),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", datetime(2023, 9, 7, 18)),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU", datetime(2023, 9, 3, 9, 30)),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=WE,FR", datetime(2024, 2, 28, 17)),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", datetime(2024, 8, 5, 9)),
    ("FREQ=MONTHLY;BYDAY=2TU", datetime(2023, 10, 10, 10)),
    ("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR", datetime(2023, 3, 31, 13)),
    ("FREQ=MONTHLY;BYMONTHDAY=15", datetime(2023, 5, 15, 18)),
    ("FREQ=MONTHLY;BYMONTHDAY=31", datetime(2023, 1, 31, 10)),
    ("FREQ=MONTHLY", datetime(2023, 6, 20, 10)),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1", datetime(2023, 6, 1, 9)),
    ("FREQ=DAILY;INTERVAL=3", datetime(2024, 1, 1, 8)),
    ("FREQ=DAILY;BYDAY=SA,SU", datetime(2024, 1, 6, 11)),
    ("FREQ=YEARLY", datetime(2022, 5, 16, 12)),
    ("FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU", datetime(2022, 3, 27, 2, 30)),
    ("FREQ=WEEKLY;BYDAY=SU;UNTIL=20260329T235959", datetime(2023, 1, 1, 3, 30)),
    ("FREQ=WEEKLY;BYDAY=TU;COUNT=200", datetime(2023, 1, 3, 10)),
]
# Window starts (Helsinki): before the series, mid-series, the March and October clock
# changes of 2026, a year's feed, and long after an UNTIL.
WINDOWS = [
    (datetime(2022, 12, 26), 7),
    (datetime(2024, 6, 10), 7),
    (datetime(2026, 3, 23), 14),
    (datetime(2026, 10, 19), 14),
    (datetime(2026, 10, 31), 395),
    (datetime(2027, 2, 28), 3),
]


def walk_from_first_start(rule: str, first: datetime, lo: datetime, hi: datetime) -> list[datetime]:
    parsed = du.rrulestr("RRULE:" + rule, dtstart=first, cache=False)
    return [w for w in parsed.between(lo - timedelta(days=2), hi + timedelta(days=2), inc=True) if lo <= w < hi]


@pytest.mark.parametrize(("rule", "first"), CASES, ids=[c[0] for c in CASES])
def test_a_long_running_series_gives_the_dates_of_a_walk_from_its_first_start(rule: str, first: datetime) -> None:
    start = recurrence.to_utc(first, HELSINKI)
    end = recurrence.to_utc(first + timedelta(hours=2), HELSINKI)
    for window_from, days in WINDOWS:
        lo, hi = window_from, window_from + timedelta(days=days)
        got = recurrence.starts_between(
            rule, start, end, ZONE, recurrence.to_utc(lo, HELSINKI), recurrence.to_utc(hi, HELSINKI)
        )
        # Occurrences overlapping the window: started up to the 2-hour duration before it.
        expected = walk_from_first_start(rule, first, lo - timedelta(hours=2), hi)
        expected = [
            w for w in expected if recurrence.to_utc(w + timedelta(hours=2), HELSINKI) > recurrence.to_utc(lo, HELSINKI)
        ]
        assert [s for s, _e in got] == [recurrence.to_utc(w, HELSINKI) for w in expected], (rule, lo)
        assert all(
            e - s == recurrence.to_utc(w + timedelta(hours=2), HELSINKI) - recurrence.to_utc(w, HELSINKI)
            for (s, e), w in zip(got, expected, strict=True)
        )


@pytest.mark.parametrize(("rule", "first"), CASES, ids=[c[0] for c in CASES])
def test_is_occurrence_agrees_with_a_walk_from_the_first_start(rule: str, first: datetime) -> None:
    start = recurrence.to_utc(first, HELSINKI)
    dates = walk_from_first_start(rule, first, datetime(2026, 1, 1), datetime(2026, 12, 31))
    # A local time in the hour skipped in March is not asked: it has no UTC moment of its own.
    dates = [w for w in dates if recurrence.to_local(recurrence.to_utc(w, HELSINKI), HELSINKI) == w]
    for wall in dates[:: max(1, len(dates) // 12)]:
        assert recurrence.is_occurrence(rule, start, ZONE, recurrence.to_utc(wall, HELSINKI))
        # An hour or a day later is not an occurrence of these rules.
        assert not recurrence.is_occurrence(rule, start, ZONE, recurrence.to_utc(wall + timedelta(hours=1), HELSINKI))


def test_the_series_is_restarted_near_the_window_not_walked_from_its_first_start() -> None:
    parsed = du.rrulestr("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", dtstart=datetime(2023, 9, 7, 18), cache=False)
    restarted = recurrence.restarted_before(parsed, datetime(2026, 11, 29))
    later: datetime = restarted._dtstart  # type: ignore[attr-defined]
    assert datetime(2026, 11, 29) - timedelta(days=14) < later <= datetime(2026, 11, 29)
    assert (later - datetime(2023, 9, 7, 18)).days % 14 == 0 and later.time() == datetime(2023, 9, 7, 18).time()
    counted = du.rrulestr("RRULE:FREQ=WEEKLY;COUNT=300", dtstart=datetime(2023, 1, 3, 10), cache=False)
    assert recurrence.restarted_before(counted, datetime(2026, 11, 29)) is counted
