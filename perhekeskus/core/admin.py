"""The admin's shared rules, and the read-only audit log.

Two things make our admin different from Django's default:

- who may see and change what is decided by each app's `access.py`, never by Django's
  model permissions (nobody is given those; roles come from memberships);
- every save and delete calls the app's service function, so the audit log and the
  search index stay right. Django's `save_model`/`save_formset` are bypassed: the
  form, its inlines and many-to-many fields are handed to one service call.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from perhekeskus.core.models import AuditAction, AuditEntry


def _login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin signs in through our login page, so OIDC-only servers take no passwords."""
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(next_url, settings.LOGIN_URL)


admin.site.login = _login  # type: ignore[method-assign]
admin.site.site_header = "Perhekeskus"
admin.site.site_title = "Perhekeskus"


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class RoutedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose rights come from access rules and whose writes go to services.

    Subclasses say who may do what (`may_*`), narrow the rows (`narrow`) and name the
    service calls (`create`, `update`, `delete`).
    """

    # --- rules, overridden by subclasses ---
    def may_use(self, user: Any) -> bool:
        return False

    def may_add(self, user: Any) -> bool:
        return False

    def may_change(self, user: Any, obj: Any) -> bool:
        return False

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return qs.none()

    def choices_for(self, name: str, request: HttpRequest) -> models.QuerySet[Any] | None:
        return None

    def check_form(self, request: HttpRequest, form: ModelForm[Any], obj: Any) -> None:
        """Extra access checks that need the submitted values; add form errors."""

    # --- service calls, overridden by subclasses ---
    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def delete(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def nested_data(self, formsets: list[BaseFormSet[Any]]) -> dict[str, Any]:
        """Inline rows as service data; only for admins with inlines."""
        return {}

    # --- permissions from access rules ---
    def _staff_ok(self, request: HttpRequest) -> bool:
        from perhekeskus.accounts.access import uses_admin

        return uses_admin(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._staff_ok(request) and self.may_use(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or self.narrow(self.model._default_manager.filter(pk=obj.pk), request.user).exists()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._staff_ok(request) and self.may_add(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._staff_ok(request):
            return False
        return self.may_use(request.user) if obj is None else self.may_change(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return self.narrow(super().get_queryset(request), request.user)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class CheckedForm(form_class):  # type: ignore[valid-type,misc]
            def clean(self) -> Any:
                cleaned = super().clean()
                model_admin.check_form(request, self, obj)
                return cleaned

        # Narrowed on the final class: a ModelForm subclass builds its fields anew.
        for name, field in CheckedForm.base_fields.items():
            choices = self.choices_for(name, request)
            if choices is not None and hasattr(field, "queryset"):
                field.queryset = self._keep_current(choices, obj, name)
        return CheckedForm

    @staticmethod
    def _keep_current(choices: models.QuerySet[Any], obj: Any, name: str) -> models.QuerySet[Any]:
        """Narrowed choices plus the current value: editing a unit must not fail because
        its parent organisation (kept as it is) belongs to someone else."""
        if obj is None:
            return choices
        value = getattr(obj, name, None)
        if value is None:
            return choices
        kept = list(value.all().values_list("pk", flat=True)) if hasattr(value, "all") else [value.pk]
        manager = choices.model._default_manager
        return manager.filter(models.Q(pk__in=choices.values("pk")) | models.Q(pk__in=kept))

    # --- writes through services ---
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Saved in save_related, together with many-to-many fields and inline rows.
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        model_fields = {f.name for f in self.model._meta.get_fields() if f.concrete or f.many_to_many}
        names = form.changed_data if change else list(form.cleaned_data)
        data = {n: form.cleaned_data[n] for n in names if n in model_fields and n in form.cleaned_data}
        data.update(self.nested_data(formsets))
        if change:
            fresh = self.model._default_manager.get(pk=form.instance.pk)
            saved = self.update(request, fresh, data)
        else:
            saved = self.create(request, data)
        form.instance.pk = saved.pk
        form.instance.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
        form.instance._state.adding = False
        for formset in formsets:
            # The admin's change message reads what the formsets saved; the service did it.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete(request, obj)

    # A service's ValidationError after the form passed (e.g. "remove the services first")
    # is shown as a message; the transaction around the view has rolled everything back.
    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        try:
            return super().changelist_view(request, extra_context)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(request.get_full_path())


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The log is read-only for everyone, platform admins included."""

    list_display = ("at", "actor_label", "action", "object_type", "object_label", "source")
    list_filter = ("action", "object_type", "source", "at")
    search_fields = ("actor_label", "object_id", "object_label")
    date_hierarchy = "at"
    readonly_fields = (
        "at",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "changes",
        "source",
    )

    def _may_read(self, request: HttpRequest) -> bool:
        from perhekeskus.accounts.access import uses_admin
        from perhekeskus.network.access import is_platform_admin

        return uses_admin(request.user) and is_platform_admin(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_read(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_read(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


__all__ = ["AuditAction", "AuditEntryAdmin", "RoutedAdmin"]
