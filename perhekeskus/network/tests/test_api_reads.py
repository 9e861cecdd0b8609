"""Public reads of /api/v1: lists in the meta/data shape, details by UUID, filters, q, paging."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from perhekeskus.network.models import Area, AreaKind, ServiceType
from perhekeskus.network.queries import Filters, services_find
from perhekeskus.network.services import organisation_create
from perhekeskus.network.tests.api_support import build_directory, ids  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(network):
    return build_directory(network)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_service_list_has_meta_and_data_with_uuids_and_translations(api, directory):
    response = api.get("/api/v1/services/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"meta", "data"}
    assert body["meta"] == {"count": 4, "next": None, "previous": None}
    cafe = next(row for row in body["data"] if row["id"] == str(directory["services"]["cafe"].uuid))
    assert cafe["name"] == {"fi": "Perhekahvila", "sv": "Familjecafé", "en": "Family café"}
    assert cafe["provider"]["id"] == str(directory["services"]["cafe"].provider.uuid)
    assert cafe["provider"]["name"]["fi"] == "MLL Espoo"
    assert cafe["service_type"]["code"] == "family_cafe"
    assert cafe["tier"] == "community"  # the service type's default
    assert sorted(cafe["life_stages"]) == ["age_0_1", "age_1_3"]
    assert cafe["target_groups"] == ["all_families"]
    assert sorted(cafe["languages"]) == ["fi", "sv"]
    assert cafe["areas"] == ["leppavaara"]
    assert cafe["places"] == [
        {
            "id": str(directory["places"]["cafe"].uuid),
            "name": {"fi": "MLL:n perhekahvila Leppävaara", "sv": "MLL:s familjecafé Alberga", "en": ""},
        }
    ]
    for row in body["data"]:
        uuid.UUID(row["id"])
        assert "pk" not in row


def test_inactive_services_are_hidden_from_the_public(api, directory):
    retired = directory["services"]["retired"]
    assert str(retired.uuid) not in ids(api.get("/api/v1/services/"))
    assert api.get(f"/api/v1/services/{retired.uuid}/").status_code == 404


def test_service_detail_by_uuid(api, directory):
    clinic = directory["services"]["clinic"]
    response = api.get(f"/api/v1/services/{clinic.uuid}/")
    assert response.status_code == 200
    assert response.json()["id"] == str(clinic.uuid)
    assert response.json()["access"] == "appointment"


@pytest.mark.parametrize("path", ["services", "places", "organisations", "areas", "service-types"])
def test_unknown_or_malformed_uuid_is_404(api, directory, path):
    assert api.get(f"/api/v1/{path}/{uuid.uuid4()}/").status_code == 404
    assert api.get(f"/api/v1/{path}/not-a-uuid/").status_code == 404
    assert api.get(f"/api/v1/{path}/1/").status_code == 404  # integer keys are not addresses


@pytest.mark.parametrize(
    "query, expected",
    [
        ("area=leppavaara", {"cafe", "guidance"}),  # guidance serves all of Espoo
        ("area=matinkyla", {"clinic", "guidance"}),
        ("area=espoo", {"cafe", "clinic", "guidance"}),
        ("area=salo,leppavaara", {"cafe", "fathers", "guidance"}),
        ("life_stage=age_3_6", {"clinic"}),
        ("life_stage=age_3_6,age_0_1", {"clinic", "cafe"}),
        ("tier=community", {"cafe", "fathers"}),
        ("tier=regional,basic", {"guidance", "clinic"}),
        ("service_type=peer_support", {"fathers"}),  # sub-types included
        ("service_type=family_cafe", {"cafe"}),
        ("language=en", {"guidance"}),
        ("language=sv,en", {"guidance", "cafe"}),
        ("target_group=fathers", {"fathers"}),
        ("organisation=mll-espoo", {"cafe"}),
        ("organisation=mll-espoo,salo-parish", {"cafe", "fathers"}),
        ("access=referral", {"guidance"}),
        ("access=open&area=espoo", {"cafe"}),
        ("area=espoo&language=sv", {"cafe", "guidance"}),
    ],
)
def test_service_filters(api, directory, query, expected):
    response = api.get(f"/api/v1/services/?{query}")
    assert response.status_code == 200, response.json()
    wanted = {str(directory["services"][key].uuid) for key in expected}
    assert set(ids(response)) == wanted
    assert response.json()["meta"]["count"] == len(wanted)


def test_q_lists_matches_in_the_finders_order(api, directory):
    response = api.get("/api/v1/services/?q=perhekahvila")
    found = ids(response)
    assert set(found) == {str(directory["services"]["cafe"].uuid), str(directory["services"]["clinic"].uuid)}
    # The API keeps the finder's best-first order; it never sorts on its own.
    assert found == [str(s.uuid) for s in services_find(Filters(q="perhekahvila"))]


def test_q_combines_with_filters(api, directory):
    response = api.get("/api/v1/services/?q=perhekahvila&access=appointment")
    assert ids(response) == [str(directory["services"]["clinic"].uuid)]


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("area=xyz", "area", "Unknown area: xyz"),
        ("area=espoo,nowhere,atlantis", "area", "Unknown area: nowhere, atlantis"),
        ("life_stage=teen", "life_stage", "Unknown life stage: teen"),
        ("tier=top", "tier", "Unknown tier: top"),
        ("service_type=sauna", "service_type", "Unknown service type: sauna"),
        ("language=xx", "language", "Unknown language: xx"),
        ("target_group=cats", "target_group", "Unknown target group: cats"),
        ("organisation=acme", "organisation", "Unknown organisation: acme"),
        ("access=walk_in", "access", "Unknown access mode: walk_in"),
    ],
)
def test_unknown_service_filter_values_are_400_per_field(api, directory, query, field, message):
    response = api.get(f"/api/v1/services/?{query}")
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_several_bad_filters_are_all_reported(api, directory):
    response = api.get("/api/v1/services/?area=xyz&tier=top&language=fi")
    assert response.status_code == 400
    assert response.json() == {"area": ["Unknown area: xyz"], "tier": ["Unknown tier: top"]}


def test_paging_and_page_size_cap(api, network):
    for i in range(105):
        Area.objects.create(slug=f"district-{i:03}", kind=AreaKind.DISTRICT, name_fi=f"Alue {i:03}")
    total = Area.objects.count()
    first = api.get("/api/v1/areas/?page_size=2").json()
    assert first["meta"]["count"] == total
    assert len(first["data"]) == 2
    assert first["meta"]["previous"] is None
    second = api.get(first["meta"]["next"]).json()
    assert second["meta"]["previous"] is not None
    assert not {r["id"] for r in first["data"]} & {r["id"] for r in second["data"]}
    assert len(api.get("/api/v1/areas/").json()["data"]) == 20
    capped = api.get("/api/v1/areas/?page_size=500").json()
    assert len(capped["data"]) == 100
    assert api.get("/api/v1/areas/?page=999").status_code == 404


def test_place_list_detail_hours_and_filters(api, directory):
    cafe = directory["places"]["cafe"]
    body = api.get(f"/api/v1/places/{cafe.uuid}/").json()
    assert body["kind"] == "family_cafe"
    assert body["organisation"]["id"] == str(cafe.organisation.uuid)
    assert body["area"] == "leppavaara"
    assert body["opening_hours"][0] == {"weekday": 0, "opens": "09:00:00", "closes": "15:00:00"}
    assert len(body["opening_hours"]) == 5
    assert body["opening_exceptions"] == [
        {
            "start_date": "2026-12-24",
            "end_date": "2026-12-26",
            "closed": True,
            "opens": None,
            "closes": None,
            "reason": {"fi": "Joulu", "sv": "", "en": ""},
        }
    ]
    assert isinstance(body["open_now"], bool)
    places = directory["places"]
    assert set(ids(api.get("/api/v1/places/?area=espoo"))) == {str(places["cafe"].uuid), str(places["clinic"].uuid)}
    assert ids(api.get("/api/v1/places/?kind=parish_hall")) == [str(places["hall"].uuid)]
    assert ids(api.get("/api/v1/places/?organisation=espoo-clinic")) == [str(places["clinic"].uuid)]
    assert ids(api.get("/api/v1/places/?q=seurakuntatalo")) == [str(places["hall"].uuid)]
    assert api.get("/api/v1/places/?kind=castle").json() == {"kind": ["Unknown place kind: castle"]}


def test_open_now_follows_the_hours(api, directory, time_machine):
    cafe = directory["places"]["cafe"]
    time_machine.move_to("2026-03-04 10:30 +02:00")  # a Wednesday morning in Helsinki
    assert api.get(f"/api/v1/places/{cafe.uuid}/").json()["open_now"] is True
    time_machine.move_to("2026-03-04 16:30 +02:00")
    assert api.get(f"/api/v1/places/{cafe.uuid}/").json()["open_now"] is False
    time_machine.move_to("2026-12-24 10:30 +02:00")  # Thursday, but closed for Christmas
    assert api.get(f"/api/v1/places/{cafe.uuid}/").json()["open_now"] is False


def test_organisation_list_filters(api, network):
    orgs = network["orgs"]
    response = api.get("/api/v1/organisations/?area=espoo")
    assert set(ids(response)) == {str(orgs[k].uuid) for k in ("city", "clinic", "mll")}
    assert ids(api.get("/api/v1/organisations/?kind=parish")) == [str(orgs["parish"].uuid)]
    assert set(ids(api.get("/api/v1/organisations/?kind=ngo,parish"))) == {
        str(orgs["mll"].uuid),
        str(orgs["parish"].uuid),
    }
    village = organisation_create(
        actor=None,
        data={
            "slug": "kirkonkyla",
            "kind": "parish",
            "name_fi": "Kirkonkylän seurakunta",
            "area": network["areas"]["salo"],
        },
    )
    assert ids(api.get("/api/v1/organisations/?q=seurakunta")) == [str(village.uuid)]
    assert api.get("/api/v1/organisations/?kind=club").json() == {"kind": ["Unknown organisation kind: club"]}
    detail = api.get(f"/api/v1/organisations/{orgs['clinic'].uuid}/").json()
    assert detail["parent"] == {"id": str(orgs["city"].uuid), "name": {"fi": "Espoon kaupunki", "sv": "", "en": ""}}
    assert detail["area"] == "matinkyla"
    assert detail["kind"] == "municipality"


def test_area_list_filters(api, network):
    areas = network["areas"]
    assert set(ids(api.get("/api/v1/areas/?kind=district"))) == {
        str(areas["matinkyla"].uuid),
        str(areas["leppavaara"].uuid),
    }
    assert set(ids(api.get("/api/v1/areas/?parent=espoo"))) == {
        str(areas["matinkyla"].uuid),
        str(areas["leppavaara"].uuid),
    }
    espoo = api.get(f"/api/v1/areas/{areas['espoo'].uuid}/").json()
    assert espoo == {
        "id": str(areas["espoo"].uuid),
        "slug": "espoo",
        "kind": "municipality",
        "parent": "uusimaa",
        "code": "",
        "name": {"fi": "Espoo", "sv": "Esbo", "en": ""},
    }
    assert api.get("/api/v1/areas/?parent=narnia").json() == {"parent": ["Unknown area: narnia"]}


def test_service_type_list_filters(api, db):
    response = api.get("/api/v1/service-types/?parent=meeting_places&page_size=100")
    codes = {row["code"] for row in response.json()["data"]}
    expected = set(ServiceType.objects.filter(parent__code="meeting_places").values_list("code", flat=True))
    assert codes == expected and "family_cafe" in codes
    special = api.get("/api/v1/service-types/?tier=special&page_size=100").json()["data"]
    assert special and all(row["default_tier"] == "special" for row in special)
    cafe = next(row for row in response.json()["data"] if row["code"] == "family_cafe")
    assert cafe["parent"] == "meeting_places"
    assert cafe["name"]["sv"] == "Familjecafé"
    assert api.get("/api/v1/service-types/?tier=mega").status_code == 400


@pytest.mark.parametrize(
    "path, code", [("life-stages", "expecting"), ("target-groups", "fathers"), ("languages", "sv")]
)
def test_lookup_lists(api, db, path, code):
    rows = api.get(f"/api/v1/{path}/?page_size=100").json()["data"]
    row = next(r for r in rows if r["code"] == code)
    assert set(row["name"]) == {"fi", "sv", "en"}
    assert api.get(f"/api/v1/{path}/{row['id']}/").json() == row
