"""Shared pieces of the HSDS tests: the spec folder, an independent validator, a network.

The validator here is written for the tests alone (jsonschema against the published
schemas), so the export is never checked by the code that wrote or reads it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from perhekeskus.core.models import AuditEntry
from perhekeskus.network import services as network_services
from perhekeskus.network.models import (
    ContactPerson,
    Language,
    LifeStage,
    OpeningException,
    OpeningHours,
    Organisation,
    Place,
    Service,
    TargetGroup,
)


def spec_dir() -> Path:
    override = os.environ.get("HSDS_SPEC_DIR", "").strip()
    folder = Path(override) if override else Path(settings.BASE_DIR).parent / "shared" / "specs" / "hsds"
    # Fail, never skip: without the spec the HSDS promises are untested.
    assert (folder / "schema" / "service.json").is_file(), (
        f"HSDS specification not found at {folder}: put shared/specs/hsds beside the repository or set HSDS_SPEC_DIR"
    )
    return folder


@pytest.fixture
def hsds_dir() -> Path:
    return spec_dir()


@pytest.fixture
def examples(hsds_dir: Path) -> Path:
    return hsds_dir / "examples"


class Validator:
    """jsonschema Draft 2020-12 with format checking over every HSDS schema file."""

    def __init__(self, folder: Path) -> None:
        self.schemas: dict[str, Any] = {}
        registry: Registry = Registry()
        for path in folder.glob("*.json"):
            contents = json.loads(path.read_text(encoding="utf-8"))
            self.schemas[path.stem] = contents
            registry = registry.with_resource(path.name, Resource.from_contents(contents, DRAFT202012))
        self.registry = registry

    def errors(self, table: str, instance: Any) -> list[str]:
        validator = Draft202012Validator(self.schemas[table], registry=self.registry, format_checker=FormatChecker())
        return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.fixture(scope="session")
def hsds_validator() -> Validator:
    return Validator(spec_dir() / "schema")


def row_counts() -> dict[str, int]:
    models = (Organisation, Service, Place, ContactPerson, OpeningHours, OpeningException, AuditEntry)
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def directory(network: dict[str, Any]) -> dict[str, Any]:
    """The `network` cast plus places with hours, services and contacts, built as editors would."""
    orgs, types, areas = network["orgs"], network["types"], network["areas"]
    cafe = network_services.place_create(
        actor=None,
        data={
            "organisation": orgs["mll"],
            "kind": "family_cafe",
            "name_fi": "Perhekahvila Lepakko",
            "name_sv": "Familjecafé Lepakko",
            "name_en": "Family café Lepakko",
            "description_fi": "Avoin perhekahvila kaikille.",
            "area": areas["leppavaara"],
            "street_address": "Veräjäpellonkatu 15",
            "postal_code": "02650",
            "city": "Espoo",
            "latitude": "60.219300",
            "longitude": "24.813600",
            "accessibility_fi": "Esteetön sisäänkäynti.",
            "accessibility_sv": "Tillgänglig ingång.",
            "phone": "+358 40 123 4567",
            "opening_hours": [
                {"weekday": 0, "opens": dt.time(9), "closes": dt.time(12)},
                {"weekday": 2, "opens": dt.time(9), "closes": dt.time(12)},
                {"weekday": 3, "opens": dt.time(13), "closes": dt.time(16, 30)},
            ],
            "opening_exceptions": [
                {
                    "start_date": dt.date(2025, 12, 24),
                    "end_date": dt.date(2025, 12, 26),
                    "closed": True,
                    "reason_fi": "Joulu",
                    "reason_sv": "Jul",
                },
                {
                    "start_date": dt.date(2025, 6, 2),
                    "end_date": dt.date(2025, 6, 6),
                    "closed": False,
                    "opens": dt.time(10),
                    "closes": dt.time(14),
                },
            ],
        },
    )
    clinic = network_services.place_create(
        actor=None,
        data={
            "organisation": orgs["clinic"],
            "kind": "clinic",
            "name_fi": "Matinkylän neuvola",
            "area": areas["matinkyla"],
            "street_address": "Matinkatu 1",
            "postal_code": "02230",
            "city": "Espoo",
            "opening_hours": [{"weekday": d, "opens": dt.time(8), "closes": dt.time(16)} for d in range(5)],
        },
    )
    cafe_service = network_services.service_create(
        actor=None,
        data={
            "provider": orgs["mll"],
            "name_fi": "Perhekahvila",
            "name_sv": "Familjecafé",
            "name_en": "Family café",
            "description_fi": "Vertaistukea ja kahvia.",
            "service_type": types["family_cafe"],
            "tier": "community",
            "access": "open",
            "cost": "free",
            "website": "https://www.mll.fi/perhekahvila",
            "email": "kahvila@example.fi",
            "life_stages": list(LifeStage.objects.filter(code__in=["age_0_1", "age_1_3"])),
            "target_groups": list(TargetGroup.objects.filter(code="all_families")),
            "languages": list(Language.objects.filter(code__in=["fi", "sv"])),
            "areas": [areas["leppavaara"]],
            "places": [cafe],
        },
    )
    clinic_service = network_services.service_create(
        actor=None,
        data={
            "provider": orgs["clinic"],
            "name_fi": "Lastenneuvola",
            "service_type": types["child_health_clinic"],
            "tier": "basic",
            "access": "appointment",
            "cost": "free",
            "phone": "09 816 31300",
            "life_stages": list(LifeStage.objects.filter(code__in=["age_0_1", "age_1_3", "age_3_6"])),
            "areas": [areas["matinkyla"]],
            "places": [clinic, cafe],
        },
    )
    public = network_services.contact_create(
        actor=None,
        data={
            "organisation": orgs["mll"],
            "full_name": "Maija Meikäläinen",
            "title_fi": "Toiminnanohjaaja",
            "title_en": "Activity coordinator",
            "email": "maija@example.fi",
            "phone": "+358 50 765 4321",
            "public": True,
        },
    )
    private = network_services.contact_create(
        actor=None,
        data={"organisation": orgs["clinic"], "full_name": "Salli Salainen", "public": False},
    )
    network_services.organisation_update(
        actor=None,
        organisation=orgs["city"],
        data={"website": "https://www.espoo.fi", "business_id": "0101263-6", "name_sv": "Esbo stad"},
    )
    return {
        **network,
        "places": {"cafe": cafe, "clinic": clinic},
        "services": {"cafe": cafe_service, "clinic": clinic_service},
        "contacts": {"public": public, "private": private},
    }
