"""REST API of the activity calendar: `/api/v1/activities/` and `/api/v1/occurrences/`.

Thin views over `queries.py`, `params.py` and `services.py`. Filters are read with
`params.filters_from_query`, so `?area=matinkyla&age=2` selects the same activities
here as on the calendar page and in the `.ics` feed. Reads are public (drafts only for
those who may edit them); writes need `Authorization: Bearer <token>` and call the
service functions with `actor=request.user, source="api"`, which check `access.py`,
validate the timing and audit the change.

PUT replaces the whole activity (fields left out go back to their defaults); PATCH
changes only the fields given. Single occurrences are cancelled, moved or excluded
with `POST /activities/<id>/changes/` and restored with `DELETE` on the same address.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from perhekeskus.accounts.models import Membership, Role
from perhekeskus.activities import access, params, queries, services
from perhekeskus.activities.models import PUBLIC_STATUSES, Activity, ActivityStatus, OccurrenceChange, Participation
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.activities.serializers import (
    ActivitySerializer,
    ActivityWriteSerializer,
    ChangeSerializer,
    OccurrenceSerializer,
    OffsetDateTimeField,
)
from perhekeskus.core.api import (
    BAD_REQUEST,
    NOT_FOUND,
    WRITE_ERRORS,
    list_parameter,
    service_errors,
    text_parameter,
)
from perhekeskus.core.translation import CONTENT_LANGUAGES
from perhekeskus.network.models import Organisation

UUID_PATTERN = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
NEXT_COUNT = 5
# Next occurrences of a page of activities: first a short window for all of them, then a
# year for the few that have fewer in it (monthly or far-off ones). Two windows cost four
# queries whatever the page size; one year for every daily activity would cost time.
NEAR_DAYS, FAR_DAYS = 62, 400
ACTIVITY_WINDOW_DAYS = 365  # `start` without `end` on the activity list
EDITING_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.EDITOR)

# The services name fields as the model does; the API names some of them differently.
API_NAMES = {
    "target_groups": "audience",
    "contact_name": "contact.name",
    "contact_email": "contact.email",
    "contact_phone": "contact.phone",
    "series_end": "rrule",
}


def api_errors() -> AbstractContextManager[None]:
    """A service's ValidationError as 400 `{"field": [...]}` under this API's field names."""
    return service_errors(API_NAMES)


def read_query(request: Request) -> queries.CalendarFilters:
    with api_errors():
        return params.filters_from_query(request.query_params)


def next_occurrences(activities: Sequence[Activity], now: datetime) -> dict[int, list[Occurrence]]:
    """The next `NEXT_COUNT` occurrences of each activity from `now`, in a few queries."""
    found: dict[int, list[Occurrence]] = defaultdict(list)
    near_end = now + timedelta(days=NEAR_DAYS)
    for o in occurrences_for(activities, now, near_end):
        found[o.activity.pk].append(o)
    short = [
        a
        for a in activities
        if len(found[a.pk]) < NEXT_COUNT and a.rrule and (a.series_end is None or a.series_end > near_end)
    ]
    short += [a for a in activities if not a.rrule and a.start >= near_end]
    if short:
        for o in occurrences_for(short, near_end, now + timedelta(days=FAR_DAYS)):
            if o.start >= near_end:  # ones overlapping the boundary were found already
                found[o.activity.pk].append(o)
    return {pk: items[:NEXT_COUNT] for pk, items in found.items()}


def default_organisation(user: Any) -> Organisation:
    """The organisation an editor's token writes for when the request names none: the one
    organisation of their editing memberships (or of all their memberships)."""
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    editing = {m.organisation_id: m.organisation for m in memberships if m.role in EDITING_ROLES}
    candidates = editing or {m.organisation_id: m.organisation for m in memberships}
    if len(candidates) != 1:
        raise ValidationError(
            {"organisation": ["Give the organiser's slug: your account is not a member of exactly one organisation."]}
        )
    return next(iter(candidates.values()))


# --- Schema ---------------------------------------------------------------------------------

FILTER_PARAMETERS = [
    text_parameter(),
    list_parameter("area", "Area slugs; a district also finds what its municipality runs for everyone."),
    list_parameter("organisation", "Organiser or co-organiser slugs."),
    list_parameter("service_type", "Service type codes (sub-types included)."),
    list_parameter("life_stage", "Life stage codes."),
    list_parameter("language", "Language codes (ISO 639-1)."),
    list_parameter("audience", "Target group codes (fathers, immigrant families, …)."),
    list_parameter("participation", "Kinds of participation.", Participation.values),
    OpenApiParameter("age", OpenApiTypes.INT, description="A child's age in whole years (0 = under one), 0–17."),
    OpenApiParameter("age_months", OpenApiTypes.INT, description="A child's age in months, 0–215."),
    OpenApiParameter(
        "evenings_weekends",
        OpenApiTypes.BOOL,
        description="Only occurrences starting at 17:00 or later, or on Saturday or Sunday (Europe/Helsinki).",
    ),
]
WINDOW_DOC = (
    "A date YYYY-MM-DD (a day in Europe/Helsinki; `end` date included) or an ISO 8601 time with "
    "its offset (`end` excluded)."
)


def window_parameters(required: bool) -> list[OpenApiParameter]:
    return [
        OpenApiParameter("start", OpenApiTypes.STR, required=required, description=f"Window start. {WINDOW_DOC}"),
        OpenApiParameter(
            "end",
            OpenApiTypes.STR,
            required=required,
            description=f"Window end, at most {params.MAX_WINDOW_DAYS} days after the start. {WINDOW_DOC}",
        ),
    ]


ACTIVITY_LIST_PARAMETERS = [
    *FILTER_PARAMETERS,
    *window_parameters(required=False),
    list_parameter(
        "status",
        "Statuses; left out: published, cancelled and ended. Drafts are listed only to those who may edit them.",
        ActivityStatus.values,
    ),
]
ORIGINAL_START = OpenApiParameter(
    "original_start",
    OpenApiTypes.DATETIME,
    required=True,
    description="The start the rule gives the occurrence, with its offset (`+` encoded as %2B).",
)


# --- Activities ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=ACTIVITY_LIST_PARAMETERS,
        responses={200: ActivitySerializer(many=True), 400: BAD_REQUEST},
        description="Activities matching the calendar filters; with `start`/`end`, those with an occurrence "
        "in the window. In order of their first start.",
    ),
    retrieve=extend_schema(responses={200: ActivitySerializer, 404: NOT_FOUND}),
    create=extend_schema(request=ActivityWriteSerializer, responses={201: ActivitySerializer, **WRITE_ERRORS}),
    update=extend_schema(
        request=ActivityWriteSerializer,
        responses={200: ActivitySerializer, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Replace the whole activity.",
    ),
    partial_update=extend_schema(
        request=ActivityWriteSerializer,
        responses={200: ActivitySerializer, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Change the fields given.",
    ),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS, 404: NOT_FOUND}),
)
class ActivityViewSet(viewsets.GenericViewSet):
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    lookup_value_regex = UUID_PATTERN
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = ()  # filters are read by `params.py`, applied by `queries.py`
    serializer_class = ActivitySerializer

    @staticmethod
    def _related(qs: QuerySet[Activity]) -> QuerySet[Activity]:
        return qs.select_related("organisation", "place", "area", "service_type").prefetch_related(
            "co_organisers", "life_stages", "target_groups", "languages", "changes"
        )

    def _statuses(self) -> tuple[str, ...]:
        raw = [v.strip() for v in self.request.query_params.get("status", "").split(",") if v.strip()]
        unknown = [v for v in raw if v not in ActivityStatus.values]
        if unknown:
            raise ValidationError({"status": [f"Unknown value: {', '.join(unknown)}."]})
        return tuple(dict.fromkeys(raw)) or tuple(PUBLIC_STATUSES)

    def _listed(self) -> QuerySet[Activity]:
        f = read_query(self.request)
        statuses = self._statuses()
        qs = queries.activities_filtered(f, statuses)
        if ActivityStatus.DRAFT in statuses:
            drafts = access.editable_activities(Activity.objects.filter(status=ActivityStatus.DRAFT), self.request.user)
            qs = qs.filter(~Q(status=ActivityStatus.DRAFT) | Q(pk__in=drafts.values("pk")))
        query = self.request.query_params
        if query.get("start") or query.get("end"):
            with api_errors():
                start, end = params.window_from_query(
                    query, default_start=timezone.localdate(), default_days=ACTIVITY_WINDOW_DAYS
                )
            # Exact: the activities with an occurrence in the window, not just a running series.
            ids = {o.activity.pk for o in queries.occurrences_find(f, start, end, statuses)}
            qs = qs.filter(pk__in=ids)
        return qs

    def get_queryset(self) -> QuerySet[Activity]:
        if self.action == "list":
            return self._related(self._listed())
        return self._related(Activity.objects.all())

    def get_object(self) -> Activity:
        activity: Activity = super().get_object()
        # A draft is not there for the public: 404, not 403, so its existence stays private.
        if not access.can_view_activity(self.request.user, activity):
            raise Http404
        return activity

    def _editable_object(self) -> Activity:
        activity = self.get_object()
        if not access.can_edit_activity(self.request.user, activity):
            raise PermissionDenied("You may not change this organisation's content.")
        return activity

    def _data(self, activities: Sequence[Activity], many: bool) -> Any:
        context = {**self.get_serializer_context(), "next_occurrences": next_occurrences(activities, timezone.now())}
        return ActivitySerializer(activities if many else activities[0], many=many, context=context).data

    def _shown(self, activity: Activity, code: int = status.HTTP_200_OK) -> Response:
        fresh = self._related(Activity.objects.all()).get(pk=activity.pk)
        return Response(self._data([fresh], many=False), status=code)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        return self.get_paginated_response(self._data(page, many=True))

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self._data([self.get_object()], many=False))

    def create(self, request: Request) -> Response:
        serializer = ActivityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("organisation") is None:
            data["organisation"] = default_organisation(request.user)
        with api_errors():
            activity = services.activity_create(actor=request.user, data=data, source="api")
        return self._shown(activity, status.HTTP_201_CREATED)

    def update(self, request: Request, id: str, partial: bool = False) -> Response:
        activity = self._editable_object()
        serializer = ActivityWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not partial:
            # Replacing keeps the organiser unless one is named: moving an activity to
            # another organisation must be said, and is checked as a create there.
            if data.get("organisation") is None:
                data.pop("organisation", None)
            # No area given: the service derives it from the place, as on create.
            if data.get("area") is None and data.get("place") is not None:
                data.pop("area", None)
        with api_errors():
            activity = services.activity_update(actor=request.user, activity=activity, data=data, source="api")
        return self._shown(activity)

    def partial_update(self, request: Request, id: str) -> Response:
        return self.update(request, id, partial=True)

    def destroy(self, request: Request, id: str) -> Response:
        activity = self._editable_object()
        services.activity_delete(actor=request.user, activity=activity, source="api")
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["POST"],
        request=ChangeSerializer,
        responses={201: ChangeSerializer, 200: ChangeSerializer, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Exclude, cancel or move one occurrence, found by the start the rule gives it. "
        "Saying it again for the same occurrence replaces the change (200).",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[ORIGINAL_START],
        request=None,
        responses={204: None, **WRITE_ERRORS, 404: NOT_FOUND},
        description="Undo the change of one occurrence: it is back as the rule gives it.",
    )
    @action(detail=True, methods=["post", "delete"], url_path="changes", serializer_class=ChangeSerializer)
    def changes(self, request: Request, id: str) -> Response:
        activity = self._editable_object()
        if request.method == "DELETE":
            return self._restore(request, activity)
        serializer = ChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existed = OccurrenceChange.objects.filter(activity=activity, original_start=data["original_start"]).exists()
        with api_errors():
            change = services.occurrence_change(
                actor=request.user,
                activity=activity,
                original_start=data["original_start"],
                kind=data["kind"],
                new_start=data.get("new_start"),
                new_end=data.get("new_end"),
                notes={code: data.get(f"note_{code}", "") for code in CONTENT_LANGUAGES},
                source="api",
            )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(ChangeSerializer(change).data, status=code)

    def _restore(self, request: Request, activity: Activity) -> Response:
        raw = request.query_params.get("original_start") or (
            request.data.get("original_start") if isinstance(request.data, dict) else None
        )
        if not raw:
            raise ValidationError({"original_start": ["This parameter is required."]})
        try:
            original_start = OffsetDateTimeField().to_internal_value(raw)
        except ValidationError as exc:
            raise ValidationError({"original_start": exc.detail}) from exc
        with api_errors():
            services.occurrence_restore(
                actor=request.user, activity=activity, original_start=original_start, source="api"
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Occurrences --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[*window_parameters(required=True), *FILTER_PARAMETERS],
        responses={
            200: OccurrenceSerializer(many=True),
            400: BAD_REQUEST,
        },
        description="Occurrences of the public activities in the window, in time order, times with the "
        "Europe/Helsinki offset. Cancelled ones are listed with status `cancelled`, moved ones at their new "
        "time with `moved: true`.",
    )
)
class OccurrenceViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = ()
    serializer_class = OccurrenceSerializer

    def list(self, request: Request) -> Response:
        query = request.query_params
        errors: dict[str, Any] = {}
        f: queries.CalendarFilters | None = None
        window: tuple[datetime, datetime] | None = None
        try:
            f = read_query(request)
        except ValidationError as exc:
            errors.update(exc.detail)  # type: ignore[arg-type]
        missing = [name for name in ("start", "end") if not query.get(name)]
        if missing:
            errors.update({name: ["This parameter is required."] for name in missing})
        else:
            try:
                with api_errors():
                    window = params.window_from_query(query, default_start=timezone.localdate(), default_days=1)
            except ValidationError as exc:
                errors.update(exc.detail)  # type: ignore[arg-type]
        if errors or f is None or window is None:
            raise ValidationError(errors)
        found = queries.occurrences_find(f, *window)
        page = self.paginate_queryset(found)  # type: ignore[arg-type]
        assert page is not None
        return self.get_paginated_response(OccurrenceSerializer(page, many=True).data)
