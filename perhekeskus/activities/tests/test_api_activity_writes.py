"""Writing activities through the API: create with references, PUT replaces, PATCH changes,
occurrence changes and their undoing; bad input is a 400 per field that saves nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from perhekeskus.accounts.models import Membership
from perhekeskus.activities.models import Activity, OccurrenceChange
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.core.models import AuditEntry
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def eddie(network):
    return client_for(network, "eddie")


def full_body(calendar: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "organisation": "mll-espoo",
        "co_organisers": ["espoo"],
        "status": "published",
        "title": {"fi": "Isien ilta", "sv": "Pappakväll", "en": "Fathers' evening"},
        "description": {"fi": "Isille ja lapsille."},
        "place": str(calendar["park"].uuid),
        "service_type": "fathers_group",
        "participation": "open",
        "age_min_months": 0,
        "age_max_months": 83,
        "life_stages": ["age_0_1", "age_1_3"],
        "audience": ["fathers"],
        "languages": ["fi", "sv"],
        "cost": "fee",
        "cost_note": {"fi": "2 € / perhe"},
        "signup_required": True,
        "signup_url": "https://example.fi/ilmoittaudu",
        "contact": {"name": "Perhetyö", "email": "perhe@example.fi", "phone": "040 123"},
        "start": "2026-09-03T18:00:00+03:00",
        "end": "2026-09-03T20:00:00+03:00",
        "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=8",
        "runs_on_closures": True,
        **extra,
    }


def test_editor_creates_an_activity_with_every_field(calendar, eddie):
    response = eddie.post("/api/v1/activities/", full_body(calendar))
    assert response.status_code == 201, response.json()
    body = response.json()
    activity = Activity.objects.get(uuid=body["id"])
    assert activity.organisation == calendar["orgs"]["mll"]
    assert activity.area == calendar["areas"]["matinkyla"]  # the place's district
    assert body["area"] == "matinkyla"
    assert body["co_organisers"] == ["espoo"]
    assert body["place"] == str(calendar["park"].uuid)
    assert sorted(body["audience"]) == ["fathers"] and sorted(body["languages"]) == ["fi", "sv"]
    assert body["contact"] == {"name": "Perhetyö", "email": "perhe@example.fi", "phone": "040 123"}
    assert activity.contact_email == "perhe@example.fi"
    assert body["title"] == {"fi": "Isien ilta", "sv": "Pappakväll", "en": "Fathers' evening"}
    assert body["cost_note"] == {"fi": "2 € / perhe", "sv": "", "en": ""}
    assert body["start"] == "2026-09-03T18:00:00+03:00" and body["time_zone"] == "Europe/Helsinki"
    # COUNT=8 every second Thursday: the last one is on 10 December, in winter time.
    assert activity.series_end == helsinki(2026, 12, 10, 20)
    entry = AuditEntry.objects.get(object_id=str(activity.uuid), action="create")
    assert entry.source == "api" and entry.actor == calendar["people"]["eddie"]


def test_times_given_in_utc_are_shown_with_the_helsinki_offset(calendar, eddie):
    body = full_body(calendar, start="2026-09-03T15:00:00Z", end="2026-09-03T17:00:00Z")
    response = eddie.post("/api/v1/activities/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["start"] == "2026-09-03T18:00:00+03:00"


def test_the_organisation_defaults_to_the_tokens_membership(calendar):
    body = full_body(calendar)
    del body["organisation"]
    response = client_for(calendar, "elsa").post("/api/v1/activities/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["organisation"] == "espoo"


def test_status_defaults_to_draft(calendar, eddie):
    body = full_body(calendar)
    del body["status"]
    response = eddie.post("/api/v1/activities/", body)
    assert response.status_code == 201
    assert response.json()["status"] == "draft"


def test_put_replaces_the_whole_activity(calendar, eddie):
    created = eddie.post("/api/v1/activities/", full_body(calendar)).json()
    replacement = {
        "title": {"fi": "Isien ilta verkossa"},
        "online": True,
        "online_url": "https://example.fi/ilta",
        "start": "2026-09-03T18:00:00+03:00",
        "end": "2026-09-03T19:00:00+03:00",
    }
    response = eddie.put(f"/api/v1/activities/{created['id']}/", replacement)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == {"fi": "Isien ilta verkossa", "sv": "", "en": ""}
    assert body["organisation"] == "mll-espoo"  # kept: moving must be said
    assert body["place"] is None and body["area"] is None
    assert body["co_organisers"] == [] and body["audience"] == [] and body["languages"] == []
    assert body["rrule"] == "" and body["cost"] == "free" and body["signup_required"] is False
    assert body["contact"] == {"name": "", "email": "", "phone": ""}
    assert body["status"] == "draft"


def test_patch_changes_only_the_fields_given(calendar, eddie):
    created = eddie.post("/api/v1/activities/", full_body(calendar)).json()
    response = eddie.patch(
        f"/api/v1/activities/{created['id']}/",
        {
            "title": {"en": "Dads' evening"},
            "contact": {"phone": "040 999"},
            "audience": ["fathers", "immigrant_families"],
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == {"fi": "Isien ilta", "sv": "Pappakväll", "en": "Dads' evening"}
    assert body["contact"] == {"name": "Perhetyö", "email": "perhe@example.fi", "phone": "040 999"}
    assert sorted(body["audience"]) == ["fathers", "immigrant_families"]
    assert body["rrule"] == created["rrule"] and body["place"] == created["place"]
    assert body["languages"] == created["languages"] and body["status"] == "published"


BAD_INPUT = [
    ({"rrule": "FREQ=HOURLY"}, "rrule"),
    ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "rrule"),
    ({"rrule": "FREQ=WEEKLY;COUNT=3;UNTIL=20261231"}, "rrule"),
    # Contradictory: the first start (a Thursday) is not one of the rule's Mondays.
    ({"rrule": "FREQ=WEEKLY;BYDAY=MO"}, "rrule"),
    ({"rrule": "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2"}, "rrule"),
    ({"end": "2026-09-03T17:00:00+03:00"}, "end"),
    ({"time_zone": "Europe/Atlantis"}, "time_zone"),
    ({"start": "2026-09-03T18:00:00"}, "start"),
    ({"start": "next thursday"}, "start"),
    ({"title": {"sv": "Pappakväll"}}, "title"),
    ({"title": {"fi": "Isien ilta", "de": "Vaterabend"}}, "title"),
    ({"place": "8a4b9f5e-0000-4000-8000-000000000000"}, "place"),
    ({"place": None, "online": False}, "place"),
    ({"organisation": "atlantis"}, "organisation"),
    ({"co_organisers": ["espoo", "atlantis"]}, "co_organisers"),
    ({"audience": ["pirates"]}, "audience"),
    ({"service_type": "no_such_type"}, "service_type"),
    ({"participation": "secret"}, "participation"),
    ({"age_min_months": 24, "age_max_months": 12}, "age_max_months"),
    ({"age_min_months": -1}, "age_min_months"),
    ({"contact": {"email": "not an address"}}, "contact.email"),
    ({"signup_url": "not a url"}, "signup_url"),
    ({"status": "hidden"}, "status"),
]


@pytest.mark.parametrize(("change", "field"), BAD_INPUT, ids=[f for _, f in BAD_INPUT])
def test_bad_input_is_400_for_its_field_and_saves_nothing(calendar, eddie, change, field):
    before = (Activity.objects.count(), AuditEntry.objects.count())
    response = eddie.post("/api/v1/activities/", full_body(calendar, **change))
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field], body
    assert all(isinstance(m, str) and m for m in body[field])
    assert (Activity.objects.count(), AuditEntry.objects.count()) == before


def test_bad_update_changes_nothing(calendar, eddie):
    cafe = calendar["cafe"]
    before = (cafe.rrule, cafe.end, AuditEntry.objects.count())
    response = eddie.patch(f"/api/v1/activities/{cafe.uuid}/", {"rrule": "FREQ=WEEKLY;BYDAY=MO"})
    assert response.status_code == 400 and "rrule" in response.json()
    response = eddie.patch(f"/api/v1/activities/{cafe.uuid}/", {"end": "2026-01-06T09:00:00+02:00"})
    assert response.status_code == 400 and "end" in response.json()
    cafe.refresh_from_db()
    assert (cafe.rrule, cafe.end, AuditEntry.objects.count()) == before


def test_unknown_and_malformed_ids_are_404(calendar, eddie):
    assert eddie.get("/api/v1/activities/8a4b9f5e-0000-4000-8000-000000000000/").status_code == 404
    assert eddie.get("/api/v1/activities/not-a-uuid/").status_code == 404


def test_delete_removes_the_activity_and_its_changes(calendar, eddie):
    cafe = calendar["cafe"]
    url = f"/api/v1/activities/{cafe.uuid}/"
    eddie.post(f"{url}changes/", {"original_start": "2026-03-31T10:00:00+03:00", "kind": "excluded"})
    assert eddie.delete(url).status_code == 204
    assert not Activity.objects.filter(pk=cafe.pk).exists()
    assert not OccurrenceChange.objects.exists()
    assert eddie.get(url).status_code == 404


# --- Occurrence changes -----------------------------------------------------------------


def test_cancel_move_and_restore_occurrences(calendar, eddie):
    cafe = calendar["cafe"]
    url = f"/api/v1/activities/{cafe.uuid}/changes/"
    cancelled = eddie.post(
        url, {"original_start": "2026-03-31T10:00:00+03:00", "kind": "cancelled", "note": {"fi": "Pääsiäinen"}}
    )
    assert cancelled.status_code == 201, cancelled.json()
    assert cancelled.json() == {
        "original_start": "2026-03-31T10:00:00+03:00",
        "kind": "cancelled",
        "new_start": None,
        "new_end": None,
        "note": {"fi": "Pääsiäinen", "sv": "", "en": ""},
    }
    moved = eddie.post(
        url,
        {
            "original_start": "2026-04-07T07:00:00Z",
            "kind": "moved",
            "new_start": "2026-04-08T10:00:00+03:00",
            "new_end": "2026-04-08T12:00:00+03:00",
        },
    )
    assert moved.status_code == 201, moved.json()
    occurrences = client_for(calendar, None).get(
        "/api/v1/occurrences/", {"start": "2026-03-30", "end": "2026-04-12", "organisation": "mll-espoo"}
    )
    rows = [
        (r["start"], r["status"], r["moved"]) for r in occurrences.json()["data"] if r["title"]["fi"] == "Perhekahvila"
    ]
    assert rows == [
        ("2026-03-31T10:00:00+03:00", "cancelled", False),
        ("2026-04-08T10:00:00+03:00", "scheduled", True),
    ]
    shown = eddie.get(f"/api/v1/activities/{cafe.uuid}/").json()["changes"]
    assert [(c["original_start"], c["kind"]) for c in shown] == [
        ("2026-03-31T10:00:00+03:00", "cancelled"),
        ("2026-04-07T10:00:00+03:00", "moved"),
    ]

    again = eddie.post(url, {"original_start": "2026-03-31T10:00:00+03:00", "kind": "excluded"})
    assert again.status_code == 200 and again.json()["kind"] == "excluded"
    assert OccurrenceChange.objects.filter(activity=cafe).count() == 2

    restored = eddie.delete(f"{url}?{urlencode({'original_start': '2026-04-07T10:00:00+03:00'})}")
    assert restored.status_code == 204
    assert list(OccurrenceChange.objects.filter(activity=cafe).values_list("kind", flat=True)) == ["excluded"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"original_start": "2026-03-31T11:00:00+03:00", "kind": "cancelled"}, "original_start"),
        ({"original_start": "2026-03-31T10:00:00", "kind": "cancelled"}, "original_start"),
        ({"original_start": "2026-03-31T10:00:00+03:00", "kind": "forgotten"}, "kind"),
        ({"original_start": "2026-03-31T10:00:00+03:00", "kind": "moved"}, "new_start"),
        (
            {
                "original_start": "2026-03-31T10:00:00+03:00",
                "kind": "moved",
                "new_start": "2026-04-01T12:00:00+03:00",
                "new_end": "2026-04-01T10:00:00+03:00",
            },
            "new_end",
        ),
        (
            {
                "original_start": "2026-03-31T10:00:00+03:00",
                "kind": "moved",
                "new_start": "2026-09-01T10:00:00+03:00",
                "new_end": "2026-09-01T12:00:00+03:00",
            },
            "new_start",
        ),
    ],
)
def test_bad_changes_are_400_and_save_nothing(calendar, eddie, payload, field):
    before = (OccurrenceChange.objects.count(), AuditEntry.objects.count())
    response = eddie.post(f"/api/v1/activities/{calendar['cafe'].uuid}/changes/", payload)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert (OccurrenceChange.objects.count(), AuditEntry.objects.count()) == before


def test_restoring_needs_an_existing_change(calendar, eddie):
    url = f"/api/v1/activities/{calendar['cafe'].uuid}/changes/"
    assert "original_start" in eddie.delete(url).json()
    response = eddie.delete(f"{url}?{urlencode({'original_start': '2026-03-31T10:00:00+03:00'})}")
    assert response.status_code == 400 and "original_start" in response.json()


def test_an_activity_read_can_be_put_back_unchanged(calendar, eddie):
    url = f"/api/v1/activities/{calendar['fathers'].uuid}/"
    read = eddie.get(url).json()
    response = eddie.put(url, read)
    assert response.status_code == 200, response.json()
    again = response.json()
    for name in ("updated_at", "next_occurrences"):
        again.pop(name), read.pop(name)
    assert again == read


def test_a_member_of_several_organisations_names_the_organiser(calendar, eddie):
    Membership.objects.create(user=calendar["people"]["eddie"], organisation=calendar["orgs"]["parish"], role="editor")
    body = full_body(calendar)
    del body["organisation"]
    before = Activity.objects.count()
    response = eddie.post("/api/v1/activities/", body)
    assert response.status_code == 400
    assert list(response.json()) == ["organisation"]
    assert Activity.objects.count() == before
