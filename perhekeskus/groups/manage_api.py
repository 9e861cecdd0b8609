"""API of the organisers' part of groups: facilitators, the go/no-go decision, nearby groups, settings.

- `GET/PUT /api/v1/groups/<id>/facilitators/`: read by those who run the group and its
  facilitators; replaced as a whole by those who run it (a pair from different
  organisations, see `groups.facilitators`).
- `POST /api/v1/groups/<id>/decision/`: `{"decision": "start"|"postpone"|"merge"|"cancel", …}`;
  every family still signed up is told.
- `GET /api/v1/groups/<id>/nearby/`: groups the families could be merged into.
- `PATCH /api/v1/groups/<id>/settings/`: places, waiting list, minimum, sign-up window,
  go/no-go date.

Anonymous 401, someone else 403, bad input 400 `{"field": ["message"]}`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.core.api import BAD_REQUEST, NOT_FOUND, WRITE_ERRORS, service_errors
from perhekeskus.groups import access, decisions, facilitators, services
from perhekeskus.groups.api import groups_shown
from perhekeskus.groups.manage_serializers import (
    DecisionSerializer,
    FacilitatorSerializer,
    FacilitatorsSerializer,
    NearbySerializer,
    SettingsSerializer,
)
from perhekeskus.groups.models import Group
from perhekeskus.groups.serializers import GroupSerializer

SOURCE = "api"


def _group(request: Request, id: uuid.UUID, *, run: bool = True) -> Group:
    if not request.user.is_authenticated:
        raise NotAuthenticated
    group = get_object_or_404(Group.objects.select_related("activity__organisation"), uuid=id)
    allowed = access.can_run_group(request.user, group) if run else access.can_see_signups(request.user, group)
    if not allowed:
        raise PermissionDenied(_("Only those who run the group may do this."))
    return group


def _facilitators(group: Group) -> dict[str, Any]:
    rows = group.facilitators.select_related("organisation", "user")
    return {
        "facilitators": [FacilitatorSerializer(f).data for f in rows],
        "partner_missing": facilitators.partner_missing(group),
    }


class FacilitatorsView(APIView):
    @extend_schema(responses={200: FacilitatorsSerializer, 404: NOT_FOUND, **WRITE_ERRORS})
    def get(self, request: Request, id: uuid.UUID) -> Response:
        return Response(_facilitators(_group(request, id, run=False)))

    @extend_schema(request=FacilitatorsSerializer, responses={200: FacilitatorsSerializer, **WRITE_ERRORS})
    def put(self, request: Request, id: uuid.UUID) -> Response:
        group = _group(request, id)
        serializer = FacilitatorsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [dict(item) for item in serializer.validated_data["facilitators"]]
        with service_errors({}):
            facilitators.facilitators_set(actor=request.user, group=group, facilitators=rows, source=SOURCE)
        return Response(_facilitators(group))


def _shown(group: Group, request: Request) -> dict[str, Any]:
    return dict(GroupSerializer(groups_shown().get(pk=group.pk), context={"request": request}).data)


class DecisionView(APIView):
    @extend_schema(
        request=DecisionSerializer,
        responses={200: GroupSerializer, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Start, postpone (new sessions and go/no-go date), merge (into a nearby group) "
        "or cancel (with a note) a group. Every family still signed up is told.",
    )
    def post(self, request: Request, id: uuid.UUID) -> Response:
        group = _group(request, id)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = data["decision"]
        with service_errors({}):
            if decision == "start":
                decisions.group_start(actor=request.user, group=group, source=SOURCE)
            elif decision == "postpone":
                decisions.group_postpone(
                    actor=request.user,
                    group=group,
                    sessions=[dict(s) for s in data["sessions"]],
                    decision_date=data["decision_date"],
                    enrolment_closes=data["enrolment_closes"],
                    source=SOURCE,
                )
            elif decision == "merge":
                decisions.group_merge(actor=request.user, group=group, into=data["into"], source=SOURCE)
            else:
                note = {key[len("note_") :]: value for key, value in data.items() if key.startswith("note_")}
                decisions.group_cancel(actor=request.user, group=group, note=note, source=SOURCE)
        return Response(_shown(group, request))


class NearbyView(APIView):
    @extend_schema(responses={200: NearbySerializer(many=True), 404: NOT_FOUND, **WRITE_ERRORS})
    def get(self, request: Request, id: uuid.UUID) -> Response:
        group = _group(request, id)
        return Response(NearbySerializer(decisions.nearby_groups(group), many=True).data)


class SettingsView(APIView):
    @extend_schema(request=SettingsSerializer, responses={200: GroupSerializer, 400: BAD_REQUEST, **WRITE_ERRORS})
    def patch(self, request: Request, id: uuid.UUID) -> Response:
        group = _group(request, id)
        serializer = SettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors({}):
            services.group_update(actor=request.user, group=group, data=serializer.validated_data, source=SOURCE)
        return Response(_shown(group, request))
