"""The API's query filters: comma lists parsed, every value checked, then handed to `queries.py`.

An unknown value is a 400 naming it (`{"area": ["Unknown area: xyz"]}`) rather than an
empty list: a typo in a filter should not look like "there is nothing here". The search
itself lives in `queries.py`, shared with the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework.exceptions import ValidationError

from perhekeskus.network.models import (
    AccessMode,
    Area,
    AreaKind,
    Language,
    LifeStage,
    Organisation,
    OrganisationKind,
    PlaceKind,
    ServiceType,
    TargetGroup,
    Tier,
)
from perhekeskus.network.queries import Filters

# What each list filter means: label for messages, and how its values are known.
Known = Callable[[list[str]], set[str]]


def _in_table(model: type[Model], key: str) -> Known:
    def known(values: list[str]) -> set[str]:
        return set(model._default_manager.filter(**{f"{key}__in": values}).values_list(key, flat=True))

    return known


def _in_choices(choices: Iterable[str]) -> Known:
    allowed = set(choices)
    return lambda values: allowed & set(values)


FILTERS: dict[str, tuple[str, Known]] = {
    "area": ("area", _in_table(Area, "slug")),
    "life_stage": ("life stage", _in_table(LifeStage, "code")),
    "tier": ("tier", _in_choices(Tier.values)),
    "service_type": ("service type", _in_table(ServiceType, "code")),
    "language": ("language", _in_table(Language, "code")),
    "target_group": ("target group", _in_table(TargetGroup, "code")),
    "organisation": ("organisation", _in_table(Organisation, "slug")),
    "access": ("access mode", _in_choices(AccessMode.values)),
    "place_kind": ("place kind", _in_choices(PlaceKind.values)),
    "organisation_kind": ("organisation kind", _in_choices(OrganisationKind.values)),
    "area_kind": ("area kind", _in_choices(AreaKind.values)),
    "parent_area": ("area", _in_table(Area, "slug")),
    "parent_service_type": ("service type", _in_table(ServiceType, "code")),
}

SERVICE_FILTERS = {f: f for f in ("area", "life_stage", "tier", "service_type", "language", "target_group")} | {
    "organisation": "organisation",
    "access": "access",
}
PLACE_FILTERS = {"area": "area", "organisation": "organisation", "kind": "place_kind"}
ORGANISATION_FILTERS = {"area": "area", "kind": "organisation_kind"}
AREA_FILTERS = {"kind": "area_kind", "parent": "parent_area"}
SERVICE_TYPE_FILTERS = {"parent": "parent_service_type", "tier": "tier"}


def split(value: str) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))


def parse(params: Mapping[str, Any], accepted: Mapping[str, str]) -> dict[str, list[str]]:
    """{parameter: values} for the accepted parameters given; 400 listing every unknown value."""
    found: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    for param, spec in accepted.items():
        raw = params.get(param)
        if raw is None:
            continue
        values = split(str(raw))
        if not values:
            continue
        label, known = FILTERS[spec]
        recognised = known(values)
        unknown = [v for v in values if v not in recognised]
        if unknown:
            errors[param] = [f"Unknown {label}: {', '.join(unknown)}"]
        found[param] = values
    if errors:
        raise ValidationError(errors)
    return found


def _filters(params: Mapping[str, Any], accepted: Mapping[str, str]) -> Filters:
    values = parse(params, accepted)
    return Filters(q=str(params.get("q", "") or "").strip(), **values)


def service_filters(params: Mapping[str, Any]) -> Filters:
    return _filters(params, SERVICE_FILTERS)


def place_filters(params: Mapping[str, Any]) -> Filters:
    return _filters(params, PLACE_FILTERS)


def organisation_filters(params: Mapping[str, Any]) -> Filters:
    return _filters(params, ORGANISATION_FILTERS)


def areas_filtered(qs: QuerySet[Area], params: Mapping[str, Any]) -> QuerySet[Area]:
    values = parse(params, AREA_FILTERS)
    if "kind" in values:
        qs = qs.filter(kind__in=values["kind"])
    if "parent" in values:
        qs = qs.filter(parent__slug__in=values["parent"])
    return qs


def service_types_filtered(qs: QuerySet[ServiceType], params: Mapping[str, Any]) -> QuerySet[ServiceType]:
    values = parse(params, SERVICE_TYPE_FILTERS)
    if "parent" in values:
        qs = qs.filter(parent__code__in=values["parent"])
    if "tier" in values:
        qs = qs.filter(default_tier__in=values["tier"])
    return qs
