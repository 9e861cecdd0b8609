"""Writing services through the API: create, PUT replaces, PATCH changes, DELETE; bad input
is a 400 per field that saves nothing and logs nothing."""

from __future__ import annotations

import uuid

import pytest

from perhekeskus.core.models import AuditEntry
from perhekeskus.network.models import Service
from perhekeskus.network.tests.api_support import build_directory, client_for  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(network):
    return build_directory(network)


@pytest.fixture
def eddie(network):
    return client_for(network, "eddie")


def new_service(network, **extra):
    return {
        "name": {"fi": "Vauvakahvila", "sv": "Babycafé"},
        "provider": str(network["orgs"]["mll"].uuid),
        "service_type": "baby_cafe",
        **extra,
    }


def test_editor_creates_a_service_with_references(network, directory, eddie):
    payload = new_service(
        network,
        description={"fi": "Avoin kaikille vauvaperheille."},
        life_stages=["age_0_1"],
        target_groups=["all_families", "fathers"],
        languages=["fi", "sv"],
        areas=["leppavaara"],
        places=[str(directory["places"]["cafe"].uuid)],
        cost="free",
    )
    response = eddie.post("/api/v1/services/", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    service = Service.objects.get(uuid=body["id"])
    assert service.name_fi == "Vauvakahvila" and service.name_en == ""
    assert service.tier == "community"  # from the service type
    assert sorted(body["target_groups"]) == ["all_families", "fathers"]
    assert body["places"][0]["id"] == str(directory["places"]["cafe"].uuid)
    assert body["provider"]["id"] == str(network["orgs"]["mll"].uuid)
    entry = AuditEntry.objects.get(object_id=str(service.uuid), action="create")
    assert entry.source == "api" and entry.actor == network["people"]["eddie"]


def test_put_replaces_the_whole_service(network, directory, eddie):
    cafe = directory["services"]["cafe"]
    payload = {
        "name": {"fi": "Perhekahvila Sello"},
        "provider": str(network["orgs"]["mll"].uuid),
        "service_type": "family_cafe",
    }
    response = eddie.put(f"/api/v1/services/{cafe.uuid}/", payload)
    assert response.status_code == 200, response.json()
    cafe.refresh_from_db()
    # Everything left out went back to its default: the Swedish name, the lists, the description.
    assert (cafe.name_fi, cafe.name_sv, cafe.name_en) == ("Perhekahvila Sello", "", "")
    assert cafe.description_fi == ""
    assert cafe.languages.count() == 0 and cafe.areas.count() == 0 and cafe.places.count() == 0
    assert cafe.tier == "community"
    entry = AuditEntry.objects.filter(object_id=str(cafe.uuid), action="update").get()
    assert entry.source == "api" and "name_fi" in entry.changes and "languages" in entry.changes


def test_put_without_a_required_field_is_400(network, directory, eddie):
    cafe = directory["services"]["cafe"]
    response = eddie.put(f"/api/v1/services/{cafe.uuid}/", {"name": {"fi": "Uusi nimi"}})
    assert response.status_code == 400
    assert set(response.json()) == {"provider", "service_type"}
    cafe.refresh_from_db()
    assert cafe.name_fi == "Perhekahvila"


def test_patch_changes_only_the_fields_given(network, directory, eddie):
    cafe = directory["services"]["cafe"]
    response = eddie.patch(f"/api/v1/services/{cafe.uuid}/", {"name": {"en": "Family café Sello"}, "tier": "basic"})
    assert response.status_code == 200, response.json()
    cafe.refresh_from_db()
    assert (cafe.name_fi, cafe.name_sv, cafe.name_en) == ("Perhekahvila", "Familjecafé", "Family café Sello")
    assert cafe.tier == "basic"
    assert sorted(cafe.languages.values_list("code", flat=True)) == ["fi", "sv"]
    assert cafe.places.count() == 1


def test_patch_can_empty_a_list(network, directory, eddie):
    cafe = directory["services"]["cafe"]
    assert eddie.patch(f"/api/v1/services/{cafe.uuid}/", {"languages": []}).status_code == 200
    assert cafe.languages.count() == 0
    assert cafe.life_stages.count() == 2


def test_editor_deletes_a_service(network, directory, eddie):
    cafe = directory["services"]["cafe"]
    assert eddie.delete(f"/api/v1/services/{cafe.uuid}/").status_code == 204
    assert not Service.objects.filter(pk=cafe.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(cafe.uuid), action="delete", source="api").exists()


def test_editor_may_edit_an_inactive_service_the_public_cannot_see(network, directory, eddie):
    retired = directory["services"]["retired"]
    assert eddie.get(f"/api/v1/services/{retired.uuid}/").status_code == 200
    response = eddie.patch(f"/api/v1/services/{retired.uuid}/", {"status": "active"})
    assert response.status_code == 200
    assert client_for(network, None).get(f"/api/v1/services/{retired.uuid}/").status_code == 200


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"name": {"sv": "Babycafé"}}, "name", "A Finnish text (fi) is required."),
        ({"name": {"fi": "   "}}, "name", "A Finnish text (fi) is required."),
        ({"name": "Vauvakahvila"}, "name", 'Expected an object like {"fi": "...", "sv": "...", "en": "..."}.'),
        ({"name": {"fi": "x", "de": "y"}}, "name", "Unknown language 'de'; use fi, sv or en."),
        ({"name": {"fi": "x" * 201}}, "name", "fi: Ensure this value has at most 200 characters (it has 201)."),
        ({"service_type": "sauna"}, "service_type", "Unknown service type: sauna"),
        ({"provider": "not-a-uuid"}, "provider", "Not a valid UUID: not-a-uuid"),
        ({"provider": "00000000-0000-0000-0000-000000000000"}, "provider", None),
        ({"tier": "top"}, "tier", '"top" is not a valid choice.'),
        ({"access": "walk_in"}, "access", None),
        ({"life_stages": ["age_0_1", "teen"]}, "life_stages", "Unknown life stage: teen"),
        ({"languages": "fi"}, "languages", None),
        ({"areas": ["atlantis"]}, "areas", "Unknown area: atlantis"),
        ({"places": ["123"]}, "places", "Not a valid UUID: 123"),
        ({"email": "not-an-address"}, "email", None),
        ({"website": "javascript:alert(1)"}, "website", None),
    ],
)
def test_bad_input_is_400_per_field_and_saves_nothing(network, directory, eddie, change, field, message):
    services_before = Service.objects.count()
    audit_before = AuditEntry.objects.count()
    payload = new_service(network)
    payload.update(change)
    response = eddie.post("/api/v1/services/", payload)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list) and all(isinstance(m, str) for m in body[field])
    if message is not None:
        assert body[field] == [message]
    assert Service.objects.count() == services_before
    assert AuditEntry.objects.count() == audit_before


def test_missing_name_is_400(network, directory, eddie):
    payload = new_service(network)
    del payload["name"]
    response = eddie.post("/api/v1/services/", payload)
    assert response.status_code == 400
    assert response.json() == {"name": ["This field is required."]}


def test_service_type_without_a_default_tier_needs_one(network, directory, eddie):
    from perhekeskus.network.models import ServiceType

    ServiceType.objects.filter(code="baby_cafe").update(default_tier="")
    before = AuditEntry.objects.count()
    response = eddie.post("/api/v1/services/", new_service(network))
    assert response.status_code == 400
    assert response.json() == {"tier": ["This field cannot be blank."]}
    assert AuditEntry.objects.count() == before


def test_a_place_of_an_organisation_the_editor_does_not_edit_is_refused(network, directory, eddie):
    before = Service.objects.count()
    payload = new_service(network, places=[str(directory["places"]["hall"].uuid)])
    response = eddie.post("/api/v1/services/", payload)
    assert response.status_code == 400
    assert list(response.json()) == ["places"]
    assert Service.objects.count() == before


def test_body_that_is_not_an_object_is_400(network, eddie):
    response = eddie.post("/api/v1/services/", ["a", "list"])
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_unknown_service_is_404_for_writes(network, eddie):
    missing = uuid.uuid4()
    assert eddie.patch(f"/api/v1/services/{missing}/", {"tier": "basic"}).status_code == 404
    assert eddie.put(f"/api/v1/services/{missing}/", new_service(network)).status_code == 404
    assert eddie.delete(f"/api/v1/services/{missing}/").status_code == 404


def test_anonymous_write_is_401_with_a_bearer_challenge(network, directory):
    anonymous = client_for(network, None)
    response = anonymous.post("/api/v1/services/", new_service(network))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    cafe = directory["services"]["cafe"]
    assert anonymous.delete(f"/api/v1/services/{cafe.uuid}/").status_code == 401


def test_bad_or_revoked_token_is_401(network, directory):
    from django.utils import timezone
    from rest_framework.test import APIClient

    from perhekeskus.accounts.models import ApiToken

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer pk_made_up")
    assert client.post("/api/v1/services/", new_service(network)).status_code == 401
    eddie = client_for(network, "eddie")
    ApiToken.objects.update(revoked_at=timezone.now())
    assert eddie.post("/api/v1/services/", new_service(network)).status_code == 401


def test_refusal_comes_before_input_errors(network, directory):
    """Someone who may not edit learns nothing about what the input would need."""
    otto = client_for(network, "otto")
    cafe = directory["services"]["cafe"]
    before = AuditEntry.objects.count()
    response = otto.patch(f"/api/v1/services/{cafe.uuid}/", {"tier": "nonsense"})
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before


def test_moving_a_service_to_an_organisation_the_editor_does_not_edit_is_403(network, directory, eddie):
    cafe = directory["services"]["cafe"]
    response = eddie.patch(f"/api/v1/services/{cafe.uuid}/", {"provider": str(network["orgs"]["parish"].uuid)})
    assert response.status_code == 403
    cafe.refresh_from_db()
    assert cafe.provider == network["orgs"]["mll"]


def test_messages_follow_accept_language(network, directory):
    finnish = client_for(network, "eddie")
    finnish.credentials(HTTP_AUTHORIZATION=finnish._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="fi")
    response = finnish.post("/api/v1/services/", new_service(network, tier="top"))
    assert response.json() == {"tier": ['"top" ei ole kelvollinen valinta.']}
