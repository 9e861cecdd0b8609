"""The template pages (`/programmes/`) and "new group" (`/groups/new/`) for editors and coordinators.

Views stay thin: a form, a decision of `access.py`, one call of `programmes.py`, and the
service's per-field errors back on the form (nothing is saved on an error). No
JavaScript: the session list has empty rows to fill in and a box to remove a row.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from perhekeskus.core.translation import CONTENT_LANGUAGES
from perhekeskus.groups import access, programmes
from perhekeskus.groups.models import Group, Programme
from perhekeskus.groups.programme_forms import GroupNewForm, ProgrammeForm, SessionFormSet, local_moment
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Organisation, Place

SOURCE = "editor"
PROGRAMME_KEYS = (
    "slug",
    "kind",
    "organisation",
    "participation",
    "capacity",
    "capacity_unit",
    "waiting_list_capacity",
    "minimum",
    "session_minutes",
    "age_min_months",
    "age_max_months",
    "active",
    *(f"{base}_{lang}" for base in ("name", "description") for lang in CONTENT_LANGUAGES),
)
SESSION_KEYS = (
    "number",
    "code",
    "phase",
    "offset_days",
    "minutes",
    *(f"{base}_{lang}" for base in ("topic", "led_by") for lang in CONTENT_LANGUAGES),
)


def _editable_organisations(user: Any) -> QuerySet[Organisation]:
    return network_access.editable(Organisation.objects.all(), user, "pk").order_by("name_fi")


def _may_keep_templates(user: Any) -> bool:
    return access.can_keep_shared_programmes(user) or _editable_organisations(user).exists()


def _put_errors(form: BaseForm, exc: ValidationError, names: dict[str, str] | None = None) -> None:
    """A service's errors on the form's fields; the rest at the top of the form."""
    for field, errors in exc.message_dict.items():
        name = (names or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


# --- Templates ---------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not _may_keep_templates(request.user):
        raise PermissionDenied(_("Programme templates are kept by editors and coordinators."))
    rows = [
        (programme, access.can_edit_programme(request.user, programme))
        for programme in programmes.programmes_visible(request.user)
        .annotate(session_count=Count("sessions"))
        .order_by("-active", "name_fi", "id")
    ]
    return render(request, "groups/programmes/list.html", {"rows": rows})


def _programme_initial(programme: Programme | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if programme is None:
        defaults = {"capacity": 10, "waiting_list_capacity": 0, "minimum": 0, "session_minutes": 120}
        return {**defaults, "active": True}, [{"number": 1, "offset_days": 0}]
    initial = {key: getattr(programme, key) for key in PROGRAMME_KEYS}
    sessions = [{key: getattr(s, key) for key in SESSION_KEYS} for s in programme.sessions.order_by("number")]
    return initial, sessions


def _programme_page(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    shared_allowed = access.can_keep_shared_programmes(request.user)
    initial, session_initial = _programme_initial(programme)
    posted = request.POST if request.method == "POST" else None
    form = ProgrammeForm(
        posted, organisations=_editable_organisations(request.user), shared_allowed=shared_allowed, initial=initial
    )
    formset = SessionFormSet(posted, initial=session_initial, prefix="sessions")
    if posted is not None and form.is_valid() and formset.is_valid():
        data = {key: form.cleaned_data[key] for key in PROGRAMME_KEYS}
        rows, where = [], []
        for i, session_form in enumerate(formset.forms):
            cleaned = session_form.cleaned_data
            if not cleaned or cleaned.get("DELETE"):
                continue  # an empty or removed row
            rows.append({key: cleaned.get(key) for key in SESSION_KEYS})
            where.append(i)
        try:
            if programme is None:
                saved = programmes.programme_create(actor=request.user, data=data, sessions=rows, source=SOURCE)
            else:
                saved = programmes.programme_update(
                    actor=request.user, programme=programme, data=data, sessions=rows, source=SOURCE
                )
        except ValidationError as exc:
            _put_session_errors(form, formset, exc, where)
        else:
            messages.success(request, _("The programme template was saved."))
            return redirect("programme-edit", slug=saved.slug)
    context = {"programme": programme, "form": form, "formset": formset}
    status = 400 if posted is not None else 200
    return render(request, "groups/programmes/form.html", context, status=status)


def _put_session_errors(form: ProgrammeForm, formset: Any, exc: ValidationError, where: list[int]) -> None:
    top: dict[str, list[str]] = {}
    for key, errors in exc.message_dict.items():
        if key.startswith("sessions["):
            index, _dot, field = key[len("sessions[") :].partition("]")
            target = formset.forms[where[int(index)]]
            name = field.lstrip(".")
            target.add_error(name if name in target.fields else None, errors)
        elif key == "sessions":
            form.add_error(None, errors)
        else:
            top[key] = errors
    if top:
        _put_errors(form, ValidationError(top))


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    if not _may_keep_templates(request.user):
        raise PermissionDenied(_("Programme templates are kept by editors and coordinators."))
    return _programme_page(request, None)


def _editable_programme(request: HttpRequest, slug: str) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("organisation"), slug=slug)
    if not access.can_edit_programme(request.user, programme):
        raise PermissionDenied(_("You may not change this programme template."))
    return programme


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_page(request, _editable_programme(request, slug))


@login_required
@require_http_methods(["GET", "POST"])
def programme_delete(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _editable_programme(request, slug)
    if request.method == "POST":
        programmes.programme_delete(actor=request.user, programme=programme, source=SOURCE)
        messages.success(request, _("The programme template was deleted."))
        return redirect("programme-list")
    groups = Group.objects.filter(programme=programme).count()
    return render(request, "groups/programmes/delete.html", {"programme": programme, "groups": groups})


# --- A new group ---------------------------------------------------------------------------


def _group_url(group: Group) -> str:
    """The organisers' page of the group where there is one, else its public page."""
    try:
        return reverse("group-manage", kwargs={"uuid": group.uuid})
    except NoReverseMatch:
        return reverse("activity-detail", kwargs={"uuid": group.activity.uuid})


def _group_initial(request: HttpRequest, templates: QuerySet[Programme], organisations: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"sessions_count": 8, "session_minutes": 120}
    chosen = templates.filter(slug=request.GET.get("programme") or "").first()
    if chosen is not None:
        initial["programme"] = chosen
        initial |= {f"title_{lang}": getattr(chosen, f"name_{lang}") for lang in CONTENT_LANGUAGES}
    if len(organisations) == 1:
        initial["organisation"] = organisations[0]
    return initial


def _make(request: HttpRequest, form: GroupNewForm) -> Group:
    data = form.cleaned_data
    opens, closes = data.get("enrolment_opens"), data.get("enrolment_closes")
    midnight = data["first_time"].replace(hour=0, minute=0)
    common: dict[str, Any] = {
        "actor": request.user,
        "organisation": data["organisation"],
        "first_start": form.first_start(),
        "place": data.get("place"),
        "title": {lang: data.get(f"title_{lang}") or "" for lang in CONTENT_LANGUAGES},
        "enrolment_opens": local_moment(opens, midnight) if opens else None,
        "enrolment_closes": local_moment(closes + timedelta(days=1), midnight) if closes else None,
        "decision_date": data.get("decision_date"),
        "source": SOURCE,
    }
    programme = data.get("programme")
    if programme is None:
        return programmes.group_weekly(
            **common,
            count=data["sessions_count"],
            minutes=data["session_minutes"],
            capacity=data["capacity"],
            waiting_list_capacity=data.get("waiting_list_capacity") or 0,
            minimum=data.get("minimum") or 0,
        )
    places = {k: data[k] for k in ("capacity", "waiting_list_capacity", "minimum") if data.get(k) is not None}
    return programmes.group_from_programme(programme=programme, places=places, **common)


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request: HttpRequest) -> HttpResponse:
    organisations = _editable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("You may not create groups."))
    templates = programmes.programmes_visible(request.user).filter(active=True).order_by("name_fi")
    form = GroupNewForm(
        request.POST if request.method == "POST" else None,
        programmes=templates,
        organisations=organisations,
        places=Place.objects.select_related("organisation").order_by("name_fi"),
        initial=_group_initial(request, templates, list(organisations[:2])),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = _make(request, form)
        except ValidationError as exc:
            _put_errors(form, exc, {"start": "first_date", "sessions": "first_date"})
        else:
            messages.success(request, _("The group was created with its sessions."))
            return redirect(_group_url(group))
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/group_new.html", {"form": form}, status=status)
