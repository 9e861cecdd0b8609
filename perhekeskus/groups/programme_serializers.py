"""One shape for a programme template, shared by the shipped files, the export and the API.

```json
{"slug": "perhevalmennus-espoo", "kind": "family_training",
 "name": {"fi": "Perhevalmennus", "sv": "…", "en": "…"}, "description": {…},
 "organisation": null, "participation": "open", "capacity": 12, "capacity_unit": "couples",
 "waiting_list_capacity": 4, "minimum": 6, "session_minutes": 120,
 "age_min_months": null, "age_max_months": null, "active": true,
 "sessions": [{"number": 1, "code": "E1", "phase": "before_birth", "offset_days": 0,
               "minutes": null, "topic": {"fi": "…"}, "led_by": {"fi": ""}}]}
```

`PROGRAMME_SCHEMA` (JSON Schema) checks the shape; the programme services check the rest
(a unique slug, the minimum within the places, session numbers once each, days rising
from 0). Errors come back per field, named as in this shape: `sessions[2].topic`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perhekeskus.activities.models import Participation
from perhekeskus.core.translation import CONTENT_LANGUAGES
from perhekeskus.groups import programmes
from perhekeskus.groups.models import CapacityUnit, Programme, ProgrammeKind
from perhekeskus.groups.models.programmes import SessionPhase
from perhekeskus.network.models import Organisation


def _translated(required: bool, max_length: int | None = None) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string"}
    if max_length:
        text["maxLength"] = max_length
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {lang: dict(text) for lang in CONTENT_LANGUAGES},
    }
    if required:
        schema["required"] = ["fi"]
        schema["properties"]["fi"]["minLength"] = 1
    return schema


def _count(low: int, high: int, nullable: bool = False) -> dict[str, Any]:
    return {"type": ["integer", "null"] if nullable else "integer", "minimum": low, "maximum": high}


SESSION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "offset_days", "topic"],
    "properties": {
        "number": _count(1, 999),
        "code": {"type": "string", "maxLength": 10},
        "phase": {"enum": list(SessionPhase.values)},
        "offset_days": _count(0, 1000),
        "minutes": _count(15, 600, nullable=True),
        "topic": _translated(required=True, max_length=200),
        "led_by": _translated(required=False, max_length=200),
    },
}

PROGRAMME_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Perhekeskus programme template",
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "kind", "name", "sessions"],
    "properties": {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80},
        "kind": {"enum": list(ProgrammeKind.values)},
        "name": _translated(required=True, max_length=200),
        "description": _translated(required=False),
        "organisation": {"type": ["string", "null"], "description": "The owner's slug; null: the whole network."},
        "participation": {"enum": list(Participation.values)},
        "capacity": _count(1, 500),
        "capacity_unit": {"enum": list(CapacityUnit.values)},
        "waiting_list_capacity": _count(0, 500),
        "minimum": _count(0, 500),
        "session_minutes": _count(15, 600),
        "age_min_months": _count(0, 216, nullable=True),
        "age_max_months": _count(0, 216, nullable=True),
        "active": {"type": "boolean"},
        "sessions": {"type": "array", "minItems": 1, "maxItems": programmes.MAX_SESSIONS, "items": SESSION_SCHEMA},
    },
}
REQUIRED_MESSAGE = re.compile(r"^'(?P<name>[^']+)' is a required property$")
PLAIN_KEYS = (
    "slug",
    "kind",
    "participation",
    "capacity",
    "capacity_unit",
    "waiting_list_capacity",
    "minimum",
    "session_minutes",
    "age_min_months",
    "age_max_months",
    "active",
)
# What a key left out of a document means: the model's default.
DEFAULTS: dict[str, Any] = {
    "participation": Participation.OPEN,
    "capacity": 10,
    "capacity_unit": CapacityUnit.FAMILIES,
    "waiting_list_capacity": 0,
    "minimum": 0,
    "session_minutes": 120,
    "age_min_months": None,
    "age_max_months": None,
    "active": True,
}


def _add(errors: dict[str, list[str]], parts: list[Any], message: str) -> None:
    """A text in one language is reported on its field, `fi: …`, as the services do."""
    if parts and parts[-1] in CONTENT_LANGUAGES:
        parts, message = parts[:-1], f"{parts[-1]}: {message}"
    errors.setdefault(_path(parts) or "non_field_errors", []).append(message)


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_errors(document: Any) -> dict[str, list[str]]:
    """Every place the document breaks the schema, as `{"sessions[0].topic": ["…"]}`."""
    validator = jsonschema.Draft202012Validator(PROGRAMME_SCHEMA)
    errors: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        where = list(error.absolute_path)
        # A missing or unknown key is named as the key itself, the way the API names fields.
        if error.validator == "required" and (missing := REQUIRED_MESSAGE.match(error.message)):
            _add(errors, [*where, missing["name"]], _("This field is required."))
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            for name in (k for k in error.instance if k not in known):
                _add(errors, [*where, name], _("Unknown field."))
        else:
            _add(errors, where, error.message)
    return errors


def _texts(doc: Mapping[str, Any], key: str, base: str) -> dict[str, str]:
    given = doc.get(key) or {}
    return {f"{base}_{lang}": given.get(lang, "") for lang in CONTENT_LANGUAGES}


def _as_text(obj: Any, base: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{base}_{lang}") for lang in CONTENT_LANGUAGES}


def programme_data(programme: Programme) -> dict[str, Any]:
    """The template in the files' shape (sessions in their order)."""
    doc: dict[str, Any] = {key: getattr(programme, key) for key in PLAIN_KEYS}
    doc["name"] = _as_text(programme, "name")
    doc["description"] = _as_text(programme, "description")
    doc["organisation"] = programme.organisation.slug if programme.organisation else None
    doc["sessions"] = [
        {
            "number": s.number,
            "code": s.code,
            "phase": s.phase,
            "offset_days": s.offset_days,
            "minutes": s.minutes,
            "topic": _as_text(s, "topic"),
            "led_by": _as_text(s, "led_by"),
        }
        for s in programme.sessions.order_by("number")
    ]
    # Keys in the schema's order, so an export reads like the shipped files.
    return {key: doc[key] for key in PROGRAMME_SCHEMA["properties"]}


def service_arguments(doc: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A schema-valid document as the services' (data, sessions)."""
    data: dict[str, Any] = {key: doc.get(key, DEFAULTS.get(key)) for key in PLAIN_KEYS}
    data |= _texts(doc, "name", "name") | _texts(doc, "description", "description")
    slug = doc.get("organisation")
    data["organisation"] = None
    if slug:
        data["organisation"] = Organisation.objects.filter(slug=slug).first()
        if data["organisation"] is None:
            raise ValidationError({"organisation": [_("Unknown organisation: %(slug)s") % {"slug": slug}]})
    sessions = [
        {
            "number": s["number"],
            "code": s.get("code", ""),
            "phase": s.get("phase", SessionPhase.NONE),
            "offset_days": s["offset_days"],
            "minutes": s.get("minutes"),
            **_texts(s, "topic", "topic"),
            **_texts(s, "led_by", "led_by"),
        }
        for s in doc["sessions"]
    ]
    return data, sessions


@transaction.atomic
def programme_save_data(
    *,
    actor: Any,
    document: Any,
    programme: Programme | None = None,
    upsert: bool = False,
    source: str = "",
) -> tuple[Programme, bool]:
    """Write a template from a document: update `programme`, or (with `upsert`) the one with
    the document's slug, else create one. Returns (template, created). ValidationError
    with the document's field names for any bad part; nothing is saved then."""
    errors = schema_errors(document)
    if errors:
        raise ValidationError(errors)
    data, sessions = service_arguments(document)
    if programme is None and upsert:
        programme = Programme.objects.filter(slug=data["slug"]).first()
    if programme is None:
        return programmes.programme_create(actor=actor, data=data, sessions=sessions, source=source), True
    if service_arguments(programme_data(programme)) == (data, sessions):
        return programme, False  # as it is already: nothing written, nothing audited
    updated = programmes.programme_update(actor=actor, programme=programme, data=data, sessions=sessions, source=source)
    return updated, False
