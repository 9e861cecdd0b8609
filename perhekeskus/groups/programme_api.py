"""`/api/v1/programmes/`: programme templates, and a group made from one in one step.

A template is read and written in the same JSON shape as the shipped files and
`manage.py export_programme` (see `programme_serializers`), named by its slug. Anyone
reads the active templates; network-wide templates are written by coordinators and
admins, an organisation's own by those who edit it (token: `Authorization: Bearer …`).
`POST /api/v1/programmes/<slug>/groups/` opens a group from it and answers like
`POST /api/v1/groups/`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from perhekeskus.activities.api import default_organisation
from perhekeskus.activities.models import Participation
from perhekeskus.activities.serializers import OffsetDateTimeField
from perhekeskus.core.api import BAD_REQUEST, NOT_FOUND, WRITE_ERRORS, CodeRefField, CodeRefListField, UUIDRefField
from perhekeskus.core.translation import CONTENT_LANGUAGES
from perhekeskus.groups import access, programmes
from perhekeskus.groups.api import api_errors, groups_shown
from perhekeskus.groups.models import GroupStatus, Programme, ProgrammeSession
from perhekeskus.groups.programme_serializers import programme_data, programme_save_data
from perhekeskus.groups.serializers import GroupSerializer
from perhekeskus.network.models import Language, Organisation, Place

SOURCE = "api"
DOCUMENT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A programme template in the shape of the shipped files (see `manage.py export_programme`).",
)


class GroupFromProgrammeSerializer(serializers.Serializer):
    organisation = CodeRefField(
        Organisation.objects.all(),
        lookup="slug",
        noun="organisation",
        required=False,
        help_text="The organiser's slug. Left out: the organisation of the token's membership.",
    )
    first_start = OffsetDateTimeField(help_text="The first session, ISO 8601 with its offset.")
    place = UUIDRefField(
        Place.objects.all(),
        noun="place",
        required=False,
        allow_null=True,
        default=None,
        help_text="Left out: the organisation's first place.",
    )
    title = serializers.DictField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        required=False,
        help_text='{"fi": …, "sv": …, "en": …}; left out: the template\'s names.',
    )
    participation = serializers.ChoiceField(choices=Participation.choices, required=False)
    languages = CodeRefListField(Language.objects.all(), lookup="code", noun="language", required=False)
    enrolment_opens = OffsetDateTimeField(required=False, allow_null=True, default=None)
    enrolment_closes = OffsetDateTimeField(required=False, allow_null=True, default=None)
    decision_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Go/no-go date; left out: 7 days before."
    )
    status = serializers.ChoiceField(
        choices=[(GroupStatus.OPEN, "open"), (GroupStatus.PLANNED, "planned")], default=GroupStatus.OPEN
    )

    def validate_title(self, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(CONTENT_LANGUAGES))
        if unknown:
            raise serializers.ValidationError(f"Unknown language {unknown[0]!r}; use fi, sv or en.")
        return value


@extend_schema_view(
    list=extend_schema(
        responses={200: DOCUMENT}, description="Active programme templates with their sessions, by Finnish name."
    ),
    retrieve=extend_schema(responses={200: DOCUMENT, 404: NOT_FOUND}),
    create=extend_schema(request=OpenApiTypes.OBJECT, responses={201: DOCUMENT, **WRITE_ERRORS}),
    update=extend_schema(request=OpenApiTypes.OBJECT, responses={200: DOCUMENT, **WRITE_ERRORS, 404: NOT_FOUND}),
    partial_update=extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: DOCUMENT, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Only the top-level keys given change; `sessions` given replaces the whole list.",
    ),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS, 404: NOT_FOUND}),
)
class ProgrammeViewSet(viewsets.GenericViewSet):
    lookup_field = "slug"
    lookup_url_kwarg = "slug"
    lookup_value_regex = "[a-z0-9-]+"
    permission_classes = [AllowAny]  # checked per action: writing needs a token and the right to keep templates
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Programme]:
        return Programme.objects.select_related("organisation").prefetch_related(
            Prefetch("sessions", queryset=ProgrammeSession.objects.order_by("number"))
        )

    def get_object(self) -> Programme:
        programme = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        # A retired template is still there for those who keep it, no one else.
        if programme is None or not (programme.active or access.can_edit_programme(self.request.user, programme)):
            raise NotFound
        return programme

    def _signed_in(self, request: Request) -> None:
        if not request.user.is_authenticated:
            raise NotAuthenticated

    def _writable(self, request: Request) -> Programme:
        self._signed_in(request)
        programme = self.get_object()
        if not access.can_edit_programme(request.user, programme):
            raise PermissionDenied("You may not change this programme template.")
        return programme

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().filter(active=True).order_by("name_fi", "id"))
        assert page is not None
        return self.get_paginated_response([programme_data(p) for p in page])

    def retrieve(self, request: Request, slug: str) -> Response:
        return Response(programme_data(self.get_object()))

    def create(self, request: Request) -> Response:
        self._signed_in(request)
        with api_errors():
            programme, _created = programme_save_data(actor=request.user, document=request.data, source=SOURCE)
        return Response(programme_data(programme), status=status.HTTP_201_CREATED)

    def update(self, request: Request, slug: str) -> Response:
        programme = self._writable(request)
        with api_errors():
            saved, _created = programme_save_data(
                actor=request.user, document=request.data, programme=programme, source=SOURCE
            )
        return Response(programme_data(saved))

    def partial_update(self, request: Request, slug: str) -> Response:
        programme = self._writable(request)
        document: Any = request.data
        if isinstance(document, dict):
            document = programme_data(programme) | dict(document)
        with api_errors():
            saved, _created = programme_save_data(
                actor=request.user, document=document, programme=programme, source=SOURCE
            )
        return Response(programme_data(saved))

    def destroy(self, request: Request, slug: str) -> Response:
        programme = self._writable(request)
        programmes.programme_delete(actor=request.user, programme=programme, source=SOURCE)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=GroupFromProgrammeSerializer,
        responses={201: GroupSerializer, 400: BAD_REQUEST, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Open a group from the template in one step: one session per template session at the "
        "first session's Helsinki time, the template's places, minimum and waiting list.",
    )
    @action(detail=True, methods=["post"], url_path="groups")
    def groups(self, request: Request, slug: str) -> Response:
        self._signed_in(request)
        programme = self.get_object()
        serializer = GroupFromProgrammeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation", None) or default_organisation(request.user)
        if not access.can_create_group(request.user, organisation):
            raise PermissionDenied("You may not create groups for this organisation.")
        with api_errors():
            group = programmes.group_from_programme(
                actor=request.user, programme=programme, organisation=organisation, source=SOURCE, **data
            )
        shown = groups_shown().get(pk=group.pk)
        return Response(GroupSerializer(shown, context={"request": request}).data, status=status.HTTP_201_CREATED)
