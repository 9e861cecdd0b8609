"""Who may change what in the service network. Every page, API view and admin asks here.

- platform admin: everything;
- area coordinator: organisations whose home area is the coordinator's area or below it
  (the membership's `area`, else the home area of the organisation the membership is in),
  and everything those organisations own;
- organisation editor: the organisation itself, its units (child organisations), the
  organisations it publishes, and everything they own;
- professional, volunteer: read only (their own features come with later apps).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from perhekeskus.accounts.models import Membership, Role
from perhekeskus.network.models import Area, ContactPerson, Organisation, Place, Service

MAX_DEPTH = 6  # county → municipality → district, and organisation unit trees, are shallow


def _memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._membership_cache = cache
    return cache


def is_platform_admin(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or any(m.role == Role.ADMIN for m in _memberships(user))


def _area_ids_below(area_ids: set[int]) -> set[int]:
    found = set(area_ids)
    frontier = set(area_ids)
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        frontier = set(Area.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def area_ids_below(area_ids: set[int]) -> set[int]:
    """`area_ids` and every area below them (a municipality's districts)."""
    return _area_ids_below(area_ids)


def _units_below(org_ids: set[int]) -> set[int]:
    found = set(org_ids)
    frontier = set(org_ids)
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        frontier = (
            set(
                Organisation.objects.filter(Q(parent_id__in=frontier) | Q(publisher_id__in=frontier)).values_list(
                    "id", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


def editable_organisation_ids(user: Any) -> set[int] | None:
    """Ids of organisations whose content `user` may change; None means all of them."""
    if is_platform_admin(user):
        return None
    editor_orgs: set[int] = set()
    coordinator_areas: set[int] = set()
    for m in _memberships(user):
        if m.role == Role.EDITOR:
            editor_orgs.add(m.organisation_id)
        elif m.role == Role.COORDINATOR:
            area_id = m.area_id or m.organisation.area_id
            if area_id:
                coordinator_areas.add(area_id)
            editor_orgs.add(m.organisation_id)
    ids = _units_below(editor_orgs) if editor_orgs else set()
    if coordinator_areas:
        areas = _area_ids_below(coordinator_areas)
        ids |= set(Organisation.objects.filter(area_id__in=areas).values_list("id", flat=True))
    return ids


def can_edit_organisation(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    ids = editable_organisation_ids(user)
    return ids is None or organisation.pk in ids


def can_create_organisation(user: Any, *, parent: Organisation | None, area: Area | None) -> bool:
    """Admins anywhere; coordinators inside their area; editors add units under their own."""
    if is_platform_admin(user):
        return True
    if parent is not None and can_edit_organisation(user, parent):
        return True
    if area is None:
        return False
    for m in _memberships(user):
        if m.role == Role.COORDINATOR:
            home = m.area_id or m.organisation.area_id
            if home and area.pk in _area_ids_below({home}):
                return True
    return False


def can_edit_service(user: Any, service: Service) -> bool:
    return can_edit_organisation(user, service.provider)


def can_edit_place(user: Any, place: Place) -> bool:
    return can_edit_organisation(user, place.organisation)


def can_edit_contact(user: Any, contact: ContactPerson) -> bool:
    return can_edit_organisation(user, contact.organisation)


def can_manage_areas(user: Any) -> bool:
    return is_platform_admin(user)


def can_manage_taxonomy(user: Any) -> bool:
    """Service types are shared by everyone: admins and coordinators keep them."""
    return is_platform_admin(user) or any(m.role == Role.COORDINATOR for m in _memberships(user))


def is_network_member(user: Any) -> bool:
    """Signed-in people of the network see non-public contact persons."""
    return is_platform_admin(user) or bool(_memberships(user))


def editable(qs: QuerySet[Any], user: Any, organisation_field: str) -> QuerySet[Any]:
    """Narrow a queryset to rows whose `organisation_field` the user may edit."""
    ids = editable_organisation_ids(user)
    if ids is None:
        return qs
    return qs.filter(**{f"{organisation_field}__in": ids})
