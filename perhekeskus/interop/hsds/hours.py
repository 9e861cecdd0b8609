"""Opening hours ↔ HSDS `schedule`.

Our opening hours are wall-clock times in Europe/Helsinki, which moves between UTC+2
and UTC+3. HSDS has only a fixed UTC offset (`schedule.timezone`), so:

- `opens_at`/`closes_at` are written as local wall-clock `HH:MM` without an offset — the
  hour on the door, right all year;
- `timezone` is the offset in force on the day of export (2 in winter, 3 in summer), so a
  reader that insists on an offset is right until the next clock change;
- the real zone travels in an attribute (field `timezone` = `Europe/Helsinki`) and in
  `notes`, and that is what our importer trusts.

Weekly hours with the same times are one WEEKLY schedule with several `byday` days.
Dated exceptions (holiday closures, other hours) are schedules with `valid_from` and
`valid_to` and the field `opening_exception` = `closed` / `open`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from perhekeskus.interop.hsds import vocabulary as voc
from perhekeskus.network.models import OpeningException, OpeningHours, Place

HELSINKI = ZoneInfo(voc.TIMEZONE)
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # index = our Weekday value
NOTE = "Times are local wall-clock time in Europe/Helsinki (UTC+2, summer time UTC+3)."


class ScheduleError(ValueError):
    """A schedule value we cannot read; the message starts with the path of the value."""


def helsinki_offset(now: dt.datetime | None = None) -> int:
    """Europe/Helsinki's UTC offset in whole hours at `now` (default: this moment)."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(HELSINKI)
    offset = moment.utcoffset() or dt.timedelta(0)
    return int(offset.total_seconds() // 3600)


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _zone_attribute(link_id: str) -> dict[str, Any]:
    return voc.field_attribute(link_id, "schedule", "timezone", voc.TIMEZONE)


def place_schedules(place: Place, offset: int) -> list[dict[str, Any]]:
    """The place's weekly hours and dated exceptions as HSDS schedules."""
    location_id = str(place.uuid)
    days_by_times: dict[tuple[dt.time, dt.time], list[int]] = defaultdict(list)
    hours: list[OpeningHours] = list(place.opening_hours.all())
    for row in hours:
        days_by_times[(row.opens, row.closes)].append(row.weekday)
    out: list[dict[str, Any]] = []
    for (opens, closes), days in sorted(days_by_times.items(), key=lambda item: (min(item[1]), item[0])):
        sid = voc.stable_id("schedule", location_id, _hhmm(opens), _hhmm(closes))
        out.append(
            {
                "id": sid,
                "location_id": location_id,
                "freq": "WEEKLY",
                "interval": 1,
                "wkst": "MO",
                "byday": ",".join(DAYS[d] for d in sorted(set(days))),
                "opens_at": _hhmm(opens),
                "closes_at": _hhmm(closes),
                "timezone": offset,
                "notes": NOTE,
                "attributes": [_zone_attribute(sid)],
            }
        )
    exceptions: list[OpeningException] = list(place.opening_exceptions.all())
    for exc in exceptions:
        sid = voc.stable_id("exception", location_id, exc.start_date, exc.end_date)
        item: dict[str, Any] = {
            "id": sid,
            "location_id": location_id,
            "valid_from": exc.start_date.isoformat(),
            "valid_to": exc.end_date.isoformat(),
            "timezone": offset,
            "notes": "Closed." if exc.closed else NOTE,
        }
        if exc.reason_fi:
            item["description"] = exc.reason_fi
        attrs = [voc.field_attribute(sid, "schedule", "opening_exception", "closed" if exc.closed else "open")]
        if not exc.closed and exc.opens and exc.closes:
            item.update(
                freq="WEEKLY", interval=1, byday=",".join(DAYS), opens_at=_hhmm(exc.opens), closes_at=_hhmm(exc.closes)
            )
            attrs.append(_zone_attribute(sid))
        attrs += voc.translations(exc, sid, "schedule", ["reason"])
        item["attributes"] = attrs
        out.append(item)
    return out


# --- Reading -------------------------------------------------------------------------------

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_time(value: Any, path: str) -> dt.time:
    """`HH:MM[:SS]` as Helsinki wall-clock time; an explicit `Z`/offset is converted.

    A weekly time with an offset has no date, so it is converted with today's offset
    of Europe/Helsinki: the best a fixed offset allows.
    """
    match = _TIME.match(str(value).strip())
    if not match:
        raise ScheduleError(f"{path}: {value!r} is not a time (HH:MM)")
    hour, minute, second, zone = int(match[1]), int(match[2]), int(match[3] or 0), match[4]
    try:
        local = dt.time(hour, minute, second)
    except ValueError:
        raise ScheduleError(f"{path}: {value!r} is not a time (HH:MM)") from None
    if not zone:
        return local
    if zone == "Z":
        tz = dt.UTC
    else:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    moment = dt.datetime.combine(dt.date.today(), local, tzinfo=tz).astimezone(HELSINKI)
    return moment.time().replace(tzinfo=None)


def parse_date(value: Any, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ScheduleError(f"{path}: {value!r} is not a date (YYYY-MM-DD)") from None


def _days(byday: Any, path: str) -> list[int]:
    days = []
    for part in str(byday or "").split(","):
        code = part.strip().upper()[-2:]
        if not code:
            continue
        if code not in DAYS:
            raise ScheduleError(f"{path}: {byday!r} is not a list of days (MO,TU,…)")
        days.append(DAYS.index(code))
    return days


def read_schedules(
    schedules: list[tuple[str, dict[str, Any]]], warnings: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(weekly hours, exceptions) as field dicts for `place_create`/`place_update`.

    `schedules` are (path, schedule) pairs. What our model cannot hold (monthly rules,
    hours past midnight) is left out with a warning; unreadable values raise.
    """
    hours: dict[tuple[int, dt.time, dt.time], dict[str, Any]] = {}
    exceptions: list[dict[str, Any]] = []
    for path, item in schedules:
        attrs = voc.read_attributes(item)
        kind = attrs.fields.get("opening_exception")
        opens = parse_time(item["opens_at"], f"{path}.opens_at") if item.get("opens_at") else None
        closes = parse_time(item["closes_at"], f"{path}.closes_at") if item.get("closes_at") else None
        if kind:
            start = parse_date(item.get("valid_from"), f"{path}.valid_from")
            end = parse_date(item.get("valid_to") or item.get("valid_from"), f"{path}.valid_to")
            closed = kind == "closed" or not (opens and closes)
            exceptions.append(
                {
                    "start_date": start,
                    "end_date": end,
                    "closed": closed,
                    "opens": None if closed else opens,
                    "closes": None if closed else closes,
                    "reason_fi": str(item.get("description") or "")[:200],
                    "reason_sv": attrs.fields.get("reason.sv", "")[:200],
                    "reason_en": attrs.fields.get("reason.en", "")[:200],
                }
            )
            continue
        if item.get("freq") != "WEEKLY" or not (opens and closes and item.get("byday")):
            warnings.append(f"{path}: not weekly opening hours (freq WEEKLY, byday, opens_at, closes_at); left out")
            continue
        if closes <= opens:
            warnings.append(f"{path}: closes_at is not after opens_at (hours past midnight); left out")
            continue
        for day in _days(item["byday"], f"{path}.byday"):
            hours[(day, opens, closes)] = {"weekday": day, "opens": opens, "closes": closes}
    return [hours[key] for key in sorted(hours)], exceptions
