"""How import_ics reads times, zones and rules it meets in other systems' files."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from perhekeskus.activities.models import Activity, ChangeKind
from perhekeskus.activities.tests.conftest import calendar, helsinki  # noqa: F401


def ics(*events: list[str], head: list[str] | None = None) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Edge cases//FI", *(head or [])]
    for event in events:
        lines += ["BEGIN:VEVENT", "DTSTAMP:20260101T000000Z", "LOCATION:Matinkylän asukaspuisto", *event, "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


@pytest.fixture
def run(calendar: dict[str, Any], tmp_path: Path) -> Any:  # noqa: F811
    def _run(data: bytes) -> list[str]:
        path = tmp_path / "edge.ics"
        path.write_bytes(data)
        out = StringIO()
        call_command("import_ics", str(path), "--organisation", "salo-parish", stdout=out, stderr=StringIO())
        return out.getvalue().splitlines()

    return _run


def one(uid: str) -> Activity:
    return Activity.objects.get(source_uid=uid)


def test_floating_times_are_helsinki_time(run):
    run(ics(["UID:f", "SUMMARY:Kerho", "DTSTART:20260701T100000", "DURATION:PT1H30M"]))
    activity = one("f")
    assert (activity.start, activity.end) == (helsinki(2026, 7, 1, 10), helsinki(2026, 7, 1, 11, 30))
    assert activity.time_zone == "Europe/Helsinki"


def test_an_iana_zone_other_than_helsinki_is_kept(run):
    run(ics(["UID:s", "SUMMARY:Kerho", "DTSTART;TZID=Europe/Stockholm:20260701T100000", "DURATION:PT1H"]))
    activity = one("s")
    assert activity.time_zone == "Europe/Stockholm"
    assert activity.start == dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)


def test_a_windows_zone_name_is_understood(run):
    run(ics(["UID:w", "SUMMARY:Kerho", "DTSTART;TZID=FLE Standard Time:20260114T100000", "DURATION:PT1H"]))
    assert one("w").start == helsinki(2026, 1, 14, 10)


def test_a_zone_defined_only_in_the_file_is_read_through_its_vtimezone(run):
    zone = [
        "BEGIN:VTIMEZONE",
        "TZID:Seurakunnan aika",
        "BEGIN:STANDARD",
        "DTSTART:19701025T040000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "TZOFFSETFROM:+0300",
        "TZOFFSETTO:+0200",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0300",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ]
    lines = run(
        ics(["UID:c", "SUMMARY:Kerho", "DTSTART;TZID=Seurakunnan aika:20260610T100000", "DURATION:PT1H"], head=zone)
    )
    assert one("c").start == helsinki(2026, 6, 10, 10)
    assert any('TZID "Seurakunnan aika" is not a known zone name' in line for line in lines)


def test_an_event_without_an_end_lasts_an_hour(run):
    lines = run(ics(["UID:n", "SUMMARY:Kerho", "DTSTART;TZID=Europe/Helsinki:20260701T100000"]))
    assert one("n").end == helsinki(2026, 7, 1, 11)
    assert "UID n: no DTEND or DURATION, one hour assumed" in lines


def test_an_all_day_event_without_an_end_is_one_day(run):
    run(ics(["UID:d", "SUMMARY:Retkipäivä", "DTSTART;VALUE=DATE:20260815"]))
    activity = one("d")
    assert (activity.start, activity.end) == (helsinki(2026, 8, 15, 0), helsinki(2026, 8, 16, 0))


def test_a_utc_series_keeps_its_helsinki_time_and_says_so(run):
    lines = run(
        ics(
            [
                "UID:u",
                "SUMMARY:Kerho",
                "DTSTART:20260311T080000Z",
                "DTEND:20260311T090000Z",
                "RRULE:FREQ=WEEKLY;COUNT=4",
            ]
        )
    )
    activity = one("u")
    assert activity.start == helsinki(2026, 3, 11, 10)
    assert "UID u: a series in UTC, kept at the same Helsinki wall-clock time across clock changes" in lines


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=HOURLY;COUNT=3", "RRULE FREQ=HOURLY not supported"),
        ("FREQ=DAILY;BYHOUR=10,14", "RRULE BYHOUR not supported"),
        ("FREQ=DAILY;COUNT=5000", "RRULE COUNT above 1000 not supported"),
    ],
)
def test_rules_we_do_not_keep_are_skipped_with_a_reason(run, rule, reason):
    lines = run(ics(["UID:r", "SUMMARY:Kerho", "DTSTART:20260311T080000Z", "DURATION:PT1H", f"RRULE:{rule}"]))
    assert f"UID r: {reason}, skipped" in lines
    assert lines[-1] == "created 0, updated 0, unchanged 0, skipped 1"


def test_exceptions_that_match_no_date_are_reported(run):
    series = [
        "UID:x",
        "SUMMARY:Kerho",
        "DTSTART;TZID=Europe/Helsinki:20260114T093000",
        "DTEND;TZID=Europe/Helsinki:20260114T113000",
        "RRULE:FREQ=WEEKLY;COUNT=10",
        "EXDATE;TZID=Europe/Helsinki:20260115T093000",
        "EXDATE;VALUE=DATE:20260121",
    ]
    stray = [
        "UID:x",
        "SUMMARY:Kerho",
        "RECURRENCE-ID;TZID=Europe/Helsinki:20260116T093000",
        "DTSTART;TZID=Europe/Helsinki:20260116T093000",
        "DTEND;TZID=Europe/Helsinki:20260116T113000",
        "STATUS:CANCELLED",
    ]
    same = [
        "UID:x",
        "SUMMARY:Kerho (sijainen)",
        "RECURRENCE-ID;TZID=Europe/Helsinki:20260128T093000",
        "DTSTART;TZID=Europe/Helsinki:20260128T093000",
        "DTEND;TZID=Europe/Helsinki:20260128T113000",
    ]
    lines = run(ics(series, stray, same))
    assert "UID x: EXDATE 2026-01-15 09:30 is not one of the series' dates, left out" in lines
    assert "UID x: RECURRENCE-ID 2026-01-16 09:30 is not one of the series' dates, left out" in lines
    assert "UID x: occurrence 2026-01-28 09:30 differs in other details only, left out" in lines
    # An all-day EXDATE of a timed series takes out that day's occurrence.
    changes = [(c.original_start, c.kind) for c in one("x").changes.all()]
    assert changes == [(helsinki(2026, 1, 21, 9, 30), ChangeKind.EXCLUDED)]


def test_changed_occurrences_without_their_series_are_skipped(run):
    lines = run(
        ics(
            [
                "UID:orpo",
                "SUMMARY:Kerho",
                "RECURRENCE-ID:20260114T073000Z",
                "DTSTART:20260114T073000Z",
                "DURATION:PT1H",
            ]
        )
    )
    assert "UID orpo: changed occurrences without their series, skipped" in lines


def test_a_move_beyond_sixty_days_is_kept_as_a_cancellation(run):
    series = ["UID:m", "SUMMARY:Kerho", "DTSTART:20260114T073000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=5"]
    moved = [
        "UID:m",
        "SUMMARY:Kerho",
        "RECURRENCE-ID:20260121T073000Z",
        "DTSTART:20260521T073000Z",
        "DURATION:PT1H",
    ]
    lines = run(ics(series, moved))
    assert "UID m: occurrence 2026-01-21 09:30 is moved by more than 60 days, kept as cancelled" in lines
    assert [c.kind for c in one("m").changes.all()] == [ChangeKind.CANCELLED]


def test_an_event_without_a_title_is_skipped(run):
    lines = run(ics(["UID:t", "DTSTART:20260114T073000Z", "DURATION:PT1H"]))
    assert "UID t: no SUMMARY (title), skipped" in lines
