"""The Open Referral HSDS 3.0 JSON Schemas, loaded for offline validation.

The schema files are not part of this repository: they are the published HSDS
specification, kept beside it in `shared/specs/hsds/schema` (or wherever
`HSDS_SPEC_DIR` points). The schemas refer to each other by bare file name
(`"phone.json"`), so every file is registered under that name in one `referencing`
registry, and validation checks formats (uuid, email, uri, date-time) too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_DIR_ENV = "HSDS_SPEC_DIR"


class SchemaMissing(RuntimeError):
    """The HSDS schema folder cannot be found or read."""


def spec_dir() -> Path:
    """The HSDS specification folder (holding `schema/` and `examples/`).

    Read from the environment on each call rather than from settings, so a test or an
    operator can point at another copy without restarting anything.
    """
    override = os.environ.get(SPEC_DIR_ENV, "").strip()
    if override:
        return Path(override)
    return Path(settings.BASE_DIR).parent / "shared" / "specs" / "hsds"


def schema_dir() -> Path:
    folder = spec_dir() / "schema"
    if not (folder / "service.json").is_file():
        raise SchemaMissing(f"HSDS schema not found in {folder}; set {SPEC_DIR_ENV} to the HSDS specification folder")
    return folder


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[Registry, dict[str, dict[str, Any]]]:
    registry: Registry = Registry()
    schemas: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        if path.name == "openapi.json":  # an API description, not an object schema
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.name] = contents
        registry = registry.with_resource(
            path.name, Resource.from_contents(contents, default_specification=DRAFT202012)
        )
    return registry, schemas


def validator(table: str) -> Draft202012Validator:
    """A format-checking validator for one HSDS object, e.g. `validator("service")`."""
    registry, schemas = _load(str(schema_dir()))
    name = f"{table}.json"
    if name not in schemas:
        raise SchemaMissing(f"HSDS schema {name} not found in {schema_dir()}")
    return Draft202012Validator(schemas[name], registry=registry, format_checker=FormatChecker())


def format_path(parts: Iterable[Any], prefix: str = "") -> str:
    """`["phones", 0, "id"]` → `phones[0].id` (after `prefix`)."""
    text = prefix
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _position(error: SchemaError) -> list[tuple[int, int, str]]:
    # Sort key that orders paths as they appear, mixing list indexes and keys safely.
    return [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in error.absolute_path]


def first_error(table: str, instance: Any, prefix: str = "") -> str | None:
    """The first schema error of `instance` as `path: message`, or None when it is valid."""
    errors = sorted(validator(table).iter_errors(instance), key=_position)
    if not errors:
        return None
    error = errors[0]
    return f"{format_path(error.absolute_path, prefix)}: {error.message}"
