"""Reading activities through the API: the shape of one activity, its next occurrences,
and the list's filters (the calendar's, a window, statuses)."""

from __future__ import annotations

import pytest
import time_machine

from perhekeskus.activities import services
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.json()
    return [row["title"]["fi"] for row in response.json()["data"]]


@time_machine.travel(helsinki(2026, 3, 25, 12), tick=False)
def test_an_activity_shows_its_next_occurrences_and_changes(calendar):
    cafe = calendar["cafe"]
    services.occurrence_change(actor=None, activity=cafe, original_start=helsinki(2026, 3, 31, 10), kind="cancelled")
    services.occurrence_change(actor=None, activity=cafe, original_start=helsinki(2026, 4, 14, 10), kind="excluded")
    body = client_for(calendar, None).get(f"/api/v1/activities/{cafe.uuid}/").json()
    assert [(o["start"], o["status"]) for o in body["next_occurrences"]] == [
        ("2026-03-31T10:00:00+03:00", "cancelled"),
        ("2026-04-07T10:00:00+03:00", "scheduled"),
        ("2026-04-21T10:00:00+03:00", "scheduled"),
        ("2026-04-28T10:00:00+03:00", "scheduled"),
        ("2026-05-05T10:00:00+03:00", "scheduled"),
    ]
    assert [(c["original_start"], c["kind"]) for c in body["changes"]] == [
        ("2026-03-31T10:00:00+03:00", "cancelled"),
        ("2026-04-14T10:00:00+03:00", "excluded"),
    ]
    assert body["start"] == "2026-01-06T10:00:00+02:00" and body["rrule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert body["urls"]["page"].endswith(f"/activities/{cafe.uuid}/")
    assert body["urls"]["feed"].endswith(f"/api/v1/activities/{cafe.uuid}/calendar.ics")


@time_machine.travel(helsinki(2026, 3, 25, 12), tick=False)
def test_far_and_sparse_occurrences_are_found_too(calendar):
    orgs = calendar["orgs"]
    autumn = make_activity(
        orgs["city"], title_fi="Syysjuhla", start=helsinki(2026, 10, 3, 12), end=helsinki(2026, 10, 3, 14)
    )
    monthly = make_activity(
        orgs["city"],
        title_fi="Perheilta",
        start=helsinki(2026, 1, 8, 18),
        end=helsinki(2026, 1, 8, 20),
        rrule="FREQ=MONTHLY;BYDAY=2TH",
    )
    rows = client_for(calendar, None).get("/api/v1/activities/", {"organisation": "espoo"}).json()["data"]
    found = {row["id"]: [o["start"] for o in row["next_occurrences"]] for row in rows}
    assert found[str(autumn.uuid)] == ["2026-10-03T12:00:00+03:00"]
    assert found[str(monthly.uuid)] == [
        "2026-04-09T18:00:00+03:00",
        "2026-05-14T18:00:00+03:00",
        "2026-06-11T18:00:00+03:00",
        "2026-07-09T18:00:00+03:00",
        "2026-08-13T18:00:00+03:00",
    ]
    assert found[str(calendar["party"].uuid)] == ["2026-05-16T12:00:00+03:00"]


def test_list_filters_are_the_calendars(calendar):
    client = client_for(calendar, None)
    assert titles(client.get("/api/v1/activities/")) == ["Perhekahvila", "Isien ilta", "Kevätjuhla"]
    assert titles(client.get("/api/v1/activities/", {"area": "leppavaara"})) == ["Perhekahvila"]
    assert titles(client.get("/api/v1/activities/", {"organisation": "espoo"})) == ["Isien ilta", "Kevätjuhla"]
    assert titles(client.get("/api/v1/activities/", {"q": "juhla"})) == ["Kevätjuhla"]
    assert titles(client.get("/api/v1/activities/", {"participation": "directed"})) == []


def test_a_window_lists_the_activities_with_an_occurrence_in_it(calendar):
    client = client_for(calendar, None)
    # 17–18 May: a Sunday and a Monday; every series runs, none meets.
    assert titles(client.get("/api/v1/activities/", {"start": "2026-05-17", "end": "2026-05-18"})) == []
    assert titles(client.get("/api/v1/activities/", {"start": "2026-05-16", "end": "2026-05-16"})) == ["Kevätjuhla"]
    week = titles(client.get("/api/v1/activities/", {"start": "2026-05-11", "end": "2026-05-17"}))
    assert week == ["Perhekahvila", "Isien ilta", "Kevätjuhla"]
    assert titles(client.get("/api/v1/activities/", {"start": "2026-12-18", "end": "2026-12-31"})) == ["Perhekahvila"]


def test_statuses_can_be_asked_for(calendar):
    orgs = calendar["orgs"]
    make_activity(orgs["mll"], title_fi="Peruttu", status="cancelled")
    make_activity(orgs["mll"], title_fi="Luonnos", status="draft")
    eddie = client_for(calendar, "eddie")
    assert titles(eddie.get("/api/v1/activities/", {"status": "cancelled"})) == ["Peruttu"]
    assert sorted(titles(eddie.get("/api/v1/activities/", {"status": "draft,cancelled"}))) == ["Luonnos", "Peruttu"]
    assert "Luonnos" not in titles(eddie.get("/api/v1/activities/"))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "hidden"}, "status"),
        ({"area": "atlantis"}, "area"),
        ({"age_months": "many"}, "age_months"),
        ({"start": "2026-05-17", "end": "2026-05-01"}, "end"),
        ({"start": "yesterday"}, "start"),
    ],
)
def test_bad_list_parameters_are_400_per_field(calendar, query, field):
    response = client_for(calendar, None).get("/api/v1/activities/", query)
    assert response.status_code == 400
    assert list(response.json()) == [field]
