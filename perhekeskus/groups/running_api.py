"""API of the facilitators' records and of the feedback form.

- `GET /api/v1/groups/<id>/sessions/`: the group's sessions with the counts recorded
  (and the notes) — for those who run the group and its facilitators with an account.
- `PUT /api/v1/groups/<id>/sessions/<session>/attendance/`: replace a session's attendance:
  `{"present": [{"signup": "<sign-up id>", "adults": 2, "children": 1}], "notes": "…"}`.
- `GET /api/v1/groups/<id>/feedback/`: the feedback summary (no breakdown under 5 answers).
- `POST /api/v1/feedback/<key>/`: a family's anonymous answer with the key from its
  message; no login. 201, 400 per field, 404 unknown key, 410 already answered.

Anonymous callers get 401, those not running the group 403 (`core.api.exception_handler`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.activities import access as activity_access
from perhekeskus.activities.models import Session
from perhekeskus.core import audit
from perhekeskus.core.api import BAD_REQUEST, DETAIL_SCHEMA, NOT_FOUND, WRITE_ERRORS, service_errors
from perhekeskus.groups import access, feedback, running
from perhekeskus.groups.models import Group, Signup

SOURCE = "api"
USED = OpenApiResponse(DETAIL_SCHEMA, description="This key has been used: the family has answered already.")


def _group(request: Request, id: uuid.UUID) -> Group:
    group = get_object_or_404(Group.objects.select_related("activity"), uuid=id)
    if not activity_access.can_view_activity(request.user, group.activity):
        raise NotFound
    if not access.can_see_signups(request.user, group):
        raise PermissionDenied(_("Only those who run the group may see its records."))
    return group


class SessionCountSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="session.pk")
    number = serializers.IntegerField()
    start = serializers.DateTimeField(source="session.start")
    end = serializers.DateTimeField(source="session.end")
    cancelled = serializers.BooleanField(source="session.cancelled")
    recorded = serializers.BooleanField()
    families_present = serializers.IntegerField(source="families", allow_null=True)
    adults_present = serializers.IntegerField(source="adults", allow_null=True)
    children_present = serializers.IntegerField(source="children", allow_null=True)
    notes = serializers.CharField(allow_null=True, help_text="null once erased with the sign-ups")


def _sessions_data(group: Group, with_notes: bool) -> list[dict[str, Any]]:
    rows = []
    for count in running.session_counts(group):
        row = dict(SessionCountSerializer(count).data)
        row["notes"] = None if count.notes_erased or not with_notes else count.notes
        rows.append(row)
    return rows


class SessionsView(APIView):
    permission_classes = [AllowAny]  # checked by `_group`: 401 anonymous, 403 others

    @extend_schema(
        responses={200: SessionCountSerializer(many=True), **WRITE_ERRORS, 404: NOT_FOUND},
        description="The group's sessions in order with the counts recorded; notes for those who run it.",
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        group = _group(request, id)
        with_notes = access.can_record_sessions(request.user, group)
        if with_notes:
            audit.record_read(request.user, group, source=SOURCE)
        return Response({"data": _sessions_data(group, with_notes)})


class PresentSerializer(serializers.Serializer):
    signup = serializers.UUIDField()
    adults = serializers.IntegerField(required=False, allow_null=True)
    children = serializers.IntegerField(required=False, allow_null=True)


class AttendanceWriteSerializer(serializers.Serializer):
    present = PresentSerializer(many=True)
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True, trim_whitespace=False)


class AttendanceView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        request=AttendanceWriteSerializer,
        responses={200: SessionCountSerializer, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Replace the session's attendance: the families who came (the others did not) and the "
        "notes (left as they are when not given). The counts are worked out from it.",
    )
    def put(self, request: Request, id: uuid.UUID, session_id: int) -> Response:
        group = _group(request, id)
        session = get_object_or_404(Session, pk=session_id, activity_id=group.activity_id)
        serializer = AttendanceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ids = dict(Signup.objects.filter(group=group).values_list("uuid", "pk"))
        unknown = [str(row["signup"]) for row in data["present"] if row["signup"] not in ids]
        if unknown:
            raise ValidationError(
                {"present": [_("Not a sign-up of this group: %(ids)s.") % {"ids": ", ".join(unknown)}]}
            )
        present = {
            ids[row["signup"]]: {"adults": row.get("adults"), "children": row.get("children")}
            for row in data["present"]
        }
        with service_errors({}):
            running.attendance_record(
                actor=request.user, session=session, present=present, notes=data.get("notes"), source=SOURCE
            )
        row = next(r for r in _sessions_data(group, True) if r["id"] == session.pk)
        return Response(row)


class FeedbackSummaryView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: OpenApiResponse(description="Counts per answer and averages."), **WRITE_ERRORS},
        description="The group's feedback: with fewer than 5 answers only their number (`enough` false).",
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        group = _group(request, id)
        summary = feedback.feedback_summary(group)
        if summary["enough"]:
            audit.record_read(request.user, group, source=SOURCE)
        requested = summary["requested_at"]
        return Response({**summary, "requested_at": requested.isoformat() if requested else None})


class FeedbackAnswerSerializer(serializers.Serializer):
    overall = serializers.IntegerField(help_text="1 (poor) … 5 (very good)")
    useful = serializers.IntegerField(required=False, allow_null=True)
    atmosphere = serializers.IntegerField(required=False, allow_null=True)
    would_recommend = serializers.ChoiceField(choices=["yes", "no", ""], required=False, allow_null=True)
    liked = serializers.CharField(required=False, allow_blank=True)
    improve = serializers.CharField(required=False, allow_blank=True)


class FeedbackAnswerView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []  # the key is the credential; no session, no CSRF

    @extend_schema(
        request=FeedbackAnswerSerializer,
        responses={201: OpenApiResponse(DETAIL_SCHEMA), 400: BAD_REQUEST, 404: NOT_FOUND, 410: USED},
        description="A family's anonymous answer, once per key. The language is the request's.",
    )
    def post(self, request: Request, token: str) -> Response:
        if not isinstance(request.data, dict):
            raise ValidationError({"overall": [_("Choose a number from 1 to 5.")]})
        language = (translation.get_language() or "fi")[:2]
        try:
            with service_errors({}):
                feedback.feedback_submit(token, request.data, language=language)
        except feedback.FeedbackUnknown:
            raise NotFound(_("No feedback form with this link.")) from None
        except feedback.FeedbackUsed:
            return Response(
                {"detail": _("This link has been used: your family has answered already. Thank you!")},
                status=status.HTTP_410_GONE,
            )
        return Response({"detail": _("Thank you for your feedback.")}, status=status.HTTP_201_CREATED)
