"""The contract of `GET /api/v1/occurrences/?start=YYYY-MM-DD&end=YYYY-MM-DD&organisation=SLUG`:
`data[]` with `activity` (UUID), `start`/`end` in ISO 8601 with the Europe/Helsinki offset
of the day, and `status`; in time order, paged with the total in `meta.count`."""

from __future__ import annotations

from datetime import datetime

import pytest

from perhekeskus.activities import services
from perhekeskus.activities.models import Activity
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db


def weekly_cafe_body(**extra):
    return {
        "title": {"fi": "Perhekahvila", "sv": "Familjecafé"},
        "status": "published",
        "online": True,
        "online_url": "https://example.fi/kahvila",
        "start": "2026-03-24T10:00:00+02:00",
        "end": "2026-03-24T12:00:00+02:00",
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        **extra,
    }


def starts(response):
    return [row["start"] for row in response.json()["data"]]


def test_a_weekly_activity_created_with_a_token_keeps_its_time_across_the_march_clock_change(network):
    created = client_for(network, "eddie").post("/api/v1/activities/", weekly_cafe_body())
    assert created.status_code == 201, created.json()
    uuid = created.json()["id"]
    assert created.json()["organisation"] == "mll-espoo"  # the token's organisation

    response = client_for(network, None).get(
        "/api/v1/occurrences/", {"start": "2026-03-23", "end": "2026-04-07", "organisation": "mll-espoo"}
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["meta"]["count"] == 3
    assert starts(response) == [
        "2026-03-24T10:00:00+02:00",
        "2026-03-31T10:00:00+03:00",  # summer time from Sunday 29 March
        "2026-04-07T10:00:00+03:00",  # the end date is included
    ]
    first = body["data"][0]
    assert first["activity"] == uuid
    assert first["end"] == "2026-03-24T12:00:00+02:00"
    assert first["original_start"] == first["start"]
    assert first["status"] == "scheduled" and first["moved"] is False
    assert first["title"] == {"fi": "Perhekahvila", "sv": "Familjecafé", "en": ""}
    assert first["organisation"] == "mll-espoo"
    assert first["online"] is True and first["place"] is None
    assert first["note"] == {"fi": "", "sv": "", "en": ""}


def test_the_october_clock_change_moves_the_offset_back(network):
    client_for(network, "eddie").post("/api/v1/activities/", weekly_cafe_body())
    response = client_for(network, None).get("/api/v1/occurrences/", {"start": "2026-10-20", "end": "2026-10-27"})
    assert starts(response) == ["2026-10-20T10:00:00+03:00", "2026-10-27T10:00:00+02:00"]
    assert [row["end"] for row in response.json()["data"]] == [
        "2026-10-20T12:00:00+03:00",
        "2026-10-27T12:00:00+02:00",
    ]


def test_organisation_filter_finds_organised_and_co_organised_activities_only(calendar):
    window = {"start": "2026-05-11", "end": "2026-05-17"}
    client = client_for(calendar, None)
    city = client.get("/api/v1/occurrences/", {**window, "organisation": "espoo"}).json()["data"]
    mll = client.get("/api/v1/occurrences/", {**window, "organisation": "mll-espoo"}).json()["data"]
    # The fathers' evening (MLL, co-organised by the city) is on 14 May; the party (city) on 16 May.
    assert [(r["start"], r["activity"]) for r in city] == [
        ("2026-05-14T18:00:00+03:00", str(calendar["fathers"].uuid)),
        ("2026-05-16T12:00:00+03:00", str(calendar["party"].uuid)),
    ]
    assert {r["activity"] for r in mll} == {str(calendar["cafe"].uuid), str(calendar["fathers"].uuid)}
    assert city[1]["place"] == {
        "id": str(calendar["park"].uuid),
        "name": {"fi": "Matinkylän asukaspuisto", "sv": "Mattby invånarpark", "en": ""},
    }


def test_occurrences_come_in_time_order_with_the_total_counted_across_pages(calendar):
    client = client_for(calendar, None)
    window = {"start": "2026-01-01", "end": "2026-03-31"}
    everything = client.get("/api/v1/occurrences/", {**window, "page_size": 100}).json()
    moments = [datetime.fromisoformat(row["start"]) for row in everything["data"]]
    assert moments == sorted(moments)
    # Tuesdays from 6 Jan to 31 Mar (13) and every second Thursday from 8 Jan (6).
    assert everything["meta"]["count"] == len(everything["data"]) == 19
    first = client.get("/api/v1/occurrences/", {**window, "page_size": 5}).json()
    second = client.get("/api/v1/occurrences/", {**window, "page_size": 5, "page": 2}).json()
    assert first["meta"]["count"] == 19 and first["meta"]["next"] and first["meta"]["previous"] is None
    assert [r["start"] for r in first["data"] + second["data"]] == [r["start"] for r in everything["data"][:10]]


def test_a_cancelled_occurrence_is_reported_cancelled_with_its_note(calendar):
    cafe = calendar["cafe"]
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 31, 10),
        kind="cancelled",
        notes={"fi": "Ohjaaja sairaana", "en": "The leader is ill"},
    )
    response = client_for(calendar, None).get(
        "/api/v1/occurrences/", {"start": "2026-03-30", "end": "2026-04-08", "organisation": "mll-espoo"}
    )
    rows = [r for r in response.json()["data"] if r["activity"] == str(cafe.uuid)]
    assert [(r["start"], r["status"]) for r in rows] == [
        ("2026-03-31T10:00:00+03:00", "cancelled"),
        ("2026-04-07T10:00:00+03:00", "scheduled"),
    ]
    assert rows[0]["note"] == {"fi": "Ohjaaja sairaana", "sv": "", "en": "The leader is ill"}


def test_a_moved_occurrence_is_at_its_new_time_and_keeps_its_original_start(calendar):
    cafe = calendar["cafe"]
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 31, 10),
        kind="moved",
        new_start=helsinki(2026, 4, 1, 13),
        new_end=helsinki(2026, 4, 1, 15),
    )
    response = client_for(calendar, None).get(
        "/api/v1/occurrences/", {"start": "2026-03-30", "end": "2026-04-05", "organisation": "mll-espoo"}
    )
    rows = [r for r in response.json()["data"] if r["activity"] == str(cafe.uuid)]
    assert len(rows) == 1
    assert rows[0]["start"] == "2026-04-01T13:00:00+03:00" and rows[0]["end"] == "2026-04-01T15:00:00+03:00"
    assert rows[0]["original_start"] == "2026-03-31T10:00:00+03:00"
    assert rows[0]["moved"] is True and rows[0]["status"] == "scheduled"


def test_drafts_have_no_occurrences_in_public(calendar):
    make_activity(
        calendar["orgs"]["mll"],
        status="draft",
        title_fi="Luonnos",
        start=helsinki(2026, 2, 3, 9),
        end=helsinki(2026, 2, 3, 10),
    )
    response = client_for(calendar, "eddie").get("/api/v1/occurrences/", {"start": "2026-02-03", "end": "2026-02-03"})
    titles = [r["title"]["fi"] for r in response.json()["data"]]
    assert titles == ["Perhekahvila"]
    assert Activity.objects.filter(title_fi="Luonnos").exists()


def test_calendar_filters_select_the_same_as_the_pages(calendar):
    client = client_for(calendar, None)
    window = {"start": "2026-05-11", "end": "2026-05-17"}
    evenings = client.get("/api/v1/occurrences/", {**window, "evenings_weekends": "1"}).json()["data"]
    assert [r["title"]["fi"] for r in evenings] == ["Isien ilta", "Kevätjuhla"]
    in_park = client.get("/api/v1/occurrences/", {**window, "area": "matinkyla"}).json()["data"]
    assert {r["title"]["fi"] for r in in_park} == {"Isien ilta", "Kevätjuhla"}
    found = client.get("/api/v1/occurrences/", {**window, "q": "kahvila"}).json()["data"]
    assert [r["title"]["fi"] for r in found] == ["Perhekahvila"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"end": "2026-03-31"}, "start"),
        ({"start": "2026-03-31"}, "end"),
        ({"start": "2026-03-31", "end": "2026-03-30"}, "end"),
        ({"start": "2026-01-01", "end": "2027-03-01"}, "end"),
        ({"start": "31.3.2026", "end": "2026-04-01"}, "start"),
        ({"start": "2026-03-31T10:00:00", "end": "2026-04-01"}, "start"),
        ({"start": "2026-03-31", "end": "2026-04-01", "organisation": "nobody"}, "organisation"),
        ({"start": "2026-03-31", "end": "2026-04-01", "participation": "secret"}, "participation"),
        ({"start": "2026-03-31", "end": "2026-04-01", "age": "40"}, "age"),
    ],
)
def test_bad_windows_and_filters_are_400_per_field(calendar, query, field):
    response = client_for(calendar, None).get("/api/v1/occurrences/", query)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field], body
    assert body[field] and all(isinstance(m, str) for m in body[field])


def test_missing_window_and_bad_filter_are_reported_together(calendar):
    response = client_for(calendar, None).get("/api/v1/occurrences/", {"area": "atlantis"})
    assert response.status_code == 400
    assert set(response.json()) == {"start", "end", "area"}
