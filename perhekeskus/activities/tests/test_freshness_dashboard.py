"""Keeping the calendar fresh: the dashboard lists activities to end or confirm, one click each.

Time is frozen in the autumn season of 2026 (it ends 2026-12-31). In the `calendar`
fixture the weekly café (MLL) and the fathers' evenings (MLL, until 17 December) are
recurring and never confirmed; the spring party (city) was a one-off in May.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from perhekeskus.activities import freshness
from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.services import activity_update
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.core.models import AuditAction, AuditEntry

AUTUMN = datetime(2026, 9, 15, 9, tzinfo=UTC)


def _lists(client: Any) -> tuple[list[Activity], list[Activity]]:
    context = client.get("/dashboard/").context
    return list(context["activities_ended"]), list(context["activities_unconfirmed"])


@time_machine.travel(AUTUMN, tick=False)
def test_the_coordinator_sees_both_lists_for_the_whole_area(client, calendar):
    client.force_login(calendar["people"]["cora"])
    response = client.get("/dashboard/")
    ended, unconfirmed = _lists(client)
    assert ended == [calendar["party"]]
    assert unconfirmed == [calendar["cafe"], calendar["fathers"]]  # never confirmed: by first start
    assert response.context["activities_ended_count"] == 1
    assert response.context["activities_unconfirmed_count"] == 2
    page = response.content.decode()
    assert f"/editor/activities/{calendar['cafe'].uuid}/confirm/" in page
    assert f"/editor/activities/{calendar['party'].uuid}/end/" in page
    assert f"/editor/activities/{calendar['cafe'].uuid}/edit/" in page


@pytest.mark.parametrize(
    ("who", "ended", "unconfirmed"),
    [
        ("eddie", [], ["cafe", "fathers"]),
        ("elsa", ["party"], []),
        ("otto", [], []),
        ("ada", ["party"], ["cafe", "fathers"]),
    ],
)
@time_machine.travel(AUTUMN, tick=False)
def test_each_editor_sees_their_own_organisations_activities(client, calendar, who, ended, unconfirmed):
    client.force_login(calendar["people"][who])
    assert _lists(client) == ([calendar[k] for k in ended], [calendar[k] for k in unconfirmed])


@time_machine.travel(AUTUMN, tick=False)
def test_professionals_get_no_freshness_lists(client, calendar):
    client.force_login(calendar["people"]["pia"])
    response = client.get("/dashboard/")
    assert "activities_unconfirmed" not in response.context
    assert "/confirm/" not in response.content.decode()


@time_machine.travel(AUTUMN, tick=False)
def test_confirm_for_the_season_takes_the_activity_off_the_list(client, calendar):
    eddie = calendar["people"]["eddie"]
    client.force_login(eddie)
    cafe = calendar["cafe"]
    response = client.post(f"/editor/activities/{cafe.uuid}/confirm/", {"next": "/dashboard/"}, follow=True)
    assert response.redirect_chain == [("/dashboard/", 302)]
    assert "Perhekahvila" in [str(m) for m in response.context["messages"]][0]
    cafe.refresh_from_db()
    assert cafe.confirmed_until == date(2026, 12, 31) and cafe.last_checked_by == eddie
    assert _lists(client)[1] == [calendar["fathers"]]
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(cafe.uuid))
    assert entry.actor == eddie and "confirmed_until" in entry.changes


def test_a_spring_confirmation_does_not_cover_the_autumn(client, calendar):
    client.force_login(calendar["people"]["eddie"])
    cafe = calendar["cafe"]
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False):
        client.post(f"/editor/activities/{cafe.uuid}/confirm/")
        cafe.refresh_from_db()
        assert cafe.confirmed_until == date(2026, 7, 31)
        assert cafe not in _lists(client)[1]
    with time_machine.travel(AUTUMN, tick=False):
        assert cafe in _lists(client)[1]


@time_machine.travel(AUTUMN, tick=False)
def test_end_takes_a_past_one_off_off_the_list_and_keeps_it_as_history(client, calendar):
    client.force_login(calendar["people"]["elsa"])
    party = calendar["party"]
    response = client.post(f"/editor/activities/{party.uuid}/end/", {"next": "/dashboard/"}, follow=True)
    assert response.redirect_chain == [("/dashboard/", 302)]
    assert "Kevätjuhla" in [str(m) for m in response.context["messages"]][0]
    party.refresh_from_db()
    assert party.status == ActivityStatus.ENDED
    assert _lists(client) == ([], [])
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(party.uuid), source="editor").exists()


@time_machine.travel(AUTUMN, tick=False)
def test_end_stops_a_running_series_now(client, calendar):
    client.force_login(calendar["people"]["eddie"])
    cafe = calendar["cafe"]
    client.post(f"/editor/activities/{cafe.uuid}/end/", {"next": "/dashboard/"})
    cafe.refresh_from_db()
    assert cafe.status == ActivityStatus.ENDED and "UNTIL=20260915T090000Z" in cafe.rrule
    assert cafe not in _lists(client)[1]


@time_machine.travel(AUTUMN, tick=False)
def test_a_series_that_ran_out_moves_to_the_no_coming_times_list(client, calendar):
    over = make_activity(
        calendar["orgs"]["mll"],
        title_fi="Kesäkerho",
        start=helsinki(2026, 6, 1, 10),
        end=helsinki(2026, 6, 1, 11),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    draft = make_activity(calendar["orgs"]["mll"], title_fi="Luonnos", status=ActivityStatus.DRAFT)
    client.force_login(calendar["people"]["eddie"])
    ended, unconfirmed = _lists(client)
    assert ended == [over]
    assert over not in unconfirmed and draft not in unconfirmed + ended


@time_machine.travel(AUTUMN, tick=False)
def test_the_lists_are_capped_oldest_first_and_counted(client, calendar, monkeypatch):
    from perhekeskus.network import editor_views

    monkeypatch.setattr(editor_views, "STALE_SHOWN", 2)
    city = calendar["orgs"]["city"]
    older = make_activity(city, title_fi="Talvijuhla", start=helsinki(2026, 2, 1, 12), end=helsinki(2026, 2, 1, 14))
    newer = make_activity(city, title_fi="Kesäjuhla", start=helsinki(2026, 6, 1, 12), end=helsinki(2026, 6, 1, 14))
    client.force_login(calendar["people"]["elsa"])
    response = client.get("/dashboard/")
    assert list(response.context["activities_ended"]) == [older, calendar["party"]]
    assert response.context["activities_ended_count"] == 3
    assert newer.pk not in [a.pk for a in response.context["activities_ended"]]


@time_machine.travel(AUTUMN, tick=False)
def test_the_queries_take_all_organisations_for_admins(calendar):
    assert list(freshness.without_upcoming(None)) == [calendar["party"]]
    assert list(freshness.unconfirmed({calendar["orgs"]["city"].pk})) == []


def test_recent_changes_include_the_organisations_own_activities_only(client, calendar):
    activity_update(actor=calendar["people"]["eddie"], activity=calendar["cafe"], data={"title_en": "Family café"})
    activity_update(actor=calendar["people"]["elsa"], activity=calendar["party"], data={"title_en": "Spring party"})
    client.force_login(calendar["people"]["eddie"])
    labels = {e.object_label for e in client.get("/dashboard/").context["audit_entries"]}
    assert "Perhekahvila" in labels
    assert "Kevätjuhla" not in labels
