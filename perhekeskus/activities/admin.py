"""The activity calendar in the admin, for editors, coordinators and platform admins.

Rights come from `activities/access.py`; every write calls `activities/services.py`
(see `RoutedAdmin` in `core/admin.py`). The occurrence changes shown inline are saved
one by one through `occurrence_change` / `occurrence_restore` after the activity
itself, in the same transaction, so a bad row undoes the whole save.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseFormSet
from django.http import HttpRequest

from perhekeskus.activities import access, services
from perhekeskus.activities.models import Activity, OccurrenceChange
from perhekeskus.core.admin import RoutedAdmin
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Organisation

SOURCE = "admin"


def _edits_something(user: Any) -> bool:
    ids = network_access.editable_organisation_ids(user)
    return ids is None or bool(ids)


class OccurrenceChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OccurrenceChange
    extra = 0
    fields = ("original_start", "kind", "new_start", "new_end", "note_fi", "note_sv", "note_en")

    # Rights of the rows are the rights of their activity.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site._registry[Activity].has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        parent = self.admin_site._registry[Activity]
        return parent.has_change_permission(request, obj) if obj else parent.has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)


@admin.register(Activity)
class ActivityAdmin(RoutedAdmin):
    list_display = ("title_fi", "organisation", "status", "start", "rrule", "confirmed_until", "last_checked_at")
    list_filter = ("status", "participation", "cost")
    search_fields = ("title_fi", "title_sv", "title_en", "organisation__name_fi")
    filter_horizontal = ("co_organisers", "life_stages", "target_groups", "languages")
    readonly_fields = (
        "uuid",
        "series_end",
        "confirmed_until",
        "source_uid",
        "last_checked_at",
        "last_checked_by",
        "created_at",
        "updated_at",
    )
    list_select_related = ("organisation",)
    inlines = (OccurrenceChangeInline,)

    def may_use(self, user: Any) -> bool:
        return _edits_something(user)

    def may_add(self, user: Any) -> bool:
        return _edits_something(user)

    def may_change(self, user: Any, obj: Any) -> bool:
        return access.can_edit_activity(user, obj)

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return access.editable_activities(qs, user)

    def choices_for(self, name: str, request: HttpRequest) -> models.QuerySet[Any] | None:
        if name == "organisation":
            return network_access.editable(Organisation.objects.all(), request.user, "pk")
        return None

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.activity_create(actor=request.user, data=data, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.activity_update(actor=request.user, activity=obj, data=data, source=SOURCE)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.activity_delete(actor=request.user, activity=obj, source=SOURCE)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        activity = Activity.objects.get(pk=form.instance.pk)
        for formset in formsets:
            if getattr(formset, "model", None) is OccurrenceChange:
                self._save_changes(request, activity, formset)

    def _save_changes(self, request: HttpRequest, activity: Activity, formset: BaseFormSet[Any]) -> None:
        for row in formset.forms:
            cleaned = getattr(row, "cleaned_data", None)
            if not cleaned:
                continue
            stored = row.instance.pk is not None
            deleted = formset._should_delete_form(row)  # type: ignore[attr-defined]
            moved_key = stored and "original_start" in row.changed_data
            if stored and (deleted or moved_key):
                original = row.initial.get("original_start", row.instance.original_start)
                services.occurrence_restore(
                    actor=request.user, activity=activity, original_start=original, source=SOURCE
                )
            if deleted or not row.has_changed():
                continue
            services.occurrence_change(
                actor=request.user,
                activity=activity,
                original_start=cleaned["original_start"],
                kind=cleaned["kind"],
                new_start=cleaned.get("new_start"),
                new_end=cleaned.get("new_end"),
                notes={code: cleaned.get(f"note_{code}", "") for code in ("fi", "sv", "en")},
                source=SOURCE,
            )
