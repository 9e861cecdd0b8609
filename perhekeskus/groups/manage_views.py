"""The organisers' pages: "My groups" and one group's page with its go/no-go decision.

Login needed; who may do what is decided in `groups.access`: those who run the group
change it, its facilitators see it. Every change goes through the services
(`groups.services`, `groups.decisions`, `groups.facilitators`, `activities.services`).
A decision is taken in two steps: the page first says what will happen and how many
families will be told, then the organiser confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perhekeskus.activities import access as activity_access
from perhekeskus.activities import recurrence
from perhekeskus.activities import services as activity_services
from perhekeskus.activities.models import Activity, Session
from perhekeskus.groups import access, decisions, facilitators, services
from perhekeskus.groups.manage_forms import (
    DecisionForm,
    SessionForm,
    SettingsForm,
    add_service_errors,
    facilitator_formset,
    session_initial,
    shifted_sessions,
)
from perhekeskus.groups.models import PLACE_STATUSES, Group, GroupStatus, SignupStatus
from perhekeskus.network.models import Place

SOURCE = "group_page"


@dataclass
class GroupRow:
    group: Group
    taken: int
    waiting: int
    offered: int
    decision_due: bool  # the go/no-go date has come and the group is under its minimum


def counted(qs: QuerySet[Group]) -> QuerySet[Group]:
    return qs.select_related("activity__organisation", "activity__place").annotate(
        taken=Count("signups", filter=Q(signups__status__in=PLACE_STATUSES)),
        waiting_count=Count("signups", filter=Q(signups__status=SignupStatus.WAITING)),
        offered_count=Count("signups", filter=Q(signups__status=SignupStatus.OFFERED)),
    )


def groups_of(user: Any) -> QuerySet[Group]:
    """The groups `user` may run or facilitates."""
    runnable = activity_access.editable_activities(Activity.objects.all(), user)
    return Group.objects.filter(Q(activity__in=runnable) | Q(facilitators__user=user)).distinct()


def rows_for(user: Any, today: date | None = None) -> list[GroupRow]:
    today = today or timezone.localdate()
    qs = counted(groups_of(user)).order_by("activity__start", "id")
    return [
        GroupRow(
            group=g,
            taken=g.taken,  # type: ignore[attr-defined]
            waiting=g.waiting_count,  # type: ignore[attr-defined]
            offered=g.offered_count,  # type: ignore[attr-defined]
            decision_due=_due(g, g.taken, today),  # type: ignore[attr-defined]
        )
        for g in qs
    ]


def _due(group: Group, taken: int, today: date) -> bool:
    return (
        group.status == GroupStatus.OPEN
        and group.decision_date is not None
        and group.decision_date <= today
        and taken < group.minimum
    )


def page_links(user: Any, group: Group) -> dict[str, str]:
    """The group's other pages this user may open."""
    links = {"public": reverse("activity-detail", kwargs={"uuid": group.activity.uuid})}
    if access.can_see_signups(user, group):
        links["participants"] = reverse("group-participants", args=[group.uuid])
        links["feedback"] = reverse("group-feedback", args=[group.uuid])
    if access.can_invite(user, group):
        links["invitations"] = reverse("group-invitations", args=[group.uuid])
    return links


@login_required
def my_groups(request: HttpRequest) -> HttpResponse:
    return render(request, "groups/manage/list.html", {"rows": rows_for(request.user)})


def _group(request: HttpRequest, uuid: UUID, *, run: bool = True) -> Group:
    group = get_object_or_404(Group.objects.select_related("activity__organisation", "activity__place"), uuid=uuid)
    allowed = access.can_run_group(request.user, group) if run else access.can_see_signups(request.user, group)
    if not allowed:
        raise PermissionDenied(_("Only those who run the group may change it."))
    return group


def _zone(group: Group) -> Any:
    return recurrence.zone(group.activity.time_zone)


def _places(group: Group) -> QuerySet[Place]:
    return Place.objects.filter(organisation=group.activity.organisation).order_by("name_fi")


def _page(request: HttpRequest, group: Group, **forms: Any) -> HttpResponse:
    row = counted(Group.objects.filter(pk=group.pk)).get()
    today = timezone.localdate()
    nearby = decisions.nearby_groups(group)
    may_run = access.can_run_group(request.user, group)
    context = {
        "group": group,
        "activity": group.activity,
        "taken": row.taken,  # type: ignore[attr-defined]
        "waiting": row.waiting_count,  # type: ignore[attr-defined]
        "offered": row.offered_count,  # type: ignore[attr-defined]
        "decision_due": _due(group, row.taken, today),  # type: ignore[attr-defined]
        "undecided": group.status in decisions.UNDECIDED,
        "sessions": list(group.activity.sessions.select_related("place").order_by("start", "id")),
        "facilitator_list": list(group.facilitators.select_related("organisation")),
        "partner_missing": facilitators.partner_missing(group),
        "nearby": nearby,
        "may_run": may_run,
        "links": page_links(request.user, group),
        "settings_form": forms.get("settings_form") or SettingsForm.for_group(group),
        "facilitator_forms": forms.get("facilitator_forms") or facilitator_formset(group),
        "decision_form": forms.get("decision_form") or DecisionForm(nearby=nearby, prefix="decision"),
    }
    status = 400 if forms else 200
    with timezone.override(_zone(group)):
        return render(request, "groups/manage/group.html", context, status=status)


def _back(group: Group, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("group-manage", args=[group.uuid]) + (f"#{anchor}" if anchor else ""))


@login_required
def group_manage(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group(request, uuid, run=False)
    return _page(request, group)


@login_required
@require_POST
def group_settings(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group(request, uuid)
    with timezone.override(_zone(group)):
        form = SettingsForm.for_group(group, request.POST)
        if form.is_valid():
            try:
                services.group_update(actor=request.user, group=group, data=form.cleaned_data, source=SOURCE)
            except ValidationError as exc:
                add_service_errors(form, exc)
    if form.errors:
        return _page(request, group, settings_form=form)
    messages.success(request, _("The group's settings were saved."))
    return _back(group, "settings-heading")


@login_required
@require_POST
def group_facilitators(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group(request, uuid)
    formset = facilitator_formset(group, request.POST)
    if formset.is_valid():
        rows = [
            {k: f.cleaned_data[k] for k in ("name", "organisation", "kind", "profession", "user")}
            for f in formset.forms
            if not f.is_blank()
        ]
        try:
            facilitators.facilitators_set(actor=request.user, group=group, facilitators=rows, source=SOURCE)
        except ValidationError as exc:
            _formset_errors(formset, exc)
    if not formset.is_valid() or formset.non_form_errors() or any(f.errors for f in formset.forms):
        return _page(request, group, facilitator_forms=formset)
    messages.success(request, _("The facilitators were saved."))
    return _back(group, "facilitators-heading")


def _formset_errors(formset: Any, exc: ValidationError) -> None:
    filled = [f for f in formset.forms if not f.is_blank()]
    for key, msgs in exc.message_dict.items():
        if key.startswith("facilitators[") and "]." in key:
            index, field = key[len("facilitators[") :].split("].", 1)
            form = filled[int(index)]
            form.add_error(field if field in form.fields else ("email" if field == "user" else None), msgs)
        else:
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), *msgs])


@login_required
def session_edit(request: HttpRequest, uuid: UUID, session: int) -> HttpResponse:
    group = _group(request, uuid)
    row = get_object_or_404(Session, pk=session, activity=group.activity)
    tz = _zone(group)
    if request.method == "POST":
        form = SessionForm(request.POST, places=_places(group), tz=tz)
        if form.is_valid():
            try:
                activity_services.session_update(
                    actor=request.user, session=row, data=form.session_data(), source=SOURCE
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"start": "day", "place": "place"})
            else:
                messages.success(request, _("The session was saved."))
                return _back(group, "sessions-heading")
    else:
        form = SessionForm(initial=session_initial(row, tz), places=_places(group), tz=tz)
    context = {"group": group, "activity": group.activity, "session": row, "form": form}
    with timezone.override(tz):
        return render(request, "groups/manage/session.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def group_decision(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group(request, uuid)
    nearby = decisions.nearby_groups(group)
    form = DecisionForm(request.POST, nearby=nearby, prefix="decision")
    if not form.is_valid():
        return _page(request, group, decision_form=form)
    decision = form.cleaned_data["decision"]
    tz = _zone(group)
    new_sessions = shifted_sessions(group, form.cleaned_data["first_day"], tz) if decision == "postpone" else []
    if "confirm" not in request.POST:
        context = {
            "group": group,
            "activity": group.activity,
            "form": form,
            "decision": decision,
            "decision_label": dict(form.fields["decision"].choices).get(decision),  # type: ignore[attr-defined]
            "told": decisions.families_told(group),
            "target": form.target(),
            "new_sessions": new_sessions,
            "note": form.note(),
        }
        with timezone.override(tz):
            return render(request, "groups/manage/confirm.html", context)
    try:
        if decision == "start":
            decisions.group_start(actor=request.user, group=group, source=SOURCE)
        elif decision == "postpone":
            decisions.group_postpone(
                actor=request.user,
                group=group,
                sessions=new_sessions,
                decision_date=form.cleaned_data["decision_date"],
                source=SOURCE,
            )
        elif decision == "merge":
            target = form.target()
            assert target is not None
            decisions.group_merge(actor=request.user, group=group, into=target, source=SOURCE)
        else:
            decisions.group_cancel(actor=request.user, group=group, note=form.note(), source=SOURCE)
    except ValidationError as exc:
        add_service_errors(form, exc, {"sessions": "first_day", "note": "note_fi", "decision": "decision"})
        return _page(request, group, decision_form=form)
    messages.success(request, _("The decision was saved and the families will be told."))
    return _back(group)
