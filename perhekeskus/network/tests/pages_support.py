"""A small directory for the page and browser tests, built through the service functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from perhekeskus.network import services
from perhekeskus.network.models import Language, LifeStage, ServiceType, TargetGroup


@pytest.fixture(name="directory")
def directory_fixture(network: dict[str, Any]) -> dict[str, Any]:
    return build_directory(network)


def _lookups(model: Any, *codes: str) -> list[Any]:
    return list(model.objects.filter(code__in=codes))


def build_directory(network: dict[str, Any]) -> dict[str, Any]:
    """Two places, four services and two contact persons on top of the `network` cast.

    Editor Elsa (Espoo city) has a display name and checks the clinic service, so the
    page can show who checked it; her e-mail must never appear on a public page.
    """
    areas, orgs, people = network["areas"], network["orgs"], network["people"]
    elsa = people["elsa"]
    elsa.first_name, elsa.last_name = "Elsa", "Esimerkki"
    elsa.save()
    weekdays = [{"weekday": d, "opens": dt.time(9), "closes": dt.time(15, 30)} for d in range(5)]
    centre = services.place_create(
        actor=None,
        data={
            "organisation": orgs["clinic"],
            "kind": "family_centre",
            "name_fi": "Matinkylän perhekeskus",
            "name_sv": "Mattby familjecenter",
            "area": areas["matinkyla"],
            "street_address": "Matinkatu 1",
            "postal_code": "02230",
            "city": "Espoo",
            "latitude": Decimal("60.159800"),
            "longitude": Decimal("24.738000"),
            "accessibility_fi": "Esteetön sisäänkäynti pääovelta. Vaunuparkki aulassa.",
            "opening_hours": [*weekdays, {"weekday": 5, "opens": dt.time(10), "closes": dt.time(13)}],
            "opening_exceptions": [
                {
                    "start_date": dt.date(2026, 12, 24),
                    "end_date": dt.date(2026, 12, 26),
                    "closed": True,
                    "reason_fi": "Joulu",
                    "reason_sv": "Jul",
                    "reason_en": "Christmas",
                }
            ],
        },
    )
    cafe = services.place_create(
        actor=None,
        data={
            "organisation": orgs["mll"],
            "kind": "family_cafe",
            "name_fi": "MLL:n perhekahvila Leppävaara",
            "name_sv": "MLL:s familjecafé Alberga",
            "name_en": "MLL family café Leppävaara",
            "area": areas["leppavaara"],
            "street_address": "Leppävaarankatu 9",
            "postal_code": "02600",
            "city": "Espoo",
            "opening_hours": [{"weekday": 2, "opens": dt.time(9, 30), "closes": dt.time(12)}],
        },
    )
    types = {t.code: t for t in ServiceType.objects.all()}
    clinic = services.service_create(
        actor=None,
        data={
            "provider": orgs["clinic"],
            "service_type": types["child_health_clinic"],
            "tier": "basic",
            "access": "appointment",
            "name_fi": "Lastenneuvola Matinkylä",
            "name_sv": "Barnrådgivningen i Mattby",
            "name_en": "Matinkylä child health clinic",
            "description_fi": "Lapsen kasvun ja kehityksen seuranta sekä vanhemmuuden tuki.",
            "life_stages": _lookups(LifeStage, "age_0_1", "age_1_3", "age_3_6"),
            "target_groups": _lookups(TargetGroup, "all_families"),
            "languages": _lookups(Language, "fi", "sv"),
            "areas": [areas["matinkyla"]],
            "places": [centre],
            "phone": "09 816 31300",
        },
    )
    services.content_mark_checked(actor=elsa, obj=clinic)
    family_cafe = services.service_create(
        actor=None,
        data={
            "provider": orgs["mll"],
            "service_type": types["family_cafe"],
            "tier": "community",
            "access": "open",
            "name_fi": "Perhekahvila",
            "name_sv": "Familjecafé",
            "name_en": "Family café",
            "description_fi": "Avoin kohtaamispaikka vauvaperheille ja leikki-ikäisille.",
            "description_sv": "En öppen mötesplats för babyfamiljer och lekåldern.",
            "description_en": "An open meeting place for families with babies and toddlers.",
            "life_stages": _lookups(LifeStage, "age_0_1", "age_1_3"),
            "target_groups": _lookups(TargetGroup, "all_families"),
            "languages": _lookups(Language, "fi", "sv", "en"),
            "areas": [areas["leppavaara"]],
            "places": [cafe],
        },
    )
    fathers = services.service_create(
        actor=None,
        data={
            "provider": orgs["mll"],
            "service_type": types["fathers_group"],
            "tier": "community",
            "access": "open",
            "name_fi": "Isäryhmä",
            "description_fi": "Isien oma ryhmä kerran kuussa.",
            "life_stages": _lookups(LifeStage, "age_1_3"),
            "target_groups": _lookups(TargetGroup, "fathers"),
            "languages": _lookups(Language, "fi"),
            "areas": [areas["espoo"]],
        },
    )
    parish_club = services.service_create(
        actor=None,
        data={
            "provider": orgs["parish"],
            "service_type": types["family_club"],
            "tier": "community",
            "name_fi": "Seurakunnan perhekerho",
            "name_sv": "Församlingens familjeklubb",
            "life_stages": _lookups(LifeStage, "age_3_6"),
            "languages": _lookups(Language, "fi"),
            "areas": [areas["salo"]],
        },
    )
    public_contact = services.contact_create(
        actor=None,
        data={
            "organisation": orgs["clinic"],
            "full_name": "Paula Julkinen",
            "title_fi": "Perhekeskuksen koordinaattori",
            "email": "paula.julkinen@example.fi",
            "public": True,
        },
    )
    private_contact = services.contact_create(
        actor=None,
        data={
            "organisation": orgs["clinic"],
            "full_name": "Salla Salainen",
            "email": "salla.salainen@example.fi",
            "phone": "040 123 4567",
            "public": False,
        },
    )
    return {
        "places": {"centre": centre, "cafe": cafe},
        "services": {"clinic": clinic, "cafe": family_cafe, "fathers": fathers, "parish_club": parish_club},
        "contacts": {"public": public_contact, "private": private_contact},
    }


def add_filler_services(network: dict[str, Any], count: int, *, prefix: str = "Täyte") -> None:
    """`count` plain services of Espoo city, to fill result pages."""
    family_club = ServiceType.objects.get(code="family_club")
    stages = _lookups(LifeStage, "age_0_1")
    langs = _lookups(Language, "fi")
    for i in range(count):
        services.service_create(
            actor=None,
            data={
                "provider": network["orgs"]["city"],
                "service_type": family_club,
                "tier": "community",
                "name_fi": f"{prefix} {i:03d}",
                "life_stages": stages,
                "languages": langs,
                "areas": [network["areas"]["espoo"]],
            },
        )
