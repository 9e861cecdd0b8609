"""What a partner's LOCATION and CATEGORIES texts mean in our network.

Matching is by name, case-insensitive and trimmed, in any of the three languages, so
a parish calendar's "Kerhotila" or a feed of ours ("Matinkylän asukaspuisto, Matinkatu
1, 02230 Espoo") finds the place. Nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q

from perhekeskus.network.models import LifeStage, Organisation, Place, ServiceType, TargetGroup

URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
NAME_FIELDS = ("name_fi", "name_sv", "name_en")


def looks_like_url(text: str) -> bool:
    return bool(URL_RE.match(text.strip()))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _name_query(name: str) -> Q:
    query = Q()
    for column in NAME_FIELDS:
        query |= Q(**{f"{column}__iexact": name})
    return query


def find_place(organisation: Organisation, location: str) -> tuple[Place | None, str]:
    """The place the text names (the organisation's own first), and a note when unsure.

    The whole text is tried, then the part before the first comma (a name followed by
    its address). Several places of that name elsewhere and none of our own: no match.
    """
    text = " ".join(location.split())
    candidates = [text]
    if "," in text:
        candidates.append(text.split(",", 1)[0].strip())
    for name in candidates:
        if not name:
            continue
        found = [p for p in Place.objects.filter(_name_query(name)).order_by("pk") if _matches(p, name)]
        own = [p for p in found if p.organisation_id == organisation.pk]
        if len(own) == 1:
            return own[0], ""
        if own:
            return None, f'LOCATION "{location}" names {len(own)} of the organisation\'s places'
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, f'LOCATION "{location}" names {len(found)} places'
    return None, ""


def _matches(place: Place, name: str) -> bool:
    return any(_key(getattr(place, column) or "") == _key(name) for column in NAME_FIELDS)


def place_from_option(value: str) -> Place | None:
    """`--place`: a place's UUID or its exact name."""
    value = value.strip()
    try:
        return Place.objects.filter(uuid=UUID(value)).first()
    except ValueError:
        pass
    found = list(Place.objects.filter(_name_query(value))[:2])
    return found[0] if len(found) == 1 else None


@dataclass
class Categories:
    service_type: ServiceType | None = None
    target_groups: list[TargetGroup] = field(default_factory=list)
    life_stages: list[LifeStage] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    extra_service_types: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.service_type or self.target_groups or self.life_stages)


def map_categories(values: list[str]) -> Categories:
    """CATEGORIES → service type (the first that matches), audience and life stages."""
    result = Categories()
    for value in values:
        query = _name_query(value) | Q(code__iexact=value)
        service_type = ServiceType.objects.filter(query).order_by("pk").first()
        target_group = TargetGroup.objects.filter(query).order_by("pk").first()
        life_stage = LifeStage.objects.filter(query).order_by("pk").first()
        if target_group is not None:
            if target_group not in result.target_groups:
                result.target_groups.append(target_group)
        elif service_type is not None:
            if result.service_type is None:
                result.service_type = service_type
            elif service_type != result.service_type:
                result.extra_service_types.append(value)
        elif life_stage is not None:
            if life_stage not in result.life_stages:
                result.life_stages.append(life_stage)
        else:
            result.unknown.append(value)
    return result
