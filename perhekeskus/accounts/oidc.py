"""OpenID Connect login for production (the municipality's or county's identity provider).

The URLs under `/oidc/` are always routed, but the views answer 404 unless
`settings.OIDC_ENABLED`: the URLConf then stays the same in every configuration (no
reloading in tests), and a server without a provider exposes nothing that could fail.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from perhekeskus.accounts import services
from perhekeskus.accounts.models import User
from perhekeskus.core import audit


class OIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Finds people by their provider subject, else by e-mail (lower-cased).

    New people get an account without memberships: being known to the provider gives
    no rights here until a coordinator grants a role.
    """

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        subject = str(claims.get("sub") or "")
        if subject:
            by_subject = User.objects.filter(oidc_subject=subject)
            if by_subject.exists():
                return by_subject
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            return User.objects.none()
        return User.objects.filter(email=email)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # The e-mail is the login: without one we cannot tell who the person is.
        return bool(claims.get("email")) and bool(claims.get("sub"))

    def create_user(self, claims: dict[str, Any]) -> User:
        name = str(claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")])))
        user = services.user_get_or_create(actor=None, email=str(claims["email"]), full_name=name, source="oidc")
        return self._remember_subject(user, claims)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return self._remember_subject(user, claims)

    def _remember_subject(self, user: User, claims: dict[str, Any]) -> User:
        subject = str(claims.get("sub") or "")
        if subject and user.oidc_subject != subject:
            User.objects.filter(pk=user.pk).update(oidc_subject=subject)
            user.oidc_subject = subject
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        with transaction.atomic():
            user = super().get_or_create_user(access_token, id_token, payload)
            if user is not None and user.is_active:
                audit.record(actor=user, action=audit.AuditAction.LOGIN, obj=user, source="oidc")
        return user


class _OnlyWhenEnabled:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("OpenID Connect login is not configured.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class AuthenticateView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the provider's endpoints here and fails when they are unset.
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class CallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):  # type: ignore[misc]
    pass
