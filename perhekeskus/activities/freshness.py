"""Keeping the calendar fresh: activities their editors should look at.

A calendar families trust shows nothing that no longer happens. Two lists, for the
organisations a person may edit:

- published activities with no upcoming occurrence: a one-off in the past or a series
  that has ended. They should be ended (kept as history) or given new dates;
- recurring activities not confirmed for the season: published, still running, and
  `confirmed_until` empty or before the current season's end (spring Jan–Jul, autumn
  Aug–Dec, `services.season_end`). Partners plan by the season, so one confirmation a
  season is what we ask.

Both are plain querysets, oldest first, so the dashboard can count them and show the
first few.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.services import season_end


def _owned(organisation_ids: set[int] | None) -> QuerySet[Activity]:
    qs = Activity.objects.filter(status=ActivityStatus.PUBLISHED).select_related("organisation")
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    return qs


def without_upcoming(organisation_ids: set[int] | None, *, now: datetime | None = None) -> QuerySet[Activity]:
    """Published activities whose last occurrence has ended (`series_end` in the past)."""
    now = now or timezone.now()
    return _owned(organisation_ids).filter(series_end__lte=now).order_by("series_end", "title_fi", "pk")


def unconfirmed(organisation_ids: set[int] | None, *, today: date | None = None) -> QuerySet[Activity]:
    """Recurring published activities still running and not confirmed for this season."""
    today = today or timezone.localdate()
    now = timezone.now()
    running = Q(series_end__isnull=True) | Q(series_end__gt=now)
    not_confirmed = Q(confirmed_until__isnull=True) | Q(confirmed_until__lt=season_end(today))
    return (
        _owned(organisation_ids)
        .exclude(rrule="")
        .filter(running, not_confirmed)
        # Never confirmed first, then the longest since a confirmation.
        .order_by(F("confirmed_until").asc(nulls_first=True), "start", "pk")
    )
