"""Write an HSDS file into the service network through the network's service functions.

The whole file is read and checked first (`reader.read_bundle`), then every write runs in
one transaction with `actor=None` and `source="import_hsds"`: one bad record undoes the
lot. The source's UUIDs become our public `uuid`s, so importing the same file again
updates the same rows instead of adding new ones.

Mapping (see docs/hsds.md): organisation → Organisation (publisher = `--publisher`),
location with an address → Place with its weekly hours, service → Service,
contact → ContactPerson of the owning organisation. What HSDS lacks falls back to
defaults: service type `family_work`, tier `basic`, access `open`, place kind `other`,
organisation kind `ngo`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from perhekeskus.interop.hsds import hours, values
from perhekeskus.interop.hsds import vocabulary as voc
from perhekeskus.interop.hsds.reader import Bundle, HsdsError, Record, read_bundle
from perhekeskus.network import services as network
from perhekeskus.network.models import (
    AccessMode,
    Area,
    ContactPerson,
    Cost,
    Language,
    LifeStage,
    Organisation,
    OrganisationKind,
    Place,
    PlaceKind,
    Sector,
    Service,
    ServiceType,
    TargetGroup,
    Tier,
)

SOURCE = "import_hsds"
DEFAULT_SERVICE_TYPE = "family_work"  # the broadest top-level group of family services
# Three-letter (ISO 639-2/3) codes of our languages, for sources that use them.
LANGUAGE_ALIASES = {"fin": "fi", "swe": "sv", "eng": "en", "rus": "ru", "est": "et", "ara": "ar", "som": "so"}
# Our field → the HSDS property a validation error on it is reported under.
HSDS_NAMES = {
    "name_fi": "name",
    "description_fi": "description",
    "website": "url",
    "street_address": "addresses[0].address_1",
    "postal_code": "addresses[0].postal_code",
    "city": "addresses[0].city",
    "full_name": "name",
    "title_fi": "title",
    "topic_note_fi": "department",
    "cost_note_fi": "fees_description",
}


# Our field → the HSDS list it comes from. The list shapes (`service_list`,
# `organization_list`) leave these lists out; an update then keeps what we have.
LIST_SOURCES = {
    "phone": "phones",
    "accessibility_fi": "accessibility",
    "languages": "languages",
    "areas": "service_areas",
    "places": "service_at_locations",
    "opening_hours": "schedules",
    "opening_exceptions": "schedules",
}


def only_given(fields: dict[str, Any], data: dict[str, Any], existing: Any) -> dict[str, Any]:
    """On update, drop fields whose HSDS source is absent from the object (not empty: absent)."""
    if existing is None:
        return fields
    for key in list(fields):
        source = LIST_SOURCES.get(key) or ("attributes" if key.endswith(("_sv", "_en")) else None)
        if source and source not in data:
            del fields[key]
    return fields


@dataclass
class Summary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        kinds = ("organisations", "places", "services", "contacts")
        return "; ".join(f"{k}: {self.created[k]} created, {self.updated[k]} updated" for k in kinds)


class _Importer:
    def __init__(self, bundle: Bundle, publisher: Organisation) -> None:
        self.bundle = bundle
        self.publisher = publisher
        self.summary = Summary(warnings=list(bundle.warnings))
        self.orgs: dict[str, Organisation] = {}
        self.places: dict[str, Place] = {}
        self.lookup_terms: dict[str, tuple[str, str]] = {}
        for model, taxonomy in ((ServiceType, voc.SERVICE_TYPE), (LifeStage, voc.LIFE_STAGE)):
            for uid, code in model.objects.values_list("uuid", "code"):
                self.lookup_terms[str(uid)] = (taxonomy, code)
        for uid, code in TargetGroup.objects.values_list("uuid", "code"):
            self.lookup_terms[str(uid)] = (voc.TARGET_GROUP, code)

    # --- helpers ---

    def warn(self, message: str) -> None:
        self.summary.warnings.append(message)

    def attrs(self, data: dict[str, Any]) -> voc.Attributes:
        return voc.read_attributes(data, self.lookup_terms)

    def choice(self, attrs: voc.Attributes, taxonomy: str, choices: Any, path: str) -> str | None:
        code = attrs.term(taxonomy)
        if code is None:
            return None
        if code not in choices.values:
            raise HsdsError(f"{values.at(path, 'attributes')}: unknown {taxonomy} term {code!r}")
        return str(code)

    def translated(self, data: dict[str, Any], attrs: voc.Attributes, name: str, hsds_key: str) -> dict[str, str]:
        return {
            f"{name}_fi": values.text(data.get(hsds_key)),
            f"{name}_sv": attrs.fields.get(f"{name}.sv", ""),
            f"{name}_en": attrs.fields.get(f"{name}.en", ""),
        }

    def write(self, record: Record, kind: str, create: Any, update: Any, existing: Any, data: dict[str, Any]) -> Any:
        """Create or update through the service functions; errors name the record's path."""
        given = {**record.data, **({"schedules": []} if record.schedules else {})}
        data = only_given(data, given, existing)
        try:
            if existing is None:
                obj = create(actor=None, data=data, source=SOURCE)
                self.summary.created[kind] += 1
            else:
                obj = update(existing, data)
                self.summary.updated[kind] += 1
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                name, messages = next(iter(exc.message_dict.items()))
                where = values.at(record.path, HSDS_NAMES.get(name, name))
                raise HsdsError(f"{where}: {' '.join(messages)}") from None
            raise HsdsError(f"{values.where(record.path)}: {' '.join(exc.messages)}") from None
        return obj

    # --- organisations ---

    def organisation_order(self) -> list[str]:
        """Parents before their units, so `parent` can be set in the same write."""
        pending = dict(self.bundle.organisations)
        order: list[str] = []
        while pending:
            ready = [
                oid
                for oid, rec in pending.items()
                if str(rec.data.get("parent_organization_id", "")).lower() not in pending
            ]
            ready = ready or list(pending)[:1]  # a loop of parents: break it anywhere
            for oid in ready:
                order.append(oid)
                del pending[oid]
        return order

    def slug_for(self, name: str, oid: str, attrs: voc.Attributes) -> str:
        base = attrs.fields.get("slug") or slugify(name)[:60] or "organisation"
        if not Organisation.objects.filter(slug=base).exists():
            return base
        return f"{base[:60]}-{oid[:8]}"

    def organisation(self, oid: str) -> None:
        record = self.bundle.organisations[oid]
        data, path = record.data, record.path
        attrs = self.attrs(data)
        existing = Organisation.objects.filter(uuid=oid).first()
        fields: dict[str, Any] = {
            **self.translated(data, attrs, "name", "name"),
            **self.translated(data, attrs, "description", "description"),
            "website": values.url(data.get("website"), values.at(path, "website"), self.summary.warnings),
            "email": values.email(data.get("email"), values.at(path, "email"), self.summary.warnings),
            "phone": values.phone(data, path, self.summary.warnings),
        }
        for ident in data.get("organization_identifiers") or []:
            if str(ident.get("identifier_type", "")).lower() in ("y-tunnus", "business id", "fi-pro"):
                fields["business_id"] = values.text(ident.get("identifier"), 20)
        parent_id = str(data.get("parent_organization_id") or "").lower()
        if parent_id:
            parent = self.orgs.get(parent_id) or Organisation.objects.filter(uuid=parent_id).first()
            if parent is None:
                self.warn(
                    f"{values.at(path, 'parent_organization_id')}: organisation {parent_id} is not known; no parent set"
                )
            elif parent_id != oid:
                fields["parent"] = parent
        kind = self.choice(attrs, voc.ORGANISATION_KIND, OrganisationKind, path)
        sector = self.choice(attrs, voc.SECTOR, Sector, path)
        if kind or existing is None:
            fields["kind"] = kind or OrganisationKind.NGO
        if sector is not None:
            fields["sector"] = sector
        # The publisher's editors keep imported records; an organisation never publishes itself.
        if existing is None or existing.pk != self.publisher.pk:
            fields["publisher"] = self.publisher
        if existing is None:
            fields["uuid"] = oid
            fields["slug"] = self.slug_for(fields["name_fi"], oid, attrs)
        self.orgs[oid] = self.write(
            record,
            "organisations",
            network.organisation_create,
            lambda obj, d: network.organisation_update(actor=None, organisation=obj, data=d, source=SOURCE),
            existing,
            fields,
        )

    def owner(self, record: Record, what: str) -> Organisation:
        oid = record.owner or ""
        org = self.orgs.get(oid) or (Organisation.objects.filter(uuid=oid).first() if oid else None)
        if org is None:
            raise HsdsError(
                f"{values.where(record.path)}: the {what}'s organization {oid or '(none given)'} is not in the file"
            )
        return org

    # --- places ---

    def place(self, pid: str) -> None:
        record = self.bundle.locations[pid]
        data, path = record.data, record.path
        addresses = data.get("addresses") or []
        address = next((a for a in addresses if a.get("address_type") == "physical"), None) or next(
            (a for a in addresses if a.get("address_type") == "postal"), None
        )
        if address is None:
            self.warn(f"{values.where(path)}: no physical or postal address; the location is not kept as a place")
            return
        attrs = self.attrs(data)
        existing = Place.objects.filter(uuid=pid).first()
        street = ", ".join(
            p for p in (values.text(address.get("address_1")), values.text(address.get("address_2"))) if p
        )
        fields: dict[str, Any] = {
            "organisation": self.owner(record, "location"),
            **self.translated(data, attrs, "name", "name"),
            **self.translated(data, attrs, "description", "description"),
            "street_address": street,
            "postal_code": values.text(address.get("postal_code")),
            "city": values.text(address.get("city")),
            "phone": values.phone(data, path, self.summary.warnings),
            "accessibility_fi": "\n\n".join(
                values.text(a.get(k))
                for a in data.get("accessibility") or []
                for k in ("description", "details")
                if a.get(k)
            ),
            "accessibility_sv": attrs.fields.get("accessibility.sv", ""),
            "accessibility_en": attrs.fields.get("accessibility.en", ""),
        }
        fields["name_fi"] = fields["name_fi"] or street
        fields.update(values.coordinates(data, path, self.summary.warnings))
        kind = self.choice(attrs, voc.PLACE_KIND, PlaceKind, path)
        if kind or existing is None:
            fields["kind"] = kind or PlaceKind.OTHER
        area_slug = attrs.fields.get("area")
        area = Area.objects.filter(slug=area_slug).first() if area_slug else None
        area = (
            area or Area.objects.filter(Q(name_fi__iexact=fields["city"]) | Q(name_sv__iexact=fields["city"])).first()
        )
        if area is not None:
            fields["area"] = area
        try:
            weekly, exceptions = hours.read_schedules(record.schedules, self.summary.warnings)
        except hours.ScheduleError as exc:
            raise HsdsError(str(exc)) from None
        fields["opening_hours"], fields["opening_exceptions"] = weekly, exceptions
        if existing is None:
            fields["uuid"] = pid
        self.places[pid] = self.write(
            record,
            "places",
            network.place_create,
            lambda obj, d: network.place_update(actor=None, place=obj, data=d, source=SOURCE),
            existing,
            fields,
        )

    # --- services ---

    def life_stages(self, data: dict[str, Any], attrs: voc.Attributes) -> list[LifeStage] | None:
        codes = attrs.terms.get(voc.LIFE_STAGE)
        if codes:
            return list(LifeStage.objects.filter(code__in=codes))
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is None and high is None:
            return None
        low_m, high_m = (low or 0) * 12, (high * 12 if high is not None else 10_000)
        return [
            s
            for s in LifeStage.objects.all()
            if (s.max_age_months is None or s.max_age_months > low_m)
            and (s.min_age_months is None or s.min_age_months < high_m)
            and s.min_age_months is not None
        ]

    def service(self, sid: str) -> None:
        record = self.bundle.services[sid]
        data, path = record.data, record.path
        attrs = self.attrs(data)
        existing = Service.objects.filter(uuid=sid).first()
        fields: dict[str, Any] = {
            "provider": self.owner(record, "service"),
            "status": "active" if data.get("status") == "active" else "inactive",
            **self.translated(data, attrs, "name", "name"),
            **self.translated(data, attrs, "description", "description"),
            "website": values.url(data.get("url"), values.at(path, "url"), self.summary.warnings),
            "email": values.email(data.get("email"), values.at(path, "email"), self.summary.warnings),
            "phone": values.phone(data, path, self.summary.warnings),
            "cost_note_fi": values.text(data.get("fees_description"), 300),
            "cost_note_sv": values.text(attrs.fields.get("cost_note.sv"), 300),
            "cost_note_en": values.text(attrs.fields.get("cost_note.en"), 300),
        }
        type_code = attrs.term(voc.SERVICE_TYPE)
        if type_code or existing is None:
            service_type = ServiceType.objects.filter(code=type_code or DEFAULT_SERVICE_TYPE).first()
            if service_type is None:
                raise HsdsError(f"{values.at(path, 'attributes')}: unknown service type {type_code!r}")
            fields["service_type"] = service_type
        for key, taxonomy, choices, default in (
            ("tier", voc.TIER, Tier, Tier.BASIC),
            ("access", voc.ACCESS, AccessMode, AccessMode.OPEN),
            ("cost", voc.COST, Cost, None),
        ):
            value = self.choice(attrs, taxonomy, choices, path)
            if value or existing is None:
                fields[key] = value or default
        if fields.get("cost") is None and "cost" in fields:
            paid = any((o.get("amount") or 0) > 0 for o in data.get("cost_options") or [])
            fields["cost"] = Cost.FEE if paid else Cost.FREE
        stages = self.life_stages(data, attrs)
        if stages is not None:
            fields["life_stages"] = stages
        if voc.TARGET_GROUP in attrs.terms:
            fields["target_groups"] = list(TargetGroup.objects.filter(code__in=attrs.terms[voc.TARGET_GROUP]))
        fields["languages"] = self.languages(data, path)
        fields["areas"] = self.areas(data, path)
        fields["places"] = self.service_places(data, path)
        if existing is None:
            fields["uuid"] = sid
        self.write(
            record,
            "services",
            network.service_create,
            lambda obj, d: network.service_update(actor=None, service=obj, data=d, source=SOURCE),
            existing,
            fields,
        )

    def languages(self, data: dict[str, Any], path: str) -> list[Language]:
        found: list[Language] = []
        for i, item in enumerate(data.get("languages") or []):
            code = values.text(item.get("code")).lower()
            code = LANGUAGE_ALIASES.get(code, code)
            language = Language.objects.filter(code=code).first() if code else None
            if language is None:
                self.warn(
                    f"{values.at(path, f'languages[{i}]')}: language {code or item.get('name')!r} is not in our list; left out"
                )
            elif language not in found:
                found.append(language)
        return found

    def areas(self, data: dict[str, Any], path: str) -> list[Area]:
        found: list[Area] = []
        for i, item in enumerate(data.get("service_areas") or []):
            name = values.text(item.get("name"))
            area = Area.objects.filter(
                Q(name_fi__iexact=name) | Q(name_sv__iexact=name) | Q(name_en__iexact=name)
            ).first()
            if area is None:
                self.warn(
                    f"{values.at(path, f'service_areas[{i}]')}: no area named {values.text(name, 60)!r}; left out"
                )
            elif area not in found:
                found.append(area)
        return found

    def service_places(self, data: dict[str, Any], path: str) -> list[Place]:
        found: list[Place] = []
        for i, sal in enumerate(data.get("service_at_locations") or []):
            pid = str(sal.get("location_id") or (sal.get("location") or {}).get("id") or "").lower()
            place = self.places.get(pid) or (Place.objects.filter(uuid=pid).first() if pid else None)
            if place is None:
                if pid not in self.bundle.locations:
                    raise HsdsError(
                        f"{values.at(path, f'service_at_locations[{i}]')}: location {pid or '(none)'} is not known"
                    )
                continue  # a location without an address: already warned about
            if place not in found:
                found.append(place)
        return found

    # --- contacts ---

    def contact(self, cid: str) -> None:
        record = self.bundle.contacts[cid]
        data, path = record.data, record.path
        name = values.text(data.get("name"))
        if not name:
            self.warn(f"{values.where(path)}: a contact without a name is not kept")
            return
        attrs = self.attrs(data)
        existing = ContactPerson.objects.filter(uuid=cid).first()
        fields: dict[str, Any] = {
            "organisation": self.owner(record, "contact"),
            "full_name": values.text(name, 150),
            "title_fi": values.text(data.get("title"), 150),
            "title_sv": values.text(attrs.fields.get("title.sv"), 150),
            "title_en": values.text(attrs.fields.get("title.en"), 150),
            "topic_note_fi": values.text(data.get("department"), 200),
            "topic_note_sv": values.text(attrs.fields.get("topic_note.sv"), 200),
            "topic_note_en": values.text(attrs.fields.get("topic_note.en"), 200),
            "email": values.email(data.get("email"), values.at(path, "email"), self.summary.warnings),
            "phone": values.phone(data, path, self.summary.warnings),
        }
        if existing is None:
            # Personal data: shown publicly only after an editor confirms the person agreed.
            fields.update(uuid=cid, public=False)
        self.write(
            record,
            "contacts",
            network.contact_create,
            lambda obj, d: network.contact_update(actor=None, contact=obj, data=d, source=SOURCE),
            existing,
            fields,
        )

    def run(self) -> Summary:
        for oid in self.organisation_order():
            self.organisation(oid)
        for pid in self.bundle.locations:
            self.place(pid)
        for sid in self.bundle.services:
            self.service(sid)
        for cid in self.bundle.contacts:
            self.contact(cid)
        return self.summary


def import_file(path: Path, *, publisher_slug: str) -> Summary:
    """Import one HSDS file whole, or raise `HsdsError` and change nothing."""
    publisher = Organisation.objects.filter(slug=publisher_slug).first()
    if publisher is None:
        raise HsdsError(f"--publisher: no organisation with the slug {publisher_slug!r} (create it first)")
    bundle = read_bundle(path)
    with transaction.atomic():
        return _Importer(bundle, publisher).run()
