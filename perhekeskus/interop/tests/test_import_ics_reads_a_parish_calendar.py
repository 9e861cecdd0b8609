"""import_ics brings a parish's calendar in, reports what it could not keep, and is idempotent.

The occurrences the calendar then shows are compared with an independent expansion of
the same file by `recurring-ical-events`.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import recurring_ical_events
from django.core.management import call_command
from icalendar import Calendar

from perhekeskus.activities import params, queries
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind
from perhekeskus.activities.tests.conftest import calendar, helsinki  # noqa: F401
from perhekeskus.core.models import AuditEntry

FILES = Path(__file__).parent / "ics"
PARISH = FILES / "parish.ics"
CLUB = "perhekerho-2026@seurakunta.example.fi"
CAMP = "perheleiri-2026@seurakunta.example.fi"
BABIES = "vauvakerho-kevat@seurakunta.example.fi"
FATHERS = "isanpaiva-2026@seurakunta.example.fi"
CONCERT = "perhekonsertti@seurakunta.example.fi"


def run(path: Path, *args: str, organisation: str = "salo-parish") -> list[str]:
    out = StringIO()
    call_command("import_ics", str(path), "--organisation", organisation, *args, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


def imported(uid: str) -> Activity:
    return Activity.objects.get(organisation__slug="salo-parish", source_uid=uid)


@pytest.fixture
def with_default(calendar: dict[str, Any]) -> tuple[str, ...]:  # noqa: F811
    return ("--place", str(calendar["park"].uuid))


def test_the_parish_calendar_is_imported_and_reported(calendar, with_default):  # noqa: F811
    lines = run(PARISH, *with_default)
    assert lines[-1] == "created 4, updated 0, unchanged 0, skipped 1"
    assert f"UID {CONCERT}: RDATE (extra dates) not supported, skipped" in lines
    assert f'UID {CAMP}: LOCATION "Leirikeskus Kallio" matched no place, used the default place' in lines
    assert f"UID {CAMP}: all-day event, kept as 00:00–24:00 Helsinki time" in lines
    assert f'UID {BABIES}: CATEGORIES "Musiikki" matched no service type, audience or life stage, left out' in lines
    assert not Activity.objects.filter(source_uid=CONCERT).exists()


def test_the_weekly_club_keeps_its_rule_place_categories_and_exceptions(calendar, with_default):  # noqa: F811
    run(PARISH, *with_default)
    club = imported(CLUB)
    assert club.status == ActivityStatus.PUBLISHED
    assert club.title_fi == "Perhekerho"
    assert club.place == calendar["park"]  # "Matinkylän asukaspuisto, Matinkatu 1, Espoo"
    assert club.area == calendar["areas"]["matinkyla"]
    assert club.start == helsinki(2026, 1, 14, 9, 30) and club.end == helsinki(2026, 1, 14, 11, 30)
    assert club.rrule == "FREQ=WEEKLY;UNTIL=20260527T063000Z;BYDAY=WE;WKST=MO"
    assert club.service_type is not None and club.service_type.code == "family_club"
    assert [g.code for g in club.target_groups.all()] == ["all_families"]
    assert club.description_fi.endswith("\n\nhttps://seurakunta.example.fi/perhekerho")
    changes = {(c.original_start, c.kind, c.new_start, c.note_fi) for c in club.changes.all()}
    assert changes == {
        (helsinki(2026, 2, 25, 9, 30), ChangeKind.EXCLUDED, None, ""),
        (helsinki(2026, 3, 18, 9, 30), ChangeKind.CANCELLED, None, "Ohjaaja koulutuksessa"),
        (helsinki(2026, 4, 1, 9, 30), ChangeKind.MOVED, helsinki(2026, 4, 2, 13), "Pääsiäisviikolla torstaina"),
    }
    assert AuditEntry.objects.filter(source="import_ics").exists()


def test_places_online_events_and_ages_are_mapped(calendar, with_default):  # noqa: F811
    run(PARISH, *with_default)
    babies = imported(BABIES)
    assert babies.place == calendar["cafe_place"]  # "mll:n PERHEKAHVILA " matches, any organisation's place
    assert babies.service_type is not None and babies.service_type.code == "baby_group"
    assert [s.code for s in babies.life_stages.all()] == ["age_0_1"]
    fathers = imported(FATHERS)
    assert fathers.online and fathers.online_url == "https://meet.example.fi/isat" and fathers.place is None
    assert fathers.area == calendar["areas"]["salo"]  # the organiser's area
    assert fathers.start == dt.datetime(2026, 11, 8, 8, tzinfo=dt.UTC)
    assert [g.code for g in fathers.target_groups.all()] == ["fathers"]
    camp = imported(CAMP)
    assert (camp.start, camp.end) == (helsinki(2026, 6, 5, 0), helsinki(2026, 6, 7, 0))


def test_without_a_default_place_an_unknown_location_is_skipped(calendar):  # noqa: F811
    lines = run(PARISH)
    assert lines[-1] == "created 3, updated 0, unchanged 0, skipped 2"
    assert f'UID {CAMP}: LOCATION "Leirikeskus Kallio" matched no place and no --place was given, skipped' in lines


def test_a_second_run_changes_nothing(calendar, with_default):  # noqa: F811
    run(PARISH, *with_default)
    count, audit = Activity.objects.count(), AuditEntry.objects.count()
    lines = run(PARISH, *with_default)
    assert lines[-1] == "created 0, updated 0, unchanged 4, skipped 1"
    assert Activity.objects.count() == count
    assert AuditEntry.objects.count() == audit


def test_a_changed_event_updates_its_activity(calendar, with_default, tmp_path):  # noqa: F811
    run(PARISH, *with_default)
    first_id = imported(CLUB).pk
    text = PARISH.read_bytes().decode()
    text = text.replace("SUMMARY:Perhekerho\r\nCATEGORIES", "SUMMARY:Perhekerho Puuhapaja\r\nCATEGORIES")
    text = text.replace("EXDATE;TZID=Europe/Helsinki:20260225T093000", "EXDATE;TZID=Europe/Helsinki:20260304T093000")
    changed = tmp_path / "parish.ics"
    changed.write_bytes(text.encode())
    lines = run(changed, *with_default)
    assert lines[-1] == "created 0, updated 1, unchanged 3, skipped 1"
    club = imported(CLUB)
    assert club.pk == first_id
    assert club.title_fi == "Perhekerho Puuhapaja"
    excluded = [c.original_start for c in club.changes.filter(kind=ChangeKind.EXCLUDED)]
    assert excluded == [helsinki(2026, 3, 4, 9, 30)]


def test_a_dry_run_reports_and_saves_nothing(calendar, with_default):  # noqa: F811
    before = Activity.objects.count()
    lines = run(PARISH, *with_default, "--dry-run")
    assert lines[-1] == "dry run, nothing saved: created 4, updated 0, unchanged 0, skipped 1"
    assert Activity.objects.count() == before


def test_swedish_texts_and_draft_status(calendar, with_default):  # noqa: F811
    run(PARISH, *with_default, "--language", "sv", "--status", "draft")
    club = imported(CLUB)
    assert club.title_sv == "Perhekerho" and club.title_fi == "Perhekerho"
    assert club.description_sv.startswith("Avoin perhekerho") and club.description_fi == ""
    assert club.status == ActivityStatus.DRAFT


def test_a_cancelled_event_cancels_the_activity(calendar, with_default, tmp_path):  # noqa: F811
    run(PARISH, *with_default)
    text = (
        PARISH.read_bytes()
        .decode()
        .replace(
            "UID:perheleiri-2026@seurakunta.example.fi", "UID:perheleiri-2026@seurakunta.example.fi\r\nSTATUS:CANCELLED"
        )
    )
    (tmp_path / "p.ics").write_bytes(text.encode())
    assert run(tmp_path / "p.ics", *with_default)[-1] == "created 0, updated 1, unchanged 3, skipped 1"
    assert imported(CAMP).status == ActivityStatus.CANCELLED


def _independent(path: Path, start: dt.datetime, end: dt.datetime, skip: set[str]) -> list[tuple[Any, ...]]:
    tz = helsinki(2026, 1, 1).tzinfo
    found = []
    for event in recurring_ical_events.of(Calendar.from_ical(path.read_bytes())).between(start, end):
        if str(event["UID"]) in skip:
            continue
        first, last = event["DTSTART"].dt, event["DTEND"].dt
        if not isinstance(first, dt.datetime):  # all-day: 00:00 Helsinki time, as documented
            first = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
            last = dt.datetime.combine(last, dt.time(0), tzinfo=tz)
        status = "cancelled" if str(event.get("STATUS", "")).upper() == "CANCELLED" else "scheduled"
        found.append((str(event["UID"]), first.astimezone(dt.UTC), last.astimezone(dt.UTC), status))
    return sorted(found)


def test_the_calendar_shows_what_the_file_says(calendar, with_default):  # noqa: F811
    run(PARISH, *with_default)
    start, end = helsinki(2026, 1, 1), helsinki(2026, 12, 31)
    ours = sorted(
        (o.activity.source_uid, o.start, o.end, o.status)
        for o in queries.occurrences_find(params.filters_from_query({"organisation": "salo-parish"}), start, end)
    )
    assert len(ours) > 20
    # Across the March change: 10:00 Helsinki is 08:00 UTC before it and 07:00 UTC after.
    babies = [s for uid, s, _e, _st in ours if uid == BABIES]
    assert dt.datetime(2026, 3, 26, 8, tzinfo=dt.UTC) in babies and dt.datetime(2026, 4, 2, 7, tzinfo=dt.UTC) in babies
    assert ours == _independent(PARISH, start, end, skip={CONCERT})
