"""The editors' pages of the activity calendar: list, form, status actions, single occurrences.

Views stay thin: they read a form, ask `access.py`, call one function of `services.py`
and show its per-field errors on the form. Every write is a POST; a refusal of the
service (PermissionDenied) is a 403 page, a validation error a form error or a message.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from perhekeskus.activities import access, recurrence, services
from perhekeskus.activities.editor_forms import (
    PARTICIPATION_HELP,
    ActivityForm,
    CancelOccurrenceForm,
    MoveOccurrenceForm,
    initial_from_activity,
    local_area_ids,
)
from perhekeskus.activities.models import DEFAULT_TIME_ZONE, Activity, ActivityStatus, ChangeKind, OccurrenceChange
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.activities.queries import next_occurrences
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Organisation

SOURCE = "editor"
PAGE_SIZE = 50
OCCURRENCES_SHOWN = 20
# How far ahead the list looks for each activity's next occurrence.
NEXT_HORIZON = timedelta(days=400)
MOMENT_FORMAT = "%Y%m%dT%H%M%SZ"


def _editable_organisations(user: Any) -> QuerySet[Organisation]:
    return network_access.editable(Organisation.objects.all(), user, "pk").order_by("name_fi")


def _form(request: HttpRequest, activity: Activity | None, organisations: Any, initial: Any) -> ActivityForm:
    """The activity form with the choices the person may use."""
    return ActivityForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        local_areas=local_area_ids(network_access.editable_organisation_ids(request.user)),
        activity=activity,
        time_zone=activity.time_zone if activity else DEFAULT_TIME_ZONE,
        initial=initial,
    )


def _activity_for_edit(request: HttpRequest, uuid: uuid_module.UUID) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("organisation", "place"), uuid=uuid)
    if not access.can_edit_activity(request.user, activity):
        raise PermissionDenied(_("You may not edit this activity."))
    return activity


def _moment(value: str) -> datetime:
    """An occurrence's original start from the URL (UTC, e.g. 20260106T080000Z)."""
    try:
        return datetime.strptime(value, MOMENT_FORMAT).replace(tzinfo=UTC)
    except ValueError as exc:
        raise Http404("Not an occurrence.") from exc


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _error_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- The list -------------------------------------------------------------------------------


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    organisations = _editable_organisations(request.user)
    qs = access.editable_activities(Activity.objects.all(), request.user).select_related("organisation", "place")
    chosen_org = request.GET.get("organisation") or ""
    chosen_status = request.GET.get("status") or ""
    if chosen_org:
        qs = qs.filter(organisation__slug=chosen_org)
    if chosen_status in ActivityStatus.values:
        qs = qs.filter(status=chosen_status)
    page = Paginator(qs.order_by("title_fi", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    upcoming: dict[int, Occurrence] = {}
    # One pass for the page's activities: the first scheduled occurrence of each.
    for occurrence in occurrences_for(page.object_list, now, now + NEXT_HORIZON):
        if not occurrence.cancelled:
            upcoming.setdefault(occurrence.activity.pk, occurrence)
    rows = [(activity, upcoming.get(activity.pk)) for activity in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "organisations": organisations,
        "statuses": ActivityStatus.choices,
        "chosen_org": chosen_org,
        "chosen_status": chosen_status,
        "query": query.urlencode(),
        "may_create": organisations.exists(),
    }
    return render(request, "activities/editor/list.html", context)


# --- The form -------------------------------------------------------------------------------


def _status_from_button(request: HttpRequest, current: str | None) -> str:
    chosen = request.POST.get("status_action") or ""
    if chosen == "publish":
        return ActivityStatus.PUBLISHED
    if chosen == "draft":
        return ActivityStatus.DRAFT
    return current or ActivityStatus.DRAFT


def _render_form(
    request: HttpRequest, form: ActivityForm, activity: Activity | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "activity": activity, "participation_help": PARTICIPATION_HELP}
    return render(request, "activities/editor/form.html", context, status=status)


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    organisations = _editable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("You may not publish activities."))
    form = _form(request, None, organisations, {"organisation": organisations.first()})
    if request.method != "POST":
        return _render_form(request, form, None)
    if form.is_valid():
        data = form.service_data()
        data["status"] = _status_from_button(request, None)
        try:
            activity = services.activity_create(actor=request.user, data=data, source=SOURCE)
        except ValidationError as exc:
            form.add_service_errors(exc.message_dict)
        else:
            messages.success(request, _("Saved: %(title)s") % {"title": activity.title})
            return redirect("editor-activity", uuid=activity.uuid)
    return _render_form(request, form, None, status=400)


@login_required
def activity_edit(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    form = _form(request, activity, _editable_organisations(request.user), initial_from_activity(activity))
    if request.method != "POST":
        return _render_form(request, form, activity)
    if form.is_valid():
        data = form.service_data()
        data["status"] = _status_from_button(request, activity.status)
        try:
            services.activity_update(actor=request.user, activity=activity, data=data, source=SOURCE)
        except ValidationError as exc:
            form.add_service_errors(exc.message_dict)
        else:
            messages.success(request, _("Saved: %(title)s") % {"title": activity.title})
            return redirect("editor-activity", uuid=activity.uuid)
    # The failed save may have changed the instance in memory; the page shows the stored one.
    activity.refresh_from_db()
    return _render_form(request, form, activity, status=400)


# --- The activity's page: status and single occurrences ---------------------------------------


@login_required
def activity_detail(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    now = timezone.now()
    occurrences = next_occurrences(activity, now, limit=OCCURRENCES_SHOWN)
    # Excluded dates are not occurrences any more: list the changes so they can be undone.
    changes = OccurrenceChange.objects.filter(activity=activity, original_start__gte=now - timedelta(days=1))
    context = {
        "activity": activity,
        "occurrences": [(o, o.original_start.strftime(MOMENT_FORMAT)) for o in occurrences],
        "excluded": [
            (
                c,
                c.original_start.strftime(MOMENT_FORMAT),
                c.original_start.astimezone(recurrence.zone(activity.time_zone)),
            )
            for c in changes
            if c.kind == ChangeKind.EXCLUDED
        ],
        "may_end": activity.start < now and activity.status != ActivityStatus.ENDED,
        "participation_help": PARTICIPATION_HELP.get(activity.participation, ""),
    }
    return render(request, "activities/editor/detail.html", context)


@login_required
@require_POST
def activity_publish(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    try:
        services.activity_update(
            actor=request.user, activity=activity, data={"status": ActivityStatus.PUBLISHED}, source=SOURCE
        )
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(request, _("Published: %(title)s") % {"title": activity.title})
    return redirect("editor-activity", uuid=activity.uuid)


@login_required
def activity_cancel(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    """Cancel the whole activity after a confirmation: it stays in the calendar marked cancelled."""
    activity = _activity_for_edit(request, uuid)
    if request.method == "POST":
        notes = {
            f"cancellation_note_{code}": request.POST.get(f"note_{code}", "").strip() for code in ("fi", "sv", "en")
        }
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                data={"status": ActivityStatus.CANCELLED, **notes},
                source=SOURCE,
            )
        except ValidationError as exc:
            messages.error(request, _error_message(exc))
        else:
            messages.success(request, _("Cancelled: %(title)s") % {"title": activity.title})
        return redirect("editor-activity", uuid=activity.uuid)
    return render(request, "activities/editor/cancel.html", {"activity": activity})


@login_required
@require_POST
def activity_end(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    default = reverse("editor-activity", kwargs={"uuid": activity.uuid})
    try:
        services.activity_end(actor=request.user, activity=activity, source=SOURCE)
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(request, _("Ended: %(title)s") % {"title": activity.title})
    return redirect(_next_url(request, default))


@login_required
@require_POST
def activity_confirm(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    services.activity_confirm(actor=request.user, activity=activity, source=SOURCE)
    messages.success(
        request,
        _("Confirmed until %(day)s: %(title)s")
        % {"day": f"{activity.confirmed_until:%d.%m.%Y}", "title": activity.title},
    )
    return redirect(_next_url(request, reverse("editor-activity", kwargs={"uuid": activity.uuid})))


@login_required
def activity_delete(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    if request.method == "POST":
        title = activity.title
        services.activity_delete(actor=request.user, activity=activity, source=SOURCE)
        messages.success(request, _("Deleted: %(title)s") % {"title": title})
        return redirect("editor-activities")
    return render(request, "activities/editor/delete.html", {"activity": activity})


# --- Single occurrences ------------------------------------------------------------------------


def _occurrence_page(
    request: HttpRequest, activity: Activity, moment: str, form: Any, kind: str, status: int = 200
) -> HttpResponse:
    local = _moment(moment).astimezone(recurrence.zone(activity.time_zone))
    context = {"activity": activity, "moment": moment, "local_start": local, "form": form, "kind": kind}
    return render(request, "activities/editor/occurrence.html", context, status=status)


def _change(request: HttpRequest, activity: Activity, moment: str, **kwargs: Any) -> ValidationError | None:
    try:
        services.occurrence_change(
            actor=request.user, activity=activity, original_start=_moment(moment), source=SOURCE, **kwargs
        )
    except ValidationError as exc:
        return exc
    return None


@login_required
def occurrence_cancel(request: HttpRequest, uuid: uuid_module.UUID, moment: str) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    form = CancelOccurrenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _change(request, activity, moment, kind=ChangeKind.CANCELLED, notes=form.notes())
        if error is None:
            messages.success(request, _("The occurrence was cancelled; families see the note."))
            return redirect("editor-activity", uuid=activity.uuid)
        form.add_error(None, _error_message(error))
    return _occurrence_page(request, activity, moment, form, "cancel", status=400 if form.errors else 200)


@login_required
def occurrence_move(request: HttpRequest, uuid: uuid_module.UUID, moment: str) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    tz = recurrence.zone(activity.time_zone)
    original = _moment(moment).astimezone(tz)
    initial = {
        "date": original.date(),
        "start_time": original.time().replace(tzinfo=None),
        "end_time": (original + activity.duration).astimezone(tz).time().replace(tzinfo=None),
    }
    form = MoveOccurrenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        new_start, new_end = form.times(activity.time_zone)
        error = _change(
            request, activity, moment, kind=ChangeKind.MOVED, new_start=new_start, new_end=new_end, notes=form.notes()
        )
        if error is None:
            messages.success(request, _("The occurrence was moved."))
            return redirect("editor-activity", uuid=activity.uuid)
        for field, errors in error.message_dict.items():
            target = {"new_start": "start_time", "new_end": "end_time"}.get(field)
            for message in errors:
                form.add_error(target, message)
    return _occurrence_page(request, activity, moment, form, "move", status=400 if form.errors else 200)


@login_required
@require_POST
def occurrence_exclude(request: HttpRequest, uuid: uuid_module.UUID, moment: str) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    error = _change(request, activity, moment, kind=ChangeKind.EXCLUDED)
    if error is not None:
        messages.error(request, _error_message(error))
    else:
        messages.success(request, _("The date was left out of the calendar."))
    return redirect("editor-activity", uuid=activity.uuid)


@login_required
@require_POST
def occurrence_restore(request: HttpRequest, uuid: uuid_module.UUID, moment: str) -> HttpResponse:
    activity = _activity_for_edit(request, uuid)
    try:
        services.occurrence_restore(
            actor=request.user, activity=activity, original_start=_moment(moment), source=SOURCE
        )
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(request, _("The change was undone."))
    return redirect("editor-activity", uuid=activity.uuid)
