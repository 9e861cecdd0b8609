"""`manage.py load_demo` loads the joint family activity calendar of Matinkylä-Olari,
Leppävaara and Salo: varied, dated relative to the week of the load, audited, and
idempotent (a second run in the same week writes nothing)."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
import yaml
from django.core.management import CommandError, call_command
from django.db.models import Count

from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind, OccurrenceChange, Participation
from perhekeskus.activities.occurrences import OccurrenceStatus, occurrences_for
from perhekeskus.activities.params import day_start
from perhekeskus.activities.queries import CalendarFilters, occurrences_find
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.models import Organisation

DEMO = Path(__file__).resolve().parents[3] / "demo"
HELSINKI = ZoneInfo("Europe/Helsinki")
# A Wednesday: week 0 of the demo is 16–22 March 2026, the clocks change on the 29th.
LOAD_DAY = datetime(2026, 3, 18, 12, tzinfo=HELSINKI)
MONDAY = date(2026, 3, 16)


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def calendar_demo(tmp_path: Path) -> Path:
    """The demo files the calendar needs: areas, organisations, users, places and activities.

    Services and contacts are left out to keep the tests quick (`network/tests/
    test_load_demo.py` loads them).
    """
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("services-*.yaml", "contacts.yaml"))
    return demo


def activity(key_title: str) -> Activity:
    return Activity.objects.get(title_fi=key_title)


def week(n: int) -> tuple[datetime, datetime]:
    start = day_start(MONDAY + timedelta(weeks=n))
    return start, day_start(MONDAY + timedelta(weeks=n + 1))


@pytest.mark.django_db
@time_machine.travel(LOAD_DAY, tick=False)
def test_demo_calendar_is_varied_and_every_row_is_audited() -> None:
    output = load()

    activities = Activity.objects.filter(group__isnull=True)  # the demo groups' activities are counted in groups
    assert 30 <= activities.count() <= 40
    assert "activities: 38 new, 0 updated, 0 unchanged" in output
    statuses = dict(activities.values_list("status").annotate(n=Count("id")))
    assert statuses[ActivityStatus.DRAFT] == 1 and statuses[ActivityStatus.ENDED] == 1
    assert statuses[ActivityStatus.PUBLISHED] >= 30
    assert set(activities.values_list("participation", flat=True)) == set(Participation.values)

    # Fi and sv everywhere, en for most; the report's partners publish in one calendar.
    assert not activities.filter(title_fi="").exists() and not activities.filter(title_sv="").exists()
    assert not activities.filter(description_fi="").exists() and not activities.filter(description_sv="").exists()
    assert activities.exclude(title_en="").count() >= 25
    kinds = set(activities.values_list("organisation__kind", flat=True))
    assert {"municipality", "county", "ngo", "parish", "volunteer_group", "education"} <= kinds
    assert activities.filter(place__area__parent__slug="salo").count() >= 5
    for district in ("matinkyla-olari", "leppavaara"):
        assert activities.filter(area__slug=district).count() >= 8

    # The activities the brief names.
    fathers = activity("Isä–lapsi-lauantai")
    assert fathers.co_organisers.count() >= 4 and fathers.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
    assert set(activity("Ruotsinkielinen perhekerho").languages.values_list("code", flat=True)) == {"sv"}
    mothers = activity("Äitien ryhmä maahanmuuttajaperheille")
    assert {"ar", "so", "en"} <= set(mothers.languages.values_list("code", flat=True))
    assert "immigrant_families" in mothers.target_groups.values_list("code", flat=True)
    assert activity("Perhevalmennus, odotusaika (E1–E5)").participation == Participation.DIRECTED
    assert activity("Ekavauva-vertaisryhmä (kutsusta)").participation == Participation.TARGETED
    assert activity("Matinkylän perheilta").rrule == "FREQ=MONTHLY;BYDAY=1TH"
    assert activities.filter(signup_required=True).count() >= 5
    assert activities.filter(cost="fee").count() >= 3
    assert activities.filter(rrule__contains="COUNT=").count() >= 5
    assert activities.filter(rrule__contains="UNTIL=").count() >= 1
    assert activities.filter(online=True, place__isnull=True).count() >= 1
    # Recurring series are confirmed for the season, except the one left for the editors' list.
    recurring = activities.exclude(rrule="").filter(status=ActivityStatus.PUBLISHED)
    assert recurring.filter(confirmed_until=date(2026, 7, 31)).count() == recurring.count() - 1

    # Every row came through the services as the system.
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, source="load_demo", actor__isnull=True)
    assert created.filter(object_type="activities.activity").count() == Activity.objects.count()
    assert created.filter(object_type="activities.occurrencechange").count() == OccurrenceChange.objects.count()
    kinds_of_change = dict(OccurrenceChange.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds_of_change[ChangeKind.CANCELLED] == 1 and kinds_of_change[ChangeKind.MOVED] == 1
    assert kinds_of_change[ChangeKind.EXCLUDED] >= 10


@pytest.mark.django_db
@time_machine.travel(LOAD_DAY, tick=False)
def test_dates_are_relative_to_the_week_of_the_load(tmp_path: Path) -> None:
    load("--dir", str(calendar_demo(tmp_path)))
    cafe = activity("Perhekahvila Pikkuväki")  # week -10, Tuesdays 09:30–11:30
    assert cafe.start.astimezone(HELSINKI) == datetime(2026, 1, 6, 9, 30, tzinfo=HELSINKI)
    ended = activity("Kantoliinakahvila")
    assert ended.status == ActivityStatus.ENDED
    assert ended.series_end is not None and ended.series_end.astimezone(HELSINKI).date() == date(2026, 2, 23)

    # Next week (the clocks change on its Sunday): the café is cancelled with its note,
    # the rest at their usual wall-clock times.
    found = occurrences_find(CalendarFilters(area=["matinkyla-olari"]), *week(1))
    cafe_next = [o for o in found if o.activity == cafe]
    assert [(o.local_start.hour, o.local_start.minute, o.status) for o in cafe_next] == [
        (9, 30, OccurrenceStatus.CANCELLED)
    ]
    assert "koulutuspäivässä" in cafe_next[0].note
    # The week after it (summer time), the baby morning moved from Thursday to Friday.
    baby = activity("Vauva-aamu")
    moved = [o for o in occurrences_find(CalendarFilters(), *week(2)) if o.activity == baby]
    assert [(o.local_start.date(), o.local_start.hour, o.moved) for o in moved] == [(date(2026, 4, 3), 9, True)]

    # The monthly family evening starts on the first Thursday after the date it gives.
    evening = activity("Matinkylän perheilta")
    assert evening.start.astimezone(HELSINKI) == datetime(2026, 1, 1, 17, 30, tzinfo=HELSINKI)


@pytest.mark.django_db
@time_machine.travel(LOAD_DAY, tick=False)
def test_holidays_and_closures_shape_the_demo_calendar(tmp_path: Path) -> None:
    load("--dir", str(calendar_demo(tmp_path)))
    # Easter Monday 2026-04-06 is excluded from the open day-care mornings (gone, not cancelled).
    day_care = activity("Avoin päiväkoti Omenapuu – aamupäivät")
    easter_week = [o.local_start.date() for o in occurrences_for([day_care], *week(3))]
    assert easter_week == [date(2026, 4, 7), date(2026, 4, 8), date(2026, 4, 9)]
    excluded = day_care.changes.get(original_start=datetime(2026, 4, 6, 9, tzinfo=HELSINKI))
    assert excluded.kind == ChangeKind.EXCLUDED and "2. pääsiäispäivä" in excluded.note_fi

    # Christmas Eve 2026 is a Thursday: the place's Christmas closure cancels the baby
    # morning there, while the Christmas service runs although its church is closed.
    christmas = (day_start(date(2026, 12, 24)), day_start(date(2026, 12, 25)))
    baby = occurrences_for([activity("Vauva-aamu")], *christmas)
    assert [(o.status, o.note) for o in baby] == [(OccurrenceStatus.CANCELLED, "Joulu")]
    service = occurrences_for([activity("Perheiden joulukirkko")], *christmas)
    assert [(o.local_start.hour, o.status) for o in service] == [(14, OccurrenceStatus.SCHEDULED)]
    assert service[0].activity.place is not None
    assert service[0].activity.place.opening_exceptions.filter(start_date=date(2026, 12, 24), closed=True).exists()


@pytest.mark.django_db
def test_second_run_in_the_same_week_writes_nothing_and_a_later_week_moves_along(tmp_path: Path) -> None:
    demo = calendar_demo(tmp_path)
    with time_machine.travel(LOAD_DAY, tick=False):
        load("--dir", str(demo))
    rows = (Activity.objects.count(), OccurrenceChange.objects.count())
    audit = AuditEntry.objects.count()
    snapshot = sorted(Activity.objects.values_list("uuid", "start", "rrule", "series_end", "updated_at"))
    changes = sorted(OccurrenceChange.objects.values_list("activity__uuid", "original_start", "kind", "new_start"))

    with time_machine.travel(LOAD_DAY + timedelta(days=4), tick=False):  # Sunday, the same week
        output = load("--dir", str(demo))

    assert "activities: 0 new, 0 updated, 38 unchanged" in output
    assert "occurrence changes: 0 new, 0 updated" in output
    assert (Activity.objects.count(), OccurrenceChange.objects.count()) == rows
    assert AuditEntry.objects.count() == audit
    assert sorted(Activity.objects.values_list("uuid", "start", "rrule", "series_end", "updated_at")) == snapshot
    assert sorted(OccurrenceChange.objects.values_list("activity__uuid", "original_start", "kind", "new_start")) == (
        changes
    )

    # A week later the demo moves along: the café's cancellation is again "next week".
    with time_machine.travel(LOAD_DAY + timedelta(weeks=1), tick=False):
        output = load("--dir", str(demo))
    assert "activities: 0 new" in output and "0 new, 0 updated, 38 unchanged" not in output
    assert Activity.objects.count() == rows[0]
    cafe = activity("Perhekahvila Pikkuväki")
    cancelled = cafe.changes.get(kind=ChangeKind.CANCELLED)
    assert cancelled.original_start.astimezone(HELSINKI).date() == date(2026, 3, 31)
    assert cafe.changes.count() == 1  # the earlier week's cancellation was restored
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="activities.occurrencechange").exists()

    # Editing one row in the file updates that activity only.
    path = demo / "activities-salo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Perniön perhekahvila", "Perniön perhekahvila Nuppu"))
    updates = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="activities.activity").count()
    with time_machine.travel(LOAD_DAY + timedelta(weeks=1), tick=False):
        output = load("--dir", str(demo))
    assert "activities: 0 new, 1 updated, 37 unchanged" in output
    assert Activity.objects.filter(title_fi="Perniön perhekahvila Nuppu").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="activities.activity").count() == (
        updates + 1
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("repeat: FREQ=WEEKLY;BYDAY=TH\n", "repeat: FREQ=HOURLY\n", "rrule: FREQ"),
        ("place: mll-pikkuvaki\n", "place: no-such-place\n", "unknown place no-such-place"),
        ("co_organisers: [lansi-uusimaa-neuvolat]", "co_organisers: [nobody]", "unknown co-organiser: nobody"),
        ("    - week: 1\n", "    - week: -30\n", "no occurrence in the week of"),
        ('time: "09:30-11:30"}', 'time: "half past nine"}', "give `time` as HH:MM-HH:MM"),
    ],
    ids=["bad rule", "unknown place", "unknown co-organiser", "cancel outside the series", "bad time"],
)
def test_bad_calendar_data_stops_the_load_and_saves_nothing(tmp_path: Path, old: str, new: str, message: str) -> None:
    demo = calendar_demo(tmp_path)
    path = demo / "activities-espoo.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    with time_machine.travel(LOAD_DAY, tick=False), pytest.raises(CommandError, match=message):
        load("--dir", str(demo))

    assert Activity.objects.count() == 0
    assert OccurrenceChange.objects.count() == 0
    assert Organisation.objects.count() == 0  # the whole load is one transaction
    assert AuditEntry.objects.count() == 0


def test_every_place_and_organisation_named_in_the_calendar_exists() -> None:
    """A cheap check of the files themselves, so a typo shows before a slow load."""
    places = {row["key"] for row in yaml.safe_load((DEMO / "places.yaml").read_text(encoding="utf-8"))}
    orgs = {row["slug"] for row in yaml.safe_load((DEMO / "organisations.yaml").read_text(encoding="utf-8"))}
    rows: list[dict[str, Any]] = []
    for path in sorted(DEMO.glob("activities*.yaml")):
        rows += yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len({r["key"] for r in rows}) == len(rows)
    for row in rows:
        assert row.get("place") in places | {None}, row["key"]
        assert {row["organisation"], *row.get("co_organisers", [])} <= orgs, row["key"]
