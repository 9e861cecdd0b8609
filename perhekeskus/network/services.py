"""Every change to the service network goes through these functions.

Pages, the API, the admin, importers and commands all call them, so each write is
checked for access, validated whole, saved in one transaction with its audit line
and re-indexed for search. Bad input raises `ValidationError` and saves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from perhekeskus.core import audit
from perhekeskus.core.writes import assign as _assign
from perhekeskus.core.writes import require as _require
from perhekeskus.core.writes import set_m2m as _set_m2m
from perhekeskus.network import access, search_index
from perhekeskus.network.models import (
    Area,
    ContactPerson,
    OpeningException,
    OpeningHours,
    Organisation,
    Place,
    Service,
)

# Many-to-many fields of a service, set after the row is saved.
SERVICE_M2M = ("life_stages", "target_groups", "languages", "areas", "places")


# --- Organisations ---------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, actor: Any, data: Mapping[str, Any], source: str = "") -> Organisation:
    org = Organisation()
    _assign(org, data)
    if actor is not None:  # None: a trusted system command (load_demo, create_organisation)
        _require(access.can_create_organisation(actor, parent=org.parent, area=org.area))
    org.full_clean()
    org.save()
    audit.record_create(actor, org, source=source)
    search_index.reindex(org)
    return org


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, data: Mapping[str, Any], source: str = ""
) -> Organisation:
    if actor is not None:
        _require(access.can_edit_organisation(actor, organisation))
    before = audit.snapshot(organisation)
    _assign(organisation, data)
    if actor is not None and ("parent" in data or "parent_id" in data) and organisation.parent is not None:
        _require(access.can_edit_organisation(actor, organisation.parent))
    organisation.full_clean()
    organisation.save()
    audit.record_update(actor, organisation, before, source=source)
    search_index.reindex(organisation)
    return organisation


@transaction.atomic
def organisation_delete(*, actor: Any, organisation: Organisation, source: str = "") -> None:
    if actor is not None:
        _require(access.can_edit_organisation(actor, organisation))
    if organisation.services.exists() or organisation.places.exists() or organisation.units.exists():
        raise ValidationError("Remove or move the organisation's services, places and units first.")
    audit.record_delete(actor, organisation, source=source)
    search_index.remove(organisation)
    organisation.delete()


# --- Services ------------------------------------------------------------------------------


def _check_service_refs(actor: Any, service: Service, data: Mapping[str, Any]) -> None:
    """A service may only list places its editor may use: the provider's own or a partner's
    the editor also edits. Areas and lookups are shared and free to reference."""
    if actor is None:
        return
    for place in data.get("places", []) or []:
        if place.organisation_id != service.provider_id and not access.can_edit_place(actor, place):
            raise ValidationError({"places": [f"You may not attach the place {place}."]})


@transaction.atomic
def service_create(*, actor: Any, data: Mapping[str, Any], source: str = "") -> Service:
    service = Service()
    _assign(service, data, exclude=SERVICE_M2M)
    if actor is not None:
        _require(access.can_edit_organisation(actor, getattr(service, "provider", None)))
    if not service.tier and service.service_type_id:
        service.tier = service.service_type.default_tier
    service.full_clean()
    _check_service_refs(actor, service, data)
    service.save()
    _set_m2m(service, data, SERVICE_M2M)
    audit.record_create(actor, service, source=source)
    search_index.reindex(service)
    return service


@transaction.atomic
def service_update(*, actor: Any, service: Service, data: Mapping[str, Any], source: str = "") -> Service:
    if actor is not None:
        _require(access.can_edit_service(actor, service))
    before = audit.snapshot(service)
    _assign(service, data, exclude=SERVICE_M2M)
    if actor is not None and ("provider" in data or "provider_id" in data):
        _require(access.can_edit_organisation(actor, service.provider))
    if not service.tier and service.service_type_id:  # as on create: a replaced service may leave it out
        service.tier = service.service_type.default_tier
    service.full_clean()
    _check_service_refs(actor, service, data)
    service.save()
    m2m_changes = _set_m2m(service, data, SERVICE_M2M)
    audit.record_update(actor, service, before, source=source, extra=m2m_changes)
    search_index.reindex(service)
    return service


@transaction.atomic
def service_delete(*, actor: Any, service: Service, source: str = "") -> None:
    if actor is not None:
        _require(access.can_edit_service(actor, service))
    audit.record_delete(actor, service, source=source)
    search_index.remove(service)
    service.delete()


# --- Places ------------------------------------------------------------------------------

PLACE_NESTED = ("opening_hours", "opening_exceptions")


def _replace_hours(place: Place, data: Mapping[str, Any]) -> dict[str, Any]:
    """Replace weekly hours / exceptions when given: lists of dicts of model fields."""
    changed: dict[str, Any] = {}
    pairs: tuple[tuple[str, Any], ...] = (("opening_hours", OpeningHours), ("opening_exceptions", OpeningException))
    for name, model in pairs:
        if name not in data:
            continue
        rows = []
        errors: dict[str, list[str]] = {}
        for i, item in enumerate(data[name] or []):
            row = model(place=place, **item)
            try:
                row.full_clean(exclude=["place"])
            except ValidationError as exc:
                for field, msgs in exc.message_dict.items():
                    errors[f"{name}[{i}].{field}"] = msgs
            rows.append(row)
        if errors:
            raise ValidationError(errors)
        getattr(place, name).all().delete()
        model.objects.bulk_create(rows)
        changed[name] = [f"{len(rows)} rows"]
    return changed


@transaction.atomic
def place_create(*, actor: Any, data: Mapping[str, Any], source: str = "") -> Place:
    place = Place()
    _assign(place, data, exclude=PLACE_NESTED)
    if actor is not None:
        _require(access.can_edit_organisation(actor, getattr(place, "organisation", None)))
    place.full_clean()
    place.save()
    _replace_hours(place, data)
    audit.record_create(actor, place, source=source)
    search_index.reindex(place)
    return place


@transaction.atomic
def place_update(*, actor: Any, place: Place, data: Mapping[str, Any], source: str = "") -> Place:
    if actor is not None:
        _require(access.can_edit_place(actor, place))
    before = audit.snapshot(place)
    _assign(place, data, exclude=PLACE_NESTED)
    if actor is not None and ("organisation" in data or "organisation_id" in data):
        _require(access.can_edit_organisation(actor, place.organisation))
    place.full_clean()
    place.save()
    extra = _replace_hours(place, data)
    audit.record_update(actor, place, before, source=source, extra=extra)
    search_index.reindex(place)
    return place


@transaction.atomic
def place_delete(*, actor: Any, place: Place, source: str = "") -> None:
    if actor is not None:
        _require(access.can_edit_place(actor, place))
    audit.record_delete(actor, place, source=source)
    search_index.remove(place)
    place.delete()


# --- Checking content ---------------------------------------------------------------------


@transaction.atomic
def content_mark_checked(*, actor: Any, obj: Service | Place, source: str = "") -> Service | Place:
    """An editor confirms that a service's or place's details are still right."""
    owner = obj.provider if isinstance(obj, Service) else obj.organisation
    _require(access.can_edit_organisation(actor, owner))
    before = audit.snapshot(obj)
    obj.last_checked_at = timezone.now()
    obj.last_checked_by = actor if getattr(actor, "is_authenticated", False) else None
    obj.save(update_fields=["last_checked_at", "last_checked_by", "updated_at"])
    audit.record_update(actor, obj, before, source=source)
    return obj


# --- Contact persons --------------------------------------------------------------------------


@transaction.atomic
def contact_create(*, actor: Any, data: Mapping[str, Any], source: str = "") -> ContactPerson:
    contact = ContactPerson()
    _assign(contact, data)
    if actor is not None:
        _require(access.can_edit_organisation(actor, getattr(contact, "organisation", None)))
    contact.full_clean()
    contact.save()
    audit.record_create(actor, contact, source=source)
    return contact


@transaction.atomic
def contact_update(*, actor: Any, contact: ContactPerson, data: Mapping[str, Any], source: str = "") -> ContactPerson:
    if actor is not None:
        _require(access.can_edit_contact(actor, contact))
    before = audit.snapshot(contact)
    _assign(contact, data)
    if actor is not None and ("organisation" in data or "organisation_id" in data):
        _require(access.can_edit_organisation(actor, contact.organisation))
    contact.full_clean()
    contact.save()
    audit.record_update(actor, contact, before, source=source)
    return contact


@transaction.atomic
def contact_delete(*, actor: Any, contact: ContactPerson, source: str = "") -> None:
    if actor is not None:
        _require(access.can_edit_contact(actor, contact))
    audit.record_delete(actor, contact, source=source)
    contact.delete()


# --- Areas (admins) -----------------------------------------------------------------------------


@transaction.atomic
def area_create(*, actor: Any, data: Mapping[str, Any], source: str = "") -> Area:
    if actor is not None:
        _require(access.can_manage_areas(actor))
    area = Area()
    _assign(area, data)
    area.full_clean()
    area.save()
    audit.record_create(actor, area, source=source)
    return area


@transaction.atomic
def area_update(*, actor: Any, area: Area, data: Mapping[str, Any], source: str = "") -> Area:
    if actor is not None:
        _require(access.can_manage_areas(actor))
    before = audit.snapshot(area)
    _assign(area, data)
    area.full_clean()
    area.save()
    audit.record_update(actor, area, before, source=source)
    return area


@transaction.atomic
def area_delete(*, actor: Any, area: Area, source: str = "") -> None:
    if actor is not None:
        _require(access.can_manage_areas(actor))
    if area.children.exists() or area.organisations.exists() or area.places.exists():
        raise ValidationError("Move the area's sub-areas, organisations and places first.")
    audit.record_delete(actor, area, source=source)
    area.delete()


# --- Lookups: service types, life stages, target groups, languages (admins, coordinators) ---------


@transaction.atomic
def lookup_save(
    *, actor: Any, model: type[models.Model], obj: models.Model | None = None, data: Mapping[str, Any], source: str = ""
) -> models.Model:
    """Create (obj None) or change a row of a shared lookup table."""
    if actor is not None:
        _require(access.can_manage_taxonomy(actor))
    target = obj if obj is not None else model()
    before = audit.snapshot(target) if obj is not None else None
    _assign(target, data)
    target.full_clean()
    target.save()
    if before is None:
        audit.record_create(actor, target, source=source)
    else:
        audit.record_update(actor, target, before, source=source)
    return target


@transaction.atomic
def lookup_delete(*, actor: Any, obj: models.Model, source: str = "") -> None:
    if actor is not None:
        _require(access.can_manage_taxonomy(actor))
    audit.record_delete(actor, obj, source=source)
    try:
        obj.delete()
    except models.ProtectedError:
        raise ValidationError("This entry is still in use; change the services that use it first.") from None
