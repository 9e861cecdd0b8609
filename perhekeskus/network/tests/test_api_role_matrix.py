"""Who may write what through the API: every write endpoint × every person of the cast.

Content of the Matinkylä clinic (a unit of Espoo city) is kept by Ada (admin), Cora
(coordinator of Espoo) and Elsa (editor of Espoo city); content of MLL Espoo by Ada,
Cora and Eddie (editor of MLL). Everyone else is refused with 403, and nobody signed
in with 401. Refusals change nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from perhekeskus.core.models import AuditEntry
from perhekeskus.network import services
from perhekeskus.network.models import Organisation, Place, Service
from perhekeskus.network.tests.api_support import CAST, client_for  # noqa: F401

pytestmark = pytest.mark.django_db

PEOPLE = [*CAST, None]
KEEPERS = {"clinic": {"ada", "cora", "elsa"}, "mll": {"ada", "cora", "eddie"}}
SUCCESS = {"post": 201, "put": 200, "patch": 200, "delete": 204}


def _service(network: dict[str, Any], owner: Organisation) -> Service:
    return services.service_create(
        actor=None,
        data={"provider": owner, "service_type": network["types"]["peer_group"], "name_fi": "Vertaisryhmä"},
    )


def _place(owner: Organisation) -> Place:
    return services.place_create(
        actor=None,
        data={"organisation": owner, "kind": "other", "name_fi": "Tila", "street_address": "Katu 1", "city": "Espoo"},
    )


def _unit(owner: Organisation) -> Organisation:
    return services.organisation_create(
        actor=None,
        data={
            "slug": f"{owner.slug}-unit",
            "kind": owner.kind,
            "name_fi": "Yksikkö",
            "parent": owner,
            "area": owner.area,
        },
    )


def _service_body(network: dict[str, Any], owner: Organisation) -> dict[str, Any]:
    return {"name": {"fi": "Isäryhmä"}, "provider": str(owner.uuid), "service_type": "fathers_group"}


def _place_body(owner: Organisation) -> dict[str, Any]:
    return {
        "organisation": str(owner.uuid),
        "kind": "family_club",
        "name": {"fi": "Perhekerho"},
        "street_address": "Kerhotie 2",
        "city": "Espoo",
    }


def _organisation_body(owner: Organisation) -> dict[str, Any]:
    return {
        "slug": owner.slug,
        "kind": owner.kind,
        "name": {"fi": f"{owner.name_fi} (uusi nimi)"},
        "parent": str(owner.parent.uuid) if owner.parent else None,
        "area": owner.area.slug if owner.area else None,
    }


def request_for(endpoint: str, network: dict[str, Any], owner: Organisation) -> tuple[str, str, dict[str, Any] | None]:
    """(method, url, body) of one write on content kept by `owner`."""
    if endpoint == "service-create":
        return "post", "/api/v1/services/", _service_body(network, owner)
    if endpoint.startswith("service-"):
        url = f"/api/v1/services/{_service(network, owner).uuid}/"
        bodies = {"put": _service_body(network, owner), "patch": {"tier": "early_support"}, "delete": None}
        method = endpoint.removeprefix("service-")
        return method, url, bodies[method]
    if endpoint == "place-create":
        return "post", "/api/v1/places/", _place_body(owner)
    if endpoint.startswith("place-"):
        url = f"/api/v1/places/{_place(owner).uuid}/"
        bodies = {"put": _place_body(owner), "patch": {"phone": "09 123"}, "delete": None}
        method = endpoint.removeprefix("place-")
        return method, url, bodies[method]
    if endpoint == "organisation-create":
        body = {"slug": "new-unit", "kind": owner.kind, "name": {"fi": "Uusi yksikkö"}, "parent": str(owner.uuid)}
        return "post", "/api/v1/organisations/", {**body, "area": owner.area.slug if owner.area else None}
    if endpoint == "organisation-put":
        return "put", f"/api/v1/organisations/{owner.uuid}/", _organisation_body(owner)
    if endpoint == "organisation-patch":
        return "patch", f"/api/v1/organisations/{owner.uuid}/", {"phone": "09 555"}
    if endpoint == "organisation-delete":
        return "delete", f"/api/v1/organisations/{_unit(owner).uuid}/", None
    raise AssertionError(endpoint)


ENDPOINTS = [
    f"{kind}-{verb}" for kind in ("service", "place", "organisation") for verb in ("create", "put", "patch", "delete")
]


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
@pytest.mark.parametrize("owner_key", ["clinic", "mll"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_write_matrix(network, endpoint, owner_key, person):
    owner = network["orgs"][owner_key]
    method, url, body = request_for(endpoint, network, owner)
    client = client_for(network, person)
    audit_before = AuditEntry.objects.count()
    response = getattr(client, method)(url, body) if body is not None else getattr(client, method)(url)
    if person is None:
        expected = 401
    elif person in KEEPERS[owner_key]:
        expected = SUCCESS[method]
    else:
        expected = 403
    assert response.status_code == expected, (response.status_code, response.content[:300])
    if expected >= 400:
        assert AuditEntry.objects.count() == audit_before
    else:
        logged = AuditEntry.objects.filter(source="api", actor=network["people"][person])
        assert logged.count() == 1


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_area_create_matrix(network, person):
    payload = {"slug": "tapiola", "kind": "district", "parent": "espoo", "name": {"fi": "Tapiola"}}
    response = client_for(network, person).post("/api/v1/areas/", payload)
    expected = {None: 401, "ada": 201}.get(person, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
@pytest.mark.parametrize("path", ["service-types", "life-stages", "target-groups", "languages"])
def test_lookups_are_read_only_for_everyone(network, person, path):
    response = client_for(network, person).post(f"/api/v1/{path}/", {"code": "x", "name": {"fi": "x"}})
    assert response.status_code == (401 if person is None else 405)
