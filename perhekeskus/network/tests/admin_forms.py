"""Building admin form posts from model instances, for the admin tests."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from perhekeskus.accounts import services as account_services

INLINE_PREFIXES = {"place": ("opening_hours", "opening_exceptions")}


def make_staff(user: Any) -> Any:
    """Give the person the staff flag their roles call for, as granting a role does."""
    for membership in user.memberships.all():
        account_services.membership_ensure(
            actor=None, user=user, organisation=membership.organisation, role=membership.role
        )
    user.refresh_from_db()
    return user


def post_data(obj: models.Model, **changes: Any) -> dict[str, Any]:
    """The admin form's fields with the object's values, then `changes` (None drops a field)."""
    data: dict[str, Any] = {}
    for field in obj._meta.get_fields():
        if not getattr(field, "concrete", False) or not getattr(field, "editable", False):
            continue
        if field.primary_key:
            continue
        if field.many_to_many:
            data[field.name] = (
                [str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True)] if obj.pk else []
            )
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.BooleanField):
            if value:
                data[field.name] = "on"
            continue
        data[field.name] = "" if value is None else str(value)
    for prefix in INLINE_PREFIXES.get(obj._meta.model_name or "", ()):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def change_url(obj: models.Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def add_url(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def delete_url(obj: models.Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


def changelist_url(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
