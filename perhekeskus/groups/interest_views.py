"""Interest lists' pages: the families' form and withdraw link, the coordinators' counts.

The form and the withdraw page need no login; the withdraw page is opened with the secret
link given once (only its hash is stored), so both are never cached or indexed. The
coordinators' page shows counts only — never an address — and is not public: small
counts per district and time may be shown there, never on a public page.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext

from perhekeskus.core.private_pages import private as _private
from perhekeskus.groups import interest
from perhekeskus.groups.interest_forms import InterestForm, OpenForm
from perhekeskus.groups.interest_messages import kind_label, time_label
from perhekeskus.groups.models import InterestStatus
from perhekeskus.network.models import Area, AreaKind

SOURCE = "interest_page"
# Tells the withdraw page that the entry was just made: show the thanks and the link once.
NEW_INTEREST_KEY = "groups_new_interest"


def interest_new(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"keep_days": interest.keep_days()}
    if request.method != "POST":
        return _private(render(request, "groups/interest/new.html", {**context, "form": InterestForm()}))
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            entry, secret = interest.interest_create(form.service_data(), source=SOURCE)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            request.session[NEW_INTEREST_KEY] = str(entry.uuid)
            return _private(HttpResponseRedirect(interest.withdraw_path(entry, secret), status=303))
    form.mark_invalid()
    return _private(render(request, "groups/interest/new.html", {**context, "form": form}, status=400))


def interest_withdraw(request: HttpRequest, uuid: UUID, secret: str) -> HttpResponse:
    entry = interest.interest_by_secret(secret)
    if entry is None or entry.uuid != uuid:
        raise Http404
    context: dict[str, Any] = {"entry": entry, "kind": kind_label(entry.kind)}
    if request.method == "POST" and request.POST.get("action") == "withdraw" and entry.erased_at is None:
        entry = interest.interest_withdraw(secret, source=SOURCE)
        context.update({"entry": entry, "just_withdrawn": True})
        return _private(render(request, "groups/interest/withdraw.html", context))
    if request.session.get(NEW_INTEREST_KEY) == str(entry.uuid):
        del request.session[NEW_INTEREST_KEY]
        context["new"] = True
        context["link"] = request.build_absolute_uri(request.path)
    context["times"] = [time_label(t) for t in entry.times]
    context["gone"] = entry.erased_at is not None
    context["invited"] = entry.status == InterestStatus.INVITED
    return _private(render(request, "groups/interest/withdraw.html", context))


def _summary_rows(user: Any, area: Area | None) -> list[interest.KindCounts]:
    ids = interest.coordinated_area_ids(user)
    return interest.interest_counts(area, area_ids=ids)


@login_required
def interest_summary(request: HttpRequest) -> HttpResponse:
    if not interest.can_see_interest(request.user):
        raise PermissionDenied
    area = None
    slug = request.GET.get("area")
    if slug:
        area = Area.objects.filter(slug=slug).first()
        if area is None:
            raise Http404
    rows = _summary_rows(request.user, area)
    context = {
        "rows": rows,
        "area": area,
        "threshold": interest.threshold(),
        "times": [(t, time_label(t)) for t in interest.TIME_KEYS],
    }
    response = render(request, "groups/interest/summary.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def interest_open(request: HttpRequest) -> HttpResponse:
    """Choose an open group → confirm with the number of families → invite them all."""
    if not interest.can_see_interest(request.user):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    area = Area.objects.filter(slug=source.get("area", ""), kind__in=(AreaKind.MUNICIPALITY, AreaKind.DISTRICT)).first()
    if (
        kind not in interest.KINDS
        or area is None
        or not interest.coordinates(request.user, interest.municipality_of(area))
    ):
        raise Http404
    groups = interest.groups_to_open(request.user, kind, area)
    form = OpenForm(request.POST or None, groups=groups)
    context: dict[str, Any] = {"kind": kind, "kind_label": kind_label(kind), "area": area, "form": form}
    context["waiting"] = len(interest.waiting_for(kind, area))
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        times = list(form.cleaned_data["times"])
        count = len(interest.waiting_for(kind, area, times))
        if request.POST.get("step") != "invite":
            context.update({"confirm": True, "group": group, "count": count, "chosen_times": times})
            context["time_labels"] = [time_label(t) for t in times]
            return render(request, "groups/interest/open.html", context)
        try:
            invited = interest.group_open_for_interest(
                actor=request.user, group=group, kind=kind, area=area, times=times, source=SOURCE
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s family was invited to %(group)s.",
                    "%(count)s families were invited to %(group)s.",
                    invited,
                )
                % {"count": invited, "group": group.activity.title},
            )
            return HttpResponseRedirect(reverse("interest-summary"), status=303)
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/interest/open.html", context, status=status)
