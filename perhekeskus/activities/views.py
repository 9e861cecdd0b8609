"""Public calendar pages: the area's joint calendar (list and week views) and one page
per activity. No login needed; drafts are shown only to those who may edit them.

The filters and the window are read by `params`, the same reading the feeds and the
API use, so `/calendar/?area=matinkyla`, `/calendar.ics?area=matinkyla` and
`/api/v1/occurrences/?area=matinkyla` agree. Times are shown in Europe/Helsinki.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from perhekeskus.activities import access, jsonld, params
from perhekeskus.activities.forms import CalendarForm
from perhekeskus.activities.models import DEFAULT_TIME_ZONE, Activity, ActivityStatus, Participation
from perhekeskus.activities.occurrences import Occurrence
from perhekeskus.activities.queries import next_occurrences, occurrences_find
from perhekeskus.activities.recurrence import zone
from perhekeskus.network.models import Organisation

LIST_DAYS = 14  # the list view's default window: two weeks from today
MAX_SHOWN = 300  # beyond this a list is no longer read; the page asks to narrow the search
NEXT_DATES = 10
VIEWS = ("list", "week")
HELSINKI = zone(DEFAULT_TIME_ZONE)


@dataclass(frozen=True)
class Entry:
    occurrence: Occurrence
    ages: str


@dataclass
class Day:
    day: date
    is_today: bool
    entries: list[Entry] = field(default_factory=list)


def local_today() -> date:
    return timezone.now().astimezone(HELSINKI).date()


def _age_part(months: int) -> str:
    if months < 24 and months % 12:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    years = months // 12
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def age_text(low: int | None, high: int | None) -> str:
    """An activity's age range in words ("1–3 years"); empty when it is for any age."""
    if high is None and not low:
        return ""
    if high is None:
        return _("from %(age)s") % {"age": _age_part(low or 0)}
    low = low or 0
    # "1–3 years" is stored as 12–47 months (three-year-olds included); 12–36 also reads so.
    if low % 12 == 0 and high % 12 in (0, 11) and high // 12 > low // 12:
        return _("%(low)s–%(high)s years") % {"low": low // 12, "high": high // 12}
    if high < 24:  # a baby group: "0–11 months"
        return _("%(low)s–%(high)s months") % {"low": low, "high": high}
    return f"{_age_part(low)} – {_age_part(high)}"


def rule_words(activity: Activity) -> str:
    """The recurrence in plain words ("every 2 weeks on Thursday"); empty if not simple."""
    rule = jsonld.simple_rule(activity)
    if rule is None:
        return ""
    n = rule.interval
    days = get_text_list([str(WEEKDAYS[d]) for d in rule.weekdays], _("and"))
    if rule.freq == "DAILY":
        return ngettext("every day", "every %(count)s days", n) % {"count": n}
    if rule.freq == "WEEKLY":
        return ngettext("every week on %(days)s", "every %(n)s weeks on %(days)s", n) % {"n": n, "days": days}
    if rule.freq == "MONTHLY" and rule.nth is not None:
        nth = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}[rule.nth]
        return ngettext(
            "on the %(nth)s %(days)s of every month", "on the %(nth)s %(days)s of every %(n)s months", n
        ) % {"n": n, "nth": nth, "days": days}
    if rule.freq == "MONTHLY":
        return ngettext("every month", "every %(n)s months", n) % {"n": n}
    return ngettext("every year", "every %(n)s years", n) % {"n": n}


def _query(source: QueryDict, keep: Iterable[str], **changes: str) -> str:
    """A query string with the `keep` parameters of `source` and the `changes`."""
    out = QueryDict(mutable=True)
    for name in keep:
        values = [v for v in source.getlist(name) if v.strip()]
        if values:
            out.setlist(name, values)
    for name, value in changes.items():
        if value:
            out[name] = value
    return out.urlencode()


def _with_list_data(found: list[Occurrence]) -> None:
    """Co-organisers and languages of every activity listed, in two queries in all."""
    activities = list({id(o.activity): o.activity for o in found}.values())
    prefetch_related_objects(
        activities, Prefetch("co_organisers", queryset=Organisation.objects.order_by("name_fi")), "languages"
    )


def _days(found: list[Occurrence], first: date, last: date, *, every_day: bool, today: date) -> list[Day]:
    """Occurrences grouped by their day in Helsinki; `every_day` keeps empty days (the week)."""
    days: dict[date, Day] = {}
    if every_day:
        for n in range((last - first).days + 1):
            day = first + timedelta(days=n)
            days[day] = Day(day, day == today)
    for occurrence in found:
        # An occurrence begun before the window (overnight) is listed on its first day.
        day = max(occurrence.start.astimezone(HELSINKI).date(), first)
        if day not in days:
            days[day] = Day(day, day == today)
        activity = occurrence.activity
        days[day].entries.append(Entry(occurrence, age_text(activity.age_min_months, activity.age_max_months)))
    return [days[d] for d in sorted(days)]


def calendar(request: HttpRequest) -> HttpResponse:
    today = local_today()
    view = request.GET.get("view") or "list"
    week = view == "week"
    form = CalendarForm(request.GET)
    form.is_valid()  # fields accept any text: the parameters' errors come from `params`
    if view not in VIEWS:
        form.add_error(None, _("Unknown view: choose the list or the week."))
    filters = window = None
    try:
        filters = params.filters_from_query(request.GET)
    except ValidationError as exc:
        form.add_param_errors(exc)
    try:
        window = params.window_from_query(request.GET, default_start=today, default_days=7 if week else LIST_DAYS)
    except ValidationError as exc:
        form.add_param_errors(exc)

    context: dict[str, Any] = {"form": form, "view": "week" if week else "list", "today": today, "days": []}
    keep = [*params.FILTER_PARAMS]
    if week:
        context["this_monday"] = today - timedelta(days=today.weekday())
    if filters is None or window is None or form.errors:
        context.update(_links(request, keep, today, None, week))
        return render(request, "activities/calendar.html", context, status=400)

    start, end = window
    first = start.astimezone(HELSINKI).date()
    if week:
        first -= timedelta(days=first.weekday())  # the Monday of the week that has `start`
        start, end = params.day_start(first), params.day_start(first + timedelta(days=7))
    last = (end - timedelta(microseconds=1)).astimezone(HELSINKI).date()
    found = occurrences_find(filters, start, end)
    shown = found[:MAX_SHOWN]
    _with_list_data(shown)
    context.update(
        {
            "first": first,
            "last": last,
            "week_number": first.isocalendar().week,
            "days": _days(shown, first, last, every_day=week, today=today),
            "count": len(found),
            "capped": len(found) > MAX_SHOWN,
            "max_shown": MAX_SHOWN,
            **_links(request, keep, today, first, week, last=last),
        }
    )
    return render(request, "activities/calendar.html", context)


def _links(
    request: HttpRequest, keep: list[str], today: date, first: date | None, week: bool, last: date | None = None
) -> dict[str, str]:
    """Query strings of the shortcuts, the other view, the week steps, the feed and print."""
    get = request.GET
    monday = today - timedelta(days=today.weekday())
    links = {
        "filter_query": _query(get, keep),
        "today_query": _query(get, keep, start=today.isoformat(), end=today.isoformat()),
        "this_week_query": _query(get, keep, view="week", start=monday.isoformat()),
        "next_week_query": _query(get, keep, view="week", start=(monday + timedelta(days=7)).isoformat()),
        "list_query": _query(get, keep, start=str(get.get("start") or "")),
        "week_query": _query(get, keep, view="week", start=str(get.get("start") or "")),
    }
    if first is not None and last is not None:
        links["print_query"] = _query(get, keep, start=first.isoformat(), end=last.isoformat())
        if week:
            links["previous_week_query"] = _query(get, keep, view="week", start=(first - timedelta(7)).isoformat())
            links["next_step_query"] = _query(get, keep, view="week", start=(first + timedelta(7)).isoformat())
        links["is_today"] = "1" if (first == last == today) else ""
        links["is_this_week"] = "1" if (week and first == monday) else ""
        links["is_next_week"] = "1" if (week and first == monday + timedelta(days=7)) else ""
    return links


PARTICIPATION_HELP = {
    Participation.OPEN: gettext_lazy("Anyone can come: no invitation or client relationship is needed."),
    Participation.DIRECTED: gettext_lazy(
        "For the clients of the service, for example the families in a family training group."
    ),
    Participation.TARGETED: gettext_lazy(
        "Families are invited personally. Ask the organiser if you would like to take part."
    ),
}


def activity_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("organisation", "place__area", "area", "service_type").prefetch_related(
            Prefetch("co_organisers", queryset=Organisation.objects.order_by("name_fi")),
            "life_stages",
            "target_groups",
            "languages",
        ),
        uuid=uuid,
    )
    # A draft is not found for the public: its address tells nothing before it is published.
    if not access.can_view_activity(request.user, activity):
        raise Http404
    upcoming = next_occurrences(activity, timezone.now(), limit=NEXT_DATES)
    co_organisers = list(activity.co_organisers.all())
    languages = list(activity.languages.all())

    def url_of(name: str, key: Any) -> str:
        return request.build_absolute_uri(reverse(name, args=[key]))

    data = jsonld.event_data(
        activity,
        upcoming[0] if upcoming else None,
        page_url=url_of("activity-detail", activity.uuid),
        url_of=url_of,
        co_organisers=co_organisers,
        languages=languages,
    )
    context = {
        "activity": activity,
        "co_organisers": co_organisers,
        "languages": languages,
        "upcoming": upcoming,
        "ages": age_text(activity.age_min_months, activity.age_max_months),
        "rule_words": rule_words(activity),
        "series_end": activity.series_end,
        "participation_help": PARTICIPATION_HELP[Participation(activity.participation)],
        "jsonld": jsonld.script_safe(data),
        "is_draft": activity.status == ActivityStatus.DRAFT,
    }
    # A group's sign-up box (places left, sessions). Imported here: the groups' pages build on this module.
    from perhekeskus.groups.views import signup_box

    context["signup_box"] = signup_box(activity)
    return render(request, "activities/activity_detail.html", context)
