""" "New in the area": what a family who just moved in finds in its district.

The family tells its district and its children's ages (or an expected due date); the
page answers from that alone. Nothing is stored: the form is sent by GET, the answer is
computed from the address and forgotten, no session or cookie is written.

Three answers, each from the module that owns the data:
- what is regularly on: recurring published activities of the district (and those its
  municipality runs for everyone) with occurrences in the coming weeks, for those ages;
- meeting places in the district (`network.queries.places_find`) with today's hours;
- the basic services serving the district (`network.queries.services_find`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.occurrences import Occurrence, occurrences_for
from perhekeskus.activities.queries import CalendarFilters, activities_in_window
from perhekeskus.network import hours
from perhekeskus.network.models import (
    MEETING_PLACE_KINDS,
    Area,
    AreaKind,
    LifeStage,
    Place,
    PlaceKind,
    Service,
    Tier,
)
from perhekeskus.network.queries import Filters, places_find, services_find

HORIZON = timedelta(weeks=8)  # "regularly on": what runs in the coming two months
MAX_CHILDREN = 6
MAX_AGE_YEARS = 17
# A due date this near brings in the activities for babies under one, too.
BABY_SOON = timedelta(days=92)
# Pregnancy lasts about 40 weeks: a due date further away is a typing mistake.
LONGEST_WAIT = timedelta(days=300)
MAX_SERVICES = 40
EXPECTING = "expecting"
# Headings of the weekday groups here and in the printable calendar ("Mondays: ...").
WEEKDAY_PLURALS = (
    _("Mondays"),
    _("Tuesdays"),
    _("Wednesdays"),
    _("Thursdays"),
    _("Fridays"),
    _("Saturdays"),
    _("Sundays"),
)


# --- Area choices (shared with the printable calendar) ----------------------------------


def _by_name(areas: list[Area]) -> list[Area]:
    return sorted(areas, key=lambda a: a.name.casefold())


def area_groups(*, whole_municipality: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """Districts grouped by municipality, for a select with <optgroup>s.

    With `whole_municipality` each group starts with the municipality itself; a
    municipality without districts is always offered as itself.
    """
    rows = list(
        Area.objects.filter(kind__in=[AreaKind.MUNICIPALITY, AreaKind.DISTRICT]).only(
            "id", "slug", "kind", "parent_id", "name_fi", "name_sv", "name_en"
        )
    )
    districts: dict[int, list[Area]] = defaultdict(list)
    for row in rows:
        if row.kind == AreaKind.DISTRICT and row.parent_id is not None:
            districts[row.parent_id].append(row)
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for municipality in _by_name([r for r in rows if r.kind == AreaKind.MUNICIPALITY]):
        options = [(d.slug, d.name) for d in _by_name(districts.get(municipality.pk, []))]
        if whole_municipality or not options:
            label = _("%(name)s – the whole municipality") % {"name": municipality.name}
            options.insert(0, (municipality.slug, str(label)))
        groups.append((municipality.name, options))
    return groups


# --- The family, as the form gives it ---------------------------------------------------


class NewcomerForm(forms.Form):
    district = forms.ChoiceField(label=_("Your district"))
    due_date = forms.DateField(
        label=_("Expected due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("If you are expecting a baby."),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        district.choices = [("", _("Choose your district")), *area_groups(whole_municipality=False)]
        for n in range(1, MAX_CHILDREN + 1):
            self.fields[f"age_{n}"] = forms.IntegerField(
                label=_("Child %(n)s") % {"n": n},
                required=False,
                min_value=0,
                max_value=MAX_AGE_YEARS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "age"}),
            )

    def age_fields(self) -> list[forms.BoundField]:
        return [self[f"age_{n}"] for n in range(1, MAX_CHILDREN + 1)]

    def clean_due_date(self) -> date | None:
        due: date | None = self.cleaned_data.get("due_date")
        if due is not None and due < self.today:
            raise forms.ValidationError(_("The due date is in the past. Give the child's age instead."))
        if due is not None and due > self.today + LONGEST_WAIT:
            raise forms.ValidationError(_("The due date is more than ten months away. Check the date."))
        return due

    def family(self) -> Family:
        """The family described by a valid form."""
        data = self.cleaned_data
        district = Area.objects.select_related("parent").get(slug=data["district"])
        ages = tuple(sorted(data[f"age_{n}"] for n in range(1, MAX_CHILDREN + 1) if data.get(f"age_{n}") is not None))
        return Family(district=district, ages=ages, due_date=data.get("due_date"), today=self.today)


@dataclass(frozen=True)
class Family:
    district: Area
    ages: tuple[int, ...]  # children's ages in whole years (0 = under one)
    due_date: date | None
    today: date

    @property
    def expecting(self) -> bool:
        return self.due_date is not None

    @property
    def baby_soon(self) -> bool:
        return self.due_date is not None and self.due_date - self.today <= BABY_SOON

    @property
    def any_age(self) -> bool:
        """Nothing told about the children: everything for families is shown."""
        return not self.ages and not self.expecting

    def age_ranges(self) -> list[tuple[int, int]]:
        """Each child's age as a range of months, and the baby's first year when it is near."""
        ranges = [(years * 12, years * 12 + 11) for years in self.ages]
        if self.baby_soon:
            ranges.append((0, 11))
        return ranges

    def stage_codes(self, stages: list[LifeStage]) -> list[str]:
        """The life stages the family is in, in the table's order."""
        found = {EXPECTING} if self.expecting else set()
        for low, high in self.age_ranges():
            found |= {s.code for s in stages if _stage_covers(s, low, high)}
        return [s.code for s in stages if s.code in found]


def _stage_covers(stage: LifeStage, low: int, high: int) -> bool:
    if stage.min_age_months is None:  # before birth
        return False
    upper = stage.max_age_months if stage.max_age_months is not None else 10_000
    return stage.min_age_months <= high and upper > low


def _overlaps(activity: Activity, low: int, high: int) -> bool:
    lo = activity.age_min_months if activity.age_min_months is not None else 0
    hi = activity.age_max_months if activity.age_max_months is not None else 10_000
    return lo <= high and hi >= low


def activity_fits(activity: Activity, family: Family, stages: list[LifeStage]) -> bool:
    """Whether the activity is meant for this family's children.

    An activity's ages and its life stages both count: one marked only for expecting
    parents is not shown to a family with a five-year-old, although it sets no ages.
    """
    if family.any_age:
        return True
    own = {s.code for s in activity.life_stages.all()}
    if family.expecting and EXPECTING in own:
        return True
    for low, high in family.age_ranges():
        covering = {s.code for s in stages if _stage_covers(s, low, high)}
        if _overlaps(activity, low, high) and (not own or own & covering):
            return True
    return False


# --- What is regularly on ---------------------------------------------------------------


@dataclass
class RegularItem:
    activity: Activity
    starts: time
    ends: time
    next_day: date
    municipality_wide: bool


@dataclass
class WeekdayGroup:
    weekday: int
    items: list[RegularItem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(WEEKDAY_PLURALS[self.weekday])


def _regular_activities(family: Family, start: datetime, end: datetime, stages: list[LifeStage]) -> list[Activity]:
    qs = activities_in_window(CalendarFilters(area=[family.district.slug]), start, end, (ActivityStatus.PUBLISHED,))
    qs = qs.exclude(rrule="").prefetch_related("life_stages", "co_organisers")
    return [a for a in qs if activity_fits(a, family, stages)]


def regularly_on(family: Family, now: datetime, stages: list[LifeStage]) -> list[WeekdayGroup]:
    """Recurring activities with a scheduled occurrence in the coming weeks, by weekday.

    An activity that meets on several weekdays is listed under each. The time shown is
    the usual one in Helsinki time; a single moved occurrence does not change it.
    """
    end = now + HORIZON
    found: dict[tuple[int, int], list[Occurrence]] = defaultdict(list)
    for o in occurrences_for(_regular_activities(family, now, end, stages), now, end):
        if not o.cancelled:
            local = o.start.astimezone(hours.HELSINKI)
            found[(local.weekday(), o.activity.pk)].append(o)
    groups = {d: WeekdayGroup(d) for d in range(7)}
    for (weekday, _pk), occurrences in found.items():
        usual = Counter(
            (o.start.astimezone(hours.HELSINKI).time(), o.end.astimezone(hours.HELSINKI).time())
            for o in occurrences
            if not o.moved
        ).most_common(1)
        first = occurrences[0]
        starts, ends = usual[0][0] if usual else (first.local_start.time(), first.local_end.time())
        activity = first.activity
        groups[weekday].items.append(
            RegularItem(
                activity=activity,
                starts=starts,
                ends=ends,
                next_day=first.start.astimezone(hours.HELSINKI).date(),
                municipality_wide=activity.area_id != family.district.pk,
            )
        )
    for group in groups.values():
        group.items.sort(key=lambda i: (i.starts, i.activity.title.casefold()))
    return [g for g in groups.values() if g.items]


# --- Meeting places and basic services --------------------------------------------------


@dataclass
class MeetingPlace:
    place: Place
    today: hours.DayHours


def meeting_places(family: Family, now: datetime) -> list[MeetingPlace]:
    kinds = [PlaceKind.FAMILY_CENTRE, *MEETING_PLACE_KINDS]
    places = places_find(Filters(area=[family.district.slug], kind=[str(k) for k in kinds]))
    places = places.prefetch_related("opening_hours", "opening_exceptions").select_related("organisation")
    return [MeetingPlace(p, hours.today(p, now)) for p in places]


def basic_services(family: Family, stage_codes: list[str]) -> QuerySet[Service]:
    f = Filters(area=[family.district.slug], tier=[Tier.BASIC], life_stage=stage_codes)
    return services_find(f).select_related("provider", "service_type")


@dataclass
class Answer:
    family: Family
    stages: list[LifeStage]
    stage_codes: list[str]
    regular: list[WeekdayGroup]
    places: list[MeetingPlace]
    services: list[Service]
    more_services: bool


def answer(family: Family, now: datetime | None = None) -> Answer:
    """Everything the page shows for the family, read without writing anything."""
    now = now or timezone.now()
    stages = list(LifeStage.objects.all())
    codes = [] if family.any_age else family.stage_codes(stages)
    services = list(basic_services(family, codes)[: MAX_SERVICES + 1])
    return Answer(
        family=family,
        stages=[s for s in stages if s.code in codes],
        stage_codes=codes,
        regular=regularly_on(family, now, stages),
        places=meeting_places(family, now),
        services=services[:MAX_SERVICES],
        more_services=len(services) > MAX_SERVICES,
    )
