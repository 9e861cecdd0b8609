"""Read an HSDS file into the records `import_hsds` writes, checking it whole first.

Accepted: one object or a list of objects (a plain JSON array, or an HSDS API page
`{"contents": [...]}`) in the `service_full`/`service_list` or the
`organization_full`/`organization_list` shape. Every object is validated against the
HSDS schema with format checking before anything is written; the first error is
reported with its path, e.g. `contents[0].phones[0].id: 'x' is not a 'uuid'`.

Nested copies of the same object (a location inside an organisation and again inside a
service's `service_at_locations`) are merged by id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perhekeskus.interop.hsds import schema


class HsdsError(Exception):
    """The file cannot be imported; the message is one line naming where and why."""


@dataclass
class Record:
    path: str
    data: dict[str, Any]
    owner: str | None = None  # organisation UUID the object belongs to, when known
    schedules: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Bundle:
    organisations: dict[str, Record] = field(default_factory=dict)
    locations: dict[str, Record] = field(default_factory=dict)
    services: dict[str, Record] = field(default_factory=dict)
    contacts: dict[str, Record] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# Keys that mark an object as something other than a service or an organisation.
OTHER_SHAPES = {
    "location_type": "a location",
    "taxonomy_detail": "a taxonomy term",
    "term_uri": "a taxonomy term",
    "parent_id": "a taxonomy term",
    "code": "a taxonomy term",
    "version": "a taxonomy or an API description",
    "openapi_url": "an API description",
    "location": "a service_at_location",
    "location_id": "a service_at_location",
    "service_id": "a service_at_location",
}


def load_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HsdsError("no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HsdsError(f"cannot read the file ({exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise HsdsError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def items_of(data: Any) -> list[tuple[str, Any]]:
    """(path, object) pairs of a single object, a JSON array or an API page."""
    if isinstance(data, list):
        return [(f"[{i}]", item) for i, item in enumerate(data)]
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return [(f"contents[{i}]", item) for i, item in enumerate(data["contents"])]
    if isinstance(data, dict) and "id" in data:
        return [("", data)]
    raise HsdsError(
        "(top level): expected a service or organization object, a list of them or an HSDS page with 'contents'"
    )


def shape_of(path: str, item: Any) -> str:
    """'service' or 'organization', or an error saying what the object looks like."""
    where = path or "(top level)"
    if not isinstance(item, dict):
        raise HsdsError(f"{where}: expected an object, got {type(item).__name__}")
    if "status" in item:
        return "service"
    for key, looks_like in OTHER_SHAPES.items():
        if key in item:
            raise HsdsError(
                f"{where}: looks like {looks_like} ('{key}'); import_hsds reads services or organizations"
                " (the service_full or organization_full shape)"
            )
    if "description" in item or "services" in item or "locations" in item:
        return "organization"
    raise HsdsError(
        f"{where}: not a service (needs 'status') or an organization (needs 'description');"
        " import_hsds reads the service_full or organization_full shape"
    )


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _validate(table: str, item: Any, path: str) -> None:
    error = schema.first_error(table, item, path)
    if error:
        raise HsdsError(error)


class _Collector:
    def __init__(self) -> None:
        self.bundle = Bundle()

    def _merge(self, bucket: dict[str, Record], path: str, data: dict[str, Any], owner: str | None) -> Record:
        key = str(data["id"]).lower()
        record = bucket.get(key)
        if record is None:
            record = bucket[key] = Record(path=path, data=data, owner=owner)
        elif record.owner is None:
            record.owner = owner
        return record

    def organisation(self, path: str, data: dict[str, Any]) -> str:
        oid = str(data["id"]).lower()
        existing = self.bundle.organisations.get(oid)
        # The fuller copy wins: an organization_full object over a service's nested stub.
        if existing is None or len(data) > len(existing.data):
            self.bundle.organisations[oid] = Record(path=path, data=data)
        for i, loc in enumerate(data.get("locations") or []):
            self.location(_join(path, f"locations[{i}]"), loc, oid)
        for i, contact in enumerate(data.get("contacts") or []):
            self.contact(_join(path, f"contacts[{i}]"), contact, oid)
        for i, service in enumerate(data.get("services") or []):
            self.service(_join(path, f"services[{i}]"), service, oid)
        return oid

    def location(self, path: str, data: dict[str, Any], owner: str | None) -> None:
        owner = str(data.get("organization_id") or owner or "").lower() or None
        record = self._merge(self.bundle.locations, path, data, owner)
        seen = {str(s.get("id")) for _, s in record.schedules}
        for i, item in enumerate(data.get("schedules") or []):
            if str(item.get("id")) not in seen:
                record.schedules.append((_join(path, f"schedules[{i}]"), item))
                seen.add(str(item.get("id")))
        for i, contact in enumerate(data.get("contacts") or []):
            self.contact(_join(path, f"contacts[{i}]"), contact, owner)

    def contact(self, path: str, data: dict[str, Any], owner: str | None) -> None:
        owner = str(data.get("organization_id") or owner or "").lower() or None
        self._merge(self.bundle.contacts, path, data, owner)

    def service(self, path: str, data: dict[str, Any], owner: str | None) -> None:
        nested = data.get("organization")
        if isinstance(nested, dict):
            owner = self.organisation(_join(path, "organization"), nested)
        owner = str(data.get("organization_id") or owner or "").lower() or None
        self._merge(self.bundle.services, path, data, owner)
        for i, contact in enumerate(data.get("contacts") or []):
            self.contact(_join(path, f"contacts[{i}]"), contact, owner)
        if data.get("schedules"):
            self.bundle.warnings.append(
                f"{_join(path, 'schedules')}: a service's own schedules are not kept (opening hours belong to places)"
            )
        for i, sal in enumerate(data.get("service_at_locations") or []):
            sal_path = _join(path, f"service_at_locations[{i}]")
            if isinstance(sal.get("location"), dict):
                self.location(_join(sal_path, "location"), sal["location"], owner)
            for j, contact in enumerate(sal.get("contacts") or []):
                self.contact(_join(sal_path, f"contacts[{j}]"), contact, owner)
            if sal.get("schedules"):
                self.bundle.warnings.append(
                    f"{_join(sal_path, 'schedules')}: a service's schedules at a location are not kept"
                    " (opening hours belong to places)"
                )


def read_bundle(path: Path) -> Bundle:
    """Load, shape-check and schema-validate the whole file, then collect its records."""
    items = items_of(load_json(path))
    if not items:
        raise HsdsError("(top level): the file lists no services or organizations")
    shaped = []
    for item_path, item in items:
        shape = shape_of(item_path, item)
        _validate(shape, item, item_path)
        if shape == "organization":
            services = item.get("services", [])
            if not isinstance(services, list):
                raise HsdsError(f"{_join(item_path, 'services')}: expected a list of services")
            for i, service in enumerate(services):
                _validate("service", service, _join(item_path, f"services[{i}]"))
        shaped.append((item_path, shape, item))
    collector = _Collector()
    for item_path, shape, item in shaped:
        if shape == "organization":
            collector.organisation(item_path, item)
        else:
            collector.service(item_path, item, None)
    return collector.bundle
