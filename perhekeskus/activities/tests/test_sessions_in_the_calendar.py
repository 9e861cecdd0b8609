"""A group's activity meets on its listed sessions: they are its occurrences everywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from perhekeskus.activities import services
from perhekeskus.activities.models import Session
from perhekeskus.activities.queries import CalendarFilters, occurrences_find
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.core.models import AuditEntry


@pytest.fixture
def training(calendar: dict[str, Any]) -> Any:
    activity = make_activity(calendar["orgs"]["city"], title_fi="Perhevalmennus", place=calendar["park"], online=False)
    services.sessions_replace(
        actor=None,
        activity=activity,
        sessions=[
            {"start": helsinki(2026, 3, 24, 17), "end": helsinki(2026, 3, 24, 19), "topic_fi": "Synnytys"},
            {"start": helsinki(2026, 3, 31, 17), "end": helsinki(2026, 3, 31, 19), "topic_fi": "Imetys"},
            {
                "start": helsinki(2026, 4, 7, 17),
                "end": helsinki(2026, 4, 7, 19),
                "topic_fi": "Parisuhde",
                "place": calendar["cafe_place"],
            },
        ],
    )
    activity.refresh_from_db()
    return activity


def _of(activity: Any, start: Any, end: Any) -> list[Any]:
    return [o for o in occurrences_find(CalendarFilters(), start, end) if o.activity == activity]


def test_sessions_are_the_occurrences_at_their_local_times(training):
    found = _of(training, helsinki(2026, 3, 1), helsinki(2026, 5, 1))
    assert [(o.local_start.strftime("%m-%d %H:%M%z"), o.session.topic_fi) for o in found] == [
        ("03-24 17:00+0200", "Synnytys"),
        ("03-31 17:00+0300", "Imetys"),
        ("04-07 17:00+0300", "Parisuhde"),
    ]
    assert training.start == helsinki(2026, 3, 24, 17) and training.series_end == helsinki(2026, 4, 7, 19)


def test_a_window_shows_only_its_sessions(training):
    assert [o.session.topic_fi for o in _of(training, helsinki(2026, 3, 30), helsinki(2026, 4, 6))] == ["Imetys"]


def test_a_cancelled_session_is_shown_cancelled_with_its_note(training):
    Session.objects.filter(activity=training, topic_fi="Imetys").update(cancelled=True, note_fi="Ohjaaja sairas")
    [o] = _of(training, helsinki(2026, 3, 30), helsinki(2026, 4, 6))
    assert o.cancelled and o.note == "Ohjaaja sairas"


def test_a_closure_of_the_sessions_own_place_cancels_it(training, calendar):
    calendar["cafe_place"].opening_exceptions.create(start_date="2026-04-07", end_date="2026-04-07", closed=True)
    [o] = _of(training, helsinki(2026, 4, 6), helsinki(2026, 4, 13))
    assert o.cancelled and o.closure is not None


@pytest.mark.parametrize(
    ("sessions", "field"),
    [
        ([], "sessions"),
        ([{"start": helsinki(2026, 3, 24, 19), "end": helsinki(2026, 3, 24, 17)}], "sessions[0].end"),
        ([{"start": helsinki(2026, 3, 24, 17), "end": helsinki(2026, 3, 24, 19), "colour": "red"}], "sessions[0]"),
    ],
)
def test_bad_sessions_change_nothing(training, sessions, field):
    before = (Session.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.sessions_replace(actor=None, activity=training, sessions=sessions)
    assert field in caught.value.message_dict
    assert (Session.objects.count(), AuditEntry.objects.count()) == before


def test_single_occurrence_changes_are_refused_for_sessions(training):
    with pytest.raises(ValidationError) as caught:
        services.occurrence_change(
            actor=None, activity=training, original_start=helsinki(2026, 3, 24, 17), kind="cancelled"
        )
    assert "original_start" in caught.value.message_dict


def test_a_rule_cannot_be_added_to_a_group(training):
    with pytest.raises(ValidationError) as caught:
        services.activity_update(actor=None, activity=training, data={"rrule": "FREQ=WEEKLY"})
    assert "rrule" in caught.value.message_dict
