"""Reads shared by the calendar pages, the feeds and the API.

`CalendarFilters` is the one description of "which activities": the pages' form, the
API's query parameters and a feed's URL all become one, so the week view, the
occurrence API and the `.ics` feed of the same filters always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from perhekeskus.activities.models import PUBLIC_STATUSES, Activity, ChangeKind, OccurrenceChange
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.network.queries import area_ids_for, service_type_ids_for

EVENING_FROM_HOUR = 17  # "evenings and weekends": starts at 17:00 or later, or on Sat/Sun


@dataclass
class CalendarFilters:
    q: str = ""
    area: list[str] = field(default_factory=list)  # area slugs (district, municipality, county)
    organisation: list[str] = field(default_factory=list)  # organiser or co-organiser slugs
    service_type: list[str] = field(default_factory=list)  # ServiceType codes (children included)
    life_stage: list[str] = field(default_factory=list)  # LifeStage codes
    language: list[str] = field(default_factory=list)  # Language codes
    audience: list[str] = field(default_factory=list)  # TargetGroup codes
    participation: list[str] = field(default_factory=list)  # Participation values
    age_months: tuple[int, int] | None = None  # a child's age range, in months
    evenings_weekends: bool = False


def _m2m_any(qs: QuerySet[Activity], relation: str, codes: list[str]) -> QuerySet[Activity]:
    through = getattr(Activity, relation).through
    target = getattr(Activity, relation).field.related_model._meta.model_name
    return qs.filter(pk__in=through.objects.filter(**{f"{target}__code__in": codes}).values("activity_id"))


def activities_filtered(f: CalendarFilters, statuses: tuple[str, ...] = PUBLIC_STATUSES) -> QuerySet[Activity]:
    """Activities matching the filters, whatever their dates."""
    qs = Activity.objects.filter(status__in=statuses)
    if f.area:
        # A district's calendar also shows what its municipality runs for everyone
        # (area = the municipality), as the service finder does.
        below, above = area_ids_for(f.area)
        qs = qs.filter(area_id__in=below | above)
    if f.organisation:
        co = Activity.co_organisers.through.objects.filter(organisation__slug__in=f.organisation)
        qs = qs.filter(Q(organisation__slug__in=f.organisation) | Q(pk__in=co.values("activity_id")))
    if f.service_type:
        qs = qs.filter(service_type_id__in=service_type_ids_for(f.service_type))
    if f.life_stage:
        qs = _m2m_any(qs, "life_stages", f.life_stage)
    if f.language:
        qs = _m2m_any(qs, "languages", f.language)
    if f.audience:
        qs = _m2m_any(qs, "target_groups", f.audience)
    if f.participation:
        qs = qs.filter(participation__in=f.participation)
    if f.age_months is not None:
        low, high = f.age_months
        qs = qs.filter(Q(age_min_months__isnull=True) | Q(age_min_months__lte=high))
        qs = qs.filter(Q(age_max_months__isnull=True) | Q(age_max_months__gte=low))
    if f.q.strip():
        words = Q()
        for column in ("title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en"):
            words |= Q(**{f"{column}__icontains": f.q.strip()})
        qs = qs.filter(words)
    return qs


def activities_in_window(
    f: CalendarFilters, start: datetime, end: datetime, statuses: tuple[str, ...] = PUBLIC_STATUSES
) -> QuerySet[Activity]:
    """Activities that may have an occurrence overlapping [start, end)."""
    matching = activities_filtered(f, statuses)
    # Moved occurrences of the matching activities only: a municipality's hundred or so
    # are looked up by key, instead of reading every moved occurrence in the country
    # that starts before `end` (their new start has no lower bound to search by).
    moved_in = OccurrenceChange.objects.filter(
        kind=ChangeKind.MOVED, new_start__lt=end, new_end__gt=start, activity_id__in=matching.values("pk")
    )
    running = Q(start__lt=end) & (Q(series_end__isnull=True) | Q(series_end__gt=start))
    qs = matching.filter(running | Q(pk__in=moved_in.values("activity_id")))
    return qs.select_related("organisation", "place", "area", "service_type")


def evening_or_weekend(o: Occurrence) -> bool:
    local = o.local_start
    return local.weekday() >= 5 or local.hour >= EVENING_FROM_HOUR


def occurrences_find(
    f: CalendarFilters, start: datetime, end: datetime, statuses: tuple[str, ...] = PUBLIC_STATUSES
) -> list[Occurrence]:
    """Occurrences of the filtered activities overlapping [start, end), in time order."""
    found = occurrences_for(activities_in_window(f, start, end, statuses), start, end)
    if f.evenings_weekends:
        found = [o for o in found if evening_or_weekend(o)]
    return found


def next_occurrences(
    activity: Activity, after: datetime, *, limit: int = 10, horizon_days: int = 400
) -> list[Occurrence]:
    """The next `limit` occurrences of one activity from `after` (cancelled ones included)."""
    found = occurrences_for([activity], after, after + timedelta(days=horizon_days))
    return found[:limit]


__all__ = [
    "CalendarFilters",
    "Occurrence",
    "activities_filtered",
    "activities_in_window",
    "next_occurrences",
    "occurrences_find",
]
