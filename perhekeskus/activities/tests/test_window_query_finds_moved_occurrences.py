"""A window finds an occurrence moved into it from a series that has already ended,
under the same filters as the rest of the calendar, in one query for the activities.

The fathers' evening (Matinkylä park) runs every second Thursday until mid-December
2026; its last evening, 10 December, is moved to Tuesday 29 December. The family café
(Leppävaara) runs on Tuesdays without end.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from perhekeskus.activities import services
from perhekeskus.activities.models import ChangeKind
from perhekeskus.activities.queries import CalendarFilters, activities_in_window, occurrences_find
from perhekeskus.activities.tests.conftest import helsinki

WINDOW = (helsinki(2026, 12, 28), helsinki(2027, 1, 4))


def move_last_fathers_evening(calendar: dict[str, Any]) -> None:
    services.occurrence_change(
        actor=None,
        activity=calendar["fathers"],
        original_start=helsinki(2026, 12, 10, 18),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 12, 29, 18),
        new_end=helsinki(2026, 12, 29, 20),
    )


def titles(f: CalendarFilters) -> list[tuple[str, str]]:
    return [(o.activity.title_fi, f"{o.local_start:%m-%d %H:%M}") for o in occurrences_find(f, *WINDOW)]


def test_an_ended_series_is_found_by_its_occurrence_moved_into_the_window(calendar: dict[str, Any]) -> None:
    assert calendar["fathers"].series_end < WINDOW[0]
    assert ("Isien ilta", "12-29 18:00") not in titles(CalendarFilters())

    move_last_fathers_evening(calendar)

    everywhere = titles(CalendarFilters())
    assert ("Isien ilta", "12-29 18:00") in everywhere and ("Perhekahvila", "12-29 10:00") in everywhere
    assert titles(CalendarFilters(area=["matinkyla"])) == [("Isien ilta", "12-29 18:00")]
    # Another district's calendar does not get it through the moved occurrence.
    assert titles(CalendarFilters(area=["leppavaara"])) == [("Perhekahvila", "12-29 10:00")]
    assert [a.title_fi for a in activities_in_window(CalendarFilters(organisation=["mll-espoo"]), *WINDOW)] == [
        "Perhekahvila",
        "Isien ilta",
    ]


def test_the_activities_of_a_window_are_one_query_with_or_without_moves(calendar: dict[str, Any]) -> None:
    move_last_fathers_evening(calendar)
    for f in (CalendarFilters(), CalendarFilters(area=["espoo"]), CalendarFilters(life_stage=["age_0_1"])):
        with CaptureQueriesContext(connection) as captured:
            list(activities_in_window(f, *WINDOW))
        assert len([q for q in captured.captured_queries if "activities_activity" in q["sql"]]) == 1
