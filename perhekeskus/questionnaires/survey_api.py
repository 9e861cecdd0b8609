"""API of questionnaires and survey links.

- `GET /api/v1/questionnaires/`: the active questionnaires one may read (`access`).
- `POST /api/v1/questionnaires/?organisation=<slug>&purpose=survey`: import a FHIR R4
  Questionnaire (the body as it is). 201 new, 200 replaced (same `id`), 400 with every
  place and reason (`{"item[2].type": ["unknown item type 'foo'"]}`), nothing stored.
- `GET /api/v1/questionnaires/<id>/`: the Questionnaire exactly as imported.
- `GET /api/v1/questionnaires/<id>/summary/`: counts per item and option; every count
  for the owner's people, small counts hidden for anyone else (`complete` says which).
- `/api/v1/surveys/`: survey links (list, create; `<id>/` read, `<id>/close/`,
  `<id>/codes/` make one-time codes shown once, `<id>/results/`).

Anonymous callers get 401 where a login is needed, others not allowed 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.core import audit
from perhekeskus.core.api import NOT_FOUND, WRITE_ERRORS, service_errors
from perhekeskus.core.paging import DataPagination
from perhekeskus.network.models import Organisation
from perhekeskus.questionnaires import access, definition, services, survey_links, surveys
from perhekeskus.questionnaires.models import Purpose, Questionnaire, SurveyLink
from perhekeskus.questionnaires.survey_serializers import (
    FHIR_QUESTIONNAIRE_SCHEMA,
    SUMMARY_SCHEMA,
    CodesRequestSerializer,
    CodesSerializer,
    QuestionnaireSerializer,
    SurveyLinkCreateSerializer,
    SurveyLinkSerializer,
)

SOURCE = "api"
READ_ERRORS = {401: WRITE_ERRORS[401], 403: WRITE_ERRORS[403], 404: NOT_FOUND}
FHIR_JSON = "application/fhir+json"


def _refuse(request: Request, message: str) -> None:
    # Anonymous callers get 401 from this (core.api.exception_handler), others 403.
    raise PermissionDenied(message)


def _questionnaire(request: Request, identifier: str) -> Questionnaire:
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("organisation"), identifier=identifier)
    if not access.can_view_questionnaire(request.user, questionnaire):
        _refuse(request, _("You may not read this questionnaire."))
    return questionnaire


def _bool_param(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise ValidationError({name: [_("Use true or false.")]})


class QuestionnaireListView(generics.GenericAPIView):
    serializer_class = QuestionnaireSerializer
    pagination_class = DataPagination

    def get_queryset(self) -> Any:
        return access.visible_questionnaires(self.request.user).order_by("identifier")

    @extend_schema(
        responses={200: QuestionnaireSerializer(many=True)},
        description="The active questionnaires: survey and feedback ones for anyone, parents' forms for the "
        "network's signed-in people.",
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request={"application/json": FHIR_QUESTIONNAIRE_SCHEMA},
        parameters=[
            OpenApiParameter("organisation", OpenApiTypes.STR, description="Owner's slug; left out: shipped for all."),
            OpenApiParameter("purpose", OpenApiTypes.STR, enum=Purpose.values, description="Default: survey."),
            OpenApiParameter("one_per_respondent", OpenApiTypes.BOOL),
        ],
        responses={200: QuestionnaireSerializer, 201: QuestionnaireSerializer, **WRITE_ERRORS},
        description="Import a FHIR R4 Questionnaire as it is (the same `id` again replaces it). An "
        "organisation's own by its editors and coordinators; shipped ones by coordinators and admins. "
        "A malformed one is refused whole: 400 with every place and reason.",
    )
    def post(self, request: Request) -> Response:
        slug = request.query_params.get("organisation")
        organisation = None
        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                raise ValidationError({"organisation": [_("Unknown organisation: %(slug)s") % {"slug": slug}]})
        if not access.can_keep_questionnaire(request.user, organisation):
            _refuse(request, _("You may not add questionnaires for this organisation."))
        purpose = request.query_params.get("purpose")
        if purpose is not None and purpose not in Purpose.values:
            raise ValidationError({"purpose": [_("Use one of: %(list)s.") % {"list": ", ".join(Purpose.values)}]})
        data = request.data
        identifier = data.get("id") if isinstance(data, dict) else None
        existing = Questionnaire.objects.filter(identifier=str(identifier)).first() if identifier else None
        if existing is not None:
            if not access.can_keep_questionnaire(request.user, existing.organisation):
                _refuse(request, _("This id belongs to a questionnaire you may not change."))
            if slug and existing.organisation_id != organisation.pk:  # type: ignore[union-attr]
                raise ValidationError({"id": [_("This id is used by another organisation's questionnaire.")]})
        try:
            questionnaire, created = services.questionnaire_import(
                data,
                actor=request.user,
                organisation=organisation,
                purpose=purpose,
                one_per_respondent=_bool_param(request, "one_per_respondent"),
                source=SOURCE,
            )
        except definition.DefinitionError as exc:
            detail: dict[str, list[str]] = {}
            for place, reason in exc.errors:
                detail.setdefault(place, []).append(reason)
            raise ValidationError(detail) from exc
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(QuestionnaireSerializer(questionnaire).data, status=code)


class QuestionnaireDetailView(APIView):
    @extend_schema(
        responses={(200, FHIR_JSON): FHIR_QUESTIONNAIRE_SCHEMA, **READ_ERRORS},
        description="The FHIR R4 Questionnaire exactly as imported.",
    )
    def get(self, request: Request, identifier: str) -> Response:
        questionnaire = _questionnaire(request, identifier)
        return Response(questionnaire.definition, content_type=FHIR_JSON)


class QuestionnaireSummaryView(APIView):
    @extend_schema(
        responses={200: OpenApiResponse(SUMMARY_SCHEMA), **READ_ERRORS},
        description="Counts of the completed responses per item and option. Every count for the owning "
        "organisation's people (a shipped questionnaire's: admins); for anyone else counts under 5 are null. "
        "Parents' forms (purpose clinical) are counted for admins only.",
    )
    def get(self, request: Request, identifier: str) -> Response:
        questionnaire = _questionnaire(request, identifier)
        if not access.can_see_counts(request.user, questionnaire):
            _refuse(request, _("Answers to parents' forms are counted for the platform's admins only."))
        if access.sees_every_count(request.user, questionnaire):
            audit.record_read(request.user, questionnaire, source=SOURCE)
            return Response({**surveys.summary(questionnaire), "complete": True})
        return Response({**surveys.public_summary(questionnaire), "complete": False})


# --- Survey links -----------------------------------------------------------------------------


def _link(request: Request, id: uuid.UUID) -> SurveyLink:
    link = get_object_or_404(SurveyLink.objects.select_related("questionnaire", "organisation"), uuid=id)
    if not access.can_manage_survey(request.user, link):
        _refuse(request, _("Only the organisation's editors and coordinators may manage this survey."))
    return link


class SurveyLinkListView(generics.GenericAPIView):
    serializer_class = SurveyLinkSerializer
    pagination_class = DataPagination

    def get_queryset(self) -> Any:
        return access.managed_surveys(self.request.user)

    @extend_schema(
        responses={200: SurveyLinkSerializer(many=True), 401: WRITE_ERRORS[401], 403: WRITE_ERRORS[403]},
        description="The survey links of the organisations one edits, newest first.",
    )
    def get(self, request: Request) -> Response:
        if not access.can_make_surveys(request.user):
            _refuse(request, _("Surveys are made by the editors and coordinators of an organisation."))
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=SurveyLinkCreateSerializer,
        responses={201: SurveyLinkSerializer, **WRITE_ERRORS},
        description="A new survey link asking a survey or feedback questionnaire.",
    )
    def post(self, request: Request) -> Response:
        if not access.can_make_surveys(request.user):
            _refuse(request, _("Surveys are made by the editors and coordinators of an organisation."))
        serializer = SurveyLinkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors({}):
            link = survey_links.survey_link_create(actor=request.user, data=serializer.service_data(), source=SOURCE)
        return Response(SurveyLinkSerializer(link, context={"request": request}).data, status=status.HTTP_201_CREATED)


class SurveyLinkDetailView(APIView):
    @extend_schema(responses={200: SurveyLinkSerializer, **READ_ERRORS})
    def get(self, request: Request, id: uuid.UUID) -> Response:
        return Response(SurveyLinkSerializer(_link(request, id), context={"request": request}).data)


class SurveyLinkCloseView(APIView):
    @extend_schema(
        request=None,
        responses={200: SurveyLinkSerializer, **READ_ERRORS},
        description="Close the survey: no more answers (closing a closed one changes nothing).",
    )
    def post(self, request: Request, id: uuid.UUID) -> Response:
        link = survey_links.survey_link_close(actor=request.user, link=_link(request, id), source=SOURCE)
        return Response(SurveyLinkSerializer(link, context={"request": request}).data)


class SurveyCodesView(APIView):
    @extend_schema(
        request=CodesRequestSerializer,
        responses={201: CodesSerializer, **WRITE_ERRORS, 404: NOT_FOUND},
        description="New one-time codes for a link with one response per code. They are in this answer "
        "only: the platform keeps their hashes.",
    )
    def post(self, request: Request, id: uuid.UUID) -> Response:
        link = _link(request, id)
        serializer = CodesRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors({}):
            made = survey_links.survey_codes_make(
                actor=request.user, link=link, count=serializer.validated_data["count"], source=SOURCE
            )
        address = request.build_absolute_uri(reverse("survey-start", args=[link.token]))
        response = Response({"address": address, "codes": made}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "private, no-store"
        return response


class SurveyResultsView(APIView):
    @extend_schema(
        responses={200: OpenApiResponse(SUMMARY_SCHEMA), **READ_ERRORS},
        description="Counts of the link's completed responses: every count for those who manage it; for anyone "
        "else only when its results are public, with counts under 5 null.",
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        link = get_object_or_404(SurveyLink.objects.select_related("questionnaire", "organisation"), uuid=id)
        if access.sees_survey_results(request.user, link):
            audit.record_read(request.user, link, source=SOURCE)
            return Response({**survey_links.link_summary(link, full=True), "complete": True})
        if not link.results_public:
            _refuse(request, _("The results of this survey are not public."))
        return Response({**survey_links.link_summary(link, full=False), "complete": False})
