"""Shared by the API tests: a small directory on top of the `network` cast, and clients
that call the API as one of the cast (with a real Bearer token) or as nobody."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework.test import APIClient

from perhekeskus.accounts.services import token_issue
from perhekeskus.network import services
from perhekeskus.network.models import Language, LifeStage, ServiceStatus, TargetGroup

CAST = ("ada", "cora", "elsa", "eddie", "pia", "vilja", "otto")


def client_for(network: dict[str, Any], person: str | None) -> APIClient:
    """An API client acting as `person` of the cast (None: anonymous), asking for English
    messages (the API follows Accept-Language; the installation's default is Finnish)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if person is not None:
        raw = token_issue(actor=None, user=network["people"][person], name="tests", source="test")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def codes(model: Any, *values: str) -> list[Any]:
    return list(model.objects.filter(code__in=values))


def build_directory(network: dict[str, Any]) -> dict[str, Any]:
    """Places and services of the cast's organisations, made the way the pages make them."""
    orgs, areas, types = network["orgs"], network["areas"], network["types"]
    cafe = services.place_create(
        actor=None,
        data={
            "organisation": orgs["mll"],
            "kind": "family_cafe",
            "name_fi": "MLL:n perhekahvila Leppävaara",
            "name_sv": "MLL:s familjecafé Alberga",
            "area": areas["leppavaara"],
            "street_address": "Leppävaarankatu 1",
            "city": "Espoo",
            "opening_hours": [{"weekday": d, "opens": dt.time(9, 0), "closes": dt.time(15, 0)} for d in range(5)],
            "opening_exceptions": [
                {"start_date": dt.date(2026, 12, 24), "end_date": dt.date(2026, 12, 26), "reason_fi": "Joulu"}
            ],
        },
        source="test",
    )
    clinic_place = services.place_create(
        actor=None,
        data={
            "organisation": orgs["clinic"],
            "kind": "clinic",
            "name_fi": "Matinkylän neuvolan toimipiste",
            "area": areas["matinkyla"],
            "street_address": "Matinkatu 2",
            "city": "Espoo",
        },
        source="test",
    )
    hall = services.place_create(
        actor=None,
        data={
            "organisation": orgs["parish"],
            "kind": "parish_hall",
            "name_fi": "Salon seurakuntatalo",
            "area": areas["salo"],
            "street_address": "Kirkkokatu 3",
            "city": "Salo",
        },
        source="test",
    )

    def service(**data: Any) -> Any:
        m2m = {k: data.pop(k) for k in ("life_stages", "target_groups", "languages", "areas", "places") if k in data}
        return services.service_create(actor=None, data={**data, **m2m}, source="test")

    cafe_service = service(
        provider=orgs["mll"],
        service_type=types["family_cafe"],
        name_fi="Perhekahvila",
        name_sv="Familjecafé",
        name_en="Family café",
        description_fi="Vapaamuotoinen kohtaamispaikka vauvaperheille.",
        life_stages=codes(LifeStage, "age_0_1", "age_1_3"),
        target_groups=codes(TargetGroup, "all_families"),
        languages=codes(Language, "fi", "sv"),
        areas=[areas["leppavaara"]],
        places=[cafe],
    )
    child_clinic = service(
        provider=orgs["clinic"],
        service_type=types["child_health_clinic"],
        name_fi="Lastenneuvola",
        description_fi="Lapsen kasvun seuranta. Perhekahvila kerran kuussa.",
        access="appointment",
        life_stages=codes(LifeStage, "age_0_1", "age_1_3", "age_3_6"),
        languages=codes(Language, "fi"),
        areas=[areas["matinkyla"]],
        places=[clinic_place],
    )
    fathers = service(
        provider=orgs["parish"],
        service_type=types["fathers_group"],
        name_fi="Isäryhmä",
        target_groups=codes(TargetGroup, "fathers"),
        languages=codes(Language, "fi"),
        areas=[areas["salo"]],
        places=[hall],
    )
    guidance = service(
        provider=orgs["city"],
        service_type=types["family_guidance_clinic"],
        name_fi="Perheneuvola",
        access="referral",
        languages=codes(Language, "fi", "sv", "en"),
        areas=[areas["espoo"]],
    )
    retired = service(
        provider=orgs["mll"],
        service_type=types["peer_group"],
        name_fi="Vanha vertaisryhmä",
        status=ServiceStatus.INACTIVE,
        areas=[areas["leppavaara"]],
    )
    return {
        "places": {"cafe": cafe, "clinic": clinic_place, "hall": hall},
        "services": {
            "cafe": cafe_service,
            "clinic": child_clinic,
            "fathers": fathers,
            "guidance": guidance,
            "retired": retired,
        },
    }


def ids(response: Any) -> list[str]:
    return [row["id"] for row in response.json()["data"]]
