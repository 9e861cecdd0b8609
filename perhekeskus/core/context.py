from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "PASSWORD_LOGIN": settings.PASSWORD_LOGIN,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
    }
