"""Invitation pages: the professionals' page of a group's invitations, and the families'
"I have an invitation code" page.

Professionals (`access.can_invite`) invite by e-mail, print letters (one a page), or
print a list of codes to hand over. Codes are shown once, on the page that answers the
form: the page is never cached and nothing can show them again (only hashes are kept).
Every write goes through `groups.invitations`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from perhekeskus.groups import access, codes, invitations
from perhekeskus.groups.invitation_forms import (
    CodeEntryForm,
    CodeListForm,
    EmailInvitationForm,
    InvitationFormBase,
    LetterForm,
)
from perhekeskus.groups.models import Group, InvitationBatch, InvitationChannel
from perhekeskus.groups.views import _private, group_context
from perhekeskus.messaging import compose

SOURCE = "invitations_page"
FORMS: dict[str, type[InvitationFormBase]] = {
    "email": EmailInvitationForm,
    "letters": LetterForm,
    "codes": CodeListForm,
}


def _group(request: HttpRequest, uuid: UUID) -> Group:
    group = get_object_or_404(
        Group.objects.select_related("activity__organisation", "activity__place", "activity__area"), uuid=uuid
    )
    if not access.can_invite(request.user, group):
        raise PermissionDenied(_("You may not invite families to this group."))
    return group


def _page(request: HttpRequest, group: Group, forms: dict[str, InvitationFormBase], status: int = 200) -> HttpResponse:
    context = {
        "group": group,
        "activity": group.activity,
        "batches": invitations.batch_summary(group),
        "can_run": access.can_run_group(request.user, group),
        "revocable": {o.pk for o in access.inviting_organisations(request.user, group)},
        "email_form": forms["email"],
        "letter_form": forms["letters"],
        "code_form": forms["codes"],
    }
    return _private(render(request, "groups/invitations/manage.html", context, status=status))


@login_required
def group_invitations(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group(request, uuid)
    blank = {name: cls(user=request.user, group=group) for name, cls in FORMS.items()}
    if request.method != "POST":
        return _page(request, group, blank)
    action = request.POST.get("action", "")
    if action not in FORMS:
        return _private(HttpResponse(_("Unknown action."), status=400, content_type="text/plain"))
    form = FORMS[action](request.POST, user=request.user, group=group)
    if form.is_valid():
        try:
            return _act(request, group, form)
        except ValidationError as exc:
            form.add_service_errors(exc)
    form.mark_invalid()
    return _page(request, group, {**blank, action: form}, status=400)


def _act(request: HttpRequest, group: Group, form: InvitationFormBase) -> HttpResponse:
    if isinstance(form, EmailInvitationForm):
        data = form.cleaned_data
        batch = invitations.invite_by_email(
            actor=request.user,
            group=group,
            emails=form.addresses(),
            organisation=data["organisation"],
            language=data["language"],
            note=data["note"],
            source=SOURCE,
        )
        messages.success(
            request,
            ngettext("%(count)s invitation is on its way.", "%(count)s invitations are on their way.", batch.count)
            % {"count": batch.count},
        )
        return HttpResponseRedirect(reverse("group-invitations", args=[group.uuid]), status=303)
    assert isinstance(form, LetterForm | CodeListForm)
    channel = InvitationChannel.LETTER if isinstance(form, LetterForm) else InvitationChannel.CODE
    batch, issued = invitations.invitations_print(
        actor=request.user, group=group, channel=channel, source=SOURCE, **form.service_kwargs()
    )
    return _printable(request, group, batch, issued)


def _printable(request: HttpRequest, group: Group, batch: InvitationBatch, issued: list[str]) -> HttpResponse:
    """The letters (one a page) or the list of codes: the only time the codes are shown."""
    context: dict[str, Any] = {
        **group_context(group),
        "batch": batch,
        "codes": [codes.printed(code) for code in issued],
        "enter_url": request.build_absolute_uri(reverse("invitation-enter")),
        "signup_url": request.build_absolute_uri(reverse("group-signup", args=[group.uuid])),
        "back_url": reverse("group-invitations", args=[group.uuid]),
        "contact": compose.contact(group.activity),
    }
    template = "letters.html" if batch.channel == InvitationChannel.LETTER else "codes.html"
    return _private(render(request, f"groups/invitations/{template}", context))


@login_required
@require_POST
def batch_revoke(request: HttpRequest, uuid: UUID) -> HttpResponse:
    batch = get_object_or_404(InvitationBatch.objects.select_related("group__activity"), uuid=uuid)
    if not invitations.can_revoke(request.user, batch):
        raise PermissionDenied(_("You may not revoke these invitations."))
    revoked = invitations.batch_revoke(actor=request.user, batch=batch, source=SOURCE)
    messages.success(
        request,
        ngettext("%(count)s unused code revoked.", "%(count)s unused codes revoked.", revoked) % {"count": revoked},
    )
    return HttpResponseRedirect(reverse("group-invitations", args=[batch.group.uuid]), status=303)


def invitation_enter(request: HttpRequest) -> HttpResponse:
    """ "I have an invitation code": find the group by the code and go to its sign-up.

    Only an unused, valid code leads anywhere; every other code gets the same "not valid",
    so the page reveals nothing about codes that are not the family's own.
    """
    if request.method != "POST":
        return _private(render(request, "groups/invitations/enter.html", {"form": CodeEntryForm()}))
    form = CodeEntryForm(request.POST)
    if form.is_valid():
        group = invitations.group_for_code(form.cleaned_data["code"])
        if group is not None:
            query = urlencode({"code": codes.printed(form.cleaned_data["code"])})
            url = reverse("group-signup", args=[group.uuid]) + "?" + query
            return _private(HttpResponseRedirect(url, status=303))
        form.add_error("code", _("This invitation code is not valid."))
    form.fields["code"].widget.attrs["aria-invalid"] = "true"
    return _private(render(request, "groups/invitations/enter.html", {"form": form}, status=400))
