"""schema.org `Event` data for an activity page, and the simple reading of its rule.

Search engines and family apps read the JSON-LD embedded in the page; `eventSchedule`
tells them how a series repeats. Only rules that say "every N days/weeks/months on
these weekdays" are described (`simple_rule`): anything richer would be described
wrongly, and the page's list of next dates speaks for itself.

A group's activity meets on listed sessions, not by a rule: it has no `eventSchedule`
but a `subEvent` for each session of the series (its dates, topic, place and status),
and the event itself is dated by the next session, like any activity by its next date.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.core.translation import translated_value
from perhekeskus.network.models.services import Cost

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FREQ_UNITS = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
# Parts that do not change what "every N weeks on Tuesday" means.
HARMLESS_PARTS = {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}
SCHEMA = "https://schema.org/"


@dataclass(frozen=True)
class SimpleRule:
    freq: str  # DAILY, WEEKLY, MONTHLY or YEARLY
    interval: int
    weekdays: tuple[int, ...]  # 0 = Monday; empty for daily and yearly rules
    nth: int | None = None  # monthly: the 1st..4th or last (-1) weekday of the month


def simple_rule(activity: Activity) -> SimpleRule | None:
    """The activity's rule when it is simple enough to put in words; None otherwise."""
    if not activity.rrule:
        return None
    parts: dict[str, str] = {}
    for piece in recurrence.normalise_rule(activity.rrule).split(";"):
        key, _sep, value = piece.partition("=")
        parts[key] = value
    freq = parts.get("FREQ", "")
    interval = parts.get("INTERVAL", "1")
    if freq not in FREQ_UNITS or set(parts) - HARMLESS_PARTS or not interval.isdigit() or int(interval) < 1:
        return None
    local_start = activity.start.astimezone(recurrence.zone(activity.time_zone))
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if freq == "WEEKLY":
        if not days:
            return SimpleRule(freq, int(interval), (local_start.weekday(),))
        if any(d not in WEEKDAY_CODES for d in days):
            return None
        return SimpleRule(freq, int(interval), tuple(sorted(WEEKDAY_CODES.index(d) for d in days)))
    if freq == "MONTHLY" and days:
        if len(days) != 1 or days[0][-2:] not in WEEKDAY_CODES or days[0][:-2] not in {"1", "2", "3", "4", "-1"}:
            return None
        return SimpleRule(freq, int(interval), (WEEKDAY_CODES.index(days[0][-2:]),), int(days[0][:-2]))
    if days:
        return None
    return SimpleRule(freq, int(interval), ())


def _iso_duration(activity: Activity) -> str:
    minutes = int(activity.duration.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "" if days else "T0M")


def _schedule(activity: Activity, rule: SimpleRule) -> dict[str, Any]:
    tz = recurrence.zone(activity.time_zone)
    local_start, local_end = activity.start.astimezone(tz), activity.end.astimezone(tz)
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": f"P{rule.interval}{FREQ_UNITS[rule.freq]}",
        "startDate": local_start.date().isoformat(),
        "startTime": local_start.strftime("%H:%M"),
        "endTime": local_end.strftime("%H:%M"),
        "duration": _iso_duration(activity),
        "scheduleTimezone": activity.time_zone,
    }
    if rule.weekdays:
        schedule["byDay"] = [SCHEMA + SCHEMA_DAYS[d] for d in rule.weekdays]
    if rule.nth is not None:
        schedule["byMonthWeek"] = rule.nth
    if activity.series_end is not None:
        schedule["endDate"] = activity.series_end.astimezone(tz).date().isoformat()
    return schedule


def _place(activity: Activity, url_of: Callable[[str, Any], str], place: Any = None) -> dict[str, Any] | None:
    place = place or activity.place
    if place is None:
        return None
    found: dict[str, Any] = {
        "@type": "Place",
        "name": place.name,
        "url": url_of("place-detail", place.uuid),
        "address": {
            "@type": "PostalAddress",
            **{
                key: value
                for key, value in (
                    ("streetAddress", place.street_address),
                    ("postalCode", place.postal_code),
                    ("addressLocality", place.city),
                )
                if value
            },
            "addressCountry": "FI",
        },
    }
    if place.latitude is not None and place.longitude is not None:
        found["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return found


def _status(activity: Activity, occurrence: Occurrence | None) -> str:
    if activity.status == ActivityStatus.CANCELLED or (occurrence is not None and occurrence.cancelled):
        return SCHEMA + "EventCancelled"
    if occurrence is not None and occurrence.moved:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def _sub_events(activity: Activity, page_url: str, url_of: Callable[[str, Any], str]) -> list[dict[str, Any]]:
    """Each session of a group's series as a schema.org Event (the whole series, in order).

    Read as the calendar's occurrences, so a session on a day its place is closed is
    cancelled here as it is on the page.
    """
    tz = recurrence.zone(activity.time_zone)
    last = activity.series_end or activity.end
    found = []
    for occurrence in occurrences_for([activity], activity.start, last + timedelta(seconds=1)):
        session = occurrence.session
        if session is None:
            continue
        topic = session.topic
        sub: dict[str, Any] = {
            "@type": "Event",
            "name": f"{activity.title}: {topic}" if topic else activity.title,
            "url": page_url,
            "startDate": occurrence.start.astimezone(tz).isoformat(),
            "endDate": occurrence.end.astimezone(tz).isoformat(),
            "eventStatus": SCHEMA + ("EventCancelled" if occurrence.cancelled else "EventScheduled"),
        }
        place = _place(activity, url_of, session.place)
        if place:
            sub["location"] = place
        found.append(sub)
    return found


def event_data(
    activity: Activity,
    occurrence: Occurrence | None,
    *,
    page_url: str,
    url_of: Callable[[str, Any], str],
    co_organisers: list[Any],
    languages: list[Any],
) -> dict[str, Any]:
    """The activity as a schema.org Event, dated by `occurrence` (its next one) if any.

    `url_of(url_name, uuid)` gives absolute addresses of the related pages.
    """
    tz = recurrence.zone(activity.time_zone)
    start, end = (occurrence.start, occurrence.end) if occurrence is not None else (activity.start, activity.end)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "url": page_url,
        "startDate": start.astimezone(tz).isoformat(),
        "endDate": end.astimezone(tz).isoformat(),
        "eventStatus": _status(activity, occurrence),
    }
    description = translated_value(activity, "description")
    if description:
        data["description"] = description
    if occurrence is not None and occurrence.moved:
        data["previousStartDate"] = occurrence.original_start.astimezone(tz).isoformat()
    place = _place(activity, url_of)
    virtual = (
        {"@type": "VirtualLocation", "url": activity.online_url} if activity.online and activity.online_url else None
    )
    if place and virtual:
        data["eventAttendanceMode"] = SCHEMA + "MixedEventAttendanceMode"
        data["location"] = [place, virtual]
    elif virtual:
        data["eventAttendanceMode"] = SCHEMA + "OnlineEventAttendanceMode"
        data["location"] = virtual
    else:
        data["eventAttendanceMode"] = SCHEMA + "OfflineEventAttendanceMode"
        if place:
            data["location"] = place
    organisers = [
        {"@type": "Organization", "name": o.name, "url": url_of("organisation-detail", o.uuid)}
        for o in [activity.organisation, *co_organisers]
    ]
    data["organizer"] = organisers[0] if len(organisers) == 1 else organisers
    if languages:
        codes = [language.code for language in languages]
        data["inLanguage"] = codes[0] if len(codes) == 1 else codes
    data["isAccessibleForFree"] = activity.cost == Cost.FREE
    if activity.cost != Cost.FREE:
        offer: dict[str, Any] = {"@type": "Offer", "url": activity.signup_url or page_url}
        if activity.cost_note:
            offer["description"] = activity.cost_note
        data["offers"] = offer
    if activity.age_min_months is not None or activity.age_max_months is not None:
        low = (activity.age_min_months or 0) // 12
        high = "" if activity.age_max_months is None else str(activity.age_max_months // 12)
        data["typicalAgeRange"] = f"{low}-{high}"
    rule = simple_rule(activity)
    if activity.has_sessions:
        data["subEvent"] = _sub_events(activity, page_url, url_of)
    elif rule is not None:
        data["eventSchedule"] = _schedule(activity, rule)
    return data


def script_safe(data: dict[str, Any]) -> SafeString:
    """JSON for a <script> element: `<`, `>` and `&` escaped so no text can end the element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - every character that could close the script is escaped above
