"""Every list endpoint asks the database the same number of questions for 5 rows as for 50."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from perhekeskus.network import services
from perhekeskus.network.models import Area, AreaKind, Language, LifeStage, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_network(network):
    """60 organisations, each with a place (hours, an exception) and a fully filled service."""
    areas = network["areas"]
    stages, groups, langs = (
        list(LifeStage.objects.all()[:3]),
        list(TargetGroup.objects.all()[:3]),
        list(Language.objects.all()[:3]),
    )
    for i in range(60):
        Area.objects.create(slug=f"district-{i}", kind=AreaKind.DISTRICT, parent=areas["espoo"], name_fi=f"Alue {i}")
        org = services.organisation_create(
            actor=None,
            data={
                "slug": f"org-{i}",
                "kind": "ngo",
                "name_fi": f"Yhdistys {i}",
                "parent": network["orgs"]["mll"],
                "area": areas["leppavaara"],
            },
        )
        place = services.place_create(
            actor=None,
            data={
                "organisation": org,
                "kind": "family_cafe",
                "name_fi": f"Perhekahvila {i}",
                "area": areas["leppavaara"],
                "street_address": f"Katu {i}",
                "city": "Espoo",
                "opening_hours": [{"weekday": d, "opens": dt.time(9), "closes": dt.time(12)} for d in range(3)],
                "opening_exceptions": [{"start_date": dt.date(2026, 12, 24), "end_date": dt.date(2026, 12, 26)}],
            },
        )
        services.service_create(
            actor=None,
            data={
                "provider": org,
                "service_type": network["types"]["family_cafe"],
                "name_fi": f"Perhekahvila {i}",
                "life_stages": stages,
                "target_groups": groups,
                "languages": langs,
                "areas": [areas["leppavaara"], areas["espoo"]],
                "places": [place],
            },
        )
    return network


def queries_for(url: str) -> int:
    client = APIClient()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/services/",
        "/api/v1/services/?q=perhekahvila&area=espoo&life_stage=age_0_1,expecting&service_type=meeting_places",
        "/api/v1/places/",
        "/api/v1/places/?q=perhekahvila&area=espoo&kind=family_cafe",
        "/api/v1/organisations/",
        "/api/v1/organisations/?q=yhdistys&area=espoo&kind=ngo",
        "/api/v1/areas/",
        "/api/v1/areas/?parent=espoo&kind=district",
        "/api/v1/service-types/",
        "/api/v1/life-stages/",
        "/api/v1/target-groups/",
        "/api/v1/languages/",
    ],
)
def test_list_query_count_does_not_grow_with_page_size(big_network, path):
    sep = "&" if "?" in path else "?"
    small = queries_for(f"{path}{sep}page_size=5")
    large = queries_for(f"{path}{sep}page_size=50")
    assert small == large
    assert large < 20


def test_pages_really_hold_the_rows_counted(big_network):
    body = APIClient().get("/api/v1/services/?page_size=50").json()
    assert len(body["data"]) == 50
    assert all(row["places"] and row["languages"] for row in body["data"])
