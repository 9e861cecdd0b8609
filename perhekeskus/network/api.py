"""REST API /api/v1 of the service network: thin views over `queries.py` and `services.py`.

Reads are public. Writes need `Authorization: Bearer <token>` and follow the same rules
as the pages because they call the same service functions (`actor=request.user,
source="api"`), which check `access.py`, validate, audit and reindex. A view only
parses input, asks `access.py` early so a refusal is not hidden behind input errors,
calls one service function and shows the result.

PUT replaces the whole object (fields left out go back to their defaults); PATCH
changes only the fields given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from perhekeskus.core import audit
from perhekeskus.core.api import BAD_REQUEST, NOT_FOUND, WRITE_ERRORS, list_parameter, text_parameter
from perhekeskus.network import access, filters, queries, services
from perhekeskus.network.models import (
    AccessMode,
    Area,
    AreaKind,
    Language,
    LifeStage,
    Organisation,
    OrganisationKind,
    Place,
    PlaceKind,
    Service,
    ServiceStatus,
    ServiceType,
    TargetGroup,
    Tier,
)
from perhekeskus.network.serializers import (
    AreaSerializer,
    LookupSerializer,
    OrganisationDetailSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    PlaceSerializer,
    PlaceWriteSerializer,
    ServiceSerializer,
    ServiceTypeSerializer,
    ServiceWriteSerializer,
)

READ_ACTIONS = ("list", "retrieve")


class PublicReadViewSet(viewsets.GenericViewSet):
    """Objects addressed by UUID (`/things/<id>/`); the integer key never leaves."""

    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = ()  # filters are parsed by `filters.py`, then applied by `queries.py`

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)


class EditableViewSet(PublicReadViewSet):
    """Create, replace, change and delete through one service function each."""

    read_serializer: type[serializers.Serializer]
    write_serializer: type[serializers.Serializer]
    object_kwarg: str  # the service functions' keyword for the object ("service", "place", …)
    create_fn: ClassVar[Callable[..., Model]]
    update_fn: ClassVar[Callable[..., Model]]
    delete_fn: ClassVar[Callable[..., None]]
    can_edit: ClassVar[Callable[..., bool]]

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return self.read_serializer if self.action in READ_ACTIONS else self.write_serializer

    def _shown(self, obj: Model) -> Response:
        """The saved object as a read would show it (fetched again, with its relations)."""
        fresh = self.base_queryset().get(pk=obj.pk)
        return Response(self.read_serializer(fresh, context=self.get_serializer_context()).data)

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def _editable_object(self) -> Any:
        obj = self.get_object()
        if not type(self).can_edit(self.request.user, obj):
            raise PermissionDenied("You may not change this organisation's content.")
        return obj

    def create(self, request: Request) -> Response:
        serializer = self.write_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = type(self).create_fn(actor=request.user, data=serializer.validated_data, source="api")
        response = self._shown(obj)
        response.status_code = status.HTTP_201_CREATED
        return response

    def update(self, request: Request, id: str, partial: bool = False) -> Response:
        obj = self._editable_object()
        serializer = self.write_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        obj = type(self).update_fn(
            actor=request.user, data=serializer.validated_data, source="api", **{self.object_kwarg: obj}
        )
        return self._shown(obj)

    def partial_update(self, request: Request, id: str) -> Response:
        return self.update(request, id, partial=True)

    def destroy(self, request: Request, id: str) -> Response:
        obj = self._editable_object()
        type(self).delete_fn(actor=request.user, source="api", **{self.object_kwarg: obj})
        return Response(status=status.HTTP_204_NO_CONTENT)


def _write_docs(read: type[serializers.Serializer], write: type[serializers.Serializer]) -> dict[str, Any]:
    return {
        "retrieve": extend_schema(responses={200: read, 404: NOT_FOUND}),
        "create": extend_schema(request=write, responses={201: read, **WRITE_ERRORS}),
        "update": extend_schema(
            request=write,
            responses={200: read, **WRITE_ERRORS, 404: NOT_FOUND},
            description="Replace the whole object.",
        ),
        "partial_update": extend_schema(
            request=write, responses={200: read, **WRITE_ERRORS, 404: NOT_FOUND}, description="Change the fields given."
        ),
        "destroy": extend_schema(responses={204: None, **WRITE_ERRORS, 404: NOT_FOUND}),
    }


# --- Services -------------------------------------------------------------------------------

SERVICE_PARAMETERS = [
    text_parameter(),
    list_parameter("area", "Area slugs; a district also finds what serves its municipality and county."),
    list_parameter("life_stage", "Life stage codes."),
    list_parameter("tier", "Service tiers.", Tier.values),
    list_parameter("service_type", "Service type codes (sub-types included)."),
    list_parameter("language", "Language codes (ISO 639-1)."),
    list_parameter("target_group", "Target group codes."),
    list_parameter("organisation", "Provider organisation slugs."),
    list_parameter("access", "How the service is reached.", AccessMode.values),
]


@extend_schema_view(
    list=extend_schema(
        parameters=SERVICE_PARAMETERS,
        responses={200: ServiceSerializer(many=True), 400: BAD_REQUEST},
        description="Active services; with `q`, best matches first.",
    ),
    **_write_docs(ServiceSerializer, ServiceWriteSerializer),
)
class ServiceViewSet(EditableViewSet):
    read_serializer = ServiceSerializer
    write_serializer = ServiceWriteSerializer
    object_kwarg = "service"
    create_fn = staticmethod(services.service_create)
    update_fn = staticmethod(services.service_update)
    delete_fn = staticmethod(services.service_delete)
    can_edit = staticmethod(access.can_edit_service)

    @staticmethod
    def _related(qs: QuerySet[Service]) -> QuerySet[Service]:
        return qs.select_related("provider", "service_type").prefetch_related(
            "life_stages", "target_groups", "languages", "areas", "places"
        )

    def base_queryset(self) -> QuerySet[Service]:
        return self._related(Service.objects.all())

    def get_queryset(self) -> QuerySet[Service]:
        if self.action == "list":
            return self._related(queries.services_find(filters.service_filters(self.request.query_params)))
        return self.base_queryset()

    def get_object(self) -> Service:
        service: Service = super().get_object()
        # An inactive service is hidden from the public but still there for its editors.
        if service.status != ServiceStatus.ACTIVE and not access.can_edit_service(self.request.user, service):
            raise Http404
        return service


# --- Places -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            text_parameter(),
            list_parameter("area", "Area slugs (areas below included)."),
            list_parameter("organisation", "Organisation slugs."),
            list_parameter("kind", "Place kinds.", PlaceKind.values),
        ],
        responses={200: PlaceSerializer(many=True), 400: BAD_REQUEST},
    ),
    **_write_docs(PlaceSerializer, PlaceWriteSerializer),
)
class PlaceViewSet(EditableViewSet):
    read_serializer = PlaceSerializer
    write_serializer = PlaceWriteSerializer
    object_kwarg = "place"
    create_fn = staticmethod(services.place_create)
    update_fn = staticmethod(services.place_update)
    delete_fn = staticmethod(services.place_delete)
    can_edit = staticmethod(access.can_edit_place)

    @staticmethod
    def _related(qs: QuerySet[Place]) -> QuerySet[Place]:
        return qs.select_related("organisation", "area").prefetch_related("opening_hours", "opening_exceptions")

    def base_queryset(self) -> QuerySet[Place]:
        return self._related(Place.objects.all())

    def get_queryset(self) -> QuerySet[Place]:
        if self.action == "list":
            return self._related(queries.places_find(filters.place_filters(self.request.query_params)))
        return self.base_queryset()


# --- Organisations ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            text_parameter(),
            list_parameter("area", "Home area slugs (areas below included)."),
            list_parameter("kind", "Organisation kinds.", OrganisationKind.values),
        ],
        responses={200: OrganisationSerializer(many=True), 400: BAD_REQUEST},
    ),
    **_write_docs(OrganisationDetailSerializer, OrganisationWriteSerializer),
)
class OrganisationViewSet(EditableViewSet):
    read_serializer = OrganisationDetailSerializer
    write_serializer = OrganisationWriteSerializer
    object_kwarg = "organisation"
    create_fn = staticmethod(services.organisation_create)
    update_fn = staticmethod(services.organisation_update)
    delete_fn = staticmethod(services.organisation_delete)
    can_edit = staticmethod(access.can_edit_organisation)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "list":
            return OrganisationSerializer
        return super().get_serializer_class()

    def base_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.select_related("parent", "publisher", "area")

    def get_queryset(self) -> QuerySet[Organisation]:
        if self.action == "list":
            found = queries.organisations_find(filters.organisation_filters(self.request.query_params))
            return found.select_related("parent", "publisher", "area")
        return self.base_queryset()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action != "list" and getattr(self, "_organisation", None) is not None:
            context["contacts"] = self._visible_contacts(self._organisation)
        return context

    def _visible_contacts(self, organisation: Organisation) -> list[Any]:
        """Public contact persons for everyone; all of them for people of the network,
        each non-public one read being logged (it is personal data shown by consent)."""
        user = self.request.user
        contacts = list(organisation.contacts.select_related("topic"))
        if not access.is_network_member(user):
            return [c for c in contacts if c.public]
        for contact in contacts:
            if not contact.public:
                audit.record_read(user, contact, source="api")
        return contacts

    def get_object(self) -> Organisation:
        organisation: Organisation = super().get_object()
        self._organisation = organisation
        return organisation

    def _shown(self, obj: Model) -> Response:
        assert isinstance(obj, Organisation)
        self._organisation = obj
        return super()._shown(obj)


# --- Areas and lookups ------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            list_parameter("kind", "Area kinds.", AreaKind.values),
            list_parameter("parent", "Slugs of the parent areas (direct children only)."),
        ],
        responses={200: AreaSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(responses={200: AreaSerializer, 404: NOT_FOUND}),
    create=extend_schema(request=AreaSerializer, responses={201: AreaSerializer, **WRITE_ERRORS}),
)
class AreaViewSet(mixins.CreateModelMixin, PublicReadViewSet):
    """Areas change rarely and only by platform admins: they may be added here."""

    serializer_class = AreaSerializer

    def get_queryset(self) -> QuerySet[Area]:
        qs = Area.objects.select_related("parent").order_by("name_fi", "id")
        if self.action == "list":
            qs = filters.areas_filtered(qs, self.request.query_params)
        return qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.can_manage_areas(request.user):
            raise PermissionDenied("Only platform admins add areas.")
        serializer = AreaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        area = services.area_create(actor=request.user, data=serializer.validated_data, source="api")
        return Response(AreaSerializer(area).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            list_parameter("parent", "Codes of the parent service types (direct children only)."),
            list_parameter("tier", "Default tiers.", Tier.values),
        ],
        responses={200: ServiceTypeSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(responses={200: ServiceTypeSerializer, 404: NOT_FOUND}),
)
class ServiceTypeViewSet(PublicReadViewSet):
    """The seeded service-type taxonomy; coordinators keep it in the admin."""

    serializer_class = ServiceTypeSerializer

    def get_queryset(self) -> QuerySet[ServiceType]:
        qs = ServiceType.objects.select_related("parent").order_by("position", "code", "id")
        if self.action == "list":
            qs = filters.service_types_filtered(qs, self.request.query_params)
        return qs


def lookup_viewset(model: type[Model], doc: str) -> type[PublicReadViewSet]:
    """A read-only list of a seeded lookup (life stages, target groups, languages)."""

    @extend_schema_view(
        list=extend_schema(description=doc), retrieve=extend_schema(responses={200: LookupSerializer, 404: NOT_FOUND})
    )
    class LookupViewSet(PublicReadViewSet):
        serializer_class = LookupSerializer
        queryset = model._default_manager.order_by("position", "code", "id")

    LookupViewSet.__name__ = f"{model.__name__}ViewSet"
    LookupViewSet.__qualname__ = LookupViewSet.__name__
    return LookupViewSet


LifeStageViewSet = lookup_viewset(LifeStage, "Life stages from expecting a baby to 17 years.")
TargetGroupViewSet = lookup_viewset(TargetGroup, "Groups of families a service is meant for.")
LanguageViewSet = lookup_viewset(Language, "Languages services are given in (ISO 639-1 codes).")
