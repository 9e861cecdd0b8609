"""People in the admin: accounts, roles (memberships) and API tokens.

Rights come from `accounts/access.py`; writes go through `accounts/services.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from perhekeskus.accounts import access, services
from perhekeskus.accounts.models import ApiToken, Membership, User
from perhekeskus.core.admin import RoutedAdmin
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Organisation

SOURCE = "admin"


@admin.register(User)
class UserAdmin(RoutedAdmin):
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("email", "first_name", "last_name")
        return ("email", "first_name", "last_name", "is_active", "is_staff", "oidc_subject", "last_login")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Staff status follows roles and the e-mail is the login: neither is edited by hand.
        return () if obj is None else ("email", "is_staff", "oidc_subject", "last_login")

    def may_use(self, user: Any) -> bool:
        return access.can_manage_memberships(user)

    def may_add(self, user: Any) -> bool:
        return access.can_add_user(user)

    def may_change(self, user: Any, obj: Any) -> bool:
        return access.can_change_user(user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, so the log keeps pointing at them

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return access.users_visible(qs, user)

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        full_name = " ".join(filter(None, [data.get("first_name", ""), data.get("last_name", "")]))
        return services.user_get_or_create(actor=request.user, email=data["email"], full_name=full_name, source=SOURCE)

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        return services.user_update(actor=request.user, user=obj, data=data, source=SOURCE)


@admin.register(Membership)
class MembershipAdmin(RoutedAdmin):
    """Roles are granted and removed, never edited: a change is a removal and a grant."""

    list_display = ("user", "organisation", "role", "area", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "organisation__name_fi")
    fields = ("user", "organisation", "role", "area")
    list_select_related = ("user", "organisation", "area")

    def may_use(self, user: Any) -> bool:
        return access.can_manage_memberships(user)

    def may_add(self, user: Any) -> bool:
        return access.can_manage_memberships(user)

    def may_change(self, user: Any, obj: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._staff_ok(request):
            return False
        return self.may_use(request.user) if obj is None else access.can_remove(request.user, obj)

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return access.memberships_visible(qs, user)

    def choices_for(self, name: str, request: HttpRequest) -> models.QuerySet[Any] | None:
        if name == "organisation":
            ids = access.coordinated_organisation_ids(request.user)
            return Organisation.objects.all() if ids is None else Organisation.objects.filter(pk__in=ids)
        if name == "user":
            return User.objects.filter(is_active=True)
        return None

    def check_form(self, request: HttpRequest, form: ModelForm[Any], obj: Any) -> None:
        organisation, role = form.cleaned_data.get("organisation"), form.cleaned_data.get("role")
        if role and not access.can_grant(request.user, organisation, role):
            form.add_error("role", _("You may not grant this role in this organisation."))
        area = form.cleaned_data.get("area")
        if area is not None and not network_access.can_create_organisation(request.user, parent=None, area=area):
            form.add_error("area", _("Choose an area inside your own."))

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.membership_ensure(
            actor=request.user,
            user=data["user"],
            organisation=data["organisation"],
            role=data["role"],
            area=data.get("area"),
            source=SOURCE,
        )

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.membership_delete(actor=request.user, membership=obj, source=SOURCE)


@admin.action(description=_("Revoke the selected tokens"))
def revoke_tokens(modeladmin: ApiTokenAdmin, request: HttpRequest, queryset: models.QuerySet[ApiToken]) -> None:
    revoked = 0
    for token in queryset.select_related("user"):
        if access.can_manage_token_of(request.user, token.user) and token.revoked_at is None:
            services.token_revoke(actor=request.user, token=token, source=SOURCE)
            revoked += 1
    modeladmin.message_user(request, _("%(count)d tokens revoked.") % {"count": revoked}, messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(RoutedAdmin):
    """Only the hash is stored: tokens are listed, revoked, and issued on their own page."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__email")
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at")
    actions = (revoke_tokens,)
    list_select_related = ("user",)

    def may_use(self, user: Any) -> bool:
        return True

    def may_add(self, user: Any) -> bool:
        return True

    def may_change(self, user: Any, obj: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the log may still name the token

    def narrow(self, qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        return access.tokens_visible(qs, user)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        return HttpResponseRedirect(reverse("token_issue"))


__all__ = ["ApiTokenAdmin", "MembershipAdmin", "UserAdmin"]
