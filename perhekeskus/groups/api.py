"""REST API of groups and sign-up: `/api/v1/groups/` and the families' own `/api/v1/signups/`.

Thin views over `groups/services.py`, which locks the group's row for every sign-up,
cancellation and offer, so no number of parallel requests overbooks a group.

- Groups are read by anyone (counts of places left, never who signed up) and created by
  an editor's token (`Authorization: Bearer …`; the organisation defaults to the token's).
- A family signs up without logging in and gets its cancellation link once, in the
  answer: `/api/v1/signups/<id>/<secret>/`. Only the secret's hash is stored. GET shows
  the sign-up, DELETE cancels it (the freed place is offered to the first on the waiting
  list), `accept/` takes a place offered.
- The participant list is for those who run the group; every read of it is audited.

Messages come in the request's language (`Accept-Language`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.activities import access as activity_access
from perhekeskus.activities.api import UUID_PATTERN, default_organisation
from perhekeskus.activities.models import PUBLIC_STATUSES, Session
from perhekeskus.core import audit
from perhekeskus.core.api import (
    BAD_REQUEST,
    DETAIL_SCHEMA,
    NOT_FOUND,
    WRITE_ERRORS,
    list_parameter,
    service_errors,
    validation_detail,
)
from perhekeskus.groups import access, services
from perhekeskus.groups.models import PLACE_STATUSES, Group, GroupStatus, Signup, SignupStatus
from perhekeskus.groups.serializers import (
    GroupSerializer,
    GroupWriteSerializer,
    OwnSignupSerializer,
    ParticipantSerializer,
    SignupCreatedSerializer,
    SignupWriteSerializer,
)
from perhekeskus.network.models import Organisation, Place

GROUP_KEYS = services.GROUP_FIELDS
# The services name some fields as the model does; the API names them differently. The
# activity's start and end are the first session's.
API_NAMES = {
    "target_groups": "audience",
    "start": "sessions[0].start",
    "end": "sessions[0].end",
    "series_end": "sessions",
}
FULL = OpenApiResponse(DETAIL_SCHEMA, description="The group is full: no place and no waiting-list place left.")
GONE = OpenApiResponse(DETAIL_SCHEMA, description="The sign-up is no longer active, or no place is offered.")


def api_errors() -> AbstractContextManager[None]:
    """A service's ValidationError as 400 `{"field": [...]}` under this API's field names."""
    return service_errors(API_NAMES)


def groups_shown() -> QuerySet[Group]:
    """Groups with what their representation needs, and their places taken counted."""
    sessions = Session.objects.select_related("place").order_by("start", "id")
    return (
        Group.objects.select_related("activity__organisation", "activity__place")
        .prefetch_related("activity__languages", Prefetch("activity__sessions", queryset=sessions))
        .annotate(
            places_taken=Count("signups", filter=Q(signups__status__in=PLACE_STATUSES)),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITING)),
        )
    )


def first_place(organisation: Organisation) -> Place | None:
    return Place.objects.filter(organisation=organisation).order_by("created_at", "id").first()


def message_language() -> str:
    code = (translation.get_language() or "")[:2]
    return code if code in services.MESSAGE_LANGUAGES else "fi"


def unknown_fields(data: Any, allowed: Any) -> None:
    """Sign-ups take only what the group needs: anything else is refused, not ignored."""
    if isinstance(data, dict):
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise ValidationError({name: [_("Unknown field.")] for name in unknown})


def full_response() -> Response:
    return Response(
        {"detail": _("This group is full: no places and no waiting-list places are left.")},
        status=status.HTTP_409_CONFLICT,
    )


# --- Groups ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            list_parameter("status", "Group statuses.", GroupStatus.values),
            list_parameter("organisation", "Organiser slugs."),
        ],
        responses={200: GroupSerializer(many=True), 400: BAD_REQUEST},
        description="Public groups with their sessions and the places and waiting-list places left, "
        "in the order of their first session.",
    ),
    retrieve=extend_schema(responses={200: GroupSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        request=GroupWriteSerializer,
        responses={201: GroupSerializer, **WRITE_ERRORS},
        description="A group, its calendar activity and its sessions in one step (published).",
    ),
)
class GroupViewSet(viewsets.GenericViewSet):
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    lookup_value_regex = UUID_PATTERN
    permission_classes = [AllowAny]  # checked per action: creating and the participant list need a token
    filter_backends = ()
    serializer_class = GroupSerializer

    def get_queryset(self) -> QuerySet[Group]:
        if self.action == "signups":
            # A sign-up needs only the group and its activity: counting places and reading
            # sessions here would only be done again under the group's lock.
            return Group.objects.select_related("activity")
        return groups_shown()

    def get_object(self) -> Group:
        group: Group = super().get_object()
        # A draft's group is not there for the public: 404, so its existence stays private.
        if not activity_access.can_view_activity(self.request.user, group.activity):
            raise NotFound
        return group

    def _listed(self) -> QuerySet[Group]:
        qs = self.get_queryset().filter(activity__status__in=PUBLIC_STATUSES)
        query = self.request.query_params
        statuses = [v.strip() for v in query.get("status", "").split(",") if v.strip()]
        unknown = [v for v in statuses if v not in GroupStatus.values]
        if unknown:
            raise ValidationError({"status": [f"Unknown value: {', '.join(unknown)}."]})
        if statuses:
            qs = qs.filter(status__in=statuses)
        slugs = [v.strip() for v in query.get("organisation", "").split(",") if v.strip()]
        if slugs:
            known = set(Organisation.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            missing = [s for s in slugs if s not in known]
            if missing:
                raise ValidationError({"organisation": [f"Unknown organisation: {', '.join(missing)}"]})
            qs = qs.filter(activity__organisation__slug__in=slugs)
        return qs.order_by("activity__start", "id")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self._listed())
        assert page is not None
        return self.get_paginated_response(GroupSerializer(page, many=True, context={"request": request}).data)

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(GroupSerializer(self.get_object(), context={"request": request}).data)

    def create(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated
        serializer = GroupWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation", None) or default_organisation(request.user)
        if not access.can_create_group(request.user, organisation):
            raise PermissionDenied("You may not change this organisation's content.")
        group_data = {key: data.pop(key) for key in GROUP_KEYS if key in data}
        sessions: list[Mapping[str, Any]] = [dict(item) for item in data.pop("sessions")]
        place, online_url = data.pop("place"), data.pop("online_url")
        if place is None and not online_url:
            # Most groups meet at the organiser's own premises; name another place to change that.
            place = first_place(organisation)
            if place is None:
                raise ValidationError(
                    {
                        "place": [
                            _("Give the group's place (a place id) or an online_url: the organisation has no places.")
                        ]
                    }
                )
        activity_data = {
            **data,
            "organisation": organisation,
            "place": place,
            "online": bool(online_url),
            "online_url": online_url,
            "signup_required": True,
        }
        with api_errors():
            group = services.group_create(
                actor=request.user, activity_data=activity_data, group_data=group_data, sessions=sessions, source="api"
            )
        shown = groups_shown().get(pk=group.pk)
        return Response(GroupSerializer(shown, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["POST"],
        request=SignupWriteSerializer,
        responses={201: SignupCreatedSerializer, 400: BAD_REQUEST, 404: NOT_FOUND, 409: FULL},
        description="A family signs up (no login): confirmed while places last, then on the waiting list; "
        "409 when the waiting list is full too. The answer holds the family's cancellation link, shown once.",
    )
    @extend_schema(
        methods=["GET"],
        responses={200: ParticipantSerializer(many=True), **WRITE_ERRORS, 404: NOT_FOUND},
        description="The participant list, for those who run the group. Every read is in the audit log.",
    )
    @action(detail=True, methods=["get", "post"], url_path="signups")
    def signups(self, request: Request, id: str) -> Response:
        group = self.get_object()
        if request.method == "POST":
            return self._sign_up(request, group)
        if not request.user.is_authenticated:
            raise NotAuthenticated
        if not access.can_see_signups(request.user, group):
            raise PermissionDenied(_("Only those who run the group may see who signed up."))
        rows = Signup.objects.filter(group=group, erased_at__isnull=True).order_by("created_at", "id")
        page = self.paginate_queryset(rows)
        assert page is not None
        audit.record_read(request.user, group, source="api")
        return self.get_paginated_response(ParticipantSerializer(page, many=True).data)

    def _sign_up(self, request: Request, group: Group) -> Response:
        unknown_fields(request.data, SignupWriteSerializer().fields)
        serializer = SignupWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.setdefault("language", message_language())
        code = data.pop("invitation", "")
        try:
            with api_errors():
                signup, secret = services.signup_create(group=group, data=data, invitation_code=code, source="api")
        except services.GroupFull:
            return full_response()
        path = reverse("api-signup", kwargs={"id": signup.uuid, "secret": secret})
        created = {"uuid": signup.uuid, "status": signup.status, "cancellation_url": request.build_absolute_uri(path)}
        return Response(SignupCreatedSerializer(created).data, status=status.HTTP_201_CREATED)


# --- A family's own sign-up -------------------------------------------------------------------------


def own_signup(id: uuid.UUID, secret: str) -> Signup:
    """The sign-up the link names; a wrong secret is as unknown as a wrong id."""
    signup = services.signup_by_secret(secret)
    if signup is None or signup.uuid != id or signup.erased_at is not None:
        raise NotFound(_("No sign-up with this link."))
    return signup


def own_data(signup: Signup) -> dict[str, Any]:
    position = None
    if signup.status == SignupStatus.WAITING:
        ahead = Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, id__lt=signup.pk)
        position = signup.group.signups.filter(ahead, status=SignupStatus.WAITING).count() + 1
    signup.waiting_position = position  # type: ignore[attr-defined]
    return dict(OwnSignupSerializer(signup).data)


def conflict(exc: DjangoValidationError) -> Response:
    messages = [m for ms in validation_detail(exc).values() for m in ms]
    return Response({"detail": " ".join(messages)}, status=status.HTTP_409_CONFLICT)


class OwnSignupView(APIView):
    """`/api/v1/signups/<id>/<secret>/`: the family's link from its message."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OwnSignupSerializer, 404: NOT_FOUND})
    def get(self, request: Request, id: uuid.UUID, secret: str) -> Response:
        return Response(own_data(own_signup(id, secret)))

    @extend_schema(
        responses={204: None, 404: NOT_FOUND, 409: GONE},
        description="Cancel the sign-up. A freed place is offered to the first on the waiting list.",
    )
    def delete(self, request: Request, id: uuid.UUID, secret: str) -> Response:
        signup = own_signup(id, secret)
        try:
            services.signup_cancel(signup=signup, source="api")
        except DjangoValidationError as exc:
            return conflict(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AcceptOfferView(APIView):
    """`/api/v1/signups/<id>/<secret>/accept/`: take the place offered from the waiting list."""

    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={200: OwnSignupSerializer, 404: NOT_FOUND, 409: GONE})
    def post(self, request: Request, id: uuid.UUID, secret: str) -> Response:
        signup = own_signup(id, secret)
        try:
            signup = services.signup_accept(signup=signup, source="api")
        except DjangoValidationError as exc:
            return conflict(exc)
        return Response(own_data(Signup.objects.select_related("group__activity").get(pk=signup.pk)))


__all__ = ["AcceptOfferView", "GroupViewSet", "OwnSignupView"]
