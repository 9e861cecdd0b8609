"""The audit log: every create, change and delete, and every read of personal data.

Service functions call these helpers inside their transaction, so a change and its
log line are saved together or not at all.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from perhekeskus.core.models import AuditAction, AuditEntry

__all__ = ["AuditAction", "AuditEntry", "record", "record_create", "record_delete", "record_read", "record_update"]


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", value.pk))
    if isinstance(value, (dt.date, dt.datetime, dt.time, uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of `obj` in a JSON-safe form (m2m not included)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _object_id(obj: models.Model) -> str:
    return str(getattr(obj, "uuid", None) or obj.pk)


def record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: dict[str, Any] | None = None,
    source: str = "",
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=getattr(user, "email", "") if user else "system",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (_object_id(obj) if obj is not None else ""),
        object_label=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        source=source,
    )


def record_create(actor: Any, obj: models.Model, *, source: str = "") -> AuditEntry:
    return record(actor=actor, action=AuditAction.CREATE, obj=obj, changes=snapshot(obj), source=source)


def record_update(
    actor: Any, obj: models.Model, before: dict[str, Any], *, source: str = "", extra: dict[str, Any] | None = None
) -> AuditEntry | None:
    changes: dict[str, Any] = dict(diff(before, snapshot(obj)))
    changes.update(extra or {})
    if not changes:
        return None
    return record(actor=actor, action=AuditAction.UPDATE, obj=obj, changes=changes, source=source)


def record_delete(actor: Any, obj: models.Model, *, source: str = "") -> AuditEntry:
    return record(actor=actor, action=AuditAction.DELETE, obj=obj, changes=snapshot(obj), source=source)


def record_read(actor: Any, obj: models.Model, *, source: str = "") -> AuditEntry:
    """A read of personal data (e.g. a contact person's non-public details)."""
    return record(actor=actor, action=AuditAction.READ, obj=obj, source=source)
