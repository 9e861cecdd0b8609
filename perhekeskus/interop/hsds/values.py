"""Cleaning single HSDS values into what our fields hold.

Optional contact channels that our stricter validators refuse (a `urn:` web address,
an odd e-mail, coordinates off the globe) are left out with a warning rather than
rejecting a whole directory feed; required content is never dropped silently.
"""

from __future__ import annotations

import decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

PHONE_MAX = 40


def text(value: Any, limit: int | None = None) -> str:
    """Stripped text, shortened with an ellipsis to `limit` characters when given."""
    result = str(value or "").strip()
    return result[: limit - 1] + "…" if limit and len(result) > limit else result


def at(path: str, key: str) -> str:
    """The path of `key` inside the object at `path` ('' is the top level)."""
    return f"{path}.{key}" if path else key


def where(path: str) -> str:
    return path or "(top level)"


def url(value: Any, path: str, warnings: list[str]) -> str:
    result = text(value)
    if not result:
        return ""
    try:
        URLValidator()(result)
    except ValidationError:
        warnings.append(f"{path}: {result!r} is not a web address we can keep; left out")
        return ""
    return result


def email(value: Any, path: str, warnings: list[str]) -> str:
    result = text(value)
    if not result:
        return ""
    try:
        EmailValidator()(result)
    except ValidationError:
        warnings.append(f"{path}: {result!r} is not an e-mail address we can keep; left out")
        return ""
    return result


def phone(data: dict[str, Any], path: str, warnings: list[str]) -> str:
    """The first phone number of `data["phones"]` (some sources wrap it in quotes)."""
    for item in data.get("phones") or []:
        number = text(item.get("number")).strip('"')
        if not number:
            continue
        if len(number) > PHONE_MAX:
            warnings.append(f"{at(path, 'phones')}: {number!r} is longer than {PHONE_MAX} characters; left out")
            return ""
        return number
    return ""


def coordinates(data: dict[str, Any], path: str, warnings: list[str]) -> dict[str, Any]:
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat is None or lon is None:
        return {}
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        warnings.append(f"{where(path)}: latitude {lat}, longitude {lon} are not on Earth; coordinates left out")
        return {}
    quantum = decimal.Decimal("0.000001")
    return {
        "latitude": decimal.Decimal(str(lat)).quantize(quantum),
        "longitude": decimal.Decimal(str(lon)).quantize(quantum),
    }
