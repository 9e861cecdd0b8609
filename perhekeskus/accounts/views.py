"""Login pages and issuing one's own API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from perhekeskus.accounts import services
from perhekeskus.core import audit


class EmailLoginForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        # Accounts are stored with lower-cased e-mails; people type them as they like.
        if self.data.get("username"):
            self.cleaned_data["username"] = str(self.cleaned_data.get("username", "")).strip().lower()
        return super().clean()


class LoginView(auth_views.LoginView):
    """Password login (development, small installations) beside the OpenID Connect button.

    With `PASSWORD_LOGIN` off the page only offers the provider, and a posted password
    is refused even if the form is crafted by hand.
    """

    template_name = "accounts/login.html"
    form_class = EmailLoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSWORD_LOGIN:
            raise Http404("Password login is turned off.")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(actor=form.get_user(), action=audit.AuditAction.LOGIN, obj=form.get_user(), source="password")
        return response


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("e.g. the name of the system that will use it"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_issue(request: HttpRequest) -> HttpResponse:
    """Issue an API token for the signed-in person; the raw token is shown this once."""
    form = TokenForm(request.POST or None)
    raw = ""
    if request.method == "POST" and form.is_valid():
        raw = services.token_issue(actor=request.user, user=request.user, name=form.cleaned_data["name"], source="page")  # type: ignore[arg-type]
        form = TokenForm()
    response = render(request, "accounts/token_issue.html", {"form": form, "raw_token": raw})
    # The raw token must not linger in any cache between the server and the person.
    response["Cache-Control"] = "no-store"
    return response
