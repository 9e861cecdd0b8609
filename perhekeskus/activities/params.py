"""Query parameters → `CalendarFilters` and a time window, for pages, feeds and the API.

One reading of the parameters everywhere, so `/calendar/?area=matinkyla&age=2`, the
feed `/calendar.ics?area=matinkyla&age=2` and `/api/v1/occurrences/?area=matinkyla&age=2`
select the same activities. Lists are comma-separated or repeated (`area=a,b` or
`area=a&area=b`). Unknown codes are errors, not silently ignored filters.

- `start`, `end`: dates (YYYY-MM-DD, the end date included) or ISO 8601 date-times with
  an offset (the end excluded); dates are days in Europe/Helsinki.
- `age`: a child's age in whole years (0 = under one year), `age_months`: in months.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from perhekeskus.activities.models import DEFAULT_TIME_ZONE, Participation
from perhekeskus.activities.queries import CalendarFilters
from perhekeskus.activities.recurrence import zone
from perhekeskus.network.models import Area, Language, LifeStage, Organisation, ServiceType, TargetGroup

# Parameter → (CalendarFilters field, model whose `code`/`slug` the values must be).
LIST_PARAMS: dict[str, tuple[str, type[models.Model], str]] = {
    "area": ("area", Area, "slug"),
    "organisation": ("organisation", Organisation, "slug"),
    "service_type": ("service_type", ServiceType, "code"),
    "life_stage": ("life_stage", LifeStage, "code"),
    "language": ("language", Language, "code"),
    "audience": ("audience", TargetGroup, "code"),
}
FILTER_PARAMS = (*LIST_PARAMS, "participation", "age", "age_months", "evenings_weekends", "q")
MAX_WINDOW_DAYS = 400  # a year's seasonal calendar or feed, with some slack
TRUE_VALUES = {"1", "true", "on", "yes"}


def _values(query: Any, name: str) -> list[str]:
    raw = query.getlist(name) if hasattr(query, "getlist") else [query.get(name)] if query.get(name) else []
    found: list[str] = []
    for item in raw:
        found += [v.strip() for v in str(item).split(",") if v.strip()]
    return list(dict.fromkeys(found))


def _int(query: Mapping[str, Any], name: str, low: int, high: int, errors: dict[str, list[str]]) -> int | None:
    value = str(query.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        errors[name] = [_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]
        return None
    return int(value)


def filters_from_query(query: Any) -> CalendarFilters:
    """The filters named in `query` (a QueryDict or a plain dict); ValidationError per field."""
    errors: dict[str, list[str]] = {}
    f = CalendarFilters(q=str(query.get("q") or "").strip()[:200])
    for param, (attr, model, key) in LIST_PARAMS.items():
        values = _values(query, param)
        if not values:
            continue
        known = set(model._default_manager.filter(**{f"{key}__in": values}).values_list(key, flat=True))
        missing = [v for v in values if v not in known]
        if missing:
            errors[param] = [_("Unknown value: %(values)s.") % {"values": ", ".join(missing)}]
        setattr(f, attr, values)
    participation = _values(query, "participation")
    wrong = [v for v in participation if v not in Participation.values]
    if wrong:
        errors["participation"] = [_("Unknown value: %(values)s.") % {"values": ", ".join(wrong)}]
    f.participation = participation
    years = _int(query, "age", 0, 17, errors)
    months = _int(query, "age_months", 0, 215, errors)
    if years is not None:
        f.age_months = (years * 12, years * 12 + 11)
    if months is not None:
        f.age_months = (months, months)
    f.evenings_weekends = str(query.get("evenings_weekends") or "").lower() in TRUE_VALUES
    if errors:
        raise ValidationError(errors)
    return f


def day_start(day: date, tz_name: str = DEFAULT_TIME_ZONE) -> datetime:
    """Midnight at the start of `day` in the time zone, as an aware datetime."""
    return datetime.combine(day, time(0), tzinfo=zone(tz_name))


def _moment(value: str, name: str, *, is_end: bool) -> datetime:
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day_start(day + timedelta(days=1) if is_end else day)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError({name: [_("Give a date as YYYY-MM-DD or a time in ISO 8601.")]}) from exc
    if moment.tzinfo is None:
        raise ValidationError({name: [_("Give the time with its UTC offset, e.g. 2026-03-29T10:00:00+03:00.")]})
    return moment


def window_from_query(
    query: Any, *, default_start: date, default_days: int, max_days: int = MAX_WINDOW_DAYS
) -> tuple[datetime, datetime]:
    """[start, end) from `start`/`end`, or `default_days` days from `default_start`."""
    raw_start = str(query.get("start") or "").strip()
    raw_end = str(query.get("end") or "").strip()
    start = _moment(raw_start, "start", is_end=False) if raw_start else day_start(default_start)
    if raw_end:
        end = _moment(raw_end, "end", is_end=True)
    else:
        end = day_start(start.astimezone(zone(DEFAULT_TIME_ZONE)).date() + timedelta(days=default_days))
    if end <= start:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    if end - start > timedelta(days=max_days):
        raise ValidationError({"end": [_("Ask for at most %(days)s days at a time.") % {"days": max_days}]})
    return start, end
