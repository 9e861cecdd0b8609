"""Export the service network as Open Referral HSDS 3.0 JSON.

`export_directory(DIR)` writes one JSON array per HSDS table (`organizations.json`,
`services.json`, `locations.json`, …) and `organizations_full.json`, the same data as a
list of nested `organization_full` objects that `import_hsds` reads back.

The nested objects are built first; the tables are cut from them, so both always say the
same. Ids are our public UUIDs; objects we have no row for (a phone number, an address,
an attribute) get stable UUIDv5 ids derived from their owner's UUID.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import Prefetch
from django.utils import translation

from perhekeskus.interop.hsds import hours
from perhekeskus.interop.hsds import vocabulary as voc
from perhekeskus.network.models import (
    AccessMode,
    Area,
    AreaKind,
    ContactPerson,
    Cost,
    Organisation,
    OrganisationKind,
    Place,
    PlaceKind,
    Sector,
    Service,
    ServiceStatus,
    Tier,
)

# Nested list key → table it is cut into; the two nested objects likewise.
LIST_TABLES = {
    "services": "services",
    "locations": "locations",
    "addresses": "addresses",
    "accessibility": "accessibility",
    "service_at_locations": "service_at_locations",
    "schedules": "schedules",
    "phones": "phones",
    "contacts": "contacts",
    "languages": "languages",
    "service_areas": "service_areas",
    "attributes": "attributes",
    "organization_identifiers": "organization_identifiers",
}
OBJECT_TABLES = {"taxonomy_term": "taxonomy_terms", "taxonomy_detail": "taxonomies"}

# Table file → the HSDS schema each of its rows follows.
TABLE_SCHEMAS = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "addresses": "address",
    "accessibility": "accessibility",
    "service_at_locations": "service_at_location",
    "schedules": "schedule",
    "phones": "phone",
    "contacts": "contact",
    "languages": "language",
    "service_areas": "service_area",
    "attributes": "attribute",
    "organization_identifiers": "organization_identifier",
    "taxonomy_terms": "taxonomy_term",
    "taxonomies": "taxonomy",
}
FULL_FILE = "organizations_full.json"


def _clean(data: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    """Leave out empty values: HSDS has no nulls, and '' is not a valid email or URI.
    `keep` names required properties that stay even when empty."""
    kept = set(keep)
    return {k: v for k, v in data.items() if k in kept or v not in ("", None, [])}


def _phone(number: str, owner_key: str, owner_id: str, *extra: Any) -> list[dict[str, Any]]:
    if not number:
        return []
    return [{"id": voc.stable_id("phone", owner_id, *extra), owner_key: owner_id, "number": number, "type": "voice"}]


def _choice_attr(link_id: str, entity: str, taxonomy: str, choices: Any, value: str) -> list[dict[str, Any]]:
    if not value:
        return []
    label = str(choices(value).label)
    return [voc.attribute(link_id, entity, voc.term_object(taxonomy, value, label))]


def _lookup_attr(link_id: str, entity: str, taxonomy: str, lookup: Any) -> dict[str, Any]:
    parent = getattr(lookup, "parent", None)
    term = voc.term_object(
        taxonomy,
        lookup.code,
        lookup.name_fi,
        id=str(lookup.uuid),
        description=getattr(lookup, "description_fi", "") or lookup.name_en or lookup.name_fi,
        parent_id=str(parent.uuid) if parent is not None else None,
    )
    return voc.attribute(link_id, entity, term)


def _county_name(area: Area | None) -> str:
    for node in area.ancestors_and_self() if area else []:
        if node.kind == AreaKind.COUNTY:
            return node.name_fi
    return ""


# --- Nested objects --------------------------------------------------------------------------


def contact_object(contact: ContactPerson) -> dict[str, Any]:
    cid = str(contact.uuid)
    return _clean(
        {
            "id": cid,
            "organization_id": str(contact.organisation.uuid),
            "name": contact.full_name,
            "title": contact.title_fi,
            "department": contact.topic_note_fi or (contact.topic.name_fi if contact.topic else ""),
            "email": contact.email,
            "phones": _phone(contact.phone, "contact_id", cid),
            "attributes": voc.translations(contact, cid, "contact", ["title", "topic_note"]),
        }
    )


def location_object(place: Place, offset: int) -> dict[str, Any]:
    pid = str(place.uuid)
    county = _county_name(place.area) or _county_name(place.organisation.area)
    address = {
        "id": voc.stable_id("address", pid),
        "location_id": pid,
        "address_1": place.street_address,
        "city": place.city,
        # HSDS requires a state/province: the region (wellbeing services county) when known.
        "state_province": county or place.city,
        "postal_code": place.postal_code,
        "country": "FI",
        "address_type": "physical",
    }
    accessibility = []
    if place.accessibility_fi:
        accessibility.append(
            {"id": voc.stable_id("accessibility", pid), "location_id": pid, "description": place.accessibility_fi}
        )
    attributes = _choice_attr(pid, "location", voc.PLACE_KIND, PlaceKind, place.kind)
    if place.area is not None:
        attributes.append(voc.field_attribute(pid, "location", "area", place.area.slug))
    attributes += voc.translations(place, pid, "location", ["name", "description", "accessibility"])
    return _clean(
        {
            "id": pid,
            "location_type": "physical",
            "organization_id": str(place.organisation.uuid),
            "name": place.name_fi,
            "description": place.description_fi,
            "latitude": float(place.latitude) if place.latitude is not None else None,
            "longitude": float(place.longitude) if place.longitude is not None else None,
            "addresses": [address],
            "accessibility": accessibility,
            "phones": _phone(place.phone, "location_id", pid),
            "schedules": hours.place_schedules(place, offset),
            "attributes": attributes,
        }
    )


def _ages(service: Service) -> tuple[int | None, int | None]:
    stages = list(service.life_stages.all())
    if not stages:
        return None, None
    lows = [s.min_age_months or 0 for s in stages]
    highs = [s.max_age_months for s in stages if s.max_age_months is not None]
    return min(lows) // 12, (max(highs) // 12 if highs else None)


def service_object(service: Service) -> dict[str, Any]:
    sid = str(service.uuid)
    attributes = [_lookup_attr(sid, "service", voc.SERVICE_TYPE, service.service_type)]
    attributes += _choice_attr(sid, "service", voc.TIER, Tier, service.tier)
    attributes += _choice_attr(sid, "service", voc.ACCESS, AccessMode, service.access)
    attributes += _choice_attr(sid, "service", voc.COST, Cost, service.cost)
    attributes += [_lookup_attr(sid, "service", voc.LIFE_STAGE, s) for s in service.life_stages.all()]
    attributes += [_lookup_attr(sid, "service", voc.TARGET_GROUP, g) for g in service.target_groups.all()]
    attributes += voc.translations(service, sid, "service", ["name", "description", "cost_note"])
    minimum_age, maximum_age = _ages(service)
    return _clean(
        {
            "id": sid,
            "organization_id": str(service.provider.uuid),
            "name": service.name_fi,
            "description": service.description_fi,
            "url": service.website,
            "email": service.email,
            "status": "active" if service.status == ServiceStatus.ACTIVE else "inactive",
            "fees_description": service.cost_note_fi,
            "minimum_age": minimum_age,
            "maximum_age": maximum_age,
            "assured_date": service.last_checked_at.date().isoformat() if service.last_checked_at else None,
            "last_modified": service.updated_at.isoformat(),
            "phones": _phone(service.phone, "service_id", sid),
            "service_areas": [
                _clean({"id": voc.stable_id("service_area", sid, a.uuid), "service_id": sid, "name": a.name_fi})
                for a in service.areas.all()
            ],
            "service_at_locations": [
                {"id": voc.stable_id("service_at_location", sid, p.uuid), "service_id": sid, "location_id": str(p.uuid)}
                for p in service.places.all()
            ],
            "languages": [
                _clean(
                    {
                        "id": voc.stable_id("language", sid, lang.code),
                        "service_id": sid,
                        "name": lang.name_en or lang.name_fi,
                        "code": lang.code,
                    }
                )
                for lang in service.languages.all()
            ],
            "attributes": attributes,
        }
    )


def organisation_object(org: Organisation, offset: int) -> dict[str, Any]:
    oid = str(org.uuid)
    attributes = _choice_attr(oid, "organization", voc.ORGANISATION_KIND, OrganisationKind, org.kind)
    attributes += _choice_attr(oid, "organization", voc.SECTOR, Sector, org.sector)
    attributes.append(voc.field_attribute(oid, "organization", "slug", org.slug))
    attributes += voc.translations(org, oid, "organization", ["name", "description"])
    identifiers = []
    if org.business_id:
        identifiers.append(
            {
                "id": voc.stable_id("business_id", oid),
                "organization_id": oid,
                "identifier_scheme": "FI-PRO",
                "identifier_type": "Y-tunnus",
                "identifier": org.business_id,
            }
        )
    return _clean(
        {
            "id": oid,
            "name": org.name_fi,
            "description": org.description_fi,  # required by HSDS: kept even when empty
            "email": org.email,
            "website": org.website,
            "parent_organization_id": str(org.parent.uuid) if org.parent else None,
            "phones": _phone(org.phone, "organization_id", oid),
            "contacts": [contact_object(c) for c in org.contacts.all() if c.public],
            "locations": [location_object(p, offset) for p in org.places.all()],
            "organization_identifiers": identifiers,
            "attributes": attributes,
            "services": [service_object(s) for s in org.services.all()],
        },
        keep=["description"],
    )


def organisations_full(now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Every organisation as a nested `organization_full` object, services included."""
    offset = hours.helsinki_offset(now)
    services = Service.objects.select_related("service_type__parent", "provider").prefetch_related(
        "life_stages", "target_groups", "languages", "areas", "places"
    )
    places = Place.objects.select_related("organisation__area__parent__parent", "area__parent__parent")
    orgs = Organisation.objects.select_related("parent").prefetch_related(
        Prefetch("services", queryset=services),
        Prefetch("places", queryset=places.prefetch_related("opening_hours", "opening_exceptions")),
        Prefetch("contacts", queryset=ContactPerson.objects.select_related("topic", "organisation")),
    )
    # Choice labels go out in English, the common language of HSDS readers.
    with translation.override("en"):
        return [organisation_object(org, offset) for org in orgs.order_by("name_fi", "id")]


# --- Tables ---------------------------------------------------------------------------------


def _flatten(obj: dict[str, Any], tables: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in obj.items():
        if key in LIST_TABLES and isinstance(value, list):
            for child in value:
                _add(LIST_TABLES[key], child, tables)
        elif key in OBJECT_TABLES and isinstance(value, dict):
            _add(OBJECT_TABLES[key], value, tables)
        else:
            row[key] = value
    return row


def _add(table: str, obj: dict[str, Any], tables: dict[str, dict[str, dict[str, Any]]]) -> None:
    row = _flatten(obj, tables)
    tables.setdefault(table, {}).setdefault(row["id"], row)


def tables_from(full: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Cut nested organisations into HSDS tables (rows deduplicated by id)."""
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TABLE_SCHEMAS}
    for org in full:
        _add("organizations", org, tables)
    # Terms name their taxonomy by id; the taxonomies themselves are listed once.
    for name in voc.TAXONOMIES:
        _add("taxonomies", voc.taxonomy_object(name), tables)
    return {name: list(rows.values()) for name, rows in tables.items()}


def export_directory(target: Path, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Write the HSDS files into `target` (created if missing); returns rows per file."""
    full = organisations_full(now)
    target.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    files: dict[str, list[dict[str, Any]]] = {**{f"{k}.json": v for k, v in tables_from(full).items()}}
    files[FULL_FILE] = full
    for name, rows in files.items():
        (target / name).write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        counts[name] = len(rows)
    return counts
