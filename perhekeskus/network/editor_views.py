"""The editor's dashboard: own roles, content waiting to be checked, recent changes."""

from __future__ import annotations

import uuid as uuid_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perhekeskus.accounts.models import Membership
from perhekeskus.activities import freshness
from perhekeskus.activities.models import Activity
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network import access, queries, services
from perhekeskus.network.models import ContactPerson, Organisation, Place, Service

# A dashboard is a to-do list, not a report: show the oldest items and say how many remain.
STALE_SHOWN = 50
AUDIT_SHOWN = 20


def _recent_audit(org_ids: set[int] | None) -> QuerySet[AuditEntry]:
    """Latest log lines about the organisations' own records (or all, for admins)."""
    entries = AuditEntry.objects.exclude(action__in=[AuditAction.READ, AuditAction.LOGIN]).select_related("actor")
    if org_ids is None:
        return entries[:AUDIT_SHOWN]
    ids: list[str] = []
    for model, field in (
        (Organisation, "id"),
        (Service, "provider_id"),
        (Place, "organisation_id"),
        (ContactPerson, "organisation_id"),
        (Activity, "organisation_id"),
    ):
        ids += [str(u) for u in model.objects.filter(**{f"{field}__in": org_ids}).values_list("uuid", flat=True)]  # type: ignore[attr-defined]
    return entries.filter(object_id__in=ids)[:AUDIT_SHOWN]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    org_ids = access.editable_organisation_ids(user)
    stale_services, stale_places = queries.services_stale(org_ids, days=settings.STALE_AFTER_DAYS)
    can_edit = org_ids is None or bool(org_ids)
    context = {
        "memberships": Membership.objects.filter(user_id=user.pk or 0).select_related("organisation", "area"),
        "can_edit": can_edit,
        "stale_days": settings.STALE_AFTER_DAYS,
        "stale_services": stale_services.select_related("provider")[:STALE_SHOWN] if can_edit else [],
        "stale_places": stale_places.select_related("organisation")[:STALE_SHOWN] if can_edit else [],
        "stale_services_count": stale_services.count() if can_edit else 0,
        "stale_places_count": stale_places.count() if can_edit else 0,
        "audit_entries": _recent_audit(org_ids) if can_edit else [],
    }
    if can_edit:
        # The activity calendar's freshness lists (issue 3): same cap, oldest first.
        ended, unconfirmed = freshness.without_upcoming(org_ids), freshness.unconfirmed(org_ids)
        context.update(
            activities_ended=ended[:STALE_SHOWN],
            activities_ended_count=ended.count(),
            activities_unconfirmed=unconfirmed[:STALE_SHOWN],
            activities_unconfirmed_count=unconfirmed.count(),
        )
    return render(request, "accounts/dashboard.html", context)


@login_required
@require_POST
def mark_checked(request: HttpRequest, kind: str, uuid: uuid_module.UUID) -> HttpResponse:
    """ "Checked — still correct": one click per service or place."""
    obj: Service | Place | None
    if kind == "service":
        obj = Service.objects.filter(uuid=uuid).first()
    elif kind == "place":
        obj = Place.objects.filter(uuid=uuid).first()
    else:
        raise Http404("Unknown kind of content.")
    if obj is None:
        raise Http404("No such content.")
    # PermissionDenied from the service becomes a 403 page.
    services.content_mark_checked(actor=request.user, obj=obj, source="dashboard")
    messages.success(request, _("Marked as checked: %(name)s") % {"name": obj})
    return redirect("dashboard")
