"""Writing places through the API, opening hours and exceptions included."""

from __future__ import annotations

import pytest

from perhekeskus.core.models import AuditEntry
from perhekeskus.network.models import OpeningHours, Place
from perhekeskus.network.tests.api_support import build_directory, client_for  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(network):
    return build_directory(network)


@pytest.fixture
def elsa(network):
    return client_for(network, "elsa")


def new_place(network, **extra):
    return {
        "organisation": str(network["orgs"]["clinic"].uuid),
        "kind": "family_club",
        "name": {"fi": "Perhekerho Olari"},
        "street_address": "Olarinkatu 5",
        "city": "Espoo",
        "area": "matinkyla",
        **extra,
    }


def test_editor_creates_a_place_with_hours(network, elsa):
    payload = new_place(
        network,
        latitude="60.155000",
        longitude="24.740000",
        accessibility={"fi": "Esteetön sisäänkäynti"},
        opening_hours=[{"weekday": 1, "opens": "10:00", "closes": "12:00"}],
        opening_exceptions=[{"start_date": "2026-07-01", "end_date": "2026-07-31", "reason": {"fi": "Kesätauko"}}],
    )
    response = elsa.post("/api/v1/places/", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["opening_hours"] == [{"weekday": 1, "opens": "10:00:00", "closes": "12:00:00"}]
    assert body["opening_exceptions"][0]["reason"]["fi"] == "Kesätauko"
    assert body["latitude"] == "60.155000"
    place = Place.objects.get(uuid=body["id"])
    assert place.accessibility_fi == "Esteetön sisäänkäynti"
    assert AuditEntry.objects.filter(object_id=str(place.uuid), action="create", source="api").exists()


def test_put_replaces_hours_and_resets_what_is_left_out(network, directory):
    eddie = client_for(network, "eddie")
    cafe = directory["places"]["cafe"]
    payload = {
        "organisation": str(network["orgs"]["mll"].uuid),
        "kind": "family_cafe",
        "name": {"fi": "Perhekahvila"},
        "street_address": "Uusi katu 1",
        "city": "Espoo",
        "opening_hours": [{"weekday": 5, "opens": "10:00", "closes": "13:00"}],
    }
    response = eddie.put(f"/api/v1/places/{cafe.uuid}/", payload)
    assert response.status_code == 200, response.json()
    cafe.refresh_from_db()
    assert cafe.name_sv == "" and cafe.area is None
    assert [(h.weekday, h.opens.hour) for h in cafe.opening_hours.all()] == [(5, 10)]
    assert cafe.opening_exceptions.count() == 0


def test_patch_keeps_hours_not_mentioned(network, directory):
    eddie = client_for(network, "eddie")
    cafe = directory["places"]["cafe"]
    response = eddie.patch(f"/api/v1/places/{cafe.uuid}/", {"phone": "+358 9 123 4567"})
    assert response.status_code == 200, response.json()
    cafe.refresh_from_db()
    assert cafe.phone == "+358 9 123 4567"
    assert cafe.opening_hours.count() == 5 and cafe.opening_exceptions.count() == 1
    assert cafe.name_sv == "MLL:s familjecafé Alberga"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kind": "castle"}, "kind"),
        ({"organisation": "b0b0b0b0-0000-4000-8000-000000000000"}, "organisation"),
        ({"area": "atlantis"}, "area"),
        ({"latitude": "north"}, "latitude"),
        ({"opening_hours": [{"weekday": 9, "opens": "10:00", "closes": "12:00"}]}, "opening_hours[0].weekday"),
        ({"opening_hours": [{"weekday": 1, "opens": "25:00", "closes": "12:00"}]}, "opening_hours[0].opens"),
        ({"opening_hours": [{"weekday": 1, "opens": "14:00", "closes": "12:00"}]}, "opening_hours[0]"),
        ({"opening_exceptions": [{"start_date": "2026-07-31", "end_date": "2026-07-01"}]}, "opening_exceptions[0]"),
        ({"opening_hours": "always"}, "opening_hours"),
    ],
)
def test_bad_place_input_is_400_and_saves_nothing(network, elsa, change, field):
    places_before, hours_before, audit_before = (
        Place.objects.count(),
        OpeningHours.objects.count(),
        AuditEntry.objects.count(),
    )
    response = elsa.post("/api/v1/places/", new_place(network, **change))
    assert response.status_code == 400
    assert list(response.json()) == [field], response.json()
    assert all(isinstance(m, str) for m in response.json()[field])
    assert (Place.objects.count(), OpeningHours.objects.count(), AuditEntry.objects.count()) == (
        places_before,
        hours_before,
        audit_before,
    )


def test_missing_required_place_fields(network, elsa):
    response = elsa.post("/api/v1/places/", {"name": {"fi": "Jotain"}})
    assert response.status_code == 400
    assert set(response.json()) == {"organisation", "kind", "street_address", "city"}


def test_deleting_a_place(network, directory):
    eddie = client_for(network, "eddie")
    cafe = directory["places"]["cafe"]
    assert eddie.delete(f"/api/v1/places/{cafe.uuid}/").status_code == 204
    assert not Place.objects.filter(pk=cafe.pk).exists()
    assert directory["services"]["cafe"].places.count() == 0
