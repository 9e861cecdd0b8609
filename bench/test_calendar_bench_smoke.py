"""The calendar benchmark at a tiny scale: the generator puts a calendar the write
services would accept on the network, and one round of the benchmark measures the
week and the year questions.

No timing is asserted (this is not a timed test); the figures only have to exist.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import calendar_generate as cg
from bench import calendar_run
from bench.generate import generate
from perhekeskus.activities import recurrence
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind, OccurrenceChange
from perhekeskus.activities.params import filters_from_query
from perhekeskus.activities.queries import occurrences_find
from perhekeskus.network.models import AreaKind, OpeningException

SCALE = 0.005


@pytest.fixture
def tiny_calendar(db: Any) -> dict[str, Any]:
    generate(scale=SCALE, seed=7, progress=False)
    return cg.generate_calendar(scale=SCALE, seed=7, progress=False)


def test_generator_builds_the_calendar_at_the_asked_scale(tiny_calendar: dict[str, Any]) -> None:
    sizes = cg.CalendarSizes.at(SCALE)
    assert Activity.objects.count() == sizes.recurring + sizes.one_off == tiny_calendar["activities"]
    assert Activity.objects.exclude(rrule="").count() == sizes.recurring
    # Every municipality has its share, in its own districts or for the whole town.
    for activity in Activity.objects.select_related("area"):
        assert activity.area.kind in (AreaKind.DISTRICT, AreaKind.MUNICIPALITY)
        assert activity.place_id or activity.online
    assert Activity.objects.filter(status=ActivityStatus.PUBLISHED).count() > sizes.recurring // 2
    assert Activity.co_organisers.through.objects.exists()
    assert Activity.life_stages.through.objects.exists() and Activity.languages.through.objects.exists()
    # Some series end (COUNT or UNTIL), some run on.
    assert Activity.objects.exclude(rrule="").filter(series_end__isnull=True).exists()
    assert Activity.objects.exclude(rrule="").filter(series_end__isnull=False).exists()
    kinds = set(OccurrenceChange.objects.values_list("kind", flat=True))
    assert kinds == {ChangeKind.EXCLUDED, ChangeKind.CANCELLED, ChangeKind.MOVED}
    assert OpeningException.objects.filter(closed=True, start_date__year=2027).exists()


def test_generated_rows_are_what_the_write_services_would_store(tiny_calendar: dict[str, Any]) -> None:
    for a in Activity.objects.all():
        assert a.rrule == recurrence.normalise_rule(a.rrule)
        assert a.series_end == recurrence.validate(a.rrule, a.start, a.end, a.time_zone), a.rrule
    for change in OccurrenceChange.objects.select_related("activity"):
        a = change.activity
        assert recurrence.is_occurrence(a.rrule, a.start, a.time_zone, change.original_start)


def test_generator_refuses_a_database_that_already_has_a_calendar(tiny_calendar: dict[str, Any]) -> None:
    with pytest.raises(RuntimeError, match="already has activities"):
        cg.generate_calendar(scale=SCALE, seed=7, progress=False)
    assert Activity.objects.count() == tiny_calendar["activities"]


def test_one_benchmark_round_gives_figures_for_the_week_and_the_year(tiny_calendar: dict[str, Any]) -> None:
    areas = calendar_run.pick_areas(2, seed=1)
    results = calendar_run.measure(areas, repeat=1)

    by_target = {(r.label, r.target): r for r in results}
    assert {("week", "function"), ("year", "function")} <= set(by_target)
    # The week over HTTP when the API exists, else the same answer serialised here.
    week_http = by_target.get(("week", "api"))
    if week_http is None or week_http.missing:
        week_http = by_target[("week", "serialised")]
    measured = [r for r in results if not r.missing]
    assert all(len(r.samples_ms) == len(r.cpu_ms) == len(areas) and min(r.samples_ms) > 0 for r in measured)
    assert all(len(r.sql_queries) == len(areas) and min(r.sql_queries) > 0 for r in measured)
    week = by_target[("week", "function")]
    assert week_http.occurrences == week.occurrences
    # The counts are the calendar's own answers for these areas, not made up by the benchmark.
    start, end, _params = calendar_run.windows()["week"]
    expected = [len(occurrences_find(filters_from_query({"area": town}), start, end)) for town, _d in areas]
    assert week.occurrences == expected and sum(expected) > 0
    year = by_target[("year", "function")]
    assert min(year.occurrences) > max(week.occurrences) / 3
    table = calendar_run.table(results)
    assert "week, municipality: `occurrences_find`" in table and "year, district" in table
