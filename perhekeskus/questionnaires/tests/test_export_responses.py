"""`manage.py export_responses ID`: a Bundle of QuestionnaireResponses, erased ones left out."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.bundle import Bundle as FhirBundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires import services
from perhekeskus.questionnaires.models import Response, ResponseStatus
from perhekeskus.questionnaires.tests.test_fhir_questionnaire import rich
from perhekeskus.questionnaires.tests.test_fhir_response import ANSWERS, SUBMITTED
from perhekeskus.questionnaires.tests.test_import_questionnaire import SPEC

pytestmark = pytest.mark.django_db


def export(*args: str) -> dict:
    out = StringIO()
    call_command("export_responses", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def responses() -> list[Response]:
    questionnaire = services.questionnaire_import(rich())[0]
    done = Response.objects.create(
        questionnaire=questionnaire, status=ResponseStatus.COMPLETED, answers=ANSWERS, submitted_at=SUBMITTED
    )
    saved = Response.objects.create(questionnaire=questionnaire, answers={"family.partner": [False]}, language="en")
    erased = Response.objects.create(
        questionnaire=questionnaire,
        status=ResponseStatus.COMPLETED,
        answers={},
        submitted_at=SUBMITTED,
        erased_at=SUBMITTED + dt.timedelta(days=400),
    )
    return [done, saved, erased]


def test_the_responses_export_as_a_valid_collection_bundle_without_erased_ones(responses):
    done, saved, _erased = responses
    data = export("rich-test")
    assert data["resourceType"] == "Bundle" and data["type"] == "collection"
    assert [e["fullUrl"] for e in data["entry"]] == [f"urn:uuid:{done.uuid}", f"urn:uuid:{saved.uuid}"]
    assert [e["resource"]["status"] for e in data["entry"]] == ["completed", "in-progress"]
    assert data["entry"][1]["resource"]["item"] == [
        {
            "linkId": "family",
            "text": "Family",
            "item": [{"linkId": "family.partner", "text": "Partner", "answer": [{"valueBoolean": False}]}],
        }
    ]
    bundle = FhirBundle.model_validate(data)
    assert [type(e.resource) for e in bundle.entry] == [FhirResponse, FhirResponse]
    assert bundle.entry[0].resource.item[0].item[0].answer[0].valueCoding.code == "never"


def test_a_status_picks_the_responses_and_the_export_is_audited(responses):
    done = responses[0]
    data = export("rich-test", "--status", "completed")
    assert [e["resource"]["id"] for e in data["entry"]] == [str(done.uuid)]
    FhirBundle.model_validate(data)
    entry = AuditEntry.objects.get(action="read", source="export_responses")
    assert entry.object_id == str(done.questionnaire.uuid)
    assert entry.changes == {"exported_responses": 1, "status": "completed"}


def test_no_responses_give_an_empty_bundle_and_an_unknown_id_is_refused(db):
    services.questionnaire_import(rich())
    data = export("rich-test")
    assert data["type"] == "collection" and "entry" not in data
    FhirBundle.model_validate(data)
    with pytest.raises(CommandError, match="no questionnaire 'nope'"):
        export("nope")


def test_answers_to_the_perhe_2007_survey_export_with_the_spec_s_codings():
    if not SPEC.exists():  # the shared specs sit beside the repository
        pytest.fail(f"missing {SPEC}")
    questionnaire = services.questionnaire_import(json.loads(SPEC.read_text(encoding="utf-8")))[0]
    Response.objects.create(
        questionnaire=questionnaire,
        status=ResponseStatus.COMPLETED,
        language="en",
        answers={"services.school": ["sometimes"]},
        submitted_at=SUBMITTED,
    )
    data = export("perhe-2007")
    resource = data["entry"][0]["resource"]
    assert resource["questionnaire"] == "urn:perhekeskus:questionnaire:perhe-2007"
    assert resource["item"][0]["linkId"] == "services"
    assert resource["item"][0]["item"] == [
        {
            "linkId": "services.school",
            "text": "School",
            "answer": [
                {
                    "valueCoding": {
                        "system": "urn:perhekeskus:perhe-2007",
                        "code": "sometimes",
                        "display": "Now and then",
                    }
                }
            ],
        }
    ]
    FhirBundle.model_validate(data)
