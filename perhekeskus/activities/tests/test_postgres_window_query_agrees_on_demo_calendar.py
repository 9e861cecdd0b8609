"""The window query finds the same occurrences of the demo calendar as a walk over every
public activity, for every week of a year and for each filter, on whichever database
the suite runs (CI runs it on SQLite and on PostgreSQL, so the two agree).

The database narrows the activities (dates, series end, moved occurrences, m2m filters,
area trees); the walk leaves all of that to Python. Where SQL differs between the two
databases (date comparisons in UTC, subqueries, NULLs) the results would part here.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from perhekeskus.activities.models import PUBLIC_STATUSES, Activity
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.activities.params import day_start
from perhekeskus.activities.queries import EVENING_FROM_HOUR, CalendarFilters, occurrences_find

DEMO = Path(__file__).resolve().parents[3] / "demo"
HELSINKI = ZoneInfo("Europe/Helsinki")
LOAD_DAY = datetime(2026, 3, 18, 12, tzinfo=HELSINKI)
MONDAY = date(2026, 3, 16)

Key = tuple[str, datetime, datetime, str, bool]
Check = Callable[[Activity, Occurrence], bool]


def key(o: Occurrence) -> Key:
    return (str(o.activity.uuid), o.start, o.end, str(o.status), o.moved)


def codes(activity: Activity, relation: str) -> set[str]:
    return {x.code for x in getattr(activity, relation).all()}


# Each filter and the same question asked of one activity in Python.
FILTERS: list[tuple[CalendarFilters, Check]] = [
    (
        CalendarFilters(area=["matinkyla-olari"]),
        # A district's calendar also shows what its municipality and county run for everyone.
        lambda a, o: a.area is not None and a.area.slug in {"matinkyla-olari", "espoo", "lansi-uusimaa"},
    ),
    (
        CalendarFilters(area=["salo"]),
        lambda a, o: (
            a.area is not None
            and (
                a.area.slug in {"salo", "varsinais-suomi"}
                or (a.area.parent is not None and a.area.parent.slug == "salo")
            )
        ),
    ),
    (CalendarFilters(language=["sv"]), lambda a, o: "sv" in codes(a, "languages")),
    (CalendarFilters(language=["ar", "so"]), lambda a, o: bool({"ar", "so"} & codes(a, "languages"))),
    (CalendarFilters(audience=["fathers"]), lambda a, o: "fathers" in codes(a, "target_groups")),
    (CalendarFilters(life_stage=["expecting"]), lambda a, o: "expecting" in codes(a, "life_stages")),
    (
        CalendarFilters(organisation=["mll-matinkyla"]),
        lambda a, o: (
            a.organisation.slug == "mll-matinkyla" or "mll-matinkyla" in {x.slug for x in a.co_organisers.all()}
        ),
    ),
    (
        CalendarFilters(age_months=(24, 35)),
        lambda a, o: (
            (a.age_min_months is None or a.age_min_months <= 35)
            and (a.age_max_months is None or a.age_max_months >= 24)
        ),
    ),
    (
        CalendarFilters(participation=["directed", "targeted"]),
        lambda a, o: a.participation in {"directed", "targeted"},
    ),
    (
        CalendarFilters(evenings_weekends=True),
        lambda a, o: o.local_start.weekday() >= 5 or o.local_start.hour >= EVENING_FROM_HOUR,
    ),
]


def windows() -> list[tuple[datetime, datetime]]:
    """Every week from twelve weeks before the load to forty after, and a few odd windows."""
    weeks = [
        (day_start(MONDAY + timedelta(weeks=n)), day_start(MONDAY + timedelta(weeks=n + 1))) for n in range(-12, 41)
    ]
    tuesday = MONDAY + timedelta(days=1)
    odd = [
        # Inside the Tuesday café (09:30–11:30), from its very end, up to its very start.
        (day_start(tuesday) + timedelta(hours=10, minutes=15), day_start(tuesday) + timedelta(hours=10, minutes=45)),
        (day_start(tuesday) + timedelta(hours=11, minutes=30), day_start(tuesday) + timedelta(hours=13)),
        (day_start(tuesday) + timedelta(hours=8), day_start(tuesday) + timedelta(hours=9, minutes=30)),
        # The night the clocks go forward, and a whole year (the seasonal calendar).
        (datetime(2026, 3, 28, 22, tzinfo=HELSINKI), datetime(2026, 3, 29, 6, tzinfo=HELSINKI)),
        (day_start(MONDAY), day_start(MONDAY + timedelta(days=365))),
    ]
    return weeks + odd


@pytest.mark.django_db
def test_window_query_finds_what_a_walk_over_every_activity_finds(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("services-*.yaml", "contacts.yaml"))
    with time_machine.travel(LOAD_DAY, tick=False):
        call_command("load_demo", "--dir", str(demo), stdout=io.StringIO())

    everything = list(
        Activity.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("organisation", "place", "area__parent", "service_type")
        .prefetch_related("languages", "target_groups", "life_stages", "co_organisers")
    )
    assert len(everything) >= 30
    seen_statuses: set[str] = set()
    moved = 0
    for start, end in windows():
        walked = occurrences_for(everything, start, end)
        assert [key(o) for o in occurrences_find(CalendarFilters(), start, end)] == [key(o) for o in walked], start
        for f, check in FILTERS:
            expected = [key(o) for o in walked if check(o.activity, o)]
            assert [key(o) for o in occurrences_find(f, start, end)] == expected, (f, start)
        seen_statuses |= {str(o.status) for o in walked}
        moved += sum(o.moved for o in walked)
    # The year had something of each kind to agree on.
    assert seen_statuses == {"scheduled", "cancelled"} and moved >= 1


@pytest.mark.django_db
def test_a_week_of_the_demo_calendar_costs_a_fixed_number_of_queries(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("services-*.yaml", "contacts.yaml"))
    with time_machine.travel(LOAD_DAY, tick=False):
        call_command("load_demo", "--dir", str(demo), stdout=io.StringIO())

    week = (day_start(MONDAY), day_start(MONDAY + timedelta(weeks=1)))
    year = (day_start(MONDAY), day_start(MONDAY + timedelta(days=365)))
    with CaptureQueriesContext(connection) as plain:
        found = occurrences_find(CalendarFilters(), *week)
    assert len(found) >= 20
    # The activities, their changes, their places' closures.
    assert len(plain) == 3, [q["sql"] for q in plain]
    with CaptureQueriesContext(connection) as district_year:
        assert len(occurrences_find(CalendarFilters(area=["matinkyla-olari"], language=["fi"]), *year)) > len(found)
    # The district's tree adds its own two; a year of occurrences costs no more than a week,
    # plus one query for the sessions of the demo's groups (which start after this week).
    assert len(district_year) == 3 + 2 + 1, [q["sql"] for q in district_year]
