"""Responses as FHIR QuestionnaireResponse: nested like the definition, valid FHIR, and back again."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from perhekeskus.questionnaires import fhir, services
from perhekeskus.questionnaires.models import Questionnaire, Response, ResponseStatus
from perhekeskus.questionnaires.tests.test_fhir_questionnaire import SYSTEM, rich

pytestmark = pytest.mark.django_db

SUBMITTED = dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)
ANSWERS: dict[str, list[Any]] = {
    "mood.laugh": ["never"],
    "mood.more.note": ["Väsyttää"],
    "mood.sleep": [4],
    "family.partner": [True],
    "family.support": ["partner", "friends"],
    "family.help": ["Isovanhemmat"],
    "family.weight": [3.85],
    "family.name": ["Nuppu"],
    "family.born": ["2026-09-01"],
}


@pytest.fixture
def questionnaire() -> Questionnaire:
    return services.questionnaire_import(rich())[0]


def answered(questionnaire: Questionnaire, answers: dict[str, list[Any]], **fields: Any) -> Response:
    fields = {"status": ResponseStatus.COMPLETED, "language": "sv", "submitted_at": SUBMITTED} | fields
    return Response.objects.create(questionnaire=questionnaire, answers=answers, **fields)


def test_a_response_nests_like_the_definition_with_typed_answers_in_its_language(questionnaire):
    response = answered(questionnaire, ANSWERS)
    data = fhir.response_to_fhir(response)
    assert data == {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.uuid),
        "language": "sv",
        "questionnaire": "urn:perhekeskus:questionnaire:rich-test",
        "status": "completed",
        "authored": "2026-11-02T10:30:00+02:00",
        "item": [
            {
                "linkId": "mood",
                "text": "Humör",
                "item": [
                    {
                        "linkId": "mood.laugh",
                        "text": "Jag har kunnat skratta",
                        "answer": [{"valueCoding": {"system": SYSTEM, "code": "never", "display": "Aldrig"}}],
                    },
                    {
                        "linkId": "mood.more",
                        "text": "Mera",
                        "item": [
                            {
                                "linkId": "mood.more.note",
                                "text": "Berätta mera",
                                "answer": [{"valueString": "Väsyttää"}],
                            }
                        ],
                    },
                    {"linkId": "mood.sleep", "text": "Sömn i timmar", "answer": [{"valueInteger": 4}]},
                ],
            },
            {
                "linkId": "family",
                "text": "Familj",
                "item": [
                    {"linkId": "family.partner", "text": "Partner", "answer": [{"valueBoolean": True}]},
                    {
                        "linkId": "family.support",
                        "text": "Vem får du stöd av?",
                        "answer": [
                            {"valueCoding": {"code": "partner", "display": "Partner"}},
                            {"valueCoding": {"code": "friends", "display": "Vänner"}},
                        ],
                    },
                    {"linkId": "family.help", "text": "Var får du hjälp?", "answer": [{"valueString": "Isovanhemmat"}]},
                    {"linkId": "family.weight", "text": "Babyns vikt (kg)", "answer": [{"valueDecimal": 3.85}]},
                    # No Swedish text: the Finnish one stands in.
                    {"linkId": "family.name", "text": "Vauvan kutsumanimi", "answer": [{"valueString": "Nuppu"}]},
                    {"linkId": "family.born", "text": "Födelsedag", "answer": [{"valueDate": "2026-09-01"}]},
                ],
            },
        ],
    }
    parsed = FhirResponse.model_validate(data)
    assert parsed.item[1].item[1].answer[1].valueCoding.code == "friends"
    assert str(parsed.item[1].item[5].answer[0].valueDate) == "2026-09-01"


def test_only_answered_items_are_written_and_groups_only_when_they_hold_answers(questionnaire):
    response = answered(questionnaire, {"family.help": ["clinic"]}, language="en")
    data = fhir.response_to_fhir(response)
    assert data["item"] == [
        {
            "linkId": "family",
            "text": "Family",
            "item": [
                {
                    "linkId": "family.help",
                    "text": "Where do you get help?",
                    "answer": [{"valueCoding": {"code": "clinic", "display": "Clinic"}}],
                }
            ],
        }
    ]
    FhirResponse.model_validate(data)


def test_an_unfinished_response_is_authored_when_last_saved_and_names_a_local_questionnaire(questionnaire):
    Questionnaire.objects.filter(pk=questionnaire.pk).update(url="")
    questionnaire.refresh_from_db()
    response = answered(
        questionnaire, {"family.help": ["Seurakunta"]}, status=ResponseStatus.IN_PROGRESS, submitted_at=None
    )
    data = fhir.response_to_fhir(response)
    assert data["status"] == "in-progress" and data["questionnaire"] == "Questionnaire/rich-test"
    assert dt.datetime.fromisoformat(data["authored"]) == response.updated_at.replace(microsecond=0)
    # A string option is written as the option is, not as free text turned into a coding.
    assert data["item"][0]["item"][0]["answer"] == [{"valueString": "Seurakunta"}]
    FhirResponse.model_validate(data)


def test_a_response_with_nothing_answered_has_no_items(questionnaire):
    data = fhir.response_to_fhir(answered(questionnaire, {}, status=ResponseStatus.IN_PROGRESS))
    assert "item" not in data and data["id"]
    FhirResponse.model_validate(data)


def test_a_response_read_back_gives_the_stored_answers(questionnaire):
    for answers in (ANSWERS, {"family.help": ["clinic"], "mood.laugh": ["often"]}):
        response = answered(questionnaire, answers)
        assert fhir.response_from_fhir(questionnaire, fhir.response_to_fhir(response)) == answers


def written() -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "urn:perhekeskus:questionnaire:rich-test|1.0",
        "status": "completed",
        "item": [
            {"linkId": "mood", "item": [{"linkId": "mood.laugh", "answer": [{"valueCoding": {"code": "sometimes"}}]}]},
            {"linkId": "family", "item": [{"linkId": "family.weight", "answer": [{"valueInteger": 4}]}]},
        ],
    }


def test_a_written_response_reads_into_stored_answers(questionnaire):
    assert fhir.response_from_fhir(questionnaire, written()) == {"mood.laugh": ["sometimes"], "family.weight": [4]}


def change(data: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "place", "reason"),
    [
        (["resourceType"], "Questionnaire", "resourceType", "not a FHIR QuestionnaireResponse"),
        (["questionnaire"], "urn:other", "questionnaire", "this response is to 'urn:other'"),
        (["item", 0, "item", 0, "linkId"], "mood.cry", "item[0].item[0].linkId", "has no item 'mood.cry'"),
        (
            ["item", 0, "item", 0, "answer", 0],
            {"valueCoding": {"code": "always"}},
            "item[0].item[0].answer[0]",
            "'always' is not one of the options of 'mood.laugh'",
        ),
        (
            ["item", 1, "item", 0, "answer", 0],
            {"valueString": "4"},
            "item[1].item[0].answer[0]",
            "a decimal question is answered with valueDecimal, not valueString",
        ),
        (
            ["item", 0, "item", 0, "answer"],
            [{"valueCoding": {"code": "often"}}, {"valueCoding": {"code": "never"}}],
            "item[0].item[0]",
            "mood.laugh: one answer only",
        ),
        (
            ["item", 0, "item"],
            [{"linkId": "mood.sleep", "answer": [{"valueInteger": 7}]}],
            "item",
            "mood.laugh: an answer is required",
        ),
        (
            ["item", 1, "item", 0, "linkId"],
            "mood.laugh",
            "item[1].item[0].linkId",
            "'mood.laugh' is already answered at item[0].item[0]",
        ),
    ],
)
def test_a_response_that_does_not_fit_is_refused_with_place_and_reason(questionnaire, path, value, place, reason):
    fhir.response_from_fhir(questionnaire, written())  # the intact one reads
    with pytest.raises(fhir.ResponseError) as exc:
        fhir.response_from_fhir(questionnaire, change(written(), path, value))
    assert any(p == place and reason in r for p, r in exc.value.errors), exc.value.errors


def test_a_question_s_own_sub_items_go_under_its_answer_and_read_back(db):
    data = {
        "resourceType": "Questionnaire",
        "id": "nested-test",
        "language": "fi",
        "title": "Sisäkkäinen",
        "item": [
            {
                "linkId": "smoke",
                "type": "boolean",
                "text": "Tupakoitko?",
                "item": [{"linkId": "smoke.daily", "type": "integer", "text": "Montako päivässä?"}],
            }
        ],
    }
    questionnaire = services.questionnaire_import(data)[0]
    answers = {"smoke": [True], "smoke.daily": [5]}
    exported = fhir.response_to_fhir(answered(questionnaire, answers, language="fi"))
    assert exported["item"] == [
        {
            "linkId": "smoke",
            "text": "Tupakoitko?",
            "answer": [
                {
                    "valueBoolean": True,
                    "item": [{"linkId": "smoke.daily", "text": "Montako päivässä?", "answer": [{"valueInteger": 5}]}],
                }
            ],
        }
    ]
    FhirResponse.model_validate(exported)
    assert fhir.response_from_fhir(questionnaire, exported) == answers
