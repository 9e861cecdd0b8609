"""The respondent's link for machines: read as FHIR, save answers or a QuestionnaireResponse, send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires import fhir, filling, services
from perhekeskus.questionnaires.instruments import load_shipped
from perhekeskus.questionnaires.models import Purpose, Questionnaire, Response, ResponseStatus
from perhekeskus.questionnaires.tests.test_fhir_questionnaire import rich

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_c() -> Questionnaire:
    load_shipped()
    return Questionnaire.objects.get(identifier="audit-c")


def url_of(response: Response, secret: str) -> str:
    return reverse("api-response", args=[response.uuid, secret])


def put(client: Client, url: str, body: Any) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def test_answers_saved_then_sent_come_back_as_a_valid_questionnaire_response(audit_c: Questionnaire) -> None:
    client = Client()
    response, secret = filling.response_start(audit_c, language="en")
    url = url_of(response, secret)
    saved = put(client, url, {"answers": {"audit.1": ["2"]}})
    assert saved.status_code == 200
    assert saved.json()["status"] == "in-progress"
    sent = put(client, url, {"answers": {"audit.1": ["2"], "audit.2": ["1"], "audit.3": ["0"]}, "complete": True})
    assert sent.status_code == 200, sent.json()
    FhirResponse.model_validate(sent.json())
    assert sent.json()["status"] == "completed"
    response.refresh_from_db()
    assert response.score["total"] == 3.0 and response.status == ResponseStatus.COMPLETED
    again = put(client, url, {"answers": {"audit.1": ["0"]}, "complete": True})
    assert again.status_code == 409
    assert client.get(url).json() == fhir.response_to_fhir(Response.objects.get(pk=response.pk))


def test_a_fhir_questionnaire_response_is_accepted_and_completed_by_its_status(audit_c: Questionnaire) -> None:
    donor, _ = filling.response_start(audit_c, language="fi")
    donor = filling.response_save(donor, {"audit.1": ["0"]}, complete=True)
    resource = fhir.response_to_fhir(donor)
    response, secret = filling.response_start(audit_c, language="fi")
    answered = put(Client(), url_of(response, secret), resource)
    assert answered.status_code == 200, answered.json()
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETED and response.answers == {"audit.1": ["0"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"audit.1": ["9"]}}, "audit.1"),
        ({"answers": {"nope": ["1"]}}, "nope"),
        ({"answers": {"audit.1": ["1"]}, "complete": True}, "audit.2"),
        ({"answers": {}, "complete": "yes"}, "complete"),
        ({"resourceType": "QuestionnaireResponse", "item": [{"linkId": "nope", "answer": []}]}, "item[0]"),
    ],
)
def test_bad_answers_are_refused_per_question_and_save_nothing(
    audit_c: Questionnaire, body: dict[str, Any], field: str
) -> None:
    response, secret = filling.response_start(audit_c)
    filling.response_save(response, {"audit.1": ["0"]})
    refused = put(Client(), url_of(response, secret), body)
    assert refused.status_code == 400
    assert any(key.startswith(field) for key in refused.json()), refused.json()
    response.refresh_from_db()
    assert response.answers == {"audit.1": ["0"]} and response.status == ResponseStatus.IN_PROGRESS


def test_a_wrong_secret_finds_nothing(audit_c: Questionnaire) -> None:
    response, secret = filling.response_start(audit_c)
    assert (
        Client().get(url_of(response, secret[:-1] + "A" if secret[-1] != "A" else secret[:-1] + "B")).status_code == 404
    )
    assert put(Client(), url_of(response, "x" * 20), {"answers": {}}).status_code == 404


def test_reading_a_parents_form_through_the_api_is_logged() -> None:
    questionnaire, _ = services.questionnaire_import(rich(), purpose=Purpose.CLINICAL)
    response, secret = filling.response_start(questionnaire)
    Client().get(url_of(response, secret))
    assert AuditEntry.objects.filter(object_id=str(response.uuid), action="read", source__startswith="api").count() == 1
