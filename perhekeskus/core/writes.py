"""Small helpers every write service shares: access check, field assignment, m2m sets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You may not change this organisation's content.")


def assign(obj: models.Model, data: Mapping[str, Any], exclude: Iterable[str] = ()) -> None:
    skip = set(exclude)
    field_names = {f.name for f in obj._meta.concrete_fields} | {f.attname for f in obj._meta.concrete_fields}
    unknown = [k for k in data if k not in field_names and k not in skip]
    if unknown:
        raise ValidationError({k: ["Unknown field."] for k in unknown})
    for key, value in data.items():
        if key not in skip:
            setattr(obj, key, value)


def set_m2m(obj: models.Model, data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for name in names:
        if name in data:
            manager = getattr(obj, name)
            before = sorted(str(x.uuid) for x in manager.all())
            manager.set(data[name])
            after = sorted(str(x.uuid) for x in manager.all())
            if before != after:
                changed[name] = [before, after]
    return changed
