"""The service network in the admin, for editors, coordinators and platform admins.

Rights come from `network/access.py`; every write calls `network/services.py`
(see `RoutedAdmin` in `core/admin.py`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from perhekeskus.core import audit
from perhekeskus.core.admin import RoutedAdmin
from perhekeskus.network import access, services
from perhekeskus.network.models import (
    Area,
    ContactPerson,
    Language,
    LifeStage,
    OpeningException,
    OpeningHours,
    Organisation,
    Place,
    Service,
    ServiceType,
    TargetGroup,
)

SOURCE = "admin"
CHECKED_FIELDS = ("last_checked_at", "last_checked_by", "created_at", "updated_at", "uuid")


def _editable_orgs(request: HttpRequest) -> models.QuerySet[Organisation]:
    return access.editable(Organisation.objects.all(), request.user, "pk")


def _edits_something(user: Any) -> bool:
    ids = access.editable_organisation_ids(user)
    return ids is None or bool(ids)


class OwnedContentAdmin(RoutedAdmin):
    """Content that belongs to an organisation: its editors and coordinators keep it."""

    owner_field = "organisation"

    def may_use(self, user: Any) -> bool:
        return _edits_something(user)

    def may_add(self, user: Any) -> bool:
        return _edits_something(user)

    def may_change(self, user: Any, obj: Any) -> bool:
        return access.can_edit_organisation(user, getattr(obj, self.owner_field))

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return access.editable(qs, user, f"{self.owner_field}_id")

    def choices_for(self, name: str, request: HttpRequest) -> models.QuerySet[Any] | None:
        if name == self.owner_field:
            return _editable_orgs(request)
        return None


# --- Organisations ------------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(RoutedAdmin):
    list_display = ("name_fi", "kind", "sector", "area", "parent")
    list_filter = ("kind", "sector")
    search_fields = ("name_fi", "name_sv", "name_en", "slug", "business_id")
    readonly_fields = ("uuid", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("name_fi",)}

    def may_use(self, user: Any) -> bool:
        return _edits_something(user)

    def may_add(self, user: Any) -> bool:
        # Editors add units under their own organisation; the form decides where.
        return _edits_something(user)

    def may_change(self, user: Any, obj: Any) -> bool:
        return access.can_edit_organisation(user, obj)

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return access.editable(qs, user, "pk")

    def choices_for(self, name: str, request: HttpRequest) -> models.QuerySet[Any] | None:
        return _editable_orgs(request) if name in ("parent", "publisher") else None

    def check_form(self, request: HttpRequest, form: ModelForm[Any], obj: Any) -> None:
        if obj is not None and not {"parent", "area"} & set(form.changed_data):
            return
        parent, area = form.cleaned_data.get("parent"), form.cleaned_data.get("area")
        if not access.can_create_organisation(request.user, parent=parent, area=area):
            form.add_error(None, _("You may place organisations only inside your own area or under your own units."))

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.organisation_create(actor=request.user, data=data, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.organisation_update(actor=request.user, organisation=obj, data=data, source=SOURCE)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.organisation_delete(actor=request.user, organisation=obj, source=SOURCE)


# --- Services --------------------------------------------------------------------------------


@admin.register(Service)
class ServiceAdmin(OwnedContentAdmin):
    owner_field = "provider"
    list_display = ("name_fi", "provider", "service_type", "tier", "status", "last_checked_at")
    list_filter = ("status", "tier", "access", "service_type")
    search_fields = ("name_fi", "name_sv", "name_en", "provider__name_fi")
    filter_horizontal = ("life_stages", "target_groups", "languages", "areas", "places")
    readonly_fields = CHECKED_FIELDS
    list_select_related = ("provider", "service_type")

    def choices_for(self, name: str, request: HttpRequest) -> models.QuerySet[Any] | None:
        if name == "places":
            return access.editable(Place.objects.all(), request.user, "organisation_id")
        return super().choices_for(name, request)

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.service_create(actor=request.user, data=data, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.service_update(actor=request.user, service=obj, data=data, source=SOURCE)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.service_delete(actor=request.user, service=obj, source=SOURCE)


# --- Places with opening hours ------------------------------------------------------------------


class _PlaceInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 1

    # Rights of the rows are the rights of their place.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site._registry[Place].has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        place_admin = self.admin_site._registry[Place]
        return place_admin.has_change_permission(request, obj) if obj else place_admin.has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)


class OpeningHoursInline(_PlaceInline):
    model = OpeningHours
    fields = ("weekday", "opens", "closes")


class OpeningExceptionInline(_PlaceInline):
    model = OpeningException
    fields = ("start_date", "end_date", "closed", "opens", "closes", "reason_fi", "reason_sv", "reason_en")


def _rows(formset: BaseFormSet[Any], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", None)
        if not cleaned or formset._should_delete_form(form):  # type: ignore[attr-defined]
            continue
        rows.append({f: cleaned.get(f) for f in fields})
    return rows


@admin.register(Place)
class PlaceAdmin(OwnedContentAdmin):
    list_display = ("name_fi", "kind", "organisation", "area", "city", "last_checked_at")
    list_filter = ("kind",)
    search_fields = ("name_fi", "name_sv", "name_en", "street_address", "city")
    readonly_fields = CHECKED_FIELDS
    inlines = (OpeningHoursInline, OpeningExceptionInline)
    list_select_related = ("organisation", "area")

    def nested_data(self, formsets: list[BaseFormSet[Any]]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for formset in formsets:
            model = getattr(formset, "model", None)
            if model is OpeningHours and formset.has_changed():
                data["opening_hours"] = _rows(formset, OpeningHoursInline.fields)
            elif model is OpeningException and formset.has_changed():
                data["opening_exceptions"] = _rows(formset, OpeningExceptionInline.fields)
        return data

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.place_create(actor=request.user, data=data, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.place_update(actor=request.user, place=obj, data=data, source=SOURCE)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.place_delete(actor=request.user, place=obj, source=SOURCE)


# --- Contact persons: personal data, reads of non-public ones are logged -------------------------


@admin.register(ContactPerson)
class ContactPersonAdmin(OwnedContentAdmin):
    list_display = ("full_name", "organisation", "topic", "email", "phone", "public")
    list_filter = ("public", "topic")
    search_fields = ("full_name", "email", "organisation__name_fi")
    readonly_fields = ("uuid", "created_at", "updated_at")
    list_select_related = ("organisation", "topic")

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and isinstance(original, ContactPerson) and not original.public:
            audit.record_read(request.user, original, source=SOURCE)
        return response

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            for contact in changelist.result_list:
                if not contact.public:
                    audit.record_read(request.user, contact, source=SOURCE)
        return response

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.contact_create(actor=request.user, data=data, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.contact_update(actor=request.user, contact=obj, data=data, source=SOURCE)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.contact_delete(actor=request.user, contact=obj, source=SOURCE)


# --- Shared tables: areas (platform admins) and lookups (admins, coordinators) --------------------


@admin.register(Area)
class AreaAdmin(RoutedAdmin):
    list_display = ("name_fi", "kind", "parent", "code", "slug")
    list_filter = ("kind",)
    search_fields = ("name_fi", "name_sv", "slug", "code")
    readonly_fields = ("uuid", "created_at", "updated_at")

    def may_use(self, user: Any) -> bool:
        return True  # everyone in the admin picks areas; only admins change them

    def may_add(self, user: Any) -> bool:
        return access.can_manage_areas(user)

    def may_change(self, user: Any, obj: Any) -> bool:
        return access.can_manage_areas(user)

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return qs

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.area_create(actor=request.user, data=data, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.area_update(actor=request.user, area=obj, data=data, source=SOURCE)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.area_delete(actor=request.user, area=obj, source=SOURCE)


class LookupAdmin(RoutedAdmin):
    list_display = ("code", "name_fi", "name_sv", "name_en", "position")
    search_fields = ("code", "name_fi", "name_sv", "name_en")
    readonly_fields = ("uuid", "created_at", "updated_at")

    def may_use(self, user: Any) -> bool:
        return True

    def may_add(self, user: Any) -> bool:
        return access.can_manage_taxonomy(user)

    def may_change(self, user: Any, obj: Any) -> bool:
        return access.can_manage_taxonomy(user)

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return qs

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.lookup_save(actor=request.user, model=self.model, data=data, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.lookup_save(actor=request.user, model=self.model, obj=obj, data=data, source=SOURCE)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.lookup_delete(actor=request.user, obj=obj, source=SOURCE)


@admin.register(ServiceType)
class ServiceTypeAdmin(LookupAdmin):
    list_display = ("code", "name_fi", "parent", "default_tier", "position")
    list_filter = ("default_tier",)


admin.site.register(LifeStage, LookupAdmin)
admin.site.register(TargetGroup, LookupAdmin)
admin.site.register(Language, LookupAdmin)
