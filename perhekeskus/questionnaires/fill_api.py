"""`/api/v1/responses/<id>/<secret>/`: the respondent's link for machines (an app filling in
a form): read the response as a FHIR QuestionnaireResponse, save answers, send.

The same service as the pages (`filling.response_save`), so the same checks: answers are
refused whole with every question and reason, and nothing is saved.
"""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.core import audit
from perhekeskus.core.api import DETAIL_SCHEMA, ERROR_SCHEMA, NOT_FOUND
from perhekeskus.questionnaires import fhir, filling
from perhekeskus.questionnaires.models import Purpose
from perhekeskus.questionnaires.models import Response as QuestionnaireResponse

SOURCE = "api: respondent's link"
SENT = OpenApiResponse(DETAIL_SCHEMA, description="The response was sent already and takes no more answers.")
FHIR_RESPONSE = OpenApiResponse(
    {"type": "object", "description": "A FHIR R4 QuestionnaireResponse."},
    description="The response as a FHIR R4 QuestionnaireResponse.",
)
ANSWERS_BODY = (
    'Either `{"answers": {"<linkId>": [value, ...]}, "complete": false}` (codes for choices, '
    "true/false, numbers, text, YYYY-MM-DD) or a FHIR R4 QuestionnaireResponse whose "
    '`status` "completed" sends it. The answers given replace all saved answers.'
)


def _own(id: uuid.UUID, secret: str) -> QuestionnaireResponse:
    try:
        return filling.response_by_secret(id, secret)
    except filling.ResponseUnknown:
        raise NotFound from None


def _out(response: QuestionnaireResponse) -> Response:
    if response.questionnaire.purpose == Purpose.CLINICAL:
        audit.record_read(None, response, source=SOURCE)
    return Response(fhir.response_to_fhir(response))


def _bad(errors: dict[str, list[str]]) -> Response:
    return Response(errors, status=status.HTTP_400_BAD_REQUEST)


class OwnResponseView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: FHIR_RESPONSE, 404: NOT_FOUND}, description="The response with its answers.")
    def get(self, request: Request, id: uuid.UUID, secret: str) -> Response:
        return _out(_own(id, secret))

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            200: FHIR_RESPONSE,
            400: OpenApiResponse(ERROR_SCHEMA, description="Messages per question (linkId); nothing was saved."),
            404: NOT_FOUND,
            409: SENT,
        },
        description="Save answers; `complete` (or FHIR status completed) sends the response. " + ANSWERS_BODY,
    )
    def put(self, request: Request, id: uuid.UUID, secret: str) -> Response:
        response = _own(id, secret)
        data: Any = request.data
        if not isinstance(data, dict):
            return _bad({"answers": ["Send a JSON object."]})
        if data.get("resourceType") == "QuestionnaireResponse":
            try:
                answers = fhir.response_from_fhir(response.questionnaire, {**data, "status": "in-progress"})
            except fhir.ResponseError as exc:
                errors: dict[str, list[str]] = {}
                for place, reason in exc.errors:
                    errors.setdefault(place, []).append(reason)
                return _bad(errors)
            complete = data.get("status") == "completed"
        else:
            answers = data.get("answers", {})
            complete = data.get("complete", False)
            if not isinstance(complete, bool):
                return _bad({"complete": ["Give true or false."]})
        try:
            saved = filling.response_save(response, answers, complete=complete, source=SOURCE)
        except filling.AnswerError as exc:
            return _bad({link_id: [reason] for link_id, reason in exc.errors.items()})
        except filling.ResponseClosed:
            return Response({"detail": "This response was sent already."}, status=status.HTTP_409_CONFLICT)
        return _out(saved)


__all__ = ["OwnResponseView"]
