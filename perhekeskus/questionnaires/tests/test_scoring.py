"""Scoring: sums of option scores, reversal, subscales, levels, alerts and missing answers."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from perhekeskus.questionnaires import definition, scoring
from perhekeskus.questionnaires.scoring import ScoringError, parse_scoring, score

ORD = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def options(*scores: float) -> list[dict[str, Any]]:
    return [{"valueCoding": {"code": f"c{s}"}, "extension": [{"url": ORD, "valueDecimal": s}]} for s in scores]


def questionnaire(rules: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": "mood",
        "status": "active",
        "extension": [
            {"url": "http://example.org/other", "valueString": "not ours"},
            {"url": scoring.SCORING_URL, "valueString": json.dumps(rules)},
        ],
        "item": [
            {"linkId": "a", "type": "choice", "answerOption": options(0, 1, 2)},
            {"linkId": "b", "type": "choice", "answerOption": options(1, 2, 3, 4, 5)},
            {"linkId": "c", "type": "choice", "answerOption": options(0, 1, 2, 3)},
            {"linkId": "name", "type": "string"},
            {"linkId": "plain", "type": "choice", "answerOption": [{"valueCoding": {"code": "x"}}]},
            {
                "linkId": "more",
                "type": "choice",
                "enableWhen": [{"question": "a", "operator": "!=", "answerCoding": {"code": "c0"}}],
                "answerOption": options(0, 1),
            },
        ],
    }


RULES = {
    "scales": {"total": ["a", "b", "c"], "pair": ["a", "c"]},
    "reversed": ["b"],
    "thresholds": {"total": {"watch": 4, "discuss": 7}, "pair": {"none": 0, "discuss": 3}},
    "alerts": ["c"],
}


def parsed(rules: dict[str, Any] = RULES) -> definition.Definition:
    return definition.parse(questionnaire(rules))


def test_a_questionnaire_without_scoring_scores_nothing():
    data = questionnaire(RULES)
    data["extension"] = data["extension"][:1]
    defn = definition.parse(data)
    assert parse_scoring(defn) is None
    assert score(defn, {"a": ["c1"]}) == {}


def test_sums_reverse_and_subscales():
    defn = parsed()
    # b is reversed: options scored 1..5 give 5..1 (highest + lowest - chosen).
    result = score(defn, {"a": ["c2"], "b": ["c1"], "c": ["c0"]})
    assert result["total"] == 2 + (5 + 1 - 1) + 0
    assert result["subscales"] == {"pair": 2.0}
    assert result["answered"] == 3 and result["missing"] == [] and result["alerts"] == []
    assert score(defn, {"a": ["c0"], "b": ["c5"], "c": ["c0"]})["total"] == 1.0


@pytest.mark.parametrize(
    ("answers", "total", "level", "pair_level"),
    [
        ({"a": ["c0"], "b": ["c5"], "c": ["c0"]}, 1, "none", "none"),
        ({"a": ["c1"], "b": ["c4"], "c": ["c1"]}, 4, "watch", "none"),  # exactly the watch minimum
        ({"a": ["c2"], "b": ["c3"], "c": ["c1"]}, 6, "watch", "discuss"),
        ({"a": ["c2"], "b": ["c4"], "c": ["c3"]}, 7, "discuss", "discuss"),  # exactly the discuss minimum
    ],
)
def test_levels_take_the_highest_minimum_reached(answers, total, level, pair_level):
    result = score(parsed(), answers)
    assert result["total"] == total
    assert result["level"] == level
    assert result["levels"] == {"total": level, "pair": pair_level}


def test_an_alert_item_alerts_with_a_low_total():
    result = score(parsed(), {"a": ["c0"], "b": ["c5"], "c": ["c1"]})
    assert result["alerts"] == ["c"] and result["level"] == "none"


def test_a_scale_with_a_missing_answer_has_no_sum_and_no_level():
    result = score(parsed(), {"a": ["c1"], "c": ["c2"]})
    assert result["total"] is None and result["level"] is None
    assert result["subscales"] == {"pair": 3.0} and result["levels"]["pair"] == "discuss"
    assert result["missing"] == ["b"] and result["answered"] == 2
    assert result["alerts"] == ["c"]  # alerts do not wait for the rest


def test_an_item_hidden_by_enable_when_is_not_missing():
    rules = {"scales": {"total": ["a", "more"]}}
    defn = parsed(rules)
    assert score(defn, {"a": ["c0"]}) | {"levels": None} == {
        "total": 0.0,
        "subscales": {},
        "level": None,
        "levels": None,
        "alerts": [],
        "answered": 1,
        "missing": [],
    }
    shown = score(defn, {"a": ["c1"]})
    assert shown["total"] is None and shown["missing"] == ["more"]
    assert score(defn, {"a": ["c1"], "more": ["c1"]})["total"] == 2.0


def test_an_answer_outside_the_options_is_refused():
    with pytest.raises(ValueError, match="'c9' is not one of the scored options"):
        score(parsed(), {"a": ["c9"], "b": ["c1"], "c": ["c0"]})


def test_thresholds_from_a_setting_are_read_when_scoring(settings):
    rules = copy.deepcopy(RULES)
    rules["thresholds"] = {"total": {"setting": "MOOD_LEVELS"}}
    settings.MOOD_LEVELS = (2, 3)
    defn = parsed(rules)
    answers = {"a": ["c1"], "b": ["c5"], "c": ["c1"]}  # 1 + 1 + 1
    assert score(defn, answers)["level"] == "discuss"
    settings.MOOD_LEVELS = (4, 9)
    assert score(defn, answers)["level"] == "none"
    settings.MOOD_LEVELS = (9, 4)
    with pytest.raises(ImproperlyConfigured, match="MOOD_LEVELS must be two rising numbers"):
        score(defn, answers)


PLACE = "extension[1].valueString"


@pytest.mark.parametrize(
    ("change", "place", "reason"),
    [
        (lambda r: r["scales"]["total"].append("nope"), f"{PLACE}.scales.total[3]", "no item 'nope'"),
        (lambda r: r["alerts"].append("plain"), f"{PLACE}.alerts[1]", "options without a score"),
        (lambda r: r["reversed"].append("name"), f"{PLACE}.reversed[1]", "only choice items are scored"),
        (lambda r: r["scales"].pop("total"), f"{PLACE}.scales", "needs at least the scale 'total'"),
        (lambda r: r["scales"].update(empty=[]), f"{PLACE}.scales.empty", "a scale needs items"),
        (lambda r: r["scales"]["pair"].append("a"), f"{PLACE}.scales.pair[0]", "listed twice"),
        (
            lambda r: r["thresholds"]["total"].update(discuss=3),
            f"{PLACE}.thresholds.total.discuss",
            "levels overlap: discuss (3) must be above watch (4)",
        ),
        (
            lambda r: r["thresholds"]["total"].update(discuss=4),
            f"{PLACE}.thresholds.total.discuss",
            "levels overlap",
        ),
        (lambda r: r["thresholds"]["total"].update(alarm=9), f"{PLACE}.thresholds.total.alarm", "unknown level"),
        (lambda r: r["thresholds"].update(other={"watch": 1}), f"{PLACE}.thresholds.other", "no scale 'other'"),
        (
            lambda r: r["thresholds"].update(total={"setting": "NO_SUCH_SETTING"}),
            f"{PLACE}.thresholds.total.setting",
            "there is no setting NO_SUCH_SETTING",
        ),
        (lambda r: r.update(weights={}), f"{PLACE}.weights", "unknown key"),
    ],
)
def test_a_bad_scoring_definition_is_rejected_with_place_and_reason(change, place, reason):
    rules = copy.deepcopy(RULES)
    change(rules)
    with pytest.raises(ScoringError) as caught:
        parse_scoring(parsed(rules))
    assert any(p == place and reason in r for p, r in caught.value.errors), caught.value.errors


def test_scoring_that_is_not_json_is_rejected():
    data = questionnaire(RULES)
    data["extension"][1]["valueString"] = "{scales"
    with pytest.raises(ScoringError) as caught:
        parse_scoring(definition.parse(data))
    assert caught.value.errors[0][0] == PLACE and "JSON" in caught.value.errors[0][1]
