"""The shipped instruments: AUDIT-C scores and levels, feedback forms in three languages."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from perhekeskus.questionnaires import definition
from perhekeskus.questionnaires.instruments import DATA, SHIPPED, read_shipped
from perhekeskus.questionnaires.scoring import SCORING_URL, parse_scoring, score


def test_every_file_in_data_is_shipped_and_checks_whole():
    assert sorted(p.stem for p in DATA.glob("*.json")) == sorted(SHIPPED)
    for identifier in SHIPPED:
        defn = definition.parse(read_shipped(identifier))
        assert defn.identifier == identifier
        assert set(defn.title) == {"fi", "sv", "en"}, identifier


@pytest.mark.parametrize("identifier", list(SHIPPED))
def test_every_text_is_in_finnish_swedish_and_english(identifier):
    defn = definition.parse(read_shipped(identifier))
    for item in defn.items:
        assert set(item.text) == {"fi", "sv", "en"}, item.link_id
        for option in item.options:
            assert set(option.display) == {"fi", "sv", "en"}, (item.link_id, option.code)


@pytest.fixture
def audit() -> definition.Definition:
    return definition.parse(read_shipped("audit-c"))


def test_audit_c_names_its_source_and_licence():
    data = read_shipped("audit-c")
    assert "World Health Organization" in data["copyright"] and "freely" in data["copyright"]


@pytest.mark.parametrize(
    ("codes", "total", "level"),
    [
        (("1", "0", "0"), 1, "none"),
        (("2", "1", "1"), 4, "none"),
        (("2", "1", "2"), 5, "watch"),  # the Finnish limit for women
        (("3", "2", "2"), 7, "watch"),
        (("3", "2", "3"), 8, "discuss"),
        (("4", "4", "4"), 12, "discuss"),
    ],
)
def test_audit_c_sums_its_three_questions(audit, codes, total, level):
    # Every AUDIT-C option scores its place in the list, 0-4.
    answers = {f"audit.{n}": [code] for n, code in enumerate(codes, start=1)}
    result = score(audit, answers)
    assert result["total"] == total and result["level"] == level
    assert result["missing"] == [] and result["alerts"] == []


def test_audit_c_asks_no_more_of_someone_who_never_drinks(audit):
    never = {"audit.1": ["0"]}
    assert definition.enabled(audit, never) == {"audit.1"}
    result = score(audit, never)
    assert result["total"] == 0 and result["level"] == "none" and result["missing"] == []
    drinks = score(audit, {"audit.1": ["2"]})
    assert drinks["total"] is None and drinks["missing"] == ["audit.2", "audit.3"]


@pytest.mark.parametrize("identifier", ["group-feedback", "cafe-feedback"])
def test_feedback_forms_are_unscored_with_open_questions(identifier):
    defn = definition.parse(read_shipped(identifier))
    assert parse_scoring(defn) is None
    assert defn.item("overall") is not None and [o.code for o in defn.item("overall").options] == list("12345")
    assert any(i.type == "text" for i in defn.questions)
    clean, errors = definition.check_answers(defn, {"overall": ["4"]}, complete=True)
    assert clean == {"overall": ["4"]} and errors == {}


def test_the_group_feedback_form_asks_what_the_issue_names():
    defn = definition.parse(read_shipped("group-feedback"))
    assert [i.link_id for i in defn.questions] == ["overall", "useful", "atmosphere", "recommend", "good", "better"]


def test_the_cafe_form_asks_how_often_what_you_get_and_ideas():
    defn = definition.parse(read_shipped("cafe-feedback"))
    assert [i.link_id for i in defn.questions] == ["visits", "gets", "overall", "ideas"]
    gets = defn.item("gets")
    assert gets.repeats
    clean, errors = definition.check_answers(defn, {"gets": ["peers", "play"]}, complete=True)
    assert clean == {"gets": ["peers", "play"]} and errors == {}


def test_the_neighbourhood_survey_asks_where_families_get_help_in_three_languages():
    defn = definition.parse(read_shipped("help-survey"))
    assert parse_scoring(defn) is None
    help_from = defn.item("help-from")
    assert help_from is not None and help_from.type == "open-choice" and help_from.repeats
    assert all(set(item.text) == {"fi", "sv", "en"} for item in defn.items)
    assert all(set(o.display) == {"fi", "sv", "en"} for item in defn.questions for o in item.options)
    clean, errors = definition.check_answers(
        defn, {"help-from": ["clinic", "Mummola"], "knows-centre": [False]}, complete=True
    )
    assert clean == {"help-from": ["clinic", "Mummola"], "knows-centre": [False]} and errors == {}


@pytest.mark.parametrize("identifier", list(SHIPPED))
def test_shipped_files_are_fhir_questionnaires_to_an_independent_reader(identifier):
    data = read_shipped(identifier)
    resource = FhirQuestionnaire.model_validate(data)
    assert resource.id == identifier and len(resource.item) == len(data["item"])
    scoring_extensions = [e for e in resource.extension or [] if e.url == SCORING_URL]
    assert [json.loads(e.valueString) for e in scoring_extensions] == [
        json.loads(e["valueString"]) for e in data.get("extension", []) if e["url"] == SCORING_URL
    ]
