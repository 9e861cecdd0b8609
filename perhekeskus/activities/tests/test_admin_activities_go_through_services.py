"""Activities in the admin: rights by role, every save and delete through the service functions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from perhekeskus.activities.models import Activity, ChangeKind, OccurrenceChange
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.tests.admin_forms import add_url, change_url, changelist_url, delete_url, make_staff, post_data

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
HELSINKI = ZoneInfo("Europe/Helsinki")
PEOPLE = ["anonymous", "vilja", "pia", "eddie", "elsa", "cora", "otto", "ada"]


def _split(moment: datetime) -> tuple[str, str]:
    local = moment.astimezone(HELSINKI)
    return f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"


def admin_post(activity: Activity, rows: list[dict[str, Any]] | None = None, **changes: Any) -> dict[str, Any]:
    """The admin form of `activity` with `changes`, and the occurrence-change rows given."""
    data = post_data(activity)
    for name in ("start", "end"):
        data.pop(name, None)
        data[f"{name}_0"], data[f"{name}_1"] = _split(getattr(activity, name))
    for name in ("series_end", "confirmed_until", "source_uid", "last_checked_at", "last_checked_by"):
        data.pop(name, None)
    existing = list(OccurrenceChange.objects.filter(activity_id=activity.pk)) if activity.pk else []
    rows = rows or []
    data.update(
        {
            "changes-TOTAL_FORMS": str(len(existing) + len(rows)),
            "changes-INITIAL_FORMS": str(len(existing)),
            "changes-MIN_NUM_FORMS": "0",
            "changes-MAX_NUM_FORMS": "1000",
        }
    )
    for i, change in enumerate(existing):
        data[f"changes-{i}-id"] = str(change.pk)
        data[f"changes-{i}-activity"] = str(activity.pk)
        data[f"changes-{i}-original_start_0"], data[f"changes-{i}-original_start_1"] = _split(change.original_start)
        data[f"changes-{i}-kind"] = change.kind
        data[f"changes-{i}-note_fi"] = change.note_fi
    for i, row in enumerate(rows, start=len(existing)):
        for key, value in row.items():
            data[f"changes-{i}-{key}"] = value
    data.update(changes)
    return data


def admin_client(client: Any, calendar: dict[str, Any], who: str) -> Any:
    if who != "anonymous":
        client.force_login(make_staff(calendar["people"][who]))
    return client


@pytest.mark.parametrize("who", PEOPLE)
@time_machine.travel(NOW, tick=False)
def test_changing_mlls_cafe_in_the_admin(client, calendar, who):
    cafe = calendar["cafe"]
    response = admin_client(client, calendar, who).post(change_url(cafe), admin_post(cafe, title_fi="Muutettu"))
    cafe.refresh_from_db()
    if who in {"eddie", "cora", "ada"}:
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
        assert cafe.title_fi == "Muutettu"
        entry = AuditEntry.objects.get(action=AuditAction.UPDATE, source="admin")
        assert entry.changes["title_fi"] == ["Perhekahvila", "Muutettu"]
    else:
        assert response.status_code in (302, 403)
        assert cafe.title_fi == "Perhekahvila"
        assert not AuditEntry.objects.filter(source="admin").exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_the_changelist_shows_only_editable_activities(client, calendar, who):
    response = admin_client(client, calendar, who).get(changelist_url(Activity))
    everything = {"cafe", "fathers", "party"}
    visible = {"eddie": {"cafe", "fathers"}, "elsa": {"party"}, "otto": set(), "cora": everything, "ada": everything}
    expected = visible.get(who)
    if expected is None:
        assert response.status_code in (302, 403)
        return
    assert response.status_code == 200
    shown = {a.pk for a in response.context["cl"].result_list}
    assert shown == {calendar[k].pk for k in expected}


@time_machine.travel(NOW, tick=False)
def test_adding_an_activity_goes_through_the_service(client, calendar):
    client.force_login(make_staff(calendar["people"]["eddie"]))
    fresh = Activity(
        organisation=calendar["orgs"]["mll"],
        title_fi="Vauvaryhmä",
        place=calendar["cafe_place"],
        start=helsinki(2026, 9, 2, 10),
        end=helsinki(2026, 9, 2, 11, 30),
        rrule="FREQ=WEEKLY;COUNT=10",
    )
    response = client.post(add_url(Activity), admin_post(fresh))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    created = Activity.objects.get(title_fi="Vauvaryhmä")
    # The service derives the area and the end of the series.
    assert created.area == calendar["areas"]["leppavaara"]
    assert created.series_end == helsinki(2026, 11, 4, 11, 30)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(created.uuid), source="admin").exists()


@time_machine.travel(NOW, tick=False)
def test_a_contradictory_rule_is_refused_and_nothing_changes(client, calendar):
    client.force_login(make_staff(calendar["people"]["eddie"]))
    cafe = calendar["cafe"]
    before = (Activity.objects.count(), AuditEntry.objects.count())
    response = client.post(change_url(cafe), admin_post(cafe, rrule="FREQ=WEEKLY;BYDAY=MO", title_fi="Uusi"))
    assert response.status_code in (200, 302)
    cafe.refresh_from_db()
    assert (cafe.rrule, cafe.title_fi) == ("FREQ=WEEKLY;BYDAY=TU", "Perhekahvila")
    assert (Activity.objects.count(), AuditEntry.objects.count()) == before


@time_machine.travel(NOW, tick=False)
def test_occurrence_changes_inline_are_saved_and_undone_through_the_services(client, calendar):
    client.force_login(make_staff(calendar["people"]["eddie"]))
    cafe = calendar["cafe"]
    day, clock = _split(helsinki(2026, 8, 25, 10))
    row = {"original_start_0": day, "original_start_1": clock, "kind": ChangeKind.CANCELLED, "note_fi": "Sairas"}
    response = client.post(change_url(cafe), admin_post(cafe, rows=[row]))
    assert response.status_code == 302, response.context and response.context["inline_admin_formsets"]
    change = OccurrenceChange.objects.get()
    assert (change.original_start, change.kind, change.note_fi) == (helsinki(2026, 8, 25, 10), "cancelled", "Sairas")
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="activities.occurrencechange", source="admin"
    ).exists()
    data = admin_post(cafe)
    data["changes-0-DELETE"] = "on"
    assert client.post(change_url(cafe), data).status_code == 302
    assert not OccurrenceChange.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, object_type="activities.occurrencechange", source="admin"
    ).exists()


@time_machine.travel(NOW, tick=False)
def test_an_inline_row_that_is_not_an_occurrence_undoes_the_whole_save(client, calendar):
    client.force_login(make_staff(calendar["people"]["eddie"]))
    cafe = calendar["cafe"]
    day, clock = _split(helsinki(2026, 8, 26, 10))  # a Wednesday
    row = {"original_start_0": day, "original_start_1": clock, "kind": ChangeKind.EXCLUDED}
    client.post(change_url(cafe), admin_post(cafe, rows=[row], title_fi="Uusi"))
    cafe.refresh_from_db()
    assert cafe.title_fi == "Perhekahvila"
    assert not OccurrenceChange.objects.exists()
    assert not AuditEntry.objects.filter(source="admin").exists()


@pytest.mark.parametrize("who", ["eddie", "elsa", "cora", "otto", "ada"])
def test_deleting_in_the_admin(client, calendar, who):
    cafe = calendar["cafe"]
    response = admin_client(client, calendar, who).post(delete_url(cafe), {"post": "yes"})
    exists = Activity.objects.filter(pk=cafe.pk).exists()
    if who in {"eddie", "cora", "ada"}:
        assert response.status_code == 302 and not exists
        assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_id=str(cafe.uuid), source="admin").exists()
    else:
        assert response.status_code in (302, 403) and exists
