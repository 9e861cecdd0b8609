"""API of the facilitators' records and of the feedback form.

- `GET /api/v1/groups/<id>/sessions/`: the group's sessions with the counts recorded
  (and the notes) — for those who run the group and its facilitators with an account.
- `PUT /api/v1/groups/<id>/sessions/<session>/attendance/`: replace a session's attendance:
  `{"present": [{"signup": "<sign-up id>", "adults": 2, "children": 1}], "notes": "…"}`.
- `GET /api/v1/groups/<id>/feedback/`: the feedback summary (no breakdown under 5 answers).
- `POST /api/v1/feedback/<key>/`: a family's anonymous answer with the key from its
  message; no login. The answers in the questionnaire's shape,
  `{"answers": {"overall": ["4"], "recommend": ["yes"], "good": ["…"]}}` (the linkIds of
  `group-feedback`), or for now in the first format's flat fields (`{"overall": 4,
  "would_recommend": "yes", "liked": "…"}`). 201, 400 per field (linkId or flat field),
  404 unknown key, 410 already answered or closed.

Anonymous callers get 401, those not running the group 403 (`core.api.exception_handler`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
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
from perhekeskus.questionnaires.filling import AnswerError

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
    answers = serializers.DictField(
        child=serializers.ListField(),
        help_text='{linkId: [values]} of the "group-feedback" questionnaire: "overall" (required), "useful" and '
        '"atmosphere" ["1"…"5"], "recommend" ["yes" or "no"], "good" and "better" [text].',
    )


def _answers(data: Any) -> Any:
    """The answers in the questionnaire's shape, from either format (ValidationError: 400)."""
    if not isinstance(data, dict):
        raise ValidationError({"answers": [_("Give the answers as an object of question: [answers].")]})
    if "answers" not in data:
        try:
            return feedback.answers_from_flat(data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
    other = sorted(set(data) - {"answers"})
    if other:
        raise ValidationError({name: [_("Unknown field.")] for name in other})
    return data["answers"]


class FeedbackAnswerView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []  # the key is the credential; no session, no CSRF

    @extend_schema(
        request=FeedbackAnswerSerializer,
        responses={201: OpenApiResponse(DETAIL_SCHEMA), 400: BAD_REQUEST, 404: NOT_FOUND, 410: USED},
        description="A family's anonymous answer, once per key, sent as a response of the group-feedback "
        "questionnaire. The language is the request's. For one more release the first format's flat fields "
        "are accepted in place of `answers`: overall (1-5, required), useful and atmosphere (1-5), "
        "would_recommend (yes/no), liked and improve (text).",
    )
    def post(self, request: Request, token: str) -> Response:
        language = (translation.get_language() or "fi")[:2]
        try:
            feedback.invite_by_token(token)  # an unknown key is told before any field
            answers = _answers(request.data)
            feedback.feedback_submit(token, answers, language=language)
        except feedback.FeedbackUnknown:
            raise NotFound(_("No feedback form with this link.")) from None
        except (feedback.FeedbackUsed, feedback.FeedbackClosed) as exc:
            used = isinstance(exc, feedback.FeedbackUsed)
            detail = (
                _("This link has been used: your family has answered already. Thank you!")
                if used
                else _("This feedback form is closed.")
            )
            return Response({"detail": detail}, status=status.HTTP_410_GONE)
        except AnswerError as exc:
            raise ValidationError({name: [reason] for name, reason in exc.errors.items()}) from None
        return Response({"detail": _("Thank you for your feedback.")}, status=status.HTTP_201_CREATED)
