"""The editors' forms: an activity in plain words, and the change of one occurrence.

The activity form speaks the editor's language — a date, start and end times in the
activity's own time zone, "every 2 weeks on Tuesday until 15 December" — and turns it
into what the model stores: UTC start/end of the first occurrence and an RFC 5545 rule.
It validates only what a single field can; the whole activity is validated by
`services.activity_create/update`, whose errors are put back on these fields
(`SERVICE_FIELD_TO_FORM`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import DEFAULT_TIME_ZONE, Activity, Participation
from perhekeskus.network.models import (
    AreaKind,
    Language,
    LifeStage,
    Organisation,
    Place,
    ServiceType,
    TargetGroup,
)
from perhekeskus.network.models.services import Cost
from perhekeskus.network.queries import area_ids_for

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


class Repeat:
    NONE = "none"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY_WEEKDAY = "monthly_weekday"
    MONTHLY_DATE = "monthly_date"
    CHOICES = [
        (NONE, _("does not repeat")),
        (WEEKLY, _("every week")),
        (BIWEEKLY, _("every 2 weeks")),
        (MONTHLY_WEEKDAY, _("every month on the same weekday (e.g. the 2nd Tuesday)")),
        (MONTHLY_DATE, _("every month on the same date (e.g. the 15th)")),
    ]


class RepeatEnd:
    NEVER = "never"
    UNTIL = "until"
    COUNT = "count"
    CHOICES = [
        (NEVER, _("no end date")),
        (UNTIL, _("until a date")),
        (COUNT, _("a number of times")),
    ]


class AgeUnit:
    YEARS = "years"
    MONTHS = "months"
    CHOICES = [(YEARS, _("years")), (MONTHS, _("months (for babies)"))]


PARTICIPATION_HELP: dict[str, Any] = {
    Participation.OPEN: _("Anyone may come: a family café, an open group, a family event."),
    Participation.DIRECTED: _("For the clients of a service, e.g. the families in family training."),
    Participation.TARGETED: _("Closed group: families are invited personally, e.g. by the clinic nurse."),
}

# Where the services' per-field errors (model field names) are shown on this form.
SERVICE_FIELD_TO_FORM = {
    "start": "start_time",
    "end": "end_time",
    "time_zone": "date",
    "age_min_months": "age_from",
    "age_max_months": "age_to",
}


def _lookup_choices(model: Any) -> list[tuple[int, str]]:
    return [(row.pk, row.name) for row in model.objects.all()]


def local_area_ids(organisation_ids: set[int] | None) -> set[int] | None:
    """The municipalities the organisations work in, with their districts; None: everywhere.

    Partners of an activity are local (the parish club meets in the city's resident
    park), and a national directory has thousands of places and organisations: the form
    offers the ones of the editor's own municipalities.
    """
    if organisation_ids is None:
        return None
    slugs: set[str] = set()
    for org in Organisation.objects.filter(pk__in=organisation_ids, area__isnull=False).select_related(
        "area__parent__parent"
    ):
        assert org.area is not None
        chain = org.area.ancestors_and_self()
        home = next((a for a in chain if a.kind == AreaKind.MUNICIPALITY), chain[0])
        slugs.add(home.slug)
    return area_ids_for(sorted(slugs))[0] if slugs else set()


def place_choices(area_ids: set[int] | None = None, keep: int | None = None) -> list[tuple[str, Any]]:
    """Places (of the areas given, plus `keep`) grouped by their area, in name order."""
    places = Place.objects.select_related("area").only(
        "id", "name_fi", "name_sv", "name_en", "street_address", "area__name_fi", "area__name_sv", "area__name_en"
    )
    if area_ids is not None:
        places = places.filter(Q(area_id__in=area_ids) | Q(pk=keep or 0))
    groups: dict[str, list[tuple[str, str]]] = {}
    for place in places:
        area = place.area.name if place.area else str(_("No area"))
        groups.setdefault(area, []).append((str(place.pk), f"{place.name}, {place.street_address}"))
    choices: list[tuple[str, Any]] = [("", str(_("– no place (online only) –")))]
    for area in sorted(groups):
        choices.append((area, sorted(groups[area], key=lambda c: c[1])))
    return choices


class ActivityForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none(), empty_label=None)
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisers"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Partners who run the activity with you. They are shown with it but do not edit it."),
    )
    title_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    title_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    description_fi = forms.CharField(label=_("Description in Finnish"), required=False, widget=forms.Textarea)
    description_sv = forms.CharField(label=_("Description in Swedish"), required=False, widget=forms.Textarea)
    description_en = forms.CharField(label=_("Description in English"), required=False, widget=forms.Textarea)

    place = forms.ChoiceField(label=_("Place"), required=False)
    online = forms.BooleanField(label=_("Online (also or only)"), required=False)
    online_url = forms.URLField(label=_("Address of the online meeting"), required=False, assume_scheme="https")
    service_type = forms.ModelChoiceField(
        label=_("Kind of activity"), queryset=ServiceType.objects.all(), required=False, empty_label=_("– not given –")
    )
    participation = forms.ChoiceField(
        label=_("Who may take part"),
        choices=Participation.choices,
        initial=Participation.OPEN,
        widget=forms.RadioSelect,
    )

    age_unit = forms.ChoiceField(
        label=_("Ages given in"), choices=AgeUnit.CHOICES, initial=AgeUnit.YEARS, widget=forms.RadioSelect
    )
    age_from = forms.IntegerField(label=_("Children's age from"), min_value=0, max_value=215, required=False)
    age_to = forms.IntegerField(
        label=_("Children's age to"),
        min_value=0,
        max_value=215,
        required=False,
        help_text=_("“To 3 years” includes three-year-olds. Leave both empty for any age."),
    )
    life_stages = forms.TypedMultipleChoiceField(
        label=_("Life stages"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.TypedMultipleChoiceField(
        label=_("Audience"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.TypedMultipleChoiceField(
        label=_("Languages"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=Cost.choices, initial=Cost.FREE, widget=forms.RadioSelect)
    cost_note_fi = forms.CharField(label=_("About the cost, in Finnish"), max_length=300, required=False)
    cost_note_sv = forms.CharField(label=_("About the cost, in Swedish"), max_length=300, required=False)
    cost_note_en = forms.CharField(label=_("About the cost, in English"), max_length=300, required=False)
    signup_required = forms.BooleanField(label=_("Sign-up needed"), required=False)
    signup_url = forms.URLField(label=_("Sign-up link"), required=False, assume_scheme="https")
    contact_name = forms.CharField(
        label=_("Contact"),
        max_length=120,
        required=False,
        help_text=_("Shown to families: a role or a work name is enough."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)

    date = forms.DateField(label=_("Date (the first time)"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    repeat = forms.ChoiceField(
        label=_("Repeats"), choices=Repeat.CHOICES, initial=Repeat.NONE, widget=forms.RadioSelect
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these weekdays (every week and every 2 weeks)"),
        choices=list(zip(WEEKDAY_CODES, WEEKDAY_NAMES, strict=True)),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for the weekday of the first date."),
    )
    repeat_end = forms.ChoiceField(
        label=_("Until"), choices=RepeatEnd.CHOICES, initial=RepeatEnd.NEVER, widget=forms.RadioSelect
    )
    until = forms.DateField(label=_("Last date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label=_("Number of times"), min_value=1, max_value=recurrence.MAX_COUNT, required=False)
    rrule = forms.CharField(
        label=_("Advanced: repeat rule (RRULE)"),
        max_length=500,
        required=False,
        help_text=_(
            "For experts: an RFC 5545 rule such as FREQ=WEEKLY;INTERVAL=2;BYDAY=TU. It replaces the choices above."
        ),
    )
    runs_on_closures = forms.BooleanField(
        label=_("Runs when the place is closed"),
        required=False,
        help_text=_("Leave off: the place's holiday closures cancel the activity on those days."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any,
        time_zone: str = DEFAULT_TIME_ZONE,
        local_areas: set[int] | None = None,
        activity: Activity | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        partners = Organisation.objects.order_by("name_fi")
        if local_areas is not None:
            # The activity's present partners stay choosable wherever they are.
            present = list(activity.co_organisers.values_list("pk", flat=True)) if activity else []
            partners = partners.filter(Q(area_id__in=local_areas) | Q(pk__in=present))
        self.fields["co_organisers"].queryset = partners  # type: ignore[attr-defined]
        keep = activity.place_id if activity else None
        self.fields["place"].choices = place_choices(local_areas, keep)  # type: ignore[attr-defined]
        # Each kind of participation is explained where it is chosen (report §7.5).
        self.fields["participation"].choices = [  # type: ignore[attr-defined]
            (value, format_lazy("{} – {}", label, PARTICIPATION_HELP[value])) for value, label in Participation.choices
        ]
        for name, model in (("life_stages", LifeStage), ("target_groups", TargetGroup), ("languages", Language)):
            self.fields[name].choices = _lookup_choices(model)  # type: ignore[attr-defined]

    # --- reading -------------------------------------------------------------------------

    def clean_place(self) -> Place | None:
        value = self.cleaned_data.get("place")
        if not value:
            return None
        place = Place.objects.filter(pk=value).first()
        if place is None:
            raise forms.ValidationError(_("Choose a place from the list."))
        return place

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeat_end") == RepeatEnd.UNTIL and not data.get("until") and not data.get("rrule"):
            self.add_error("until", _("Give the last date, or choose another end."))
        if data.get("repeat_end") == RepeatEnd.COUNT and not data.get("count") and not data.get("rrule"):
            self.add_error("count", _("Give the number of times, or choose another end."))
        return data

    def times(self) -> tuple[datetime, datetime]:
        """UTC start and end of the first occurrence, from the local date and times."""
        tz = recurrence.zone(self.time_zone)
        day: date = self.cleaned_data["date"]
        start = recurrence.to_utc(datetime.combine(day, self.cleaned_data["start_time"]), tz)
        end = recurrence.to_utc(datetime.combine(day, self.cleaned_data["end_time"]), tz)
        return start, end

    def rule(self) -> str:
        """The RRULE the builder describes, or the advanced field when it is filled."""
        data = self.cleaned_data
        if (data.get("rrule") or "").strip():
            return recurrence.normalise_rule(data["rrule"])
        return build_rule(
            data.get("repeat") or Repeat.NONE,
            data["date"],
            data.get("weekdays") or [],
            data.get("repeat_end") or RepeatEnd.NEVER,
            data.get("until"),
            data.get("count"),
        )

    def ages(self) -> tuple[int | None, int | None]:
        """Ages in months. "From 1 to 3 years" means 12 to 47 months: three-year-olds included."""
        low, high = self.cleaned_data.get("age_from"), self.cleaned_data.get("age_to")
        if self.cleaned_data.get("age_unit") == AgeUnit.MONTHS:
            return low, high
        return (None if low is None else low * 12), (None if high is None else high * 12 + 11)

    def service_data(self) -> dict[str, Any]:
        """Model field values for `activity_create/update` (status is set by the view)."""
        data = self.cleaned_data
        plain = [
            "organisation",
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "place",
            "online",
            "online_url",
            "service_type",
            "participation",
            "cost",
            "cost_note_fi",
            "cost_note_sv",
            "cost_note_en",
            "signup_required",
            "signup_url",
            "contact_name",
            "contact_email",
            "contact_phone",
            "runs_on_closures",
        ]
        values: dict[str, Any] = {name: data.get(name) for name in plain}
        values["start"], values["end"] = self.times()
        values["rrule"] = self.rule()
        values["age_min_months"], values["age_max_months"] = self.ages()
        values["co_organisers"] = list(data.get("co_organisers") or [])
        for name, model in (("life_stages", LifeStage), ("target_groups", TargetGroup), ("languages", Language)):
            values[name] = list(model.objects.filter(pk__in=data.get(name) or []))
        return values

    def add_service_errors(self, message_dict: dict[str, list[str]]) -> None:
        """Put the services' per-field errors beside the fields the editor filled."""
        for field, messages in message_dict.items():
            if field == "rrule":
                target = "rrule" if (self.cleaned_data.get("rrule") or "").strip() else "repeat"
            else:
                target = SERVICE_FIELD_TO_FORM.get(field, field)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


def build_rule(repeat: str, day: date, weekdays: list[str], ends: str, until: date | None, count: int | None) -> str:
    """The RRULE of the simple repeat choices; empty for a one-off."""
    if repeat == Repeat.NONE:
        return ""
    parts: list[str]
    if repeat in (Repeat.WEEKLY, Repeat.BIWEEKLY):
        days = [code for code in WEEKDAY_CODES if code in weekdays] or [WEEKDAY_CODES[day.weekday()]]
        parts = ["FREQ=WEEKLY"]
        if repeat == Repeat.BIWEEKLY:
            parts.append("INTERVAL=2")
        parts.append("BYDAY=" + ",".join(days))
    elif repeat == Repeat.MONTHLY_WEEKDAY:
        nth = (day.day - 1) // 7 + 1
        # The 5th weekday does not exist in every month: "the last Tuesday" does.
        parts = ["FREQ=MONTHLY", f"BYDAY={-1 if nth == 5 else nth}{WEEKDAY_CODES[day.weekday()]}"]
    elif repeat == Repeat.MONTHLY_DATE:
        parts = ["FREQ=MONTHLY", f"BYMONTHDAY={day.day}"]
    else:
        return ""
    if ends == RepeatEnd.UNTIL and until is not None:
        # A local date-time: the whole last day counts, whatever the clock change.
        parts.append(f"UNTIL={until:%Y%m%d}T235959")
    elif ends == RepeatEnd.COUNT and count:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def initial_from_activity(activity: Activity) -> dict[str, Any]:
    """The form's initial values for an existing activity (the rule back into the builder)."""
    tz = recurrence.zone(activity.time_zone)
    start, end = activity.start.astimezone(tz), activity.end.astimezone(tz)
    initial: dict[str, Any] = {
        name: getattr(activity, name)
        for name in (
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "online",
            "online_url",
            "participation",
            "cost",
            "cost_note_fi",
            "cost_note_sv",
            "cost_note_en",
            "signup_required",
            "signup_url",
            "contact_name",
            "contact_email",
            "contact_phone",
            "runs_on_closures",
        )
    }
    initial.update(
        organisation=activity.organisation_id,
        service_type=activity.service_type_id,
        place=str(activity.place_id) if activity.place_id else "",
        co_organisers=list(activity.co_organisers.all()),
        life_stages=[x.pk for x in activity.life_stages.all()],
        target_groups=[x.pk for x in activity.target_groups.all()],
        languages=[x.pk for x in activity.languages.all()],
        date=start.date(),
        start_time=start.time().replace(tzinfo=None),
        end_time=end.time().replace(tzinfo=None),
    )
    low, high = activity.age_min_months, activity.age_max_months
    in_years = (low is None or low % 12 == 0) and (high is None or (high + 1) % 12 == 0)
    if in_years:
        initial.update(
            age_unit=AgeUnit.YEARS,
            age_from=None if low is None else low // 12,
            age_to=None if high is None else (high + 1) // 12 - 1,
        )
    else:
        initial.update(age_unit=AgeUnit.MONTHS, age_from=low, age_to=high)
    initial.update(rule_to_builder(activity.rrule, start.date(), activity.time_zone))
    return initial


def rule_to_builder(rule: str, day: date, tz_name: str) -> dict[str, Any]:
    """Builder values that give `rule` back exactly; else the rule in the advanced field."""
    rule = recurrence.normalise_rule(rule)
    if not rule:
        return {"repeat": Repeat.NONE, "repeat_end": RepeatEnd.NEVER}
    parts = dict(p.partition("=")[::2] for p in rule.split(";"))
    ends: dict[str, Any] = {"repeat_end": RepeatEnd.NEVER}
    if "COUNT" in parts and parts["COUNT"].isdigit():
        ends = {"repeat_end": RepeatEnd.COUNT, "count": int(parts["COUNT"])}
    elif "UNTIL" in parts:
        until = _until_date(parts["UNTIL"], tz_name)
        if until is not None:
            ends = {"repeat_end": RepeatEnd.UNTIL, "until": until}
    for repeat in (Repeat.WEEKLY, Repeat.BIWEEKLY, Repeat.MONTHLY_WEEKDAY, Repeat.MONTHLY_DATE):
        weekdays = [d for d in parts.get("BYDAY", "").split(",") if d in WEEKDAY_CODES]
        rebuilt = build_rule(repeat, day, weekdays, ends["repeat_end"], ends.get("until"), ends.get("count"))
        if rebuilt == rule:
            return {"repeat": repeat, "weekdays": weekdays, **ends}
    return {"repeat": Repeat.NONE, "repeat_end": RepeatEnd.NEVER, "rrule": rule}


def _until_date(value: str, tz_name: str) -> date | None:
    """The last local day of an UNTIL written by `build_rule`; None for other forms."""
    if len(value) == 15 and value.endswith("T235959"):
        return datetime.strptime(value[:8], "%Y%m%d").date()
    return None


# --- Single occurrences ----------------------------------------------------------------


class CancelOccurrenceForm(forms.Form):
    note_fi = forms.CharField(label=_("Note in Finnish"), max_length=300, required=False)
    note_sv = forms.CharField(label=_("Note in Swedish"), max_length=300, required=False)
    note_en = forms.CharField(label=_("Note in English"), max_length=300, required=False)

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"note_{code}", "") for code in ("fi", "sv", "en")}


class MoveOccurrenceForm(CancelOccurrenceForm):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def times(self, tz_name: str) -> tuple[datetime, datetime]:
        tz = recurrence.zone(tz_name)
        day = self.cleaned_data["date"]
        return (
            recurrence.to_utc(datetime.combine(day, self.cleaned_data["start_time"]), tz),
            recurrence.to_utc(datetime.combine(day, self.cleaned_data["end_time"]), tz),
        )
