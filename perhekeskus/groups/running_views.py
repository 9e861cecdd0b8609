"""The facilitators' pages of a group — participant list, a session's attendance and notes,
the feedback summary — and the families' feedback link.

The facilitators' pages need a login and `access.can_see_signups`; every view of them
is in the audit log (through `running.participants`), and none is cached. The feedback
link needs no login: the one-time key in the family's message opens the family's
response on the questionnaire engine's page (`questionnaire-fill`).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from perhekeskus.activities.models import Session
from perhekeskus.core import audit
from perhekeskus.core.private_pages import language_from_link as _language_from_link
from perhekeskus.core.private_pages import private as _private
from perhekeskus.groups import access, feedback, running
from perhekeskus.groups.models import Group, SignupStatus
from perhekeskus.groups.running_forms import AttendanceForm

SOURCE = "page"


def _group(request: HttpRequest, uuid: UUID) -> Group:
    group = get_object_or_404(Group.objects.select_related("activity__organisation", "activity__place"), uuid=uuid)
    if not access.can_see_signups(request.user, group):
        raise PermissionDenied(_("Only those who run the group may see who signed up."))
    return group


@login_required
def participants(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group(request, uuid)
    rows = running.participants(actor=request.user, group=group, source=SOURCE)
    context = {
        "group": group,
        "activity": group.activity,
        "rows": rows,
        "confirmed": sum(1 for r in rows if r.status == SignupStatus.CONFIRMED),
        "waiting": sum(1 for r in rows if r.status == SignupStatus.WAITING),
        "sessions": running.session_counts(group),
        "facilitators": list(group.facilitators.select_related("organisation")),
    }
    return _private(render(request, "groups/running/participants.html", context))


@login_required
def session(request: HttpRequest, uuid: UUID, session_id: int) -> HttpResponse:
    group = _group(request, uuid)
    if not access.can_record_sessions(request.user, group):
        raise PermissionDenied
    found = get_object_or_404(Session, pk=session_id, activity_id=group.activity_id)
    counts = next(c for c in running.session_counts(group) if c.session.pk == found.pk)
    # The families are personal data: reading them for the form is a read of the list.
    running.participants(actor=request.user, group=group, source=SOURCE)
    families = running.confirmed(group)
    kwargs: dict[str, Any] = {
        "families": families,
        "attendance": running.attendance_of(found),
        "notes": counts.notes,
    }
    status = 200
    if request.method == "POST":
        form = AttendanceForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                running.attendance_record(
                    actor=request.user,
                    session=found,
                    present=form.present(),
                    notes=form.cleaned_data["notes"],
                    source=SOURCE,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The attendance and notes were saved."))
                url = reverse("group-session", args=[group.uuid, found.pk])
                return _private(HttpResponseRedirect(url, status=303))
        status = 400
    else:
        form = AttendanceForm(**kwargs)
    context = {
        "group": group,
        "activity": group.activity,
        "session": found,
        "counts": counts,
        "form": form,
        "rows": form.rows(),
    }
    return _private(render(request, "groups/running/session.html", context, status=status))


@login_required
def feedback_summary(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group(request, uuid)
    summary = feedback.feedback_summary(group)
    if summary["enough"]:  # the free texts may name someone: a read like the list's
        audit.record_read(request.user, group, source=SOURCE)
    context = {"group": group, "activity": group.activity, "summary": summary, "scales": _scales(summary)}
    return _private(render(request, "groups/running/feedback.html", context))


def _scales(summary: dict[str, Any]) -> list[dict[str, Any]]:
    if not summary["enough"]:
        return []
    labels = {
        "overall": _("Overall"),
        "useful": _("Useful topics and discussions"),
        "atmosphere": _("Atmosphere"),
    }
    return [{"name": name, "label": labels[name], **summary[name]} for name in feedback.SCALES]


# --- The families' feedback form ---------------------------------------------------------------


def _gone(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    return _private(render(request, "groups/feedback/gone.html", {"reason": reason}, status=status))


def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    """The family's feedback link: starts the family's response the first time, and opens
    it on the questionnaire's page every time (to continue, or to see the answers sent)."""
    try:
        feedback.invite_by_token(token)
    except feedback.FeedbackUnknown:
        return _gone(request, "unknown", 404)
    language = request.GET.get("lang", "")
    if request.method == "GET" and language in feedback.LANGUAGES:
        return _language_from_link(request, language)
    try:
        response = feedback.feedback_open(token, language=(translation.get_language() or "fi")[:2])
    except feedback.FeedbackUnknown:  # pragma: no cover - checked above
        return _gone(request, "unknown", 404)
    except feedback.FeedbackUsed:
        return _gone(request, "used", 410)
    except feedback.FeedbackClosed:
        return _gone(request, "closed", 410)
    # The key is the response's secret: the same link opens it now and later.
    url = reverse("questionnaire-fill", args=[response.uuid, token])
    return _private(HttpResponseRedirect(url, status=303))
