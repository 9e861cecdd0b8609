"""A file import_ics cannot read is refused whole: non-zero exit, one line, nothing saved."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from perhekeskus.activities.models import Activity, OccurrenceChange
from perhekeskus.activities.tests.conftest import calendar  # noqa: F401
from perhekeskus.core.models import AuditEntry

FILES = Path(__file__).parent / "ics"


def counts() -> tuple[int, int, int]:
    return Activity.objects.count(), OccurrenceChange.objects.count(), AuditEntry.objects.count()


def assert_refused(path: Path, message: str, *args: str, organisation: str = "salo-parish") -> None:
    before = counts()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_ics", str(path), "--organisation", organisation, *args, stdout=StringIO(), stderr=StringIO()
        )
    text = str(exc.value)
    assert message in text
    assert "\n" not in text
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_ical.ics", "not_ical.ics: not an iCalendar file: no BEGIN:VCALENDAR; nothing was imported"),
        ("broken_rrule.ics", "UID rikki@example.fi: RRULE could not be read (FREQ=FORTNIGHTLY;BYDAY=WE)"),
        ("contradictory_rrule.ics", "UID ristiriita@example.fi: rrule: The rule gives no dates"),
        ("end_before_start.ics", "UID takaperin@example.fi: DTEND is not after DTSTART"),
        ("unknown_tzid.ics", 'UID marsissa@example.fi: unknown time zone TZID "Mars/Olympus_Mons" in DTSTART'),
    ],
)
def test_a_bad_file_is_refused(calendar, name, message):  # noqa: F811
    assert_refused(FILES / name, message)


def test_one_bad_event_after_good_ones_saves_nothing(calendar, tmp_path):  # noqa: F811
    good = (FILES / "parish.ics").read_bytes().decode()
    bad = (FILES / "end_before_start.ics").read_bytes().decode()
    event = bad[bad.index("BEGIN:VEVENT") : bad.index("END:VEVENT") + len("END:VEVENT")]
    mixed = good.replace("END:VCALENDAR", event + "\r\nEND:VCALENDAR")
    (tmp_path / "mixed.ics").write_bytes(mixed.encode())
    assert_refused(
        tmp_path / "mixed.ics",
        "UID takaperin@example.fi: DTEND is not after DTSTART",
        "--place",
        str(calendar["park"].uuid),
    )


def test_text_that_only_starts_like_a_calendar(calendar, tmp_path):  # noqa: F811
    (tmp_path / "half.ics").write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line has no colon\r\n")
    assert_refused(tmp_path / "half.ics", "half.ics: not an iCalendar file:")


def test_a_file_that_is_not_text(calendar, tmp_path):  # noqa: F811
    (tmp_path / "image.ics").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    assert_refused(tmp_path / "image.ics", "not an iCalendar file: the text is not UTF-8")


def test_an_unknown_organisation(calendar):  # noqa: F811
    assert_refused(FILES / "parish.ics", "no organisation with the slug 'nobody'", organisation="nobody")


def test_an_unknown_default_place(calendar):  # noqa: F811
    assert_refused(FILES / "parish.ics", "no single place with the UUID or name 'Kuu'", "--place", "Kuu")


def test_a_missing_file(calendar, tmp_path):  # noqa: F811
    assert_refused(tmp_path / "nowhere.ics", "nowhere.ics: no such file")


def test_an_unknown_language_is_refused_by_the_parser(calendar):  # noqa: F811
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_ics", str(FILES / "parish.ics"), "--organisation", "salo-parish", "--language", "de")
