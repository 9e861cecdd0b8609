"""The wellbeing clinic's API, for the nurse's own Bearer token.

- `GET /api/v1/wellbeing/families/`: her active families, each parent's latest sent
  form (questionnaire, point, total, level, alert) and the family's alert count.
- `POST /api/v1/wellbeing/families/`: put a family on her schedule
  `{"clinic": "<organisation slug>", "label", "due_date", "birth_date", "parents":
  [{"label": "mother", "language": "fi"}]}`; 201 with the family, 400 per field.
- `GET /api/v1/wellbeing/families/<id>/`: the family's scores side by side: per
  questionnaire a row per point with a cell per parent (state, sent, total, level,
  alert, trend against the previous point).

Anonymous callers get 401, signed-in people who are not nurses 403 on the list, and
anyone but the family's own nurse 404 for a family. Every answer shown is a read in
the audit log.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from perhekeskus.core import audit
from perhekeskus.core.api import BAD_REQUEST, NOT_FOUND, WRITE_ERRORS, service_errors
from perhekeskus.network.models import Organisation
from perhekeskus.wellbeing import access, queries, services
from perhekeskus.wellbeing.models import Family, Parent

SOURCE = "api"


class LatestSerializer(serializers.Serializer):
    questionnaire = serializers.CharField()
    point = serializers.CharField(help_text="pregnancy, 2-3-months or 1-year")
    sent_at = serializers.DateTimeField()
    total = serializers.FloatField(allow_null=True)
    level = serializers.CharField(allow_null=True, help_text="none, watch or discuss; null with answers missing")
    alert = serializers.BooleanField()


class ParentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField(help_text="mother, father or parent")  # type: ignore[assignment]
    language = serializers.CharField()
    states = serializers.DictField(
        child=serializers.CharField(), help_text="per point: not-yet, due, waiting, sent or erased"
    )
    latest = LatestSerializer(allow_null=True)


class FamilySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField()  # type: ignore[assignment]
    clinic = serializers.CharField(help_text="the organisation's slug")
    due_date = serializers.DateField()
    birth_date = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="active or closed")
    alerts = serializers.IntegerField(help_text="sent forms with an alert answer or the level discuss")
    parents = ParentSerializer(many=True)


class CellSerializer(serializers.Serializer):
    parent = serializers.UUIDField()  # type: ignore[assignment]
    state = serializers.CharField(help_text="none (no form), waiting or sent")
    sent_at = serializers.DateTimeField(allow_null=True)
    total = serializers.FloatField(allow_null=True)
    level = serializers.CharField(allow_null=True)
    alert = serializers.BooleanField()
    trend = serializers.CharField(allow_null=True, help_text="up, down or same against the previous point")
    change = serializers.FloatField(allow_null=True)


class PointRowSerializer(serializers.Serializer):
    point = serializers.CharField()
    cells = CellSerializer(many=True)


class ScoreTableSerializer(serializers.Serializer):
    questionnaire = serializers.CharField()
    rows = PointRowSerializer(many=True)


class FamilyScoresSerializer(FamilySerializer):
    scores = ScoreTableSerializer(many=True)


class ParentWriteSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="mother, father or parent")  # type: ignore[assignment]
    language = serializers.CharField(required=False, default="fi", help_text="fi, sv or en")


class FamilyWriteSerializer(serializers.Serializer):
    clinic = serializers.CharField(required=False, help_text="an organisation where you are a professional")
    label = serializers.CharField(max_length=60)  # type: ignore[assignment]
    due_date = serializers.DateField()
    birth_date = serializers.DateField(required=False, allow_null=True)
    parents = ParentWriteSerializer(many=True)


def _signed_in(request: Request) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied


def _latest(parent: Parent) -> dict[str, Any] | None:
    sent = [f for f in parent.forms.all() if f.response.submitted_at and f.response.erased_at is None]
    if not sent:
        return None
    form = max(sent, key=lambda f: f.response.submitted_at or timezone.now())
    score = form.response.score or {}
    return {
        "questionnaire": form.questionnaire.identifier,
        "point": form.point,
        "sent_at": form.response.submitted_at,
        "total": score.get("total"),
        "level": score.get("level"),
        "alert": form.response.alert,
    }


def family_data(family: Family, parents: list[Parent]) -> dict[str, Any]:
    statuses = queries.point_statuses(family, parents, timezone.localdate())
    return {
        "id": family.uuid,
        "label": family.label,
        "clinic": family.clinic.slug,
        "due_date": family.due_date,
        "birth_date": family.birth_date,
        "status": family.status,
        "alerts": sum(1 for p in parents for f in p.forms.all() if queries.is_alert(f)),
        "parents": [
            {
                "id": p.uuid,
                "label": p.label,
                "language": p.language,
                "states": {str(s.point): s.state for s in statuses if s.parent.pk == p.pk},
                "latest": _latest(p),
            }
            for p in parents
        ],
    }


def scores_data(parents: list[Parent]) -> list[dict[str, Any]]:
    tables = []
    for table in queries.score_tables(parents):
        rows = []
        for row in table.rows:
            cells = []
            for parent, cell in zip(parents, row.cells, strict=True):
                state = "sent" if cell.sent else ("waiting" if cell.form else "none")
                cells.append(
                    {
                        "parent": parent.uuid,
                        "state": state,
                        "sent_at": cell.sent_at,
                        "total": cell.total,
                        "level": cell.level,
                        "alert": cell.alert,
                        "trend": cell.trend,
                        "change": cell.change,
                    }
                )
            rows.append({"point": str(row.point), "cells": cells})
        tables.append({"questionnaire": table.questionnaire.identifier, "rows": rows})
    return tables


class FamiliesView(GenericAPIView[Any]):
    permission_classes = [AllowAny]  # checked below: 401 anonymous, 403 not a nurse
    serializer_class = FamilySerializer
    queryset = Family.objects.none()  # the schema's model; the rows are the nurse's own

    def _nurse(self, request: Request) -> None:
        _signed_in(request)
        if not access.is_nurse(request.user):
            raise PermissionDenied(_("The wellbeing clinic's families are for nurses."))

    @extend_schema(
        responses={200: FamilySerializer(many=True), **WRITE_ERRORS},
        description="Your active families on the schedule with each parent's latest sent form and alerts.",
    )
    def get(self, request: Request) -> Response:
        self._nurse(request)
        families = queries.nurse_families(request.user)
        page: list[Family] | None = self.paginate_queryset(families)  # type: ignore[arg-type,assignment]
        assert page is not None
        data = []
        for family in page:
            audit.record_read(request.user, family, source=SOURCE)
            data.append(FamilySerializer(family_data(family, queries.parents_of(family))).data)
        return self.get_paginated_response(data)

    @extend_schema(
        request=FamilyWriteSerializer,
        responses={201: FamilyScoresSerializer, 400: BAD_REQUEST, 401: WRITE_ERRORS[401], 403: WRITE_ERRORS[403]},
        description="Put a family on your schedule; you are its nurse.",
    )
    def post(self, request: Request) -> Response:
        self._nurse(request)
        serializer = FamilyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        clinics = access.nurse_clinics(request.user)
        if data.get("clinic"):
            clinic = Organisation.objects.filter(slug=data["clinic"]).first()
            if clinic is None or clinic not in clinics:
                raise ValidationError({"clinic": [_("Not an organisation where you are a professional.")]})
        elif len(clinics) == 1:
            clinic = clinics[0]
        else:
            raise ValidationError({"clinic": [_("Name the clinic: you work in several.")]})
        with service_errors({}):
            family = services.family_create(
                actor=request.user,
                clinic=clinic,
                nurse=request.user,
                label=data["label"],
                due_date=data["due_date"],
                birth_date=data.get("birth_date"),
                parents=[dict(p) for p in data["parents"]],
                source=SOURCE,
            )
        parents = queries.parents_of(family)
        body = {**family_data(family, parents), "scores": scores_data(parents)}
        return Response(FamilyScoresSerializer(body).data, status=status.HTTP_201_CREATED)


class FamilyView(GenericAPIView[Any]):
    permission_classes = [AllowAny]
    serializer_class = FamilyScoresSerializer
    queryset = Family.objects.none()

    @extend_schema(
        responses={200: FamilyScoresSerializer, 401: WRITE_ERRORS[401], 404: NOT_FOUND},
        description="A family's scores side by side (its own nurse only).",
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        _signed_in(request)
        family = Family.objects.select_related("clinic").filter(uuid=id, erased_at__isnull=True).first()
        if family is None or not access.can_see_family(request.user, family):
            raise NotFound
        parents = queries.parents_of(family)
        audit.record_read(request.user, family, source=SOURCE)
        body = {**family_data(family, parents), "scores": scores_data(parents)}
        return Response(FamilyScoresSerializer(body).data)
