"""Scoring a questionnaire: sums of option scores, reversed items, levels and alert items.

The scoring definition travels inside the FHIR Questionnaire it belongs to, so that a
municipality's licensed file and our shipped one score the same: one top-level extension

    {"url": "urn:perhekeskus:fhir:scoring", "valueString": "<JSON>"}

whose JSON is

    {
      "scales": {"total": ["q1", "q2", "q3"], "anxiety": ["q2", "q3"]},
      "reversed": ["q3"],
      "thresholds": {"total": {"watch": 10, "discuss": 13}, "anxiety": {"setting": "X"}},
      "alerts": ["q3"]
    }

- `scales`: `total` (required) and named subscales, each a list of linkIds of choice
  items whose every option has a score (the standard `ordinalValue` extension).
- `reversed`: items whose options are written unreversed; an answer scores
  highest + lowest − chosen (for options scored from 0: highest − chosen).
- `thresholds`: per scale, the minimum score of each level `none` < `watch` < `discuss`
  (any of them; below every minimum is `none`), or `{"setting": NAME}` to read the
  minima of (`watch`, `discuss`) from a Django setting when scoring (e.g. EPDS_THRESHOLDS).
- `alerts`: items whose answer scoring above 0 (after reversal) raises an alert whatever
  the total.

A JSON string rather than nested FHIR extensions keeps the definition readable and is
still a valid FHIR R4 extension that independent FHIR libraries read and write unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from perhekeskus.questionnaires.definition import Definition, DefinitionError, Item, enabled

SCORING_URL = "urn:perhekeskus:fhir:scoring"
LEVELS = ("none", "watch", "discuss")
# The levels a setting gives minima for, in order: EPDS_THRESHOLDS = (10, 13).
SETTING_LEVELS = ("watch", "discuss")
KEYS = ("scales", "reversed", "thresholds", "alerts")


class ScoringError(DefinitionError):
    """The scoring definition is rejected; `errors` lists (place, reason)."""


@dataclass(frozen=True)
class Thresholds:
    minima: tuple[tuple[str, float], ...] = ()  # (level, minimum score), rising
    setting: str | None = None

    def levels(self) -> tuple[tuple[str, float], ...]:
        if self.setting is None:
            return self.minima
        return setting_minima(self.setting)


@dataclass
class Scoring:
    scales: dict[str, list[str]]
    reversed: frozenset[str] = frozenset()
    thresholds: dict[str, Thresholds] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[str]:
        """Every scored linkId, each once, scales first."""
        seen: dict[str, None] = {}
        for link_ids in self.scales.values():
            seen.update(dict.fromkeys(link_ids))
        seen.update(dict.fromkeys(self.alerts))
        return list(seen)


def setting_minima(name: str) -> tuple[tuple[str, float], ...]:
    """The (watch, discuss) minima kept in a setting, checked when used."""
    value = getattr(settings, name, None)
    if (
        not isinstance(value, list | tuple)
        or len(value) != len(SETTING_LEVELS)
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or list(value) != sorted(set(value))
    ):
        raise ImproperlyConfigured(f"{name} must be two rising numbers (watch, discuss); got {value!r}")
    return tuple(zip(SETTING_LEVELS, (float(v) for v in value), strict=True))


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _link_ids(raw: Any, place: str, defn: Definition, errors: list[tuple[str, str]]) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        errors.append((place, "must be a list of linkIds"))
        return []
    for n, link_id in enumerate(raw):
        item = defn.item(link_id)
        where = f"{place}[{n}]"
        if item is None:
            errors.append((where, f"no item {link_id!r} in the questionnaire"))
        elif item.type != "choice":
            errors.append((where, f"{link_id!r} is a {item.type} item; only choice items are scored"))
        elif any(o.score is None for o in item.options):
            errors.append((where, f"{link_id!r} has options without a score (ordinalValue)"))
        if raw.count(link_id) > 1 and raw.index(link_id) == n:
            errors.append((where, f"{link_id!r} is listed twice"))
    return list(raw)


def _thresholds(raw: Any, place: str, errors: list[tuple[str, str]]) -> Thresholds | None:
    if not isinstance(raw, dict) or not raw:
        errors.append((place, "must be an object of level minima or {'setting': NAME}"))
        return None
    if "setting" in raw:
        name = raw["setting"]
        if len(raw) > 1:
            errors.append((place, "a setting gives every level; name no levels beside it"))
        elif not isinstance(name, str) or not name.isupper():
            errors.append((f"{place}.setting", "must name a setting in capitals, e.g. EPDS_THRESHOLDS"))
        elif not hasattr(settings, name):
            errors.append((f"{place}.setting", f"there is no setting {name}"))
        else:
            return Thresholds(setting=name)
        return None
    minima: list[tuple[str, float]] = []
    for level, minimum in raw.items():
        if level not in LEVELS:
            errors.append((f"{place}.{level}", f"unknown level (levels: {', '.join(LEVELS)})"))
        elif not _number(minimum):
            errors.append((f"{place}.{level}", "the minimum score must be a number"))
        else:
            minima.append((level, float(minimum)))
    minima.sort(key=lambda pair: LEVELS.index(pair[0]))
    for (lower, low), (higher, high) in zip(minima, minima[1:], strict=False):
        if high <= low:
            errors.append((f"{place}.{higher}", f"levels overlap: {higher} ({high:g}) must be above {lower} ({low:g})"))
    return Thresholds(minima=tuple(minima))


def parse_scoring(defn: Definition) -> Scoring | None:
    """The questionnaire's scoring definition, or None when it has none.

    Raises ScoringError with every problem's place (e.g.
    `extension[0].valueString.scales.total[3]`) and reason.
    """
    found = [
        (n, ext)
        for n, ext in enumerate(defn.raw.get("extension", []) or [])
        if isinstance(ext, dict) and ext.get("url") == SCORING_URL
    ]
    if not found:
        return None
    n, ext = found[0]
    place = f"extension[{n}].valueString"
    errors: list[tuple[str, str]] = []
    if len(found) > 1:
        errors.append((f"extension[{found[1][0]}]", "only one scoring definition is allowed"))
    raw = ext.get("valueString")
    if not isinstance(raw, str):
        raise ScoringError([(place, "must be a JSON object as a string")])
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ScoringError([(place, f"must be a JSON object as a string ({exc})")]) from None
    if not isinstance(data, dict):
        raise ScoringError([(place, "must be a JSON object")])
    errors += [(f"{place}.{key}", f"unknown key (keys: {', '.join(KEYS)})") for key in data if key not in KEYS]
    raw_scales = data.get("scales")
    scales: dict[str, list[str]] = {}
    if not isinstance(raw_scales, dict) or "total" not in raw_scales:
        errors.append((f"{place}.scales", "needs at least the scale 'total' as a list of linkIds"))
    else:
        for name, link_ids in raw_scales.items():
            scales[name] = _link_ids(link_ids, f"{place}.scales.{name}", defn, errors)
            if not link_ids:
                errors.append((f"{place}.scales.{name}", "a scale needs items"))
    reversed_ids = _link_ids(data.get("reversed", []), f"{place}.reversed", defn, errors)
    alerts = _link_ids(data.get("alerts", []), f"{place}.alerts", defn, errors)
    thresholds: dict[str, Thresholds] = {}
    raw_thresholds = data.get("thresholds", {})
    if not isinstance(raw_thresholds, dict):
        errors.append((f"{place}.thresholds", "must be an object of scale: levels"))
        raw_thresholds = {}
    for name, raw in raw_thresholds.items():
        where = f"{place}.thresholds.{name}"
        if name not in scales:
            errors.append((where, f"no scale {name!r}"))
        elif (parsed := _thresholds(raw, where, errors)) is not None:
            thresholds[name] = parsed
    if errors:
        raise ScoringError(errors)
    return Scoring(scales=scales, reversed=frozenset(reversed_ids), thresholds=thresholds, alerts=alerts)


def item_score(item: Item, value: Any, *, reverse: bool) -> float:
    """The score of one answer (an option code); ValueError when it is not an option."""
    option = item.option(str(value))
    if option is None or option.score is None:
        raise ValueError(f"{item.link_id}: {value!r} is not one of the scored options")
    if not reverse:
        return option.score
    scores = [o.score for o in item.options if o.score is not None]
    return max(scores) + min(scores) - option.score


def level_of(value: float, thresholds: Thresholds) -> str:
    level = "none"
    for name, minimum in thresholds.levels():
        if value >= minimum:
            level = name
    return level


def score(defn: Definition, answers: dict[str, Any], scoring: Scoring | None = None) -> dict[str, Any]:
    """Score answers {linkId: [codes]}; {} when the questionnaire has no scoring.

    Returns {"total", "subscales": {name: sum}, "level", "levels": {scale: level},
    "alerts": [linkId], "answered": n, "missing": [linkId]}. A scale with an unanswered
    item has no sum and no level: a partial sum would understate the concern. An item
    that these answers hide (enableWhen) adds nothing and is not missing.
    """
    scoring = scoring or parse_scoring(defn)
    if scoring is None:
        return {}
    per_item: dict[str, float] = {}
    alerts: list[str] = []
    answered = 0
    shown = enabled(defn, {k: v if isinstance(v, list) else [v] for k, v in answers.items()})
    for link_id in scoring.items:
        item = defn.item(link_id)
        raw = answers.get(link_id)
        values = [v for v in (raw if isinstance(raw, list) else [raw]) if v not in (None, "")]
        if item is not None and link_id not in shown:
            # Not asked for these answers (AUDIT-C asks no more of those who never drink):
            # nothing to add, and nothing missing.
            per_item[link_id] = 0.0
            continue
        if item is None or not values:
            continue
        answered += 1
        scores = [item_score(item, v, reverse=link_id in scoring.reversed) for v in values]
        per_item[link_id] = sum(scores)
        if link_id in scoring.alerts and any(s > 0 for s in scores):
            alerts.append(link_id)
    sums: dict[str, float | None] = {}
    levels: dict[str, str | None] = {}
    for name, link_ids in scoring.scales.items():
        complete = all(i in per_item for i in link_ids)
        sums[name] = float(sum(per_item[i] for i in link_ids)) if complete else None
        if name in scoring.thresholds:
            value = sums[name]
            levels[name] = level_of(value, scoring.thresholds[name]) if value is not None else None
    return {
        "total": sums["total"],
        "subscales": {name: value for name, value in sums.items() if name != "total"},
        "level": levels.get("total"),
        "levels": levels,
        "alerts": alerts,
        "answered": answered,
        "missing": [i for i in scoring.items if i not in per_item],
    }
