"""Pages that hold personal data or are opened with a secret link (a sign-up's, a
response's, a survey code's), and the language a link in a message names."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect


def private(response: HttpResponse) -> HttpResponse:
    """No copy kept anywhere, not indexed, and the address (with its secret) never leaves
    the site in a Referer header. "same-origin", not "no-referrer": with the latter the
    browser sends `Origin: null` with a form, and the CSRF check refuses it."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def language_from_link(request: HttpRequest, language: str) -> HttpResponse:
    """`?lang=sv` in a link from a message or a shared address opens the page in that
    language: the choice is kept as the site's language cookie and the address is given
    again without it, so the page's language switcher still works."""
    response = private(HttpResponseRedirect(request.path, status=303))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
