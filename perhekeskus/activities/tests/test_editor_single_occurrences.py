"""Changing one occurrence on the activity's editor page: cancel with a note, move, leave out, undo."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from perhekeskus.activities.models import ChangeKind, OccurrenceChange
from perhekeskus.activities.queries import CalendarFilters, occurrences_find
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network import services as network_services

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
TUESDAY = helsinki(2026, 8, 25, 10)
MOMENT = "20260825T070000Z"


@pytest.fixture
def editor(client: Any, calendar: dict[str, Any]) -> Any:
    client.force_login(calendar["people"]["eddie"])
    return client


def _cafe_week(calendar: dict[str, Any]) -> list[Any]:
    found = occurrences_find(CalendarFilters(organisation=["mll-espoo"]), helsinki(2026, 8, 24), helsinki(2026, 8, 31))
    return [o for o in found if o.activity == calendar["cafe"]]


def _url(calendar: dict[str, Any], action: str, moment: str = MOMENT) -> str:
    return f"/editor/activities/{calendar['cafe'].uuid}/occurrences/{moment}/{action}/"


@time_machine.travel(NOW, tick=False)
def test_the_page_lists_the_next_twenty_times_with_their_actions(editor, calendar):
    response = editor.get(f"/editor/activities/{calendar['cafe'].uuid}/")
    rows = response.context["occurrences"]
    assert len(rows) == 20
    assert rows[0][0].start == TUESDAY and rows[0][1] == MOMENT
    page = response.content.decode()
    assert _url(calendar, "cancel") in page and _url(calendar, "move") in page and _url(calendar, "exclude") in page


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_time_is_shown_to_families_with_its_note(editor, calendar):
    form = editor.get(_url(calendar, "cancel"))
    assert form.status_code == 200 and "25.8.2026" in form.content.decode()
    response = editor.post(_url(calendar, "cancel"), {"note_fi": "Ohjaaja sairastui", "note_sv": "Ledaren är sjuk"})
    assert response.status_code == 302
    [occurrence] = _cafe_week(calendar)
    assert occurrence.cancelled and occurrence.start == TUESDAY
    assert occurrence.change is not None and occurrence.change.note_sv == "Ledaren är sjuk"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="activities.occurrencechange")
    assert entry.actor == calendar["people"]["eddie"] and entry.source == "editor"
    assert "Ohjaaja sairastui" in editor.get(f"/editor/activities/{calendar['cafe'].uuid}/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_moved_time_appears_at_its_new_time(editor, calendar):
    form = editor.get(_url(calendar, "move"))
    assert form.context["form"].initial["date"] == date(2026, 8, 25)
    response = editor.post(
        _url(calendar, "move"),
        {"date": "2026-08-27", "start_time": "13:00", "end_time": "15:30", "note_fi": "Torstaina"},
    )
    assert response.status_code == 302
    [occurrence] = _cafe_week(calendar)
    assert occurrence.moved and not occurrence.cancelled
    assert (occurrence.start, occurrence.end) == (helsinki(2026, 8, 27, 13), helsinki(2026, 8, 27, 15, 30))
    assert occurrence.original_start == TUESDAY


@time_machine.travel(NOW, tick=False)
def test_a_left_out_date_disappears_and_can_be_put_back(editor, calendar):
    assert editor.post(_url(calendar, "exclude")).status_code == 302
    assert _cafe_week(calendar) == []
    assert OccurrenceChange.objects.get().kind == ChangeKind.EXCLUDED
    page = editor.get(f"/editor/activities/{calendar['cafe'].uuid}/")
    assert [c.original_start for c, _m, _l in page.context["excluded"]] == [TUESDAY]
    assert editor.post(_url(calendar, "restore")).status_code == 302
    [occurrence] = _cafe_week(calendar)
    assert not occurrence.cancelled and occurrence.change is None
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="activities.occurrencechange").count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_second_change_replaces_the_first_and_undo_restores_the_rule(editor, calendar, settings):
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is checked in English
    editor.post(_url(calendar, "cancel"), {"note_fi": "Peruttu"})
    editor.post(_url(calendar, "move"), {"date": "2026-08-26", "start_time": "10:00", "end_time": "12:00"})
    assert OccurrenceChange.objects.get().kind == ChangeKind.MOVED
    editor.post(_url(calendar, "restore"))
    [occurrence] = _cafe_week(calendar)
    assert occurrence.start == TUESDAY and not occurrence.moved
    response = editor.post(_url(calendar, "restore"), follow=True)
    assert "no change to undo" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_holiday_closure_is_explained_and_running_on_closures_overrides_it(editor, calendar, settings):
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    network_services.place_update(
        actor=None,
        place=calendar["cafe_place"],
        data={
            "opening_exceptions": [
                {
                    "start_date": date(2026, 8, 25),
                    "end_date": date(2026, 8, 25),
                    "closed": True,
                    "reason_fi": "Remontti",
                }
            ]
        },
    )
    page = editor.get(f"/editor/activities/{calendar['cafe'].uuid}/")
    first = page.context["occurrences"][0][0]
    assert first.cancelled and first.closure is not None
    text = page.content.decode()
    assert "The place is closed (Remontti)" in text and "Runs when the place is closed" in text
    cafe = calendar["cafe"]
    from perhekeskus.activities.tests.test_editor_form_saves import form_data

    data = form_data(
        calendar["orgs"]["mll"],
        calendar["cafe_place"],
        title_fi="Perhekahvila",
        date="2026-01-06",
        repeat="weekly",
        runs_on_closures="on",
    )
    assert editor.post(f"/editor/activities/{cafe.uuid}/edit/", data).status_code == 302
    [occurrence] = _cafe_week(calendar)
    assert not occurrence.cancelled and occurrence.closure is None
