"""The nurse's pages: her work list, a new family, a family side by side, and its actions.

All need a login. The work list and a new family are for professionals; a family's
pages are for its own nurse only (`access.can_see_family`): anyone else gets 404, so
that a family's existence is not told either. Every view of a family's answers is in
the audit log, and no page is cached (health data, and links shown once).
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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perhekeskus.accounts.models import User
from perhekeskus.core import audit
from perhekeskus.core.private_pages import private as _private
from perhekeskus.wellbeing import access, queries, services
from perhekeskus.wellbeing.forms import BirthForm, FamilyForm, HandOverForm, LinkForm, PointForm
from perhekeskus.wellbeing.models import Family, FamilyStatus

SOURCE = "page"


def _family(request: HttpRequest, uuid: UUID) -> Family:
    family = Family.objects.select_related("clinic", "nurse").filter(uuid=uuid, erased_at__isnull=True).first()
    if family is None or not access.can_see_family(request.user, family):
        raise Http404
    return family


def _to_family(family: Family) -> HttpResponse:
    return _private(HttpResponseRedirect(reverse("wellbeing-family", args=[family.uuid]), status=303))


@login_required
def work_list(request: HttpRequest) -> HttpResponse:
    if not access.is_nurse(request.user):
        raise PermissionDenied(_("The wellbeing clinic's work list is for nurses."))
    alerts, rows = queries.work_list(request.user, timezone.localdate())
    for family in {a.family for a in alerts}:  # the alerts show scores: reads of the answers
        audit.record_read(request.user, family, source=SOURCE)
    closed = queries.nurse_families(request.user, closed=True)
    context = {"alerts": alerts, "rows": rows, "closed": closed}
    return _private(render(request, "wellbeing/work_list.html", context))


@login_required
def family_new(request: HttpRequest) -> HttpResponse:
    clinics = access.nurse_clinics(request.user)
    if not clinics:
        raise PermissionDenied(_("Only nurses add families to the schedule."))
    status = 200
    if request.method == "POST":
        form = FamilyForm(request.POST, clinics=clinics)
        if form.is_valid():
            data = form.cleaned_data
            try:
                family = services.family_create(
                    actor=request.user,
                    clinic=data["clinic"],
                    nurse=request.user,
                    label=data["label"],
                    due_date=data["due_date"],
                    birth_date=data["birth_date"],
                    parents=form.parents(),
                    source=SOURCE,
                )
            except ValidationError as exc:
                form.add_service_errors(exc, {"parents[0].label": "parent1_label", "parents[1].label": "parent2_label"})
            else:
                messages.success(request, _("The family is on your schedule."))
                return _to_family(family)
        status = 400
    else:
        form = FamilyForm(clinics=clinics, initial={"clinic": clinics[0]})
    return _private(render(request, "wellbeing/family_new.html", {"form": form}, status=status))


def _family_context(request: HttpRequest, family: Family, **extra: Any) -> dict[str, Any]:
    parents = queries.parents_of(family)
    today = timezone.localdate()
    audit.record_read(request.user, family, source=SOURCE)
    statuses = queries.point_statuses(family, parents, today)
    candidates = access.hand_over_candidates(family)
    context = {
        "family": family,
        "parents": parents,
        "statuses": statuses,
        "score_tables": queries.score_tables(parents),
        "answer_tables": queries.answer_tables(parents),
        "alerts": [f for p in parents for f in p.forms.all() if queries.is_alert(f)],
        "active": family.status == FamilyStatus.ACTIVE,
        "birth_form": BirthForm(initial={"birth_date": family.birth_date}),
        "link_form": LinkForm(parents=parents, initial={"delivery": "show"}),
        "hand_over_form": HandOverForm(candidates=candidates),
        "has_candidates": bool(candidates),
    }
    context.update(extra)
    return context


@login_required
def family_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    family = _family(request, uuid)
    return _private(render(request, "wellbeing/family.html", _family_context(request, family)))


def _bad(request: HttpRequest, family: Family, **forms: Any) -> HttpResponse:
    context = _family_context(request, family, **forms)
    return _private(render(request, "wellbeing/family.html", context, status=400))


@login_required
@require_POST
def family_birth(request: HttpRequest, uuid: UUID) -> HttpResponse:
    family = _family(request, uuid)
    form = BirthForm(request.POST)
    if form.is_valid():
        try:
            services.family_birth_record(
                actor=request.user, family=family, birth_date=form.cleaned_data["birth_date"], source=SOURCE
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The birth date was saved."))
            return _to_family(family)
    family.refresh_from_db()
    return _bad(request, family, birth_form=form)


@login_required
@require_POST
def family_links(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Make or renew a parent's links for a point; show them once or e-mail them."""
    family = _family(request, uuid)
    parents = queries.parents_of(family)
    form = LinkForm(request.POST, parents=parents)
    if form.is_valid():
        data = form.cleaned_data
        make = services.forms_start if data["action"] == "make" else services.links_renew
        try:
            links = make(actor=request.user, family=family, parent=data["parent"], point=data["point"], source=SOURCE)
            if data["delivery"] == "email":
                services.links_send(actor=request.user, family=family, links=links, to=data["email"], source=SOURCE)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if data["delivery"] == "email":
                messages.success(request, _("The link was sent. The address was not stored."))
                return _to_family(family)
            parent = next(p for p in parents if str(p.uuid) == data["parent"])
            context = {"family": family, "parent": parent, "point": links[0].form.get_point_display(), "links": links}
            return _private(render(request, "wellbeing/links.html", context))
    return _bad(request, family, link_form=form)


@login_required
@require_POST
def family_clinic(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The parent fills in the next form here and now, on the clinic's device."""
    family = _family(request, uuid)
    form = PointForm(request.POST, parents=queries.parents_of(family))
    if form.is_valid():
        try:
            link = services.clinic_start(
                actor=request.user,
                family=family,
                parent=form.cleaned_data["parent"],
                point=form.cleaned_data["point"],
                source=SOURCE,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _to_family(family)
        return _private(HttpResponseRedirect(link.url, status=303))
    messages.error(request, _("Choose a parent and a point."))
    return _to_family(family)


@login_required
@require_POST
def family_close(request: HttpRequest, uuid: UUID) -> HttpResponse:
    family = _family(request, uuid)
    try:
        services.family_close(actor=request.user, family=family, source=SOURCE)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The family was taken off the schedule."))
    return _to_family(family)


@login_required
@require_POST
def family_hand_over(request: HttpRequest, uuid: UUID) -> HttpResponse:
    family = _family(request, uuid)
    candidates = access.hand_over_candidates(family)
    form = HandOverForm(request.POST, candidates=candidates)
    if form.is_valid():
        nurse = User.objects.filter(uuid=form.cleaned_data["nurse"]).first()
        try:
            services.family_hand_over(actor=request.user, family=family, nurse=nurse, source=SOURCE)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The family was handed over: you no longer see it."))
            return _private(HttpResponseRedirect(reverse("wellbeing-list"), status=303))
    return _bad(request, family, hand_over_form=form)
