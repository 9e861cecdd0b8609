"""A FHIR Questionnaire is checked whole: every problem is named with its place."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from perhekeskus.questionnaires import definition

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "evaluation" / "perhe-2007.questionnaire.json"


def small() -> dict:
    return {
        "resourceType": "Questionnaire",
        "id": "small",
        "status": "active",
        "language": "fi",
        "title": "Pieni",
        "item": [
            {"linkId": "intro", "type": "display", "text": "Hei"},
            {
                "linkId": "kids",
                "type": "choice",
                "text": "Lapsia?",
                "answerOption": [{"valueCoding": {"code": "yes"}}, {"valueCoding": {"code": "no"}}],
            },
            {
                "linkId": "ages",
                "type": "group",
                "enableWhen": [{"question": "kids", "operator": "=", "answerCoding": {"code": "yes"}}],
                "item": [{"linkId": "ages.count", "type": "integer", "required": True}],
            },
        ],
    }


@pytest.fixture
def spec() -> dict:
    if not SPEC.exists():  # the shared specs sit beside the repository
        pytest.fail(f"missing {SPEC}")
    return json.loads(SPEC.read_text())


def test_the_perhe_2007_survey_reads_as_it_is(spec):
    defn = definition.parse(spec)
    assert defn.identifier == "perhe-2007" and len(defn.questions) == 35
    assert defn.title["en"] == "PERHE project final evaluation survey 2007"
    school = defn.item("services.school")
    assert [o.code for o in school.options] == ["active", "sometimes", "not"]
    assert set(school.text) == {"fi", "en"} and school.text["en"] == "School"


@pytest.mark.parametrize(
    ("break_it", "place", "reason"),
    [
        (lambda q: q["item"][1].update(type="slider"), "item[1].type", "unknown item type 'slider'"),
        (lambda q: q["item"][2]["item"][0].update(linkId="kids"), "item[2].item[0].linkId", "already used"),
        (
            lambda q: q["item"][2]["enableWhen"][0].update(question="nope"),
            "item[2].enableWhen[0].question",
            "no question",
        ),
        (
            lambda q: q["item"][2]["enableWhen"][0].update(operator="~"),
            "item[2].enableWhen[0].operator",
            "unknown operator",
        ),
        (
            lambda q: q["item"][2]["enableWhen"][0].update(answerCoding={"code": "maybe"}),
            "item[2].enableWhen[0]",
            "has no option 'maybe'",
        ),
        (lambda q: q["item"][1].pop("answerOption"), "item[1].answerOption", "needs its answer options"),
        (lambda q: q["item"][2].update(item=[]), "item[2].item", "a group needs items"),
        (
            lambda q: q["item"][2]["enableWhen"][0].update(answerCoding="yes"),
            "item[2].enableWhen[0].answerCoding",
            "is not a valid answerCoding",
        ),
    ],
)
def test_a_broken_definition_is_rejected_with_place_and_reason(break_it, place, reason):
    data = small()
    definition.parse(copy.deepcopy(data))  # the intact one reads
    break_it(data)
    with pytest.raises(definition.DefinitionError) as exc:
        definition.parse(data)
    assert any(p == place and reason in r for p, r in exc.value.errors), exc.value.errors


def test_answers_outside_the_options_or_of_hidden_items_are_refused_or_dropped():
    defn = definition.parse(small())
    clean, errors = definition.check_answers(defn, {"kids": "maybe"}, complete=False)
    assert errors == {"kids": "'maybe' is not one of the options"} and clean == {}
    # Ages are asked only when there are children: dropped when the answer is no.
    clean, errors = definition.check_answers(defn, {"kids": "no", "ages.count": 2}, complete=True)
    assert clean == {"kids": ["no"]} and errors == {}
    clean, errors = definition.check_answers(defn, {"kids": "yes"}, complete=True)
    assert errors == {"ages.count": "an answer is required"}
    clean, errors = definition.check_answers(defn, {"kids": "yes", "ages.count": 2.5}, complete=True)
    assert errors == {"ages.count": "answer a whole number"}


def test_an_enable_when_value_of_the_wrong_kind_is_refused():
    data = small()
    data["item"][2]["item"].append({"linkId": "ages.oldest", "type": "integer"})
    data["item"][2]["item"].append(
        {
            "linkId": "ages.school",
            "type": "boolean",
            "enableWhen": [{"question": "ages.oldest", "operator": ">", "answerInteger": "five"}],
        }
    )
    with pytest.raises(definition.DefinitionError) as exc:
        definition.parse(data)
    assert exc.value.errors == [("item[2].item[2].enableWhen[0].answerInteger", "'five' is not a valid answerInteger")]
    data["item"][2]["item"][2]["enableWhen"][0]["answerInteger"] = 5
    assert definition.parse(data).item("ages.school").enable_when[0].answer == {"answerInteger": 5}


def test_a_duplicate_linkid_is_reported_with_an_unknown_type_in_the_same_run():
    data = small()
    data["item"].append({"linkId": "kids", "type": "slider"})
    with pytest.raises(definition.DefinitionError) as exc:
        definition.parse(data)
    places = dict(exc.value.errors)
    assert "unknown item type 'slider'" in places["item[3].type"]
    assert places["item[3].linkId"] == "linkId 'kids' is already used at item[1]"
