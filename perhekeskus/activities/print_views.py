"""The printable seasonal calendar: one area's activities for a period, on A4 paper.

Espoo's partners compiled one calendar a year for families to pin on the fridge. It
reads by weekday, then by place: "Mondays – Matinkylä resident park: 9:30–11:30 Baby
morning (MLL), every week, 2 Sep – 16 Dec; not on 27 Oct". A recurring activity is
listed once per weekday it meets on, with its pattern, period and exceptions; one-off
events follow by date. A group that meets on set dates (family training's five evenings)
has no weekly pattern to tell: it is listed once with each of its sessions dated, with
its topic. Browsers turn the A4 print view into a PDF ("Print → Save as
PDF"), so no PDF library is needed.

Filters and the period are read with `params`, as the calendar pages and feeds read
them, so the same address parameters select the same activities everywhere.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from perhekeskus.activities import params
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind, OccurrenceChange
from perhekeskus.activities.newcomer import WEEKDAY_PLURALS, area_groups
from perhekeskus.activities.occurrences import Occurrence
from perhekeskus.activities.queries import CalendarFilters, occurrences_find
from perhekeskus.activities.recurrence import normalise_rule
from perhekeskus.activities.services import SPRING_LAST_DAY, season_end
from perhekeskus.network.hours import HELSINKI, local_now
from perhekeskus.network.models import Area, Organisation, Place, Weekday

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    -1: gettext_lazy("last"),
}
# Parts a pattern in words can describe; the period says what UNTIL/COUNT would.
SIMPLE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYSETPOS", "UNTIL", "COUNT", "WKST"}


def season_start(day: date) -> date:
    """The first day of the season `day` is in (spring Jan–Jul, autumn Aug–Dec)."""
    return date(day.year, 1, 1) if (day.month, day.day) <= SPRING_LAST_DAY else date(day.year, 8, 1)


class PrintForm(forms.Form):
    area = forms.ChoiceField(label=gettext_lazy("Area"))
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("Choose an area")), *area_groups(whole_municipality=True)]


# --- Describing a rule in words ---------------------------------------------------------


def describe_rule(rule: str) -> str:
    """The rule in plain words when it is simple ("every 2 weeks"); "" when it is not."""
    parts = dict(p.partition("=")[::2] for p in normalise_rule(rule).split(";") if p)
    if set(parts) - SIMPLE_PARTS:
        return ""
    interval = int(parts.get("INTERVAL", "1") or 1)
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    freq = parts.get("FREQ", "")
    if freq == "WEEKLY" and "BYSETPOS" not in parts and all(d in RRULE_DAYS for d in days):
        return ngettext("every week", "every %(count)s weeks", interval) % {"count": interval}
    if freq == "DAILY" and not days and "BYSETPOS" not in parts:
        return ngettext("every day", "every %(count)s days", interval) % {"count": interval}
    if freq == "MONTHLY" and interval == 1 and len(days) == 1:
        match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", days[0])
        if match is None or (match.group(1) and "BYSETPOS" in parts):
            return ""
        position = int(match.group(1) or parts.get("BYSETPOS", "0") or 0)
        if position not in ORDINALS:
            return ""
        weekday = Weekday(RRULE_DAYS.index(match.group(2))).label
        return _("%(ordinal)s %(weekday)s of the month") % {"ordinal": ORDINALS[position], "weekday": weekday}
    return ""


# --- Grouping ---------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    return moment.astimezone(HELSINKI)


@dataclass
class DateNote:
    day: date
    kind: str  # ChangeKind value: excluded, cancelled or moved
    note: str = ""
    new_start: datetime | None = None  # Helsinki time, for a moved occurrence
    new_end: datetime | None = None


@dataclass
class Entry:
    """A recurring activity on one weekday of the period."""

    activity: Activity
    starts: time
    ends: time
    first: date
    last: date
    pattern: str
    dates: list[date]
    exceptions: list[DateNote] = field(default_factory=list)

    @property
    def cancelled(self) -> bool:
        return self.activity.status == ActivityStatus.CANCELLED


@dataclass
class PlaceGroup:
    place: Place | None  # None: online
    entries: list[Entry] = field(default_factory=list)


@dataclass
class DayGroup:
    weekday: int
    places: list[PlaceGroup] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(WEEKDAY_PLURALS[self.weekday])


@dataclass
class GroupEntry:
    """A group's activity with its sessions in the period (occurrences, numbered in the series)."""

    activity: Activity
    sessions: list[Occurrence]

    @property
    def cancelled(self) -> bool:
        return self.activity.status == ActivityStatus.CANCELLED


@dataclass
class SingleDay:
    day: date
    occurrences: list[Occurrence]


@dataclass
class Calendar:
    weekdays: list[DayGroup]
    groups: list[GroupEntry]
    singles: list[SingleDay]
    organisers: list[tuple[Organisation, list[tuple[str, str, str]]]]

    @property
    def empty(self) -> bool:
        return not self.weekdays and not self.groups and not self.singles


def _excluded(ids: list[int], start: datetime, end: datetime) -> dict[int, list[OccurrenceChange]]:
    found: dict[int, list[OccurrenceChange]] = defaultdict(list)
    rows = OccurrenceChange.objects.filter(
        activity_id__in=ids, kind=ChangeKind.EXCLUDED, original_start__gte=start, original_start__lt=end
    )
    for change in rows:
        found[change.activity_id].append(change)
    return found


def _entry(activity: Activity, occurrences: list[Occurrence], excluded: list[OccurrenceChange]) -> Entry:
    regular = [o for o in occurrences if not o.moved]
    usual = Counter((_local(o.start).time(), _local(o.end).time()) for o in regular or occurrences).most_common(1)
    starts, ends = usual[0][0]
    originals = [_local(o.original_start).date() for o in occurrences]
    exceptions = [DateNote(_local(c.original_start).date(), ChangeKind.EXCLUDED, c.note) for c in excluded]
    if activity.status != ActivityStatus.CANCELLED:  # a cancelled activity is marked whole
        for o in occurrences:
            day = _local(o.original_start).date()
            if o.moved:
                kind = ChangeKind.CANCELLED if o.cancelled else ChangeKind.MOVED
                exceptions.append(DateNote(day, kind, o.note, _local(o.start), _local(o.end)))
            elif o.cancelled:
                exceptions.append(DateNote(day, ChangeKind.CANCELLED, o.note))
    exceptions.sort(key=lambda e: e.day)
    return Entry(
        activity=activity,
        starts=starts,
        ends=ends,
        first=min(originals + [e.day for e in exceptions]),
        last=max(originals + [e.day for e in exceptions]),
        pattern=describe_rule(activity.rrule),
        dates=sorted(_local(o.start).date() for o in regular if not o.cancelled),
        exceptions=exceptions,
    )


def _place_key(group: PlaceGroup) -> tuple[int, str]:
    return (1, "") if group.place is None else (0, group.place.name.casefold())


def _organisers(activities: list[Activity]) -> list[tuple[Organisation, list[tuple[str, str, str]]]]:
    """Each organiser once, with the distinct contacts its activities give."""
    orgs: dict[int, Organisation] = {}
    contacts: dict[int, dict[tuple[str, str, str], None]] = defaultdict(dict)
    for activity in activities:
        for org in [activity.organisation, *activity.co_organisers.all()]:
            orgs.setdefault(org.pk, org)
        contact = (activity.contact_name, activity.contact_email, activity.contact_phone)
        if any(contact):
            contacts[activity.organisation_id][contact] = None
    ordered = sorted(orgs.values(), key=lambda o: o.name.casefold())
    return [(org, list(contacts[org.pk])) for org in ordered]


def build_calendar(f: CalendarFilters, start: datetime, end: datetime) -> Calendar:
    """The filtered activities of [start, end) grouped for print."""
    occurrences = occurrences_find(f, start, end)
    activities = list({o.activity.pk: o.activity for o in occurrences}.values())
    prefetch_related_objects(activities, "co_organisers")
    excluded = _excluded([a.pk for a in activities if a.rrule], start, end)
    # (weekday of the rule's date, activity) → its occurrences on that weekday
    series: dict[tuple[int, int], list[Occurrence]] = defaultdict(list)
    singles: dict[date, list[Occurrence]] = defaultdict(list)
    # Occurrences come in time order, so groups are listed by their first session in the period.
    groups: dict[int, list[Occurrence]] = defaultdict(list)
    for o in occurrences:
        if o.activity.has_sessions:
            groups[o.activity.pk].append(o)
        elif o.activity.rrule:
            series[(_local(o.original_start).weekday(), o.activity.pk)].append(o)
        else:
            singles[_local(o.start).date()].append(o)
    by_id = {a.pk: a for a in activities}
    days: dict[int, dict[int | None, PlaceGroup]] = defaultdict(dict)
    for (weekday, pk), found in series.items():
        activity = by_id[pk]
        own = [c for c in excluded.get(pk, []) if _local(c.original_start).weekday() == weekday]
        group = days[weekday].setdefault(activity.place_id, PlaceGroup(activity.place))
        group.entries.append(_entry(activity, found, own))
    weekdays = []
    for weekday in sorted(days):
        places = sorted(days[weekday].values(), key=_place_key)
        for group in places:
            group.entries.sort(key=lambda e: (e.starts, e.activity.title.casefold()))
        weekdays.append(DayGroup(weekday, places))
    return Calendar(
        weekdays=weekdays,
        groups=[GroupEntry(by_id[pk], found) for pk, found in groups.items()],
        singles=[SingleDay(day, singles[day]) for day in sorted(singles)],
        organisers=_organisers(activities),
    )


# --- The page ---------------------------------------------------------------------------


def _errors_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _hidden_filters(request: HttpRequest) -> list[tuple[str, str]]:
    """The calendar filters other than the area, carried through the form unchanged."""
    return [
        (name, value) for name in params.FILTER_PARAMS if name != "area" for value in request.GET.getlist(name) if value
    ]


@require_safe
def print_calendar(request: HttpRequest) -> HttpResponse:
    today = local_now().date()
    default_start = season_start(today)
    initial = {"start": default_start, "end": season_end(default_start)}
    form = PrintForm(request.GET or None, initial=initial)
    context: dict[str, Any] = {"form": form, "calendar": None, "hidden": _hidden_filters(request)}
    if not form.is_bound:
        return render(request, "activities/print_calendar.html", context)
    problems: dict[str, list[str]] = {}
    filters = None
    try:
        filters = params.filters_from_query(request.GET)
    except ValidationError as exc:
        problems.update(_errors_of(exc))
    window = None
    if form.is_valid():
        first = form.cleaned_data["start"] or default_start
        last = form.cleaned_data["end"] or season_end(first)
        try:
            window = params.window_from_query(
                {"start": first.isoformat(), "end": last.isoformat()}, default_start=first, default_days=1
            )
        except ValidationError as exc:
            problems.update(_errors_of(exc))
    for name, messages in problems.items():
        if name == "area" and form.has_error("area"):
            continue  # the form has said it already
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, message if name == "__all__" else f"{name}: {message}")
    if form.errors or filters is None or window is None:
        return render(request, "activities/print_calendar.html", context, status=400)
    start, end = window
    area = Area.objects.get(slug=form.cleaned_data["area"])
    context.update(
        area=area,
        calendar=build_calendar(filters, start, end),
        period_start=_local(start).date(),
        period_end=_local(end).date() - timedelta(days=1),
        printed_on=today,
        page_address=request.build_absolute_uri(),
    )
    return render(request, "activities/print_calendar.html", context)
