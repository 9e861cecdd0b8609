"""Reads shared by the pages and the API: the service finder and its filters.

Filters are lists (OR within a filter, AND between filters), as in the API's
comma-separated query parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from perhekeskus.core import search
from perhekeskus.network.models import Area, Organisation, Place, Service, ServiceStatus, ServiceType

M = TypeVar("M", Place, Organisation)


@dataclass
class Filters:
    q: str = ""
    area: list[str] = field(default_factory=list)  # area slugs
    life_stage: list[str] = field(default_factory=list)  # LifeStage codes
    tier: list[str] = field(default_factory=list)  # Tier values
    service_type: list[str] = field(default_factory=list)  # ServiceType codes (children included)
    language: list[str] = field(default_factory=list)  # Language codes
    target_group: list[str] = field(default_factory=list)  # TargetGroup codes
    organisation: list[str] = field(default_factory=list)  # Organisation slugs
    access: list[str] = field(default_factory=list)  # AccessMode values
    kind: list[str] = field(default_factory=list)  # Organisation or place kinds


def area_ids_for(slugs: list[str]) -> tuple[set[int], set[int]]:
    """(the chosen areas and everything below them, the chosen areas' ancestors).

    A service serving Espoo serves every district of Espoo, so a search for a district
    also finds what serves its municipality and county.
    """
    chosen = list(Area.objects.filter(slug__in=slugs).select_related("parent__parent"))
    below = {a.pk for a in chosen}
    frontier = set(below)
    while frontier:
        frontier = set(Area.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - below
        below |= frontier
    above: set[int] = set()
    for area in chosen:
        above |= {a.pk for a in area.ancestors_and_self()[1:]}
    return below, above


def service_type_ids_for(codes: list[str]) -> set[int]:
    ids = set(ServiceType.objects.filter(code__in=codes).values_list("id", flat=True))
    frontier = set(ids)
    while frontier:
        frontier = set(ServiceType.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= frontier
    return ids


def _m2m_any(qs: QuerySet[Service], relation: str, codes: list[str]) -> QuerySet[Service]:
    """Services with at least one of `codes` in an m2m of lookups.

    `id IN (subquery)` rather than a correlated EXISTS: both databases read the few
    matching link rows once through the lookup's index and probe them, where EXISTS
    would be evaluated for every service row.
    """
    through = getattr(Service, relation).through
    target = getattr(Service, relation).field.related_model._meta.model_name
    return qs.filter(pk__in=through.objects.filter(**{f"{target}__code__in": codes}).values("service_id"))


def services_find(f: Filters) -> QuerySet[Service]:
    """Active services matching the filters; best text matches first when `q` is given."""
    qs = Service.objects.filter(status=ServiceStatus.ACTIVE)
    if f.area:
        below, above = area_ids_for(f.area)
        served = Service.areas.through.objects.filter(area_id__in=below | above).values("service_id")
        located = Service.places.through.objects.filter(place__area_id__in=below).values("service_id")
        qs = qs.filter(Q(pk__in=served) | Q(pk__in=located))
    if f.life_stage:
        qs = _m2m_any(qs, "life_stages", f.life_stage)
    if f.target_group:
        qs = _m2m_any(qs, "target_groups", f.target_group)
    if f.language:
        qs = _m2m_any(qs, "languages", f.language)
    if f.tier:
        qs = qs.filter(tier__in=f.tier)
    if f.service_type:
        qs = qs.filter(service_type_id__in=service_type_ids_for(f.service_type))
    if f.organisation:
        qs = qs.filter(provider__slug__in=f.organisation)
    if f.access:
        qs = qs.filter(access__in=f.access)
    if f.q.strip():
        return search.rank(qs, "service", f.q)
    return qs.order_by("name_fi", "id")


def _area_kind_search(qs: QuerySet[M], f: Filters, kind: str) -> QuerySet[M]:
    """The filters places and organisations share: area (and below), kind, text."""
    if f.area:
        below, _ = area_ids_for(f.area)
        qs = qs.filter(area_id__in=below)
    if f.kind:
        qs = qs.filter(kind__in=f.kind)
    if f.q.strip():
        return search.rank(qs, kind, f.q)
    return qs.order_by("name_fi", "id")


def places_find(f: Filters) -> QuerySet[Place]:
    qs = Place.objects.all()
    if f.organisation:
        qs = qs.filter(organisation__slug__in=f.organisation)
    return _area_kind_search(qs, f, "place")


def organisations_find(f: Filters) -> QuerySet[Organisation]:
    return _area_kind_search(Organisation.objects.all(), f, "organisation")


def services_stale(organisation_ids: set[int] | None, *, days: int) -> tuple[QuerySet[Service], QuerySet[Place]]:
    """Services and places not checked for `days` days (or never), for their editors."""
    limit = timezone.now() - timedelta(days=days)
    stale = Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=limit)
    services = Service.objects.filter(stale)
    places = Place.objects.filter(stale)
    if organisation_ids is not None:
        services = services.filter(provider_id__in=organisation_ids)
        places = places.filter(organisation_id__in=organisation_ids)
    return services.order_by("last_checked_at", "name_fi"), places.order_by("last_checked_at", "name_fi")
