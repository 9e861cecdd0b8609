"""How Perhekeskus data that HSDS has no column for travels in HSDS `attributes`.

HSDS has one `name` and one `description` per object, no service tier, life stage or
opening-hours time zone. Rather than inventing properties (the schemas would allow
them, but a strict reader would not), everything extra is an `attribute` that links a
taxonomy term of one of our taxonomies to the object:

- classifications (service type, tier, access, cost, life stage, target group,
  organisation kind, sector, place kind): the attribute's term *is* the value, e.g. the
  term `family_cafe` of the taxonomy `perhekeskus-service-type`;
- fields (Swedish and English texts, an organisation's slug, a place's area, the time
  zone of opening hours, opening exceptions): a term of the taxonomy
  `perhekeskus-field` names the field (`name.sv`, `timezone`, …) and `value` holds it.

Ids are stable: lookup terms reuse the lookup's own UUID, the rest are UUIDv5 names in
`NAMESPACE`, so exporting twice gives the same file and re-importing updates in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

NAMESPACE = uuid.UUID("5b0e6f1e-54a4-4c52-9d87-2f4bfa1c0e61")

FIELD = "perhekeskus-field"
SERVICE_TYPE = "perhekeskus-service-type"
TIER = "perhekeskus-tier"
ACCESS = "perhekeskus-access"
COST = "perhekeskus-cost"
LIFE_STAGE = "perhekeskus-life-stage"
TARGET_GROUP = "perhekeskus-target-group"
ORGANISATION_KIND = "perhekeskus-organisation-kind"
SECTOR = "perhekeskus-sector"
PLACE_KIND = "perhekeskus-place-kind"

TAXONOMIES: dict[str, str] = {
    FIELD: "Perhekeskus fields HSDS has no column for: Swedish and English texts, slugs, areas, time zone",
    SERVICE_TYPE: "Perhekeskus service types (the family centre services the PERHE report names)",
    TIER: "Service tier (Kuvio 3): community, basic, early support, regional, special",
    ACCESS: "How a family gets the service: open to all, appointment, invitation, referral",
    COST: "Cost of the service: free, fee, income-based fee",
    LIFE_STAGE: "Life stage of the family: expecting, 0-1, 1-3, 3-6, 7-12, 13-17 years",
    TARGET_GROUP: "Target group, e.g. fathers, immigrant families, young parents",
    ORGANISATION_KIND: "Kind of organisation: county, municipality, NGO, parish, ...",
    SECTOR: "Sector of an organisation: health, social, education, third sector, parish",
    PLACE_KIND: "Kind of place, including the meeting places of the PERHE report's table 7",
}

# Field terms: code → description. `<field>.<language>` carries a translation.
FIELDS: dict[str, str] = {
    "name.sv": "Name in Swedish",
    "name.en": "Name in English",
    "description.sv": "Description in Swedish",
    "description.en": "Description in English",
    "accessibility.sv": "Accessibility in Swedish",
    "accessibility.en": "Accessibility in English",
    "cost_note.sv": "Cost note in Swedish",
    "cost_note.en": "Cost note in English",
    "title.sv": "Title in Swedish",
    "title.en": "Title in English",
    "topic_note.sv": "Topic in Swedish",
    "topic_note.en": "Topic in English",
    "reason.sv": "Reason in Swedish",
    "reason.en": "Reason in English",
    "slug": "The organisation's short name in Perhekeskus addresses",
    "area": "Slug of the Perhekeskus area (district) the place is in",
    "timezone": "IANA time zone of opens_at/closes_at: local wall-clock time, with summer time",
    "opening_exception": "A dated exception to the weekly hours: 'closed' or 'open' (other hours)",
}

TIMEZONE = "Europe/Helsinki"


def stable_id(*parts: Any) -> str:
    """A UUIDv5 in our namespace for a derived object (phone, address, attribute, …)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def taxonomy_id(name: str) -> str:
    return stable_id("taxonomy", name)


def taxonomy_object(name: str) -> dict[str, Any]:
    return {"id": taxonomy_id(name), "name": name, "description": TAXONOMIES[name], "version": "1"}


def term_id(taxonomy: str, code: str) -> str:
    return stable_id("term", taxonomy, code)


def term_object(
    taxonomy: str,
    code: str,
    name: str,
    *,
    id: str | None = None,
    description: str = "",
    parent_id: str | None = None,
) -> dict[str, Any]:
    term: dict[str, Any] = {
        "id": id or term_id(taxonomy, code),
        "code": code,
        "name": name,
        "description": description or name,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_id(taxonomy),
    }
    if parent_id:
        term["parent_id"] = parent_id
    return term


def attribute(link_id: str, entity: str, term: dict[str, Any], value: str = "") -> dict[str, Any]:
    attr: dict[str, Any] = {
        "id": stable_id("attribute", link_id, term["id"]),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": term["taxonomy"],
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }
    if value:
        attr["value"] = value
    return attr


def field_attribute(link_id: str, entity: str, code: str, value: str) -> dict[str, Any]:
    return attribute(link_id, entity, term_object(FIELD, code, FIELDS[code]), value)


def translations(obj: Any, link_id: str, entity: str, fields: Iterable[str]) -> list[dict[str, Any]]:
    """Swedish and English texts of `obj` (Finnish is the main HSDS text) as attributes."""
    out = []
    for name in fields:
        for lang in ("sv", "en"):
            text = getattr(obj, f"{name}_{lang}", "") or ""
            if text:
                out.append(field_attribute(link_id, entity, f"{name}.{lang}", text))
    return out


# --- Reading -------------------------------------------------------------------------------


@dataclass
class Attributes:
    """What our vocabulary says about one HSDS object: field values and classifications."""

    fields: dict[str, str] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)

    def term(self, taxonomy: str) -> str | None:
        codes = self.terms.get(taxonomy) or []
        return codes[0] if codes else None


def _known_terms() -> dict[str, tuple[str, str]]:
    """Our generated term ids → (taxonomy, code), for attributes that give only the id."""
    known = {term_id(FIELD, code): (FIELD, code) for code in FIELDS}
    from perhekeskus.network.models import AccessMode, Cost, OrganisationKind, PlaceKind, Sector, Tier

    for taxonomy, choices in (
        (TIER, Tier),
        (ACCESS, AccessMode),
        (COST, Cost),
        (ORGANISATION_KIND, OrganisationKind),
        (SECTOR, Sector),
        (PLACE_KIND, PlaceKind),
    ):
        for value in choices.values:
            known[term_id(taxonomy, str(value))] = (taxonomy, str(value))
    return known


def read_attributes(obj: dict[str, Any], lookup_terms: dict[str, tuple[str, str]] | None = None) -> Attributes:
    """Our vocabulary in `obj["attributes"]`; attributes of other taxonomies are ignored.

    `lookup_terms` maps lookup UUIDs (service types, life stages, target groups) to
    (taxonomy, code) for attributes that carry only a `taxonomy_term_id`.
    """
    result = Attributes()
    known: dict[str, tuple[str, str]] | None = None
    for attr in obj.get("attributes") or []:
        term = attr.get("taxonomy_term") or {}
        taxonomy, code = term.get("taxonomy"), term.get("code")
        if not (taxonomy in TAXONOMIES and code):
            if known is None:
                known = {**_known_terms(), **(lookup_terms or {})}
            taxonomy, code = known.get(str(attr.get("taxonomy_term_id") or term.get("id") or ""), (None, None))
        if taxonomy is None or code is None:
            continue
        if taxonomy == FIELD:
            result.fields[code] = str(attr.get("value") or "")
        else:
            result.terms.setdefault(taxonomy, []).append(code)
    return result
