"""Organisations through the API: writes, and who sees which contact persons."""

from __future__ import annotations

import pytest

from perhekeskus.core.models import AuditEntry
from perhekeskus.network import services
from perhekeskus.network.models import Area, Organisation
from perhekeskus.network.tests.api_support import build_directory, client_for  # noqa: F401

pytestmark = pytest.mark.django_db


def new_unit(network, **extra):
    return {
        "slug": "mll-espoo-kahvilat",
        "kind": "ngo",
        "sector": "third_sector",
        "name": {"fi": "MLL Espoon perhekahvilat"},
        "parent": str(network["orgs"]["mll"].uuid),
        "area": "leppavaara",
        **extra,
    }


def test_editor_adds_a_unit_under_their_organisation(network):
    response = client_for(network, "eddie").post("/api/v1/organisations/", new_unit(network))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["parent"]["id"] == str(network["orgs"]["mll"].uuid)
    assert body["area"] == "leppavaara" and body["contacts"] == []
    assert AuditEntry.objects.filter(object_id=body["id"], action="create", source="api").exists()


def test_put_and_patch_of_an_organisation(network):
    eddie = client_for(network, "eddie")
    mll = network["orgs"]["mll"]
    patched = eddie.patch(f"/api/v1/organisations/{mll.uuid}/", {"website": "https://mll.example.fi/espoo"})
    assert patched.status_code == 200, patched.json()
    mll.refresh_from_db()
    assert mll.website == "https://mll.example.fi/espoo" and mll.area == network["areas"]["leppavaara"]
    replaced = eddie.put(
        f"/api/v1/organisations/{mll.uuid}/", {"slug": "mll-espoo", "kind": "ngo", "name": {"fi": "MLL Espoo ry"}}
    )
    assert replaced.status_code == 200, replaced.json()
    mll.refresh_from_db()
    assert (mll.name_fi, mll.website, mll.sector, mll.area) == ("MLL Espoo ry", "", "", None)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"slug": "espoo"}, "slug"),  # taken
        ({"slug": "Not a slug!"}, "slug"),
        ({"kind": "guild"}, "kind"),
        ({"parent": "nope"}, "parent"),
        ({"name": {"en": "English only"}}, "name"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_bad_organisation_input_is_400(network, change, field):
    eddie = client_for(network, "eddie")  # issuing the token is itself logged
    before = (Organisation.objects.count(), AuditEntry.objects.count())
    response = eddie.post("/api/v1/organisations/", new_unit(network, **change))
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before


def test_organisation_with_services_cannot_be_deleted(network):
    build_directory(network)
    mll = network["orgs"]["mll"]
    response = client_for(network, "eddie").delete(f"/api/v1/organisations/{mll.uuid}/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Remove or move the organisation's services, places and units first."]
    }
    assert Organisation.objects.filter(pk=mll.pk).exists()


def test_only_platform_admins_add_areas(network):
    payload = {"slug": "tapiola", "kind": "district", "parent": "espoo", "name": {"fi": "Tapiola", "sv": "Hagalund"}}
    assert client_for(network, "cora").post("/api/v1/areas/", payload).status_code == 403
    assert client_for(network, None).post("/api/v1/areas/", payload).status_code == 401
    response = client_for(network, "ada").post("/api/v1/areas/", payload)
    assert response.status_code == 201, response.json()
    assert response.json()["parent"] == "espoo"
    assert Area.objects.get(slug="tapiola").name_sv == "Hagalund"
    again = client_for(network, "ada").post("/api/v1/areas/", payload)
    assert again.status_code == 400 and list(again.json()) == ["slug"]


# --- Contact persons --------------------------------------------------------------------------


@pytest.fixture
def contacts(network):
    clinic = network["orgs"]["clinic"]
    public = services.contact_create(
        actor=None,
        data={"organisation": clinic, "full_name": "Paula Julkinen", "email": "paula@example.fi", "public": True},
    )
    private = services.contact_create(
        actor=None,
        data={"organisation": clinic, "full_name": "Sanna Sisäinen", "phone": "+358 40 000 0000", "public": False},
    )
    return {"public": public, "private": private}


def contact_names(response):
    return sorted(c["full_name"] for c in response.json()["contacts"])


def test_anonymous_sees_only_public_contact_persons(network, contacts):
    clinic = network["orgs"]["clinic"]
    response = client_for(network, None).get(f"/api/v1/organisations/{clinic.uuid}/")
    assert contact_names(response) == ["Paula Julkinen"]
    assert "Sanna" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="read").exists()


def test_network_member_sees_every_contact_and_the_read_is_logged(network, contacts):
    clinic = network["orgs"]["clinic"]
    response = client_for(network, "vilja").get(f"/api/v1/organisations/{clinic.uuid}/")
    assert contact_names(response) == ["Paula Julkinen", "Sanna Sisäinen"]
    read = AuditEntry.objects.get(action="read")
    assert read.object_id == str(contacts["private"].uuid)
    assert read.actor == network["people"]["vilja"] and read.source == "api"


def test_organisation_list_carries_no_contacts(network, contacts):
    rows = client_for(network, "ada").get("/api/v1/organisations/").json()["data"]
    assert all("contacts" not in row for row in rows)
    assert not AuditEntry.objects.filter(action="read").exists()
