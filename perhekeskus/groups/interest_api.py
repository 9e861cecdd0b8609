"""REST API of interest lists.

- `POST /api/v1/interest/` (no login): a family's entry; 201 with the `withdraw_url`
  (shown once; only its secret's hash is stored). `DELETE` on it takes the entry off the
  list and erases the address at once.
- `GET /api/v1/interest/summary/` (coordinators and admins): waiting entries per kind,
  municipality, district and time — counts only.
- `POST /api/v1/groups/<uuid>/invite-interested/` (the area's coordinator who may run the
  group, or an admin): invite every waiting family for `kind` in `area`, optionally only
  those for whom one of `times` suits.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.core.api import BAD_REQUEST, NOT_FOUND, WRITE_ERRORS, service_errors
from perhekeskus.groups import interest
from perhekeskus.groups.api import message_language, unknown_fields
from perhekeskus.groups.interest_messages import ANY_TIME
from perhekeskus.groups.models import Group, InterestTime
from perhekeskus.network.models import Area, AreaKind


def area_by_slug(slug: Any, name: str = "area") -> Area:
    found = Area.objects.select_related("parent").filter(slug=str(slug or "")).first()
    if found is None:
        raise ValidationError({name: [_("Unknown area: %(slug)s") % {"slug": slug}]})
    return found


class InterestWriteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=interest.KINDS)
    area = serializers.CharField(help_text="A district's or a municipality's slug.")
    times = serializers.ListField(
        child=serializers.ChoiceField(choices=InterestTime.values), required=False, help_text="Empty: any time."
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    email = serializers.EmailField()
    language = serializers.ChoiceField(choices=["fi", "sv", "en"], required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    children_birth_years = serializers.ListField(child=serializers.IntegerField(), required=False)


class InterestCreatedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    status = serializers.CharField()
    withdraw_url = serializers.CharField()


def _own(id: uuid.UUID, secret: str) -> Any:
    found = interest.interest_by_secret(secret)
    if found is None or found.uuid != id or found.erased_at is not None:
        raise NotFound(_("No entry with this link."))
    return found


class InterestCreateView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=InterestWriteSerializer, responses={201: InterestCreatedSerializer, 400: BAD_REQUEST})
    def post(self, request: Request) -> Response:
        unknown_fields(request.data, InterestWriteSerializer().fields)
        serializer = InterestWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["area"] = area_by_slug(data["area"])
        data.setdefault("language", message_language())
        with service_errors({}):
            entry, secret = interest.interest_create(data, source="api")
        path = reverse("api-interest-own", kwargs={"id": entry.uuid, "secret": secret})
        created = {"id": entry.uuid, "status": entry.status, "withdraw_url": request.build_absolute_uri(path)}
        return Response(InterestCreatedSerializer(created).data, status=status.HTTP_201_CREATED)


class OwnInterestView(APIView):
    """`/api/v1/interest/<id>/<secret>/`: the family's link from its message."""

    permission_classes = [AllowAny]

    @extend_schema(responses={204: None, 404: NOT_FOUND}, description="Take the entry off the list (erased at once).")
    def delete(self, request: Request, id: uuid.UUID, secret: str) -> Response:
        _own(id, secret)
        interest.interest_withdraw(secret, source="api")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _counts(row: interest.AreaCount) -> dict[str, Any]:
    return {"total": row.total, "times": {t: row.times.get(t, 0) for t in interest.TIME_KEYS}}


def summary_data(rows: list[interest.KindCounts]) -> list[dict[str, Any]]:
    return [
        {
            "kind": row.kind,
            "municipality": row.municipality.area.slug,
            **_counts(row.municipality),
            "reached": row.reached,
            "districts": [{"area": d.area.slug, "whole": d.whole, **_counts(d)} for d in row.districts],
        }
        for row in rows
    ]


class InterestSummaryView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("area", str, description="Only entries in this area (a slug).")],
        responses={
            200: inline_serializer(
                "InterestSummary",
                {
                    "threshold": serializers.IntegerField(),
                    "times": serializers.ListField(),
                    "data": serializers.ListField(),
                },
            ),
            **WRITE_ERRORS,
        },
        description=f"Waiting entries per kind, municipality, district and time ('{ANY_TIME}' = any time suits).",
    )
    def get(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated
        if not interest.can_see_interest(request.user):
            raise PermissionDenied(_("Only the area's coordinators see the interest lists."))
        area = area_by_slug(request.query_params["area"]) if request.query_params.get("area") else None
        rows = interest.interest_counts(area, area_ids=interest.coordinated_area_ids(request.user))
        return Response({"threshold": interest.threshold(), "times": interest.TIME_KEYS, "data": summary_data(rows)})


class InviteInterestedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=interest.KINDS)
    area = serializers.CharField(help_text="A municipality's or a district's slug.")
    times = serializers.ListField(child=serializers.ChoiceField(choices=InterestTime.values), required=False)


class InviteInterestedView(APIView):
    @extend_schema(
        request=InviteInterestedSerializer,
        responses={200: inline_serializer("Invited", {"invited": serializers.IntegerField()}), **WRITE_ERRORS},
    )
    def post(self, request: Request, id: uuid.UUID) -> Response:
        group = get_object_or_404(Group.objects.select_related("activity__organisation"), uuid=id)
        if not request.user.is_authenticated:
            raise NotAuthenticated
        unknown_fields(request.data, InviteInterestedSerializer().fields)
        serializer = InviteInterestedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        area = area_by_slug(data["area"])
        if area.kind not in (AreaKind.MUNICIPALITY, AreaKind.DISTRICT):
            raise ValidationError({"area": [_("Choose a district or a municipality.")]})
        if not interest.may_open_for_interest(request.user, group, area):
            raise PermissionDenied(_("Only the area's coordinator who may run the group invites the families."))
        with service_errors({}):
            invited = interest.group_open_for_interest(
                actor=request.user, group=group, kind=data["kind"], area=area, times=data.get("times"), source="api"
            )
        return Response({"invited": invited})
