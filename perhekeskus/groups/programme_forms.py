"""Forms of the template pages and of "new group": plain fields, checked by the services.

The forms check only what one field can; the services check the whole (a unique slug,
the minimum within the places, session numbers once each, days rising from 0) and their
per-field errors are put back on these forms by the views.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import DEFAULT_TIME_ZONE, Participation
from perhekeskus.groups.models import CapacityUnit, Programme, ProgrammeKind
from perhekeskus.groups.models.programmes import SessionPhase
from perhekeskus.network.models import Organisation, Place

# In a field label, "Name (Swedish)": a context of their own, apart from the language switch.
LANGUAGE_NAMES = {
    "fi": pgettext_lazy("language of a field", "Finnish"),
    "sv": pgettext_lazy("language of a field", "Swedish"),
    "en": pgettext_lazy("language of a field", "English"),
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _texts(base: str, label: Any, *, required_fi: bool, max_length: int | None = 200, area: bool = False) -> dict:
    fields = {}
    for lang, name in LANGUAGE_NAMES.items():
        widget = forms.Textarea(attrs={"rows": 3}) if area else None
        fields[f"{base}_{lang}"] = forms.CharField(
            label=f"{label} ({name})",
            required=required_fi and lang == "fi",
            max_length=max_length,
            widget=widget,
        )
    return fields


class ProgrammeForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name for links"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. family-training-espoo."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Kept by"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The whole network (coordinators keep it)"),
    )
    participation = forms.ChoiceField(label=_("Who may join"), choices=Participation.choices)
    capacity = forms.IntegerField(label=pgettext_lazy("places in a group", "Places"), min_value=1, max_value=500)
    capacity_unit = forms.ChoiceField(label=_("Places are counted in"), choices=CapacityUnit.choices)
    waiting_list_capacity = forms.IntegerField(label=_("Waiting-list places"), min_value=0, max_value=500)
    minimum = forms.IntegerField(label=_("Minimum to start"), min_value=0, max_value=500)
    session_minutes = forms.IntegerField(label=_("Session length (minutes)"), min_value=15, max_value=600)
    age_min_months = forms.IntegerField(label=_("Child's age from (months)"), min_value=0, required=False)
    age_max_months = forms.IntegerField(label=_("Child's age to (months)"), min_value=0, required=False)
    active = forms.BooleanField(label=_("In use (offered when a group is made)"), required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], shared_allowed: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields.update(_texts("name", _("Name"), required_fi=True))
        self.fields.update(_texts("description", _("Description"), required_fi=False, max_length=None, area=True))
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        field.required = not shared_allowed


class SessionForm(forms.Form):
    number = forms.IntegerField(label=_("No."), min_value=1, max_value=999)
    code = forms.CharField(label=_("Code"), max_length=10, required=False, help_text=_("e.g. E1 or J3"))
    phase = forms.ChoiceField(label=_("Phase"), choices=SessionPhase.choices, required=False)
    offset_days = forms.IntegerField(label=_("Days after the first session"), min_value=0, max_value=1000)
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=600, required=False, help_text=_("Empty: as above.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_texts("topic", _("Topic"), required_fi=True))
        self.fields.update(_texts("led_by", _("Led by, if not the group's own pair"), required_fi=False))


SessionFormSet = forms.formset_factory(SessionForm, extra=3, can_delete=True, max_num=60, absolute_max=60)


class GroupNewForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme template"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("None: a group of weekly sessions"),
        to_field_name="slug",
    )
    organisation = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("The organiser's own place"),
    )
    first_date = forms.DateField(label=_("Date of the first session"), widget=DATE)
    first_time = forms.TimeField(label=_("Start time (Helsinki time)"), widget=TIME)
    sessions_count = forms.IntegerField(
        label=_("Number of weekly sessions"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Only without a template."),
    )
    session_minutes = forms.IntegerField(
        label=_("Session length (minutes)"),
        min_value=15,
        max_value=600,
        required=False,
        help_text=_("Only without a template."),
    )
    capacity = forms.IntegerField(
        label=pgettext_lazy("places in a group", "Places"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Empty: as in the template."),
    )
    waiting_list_capacity = forms.IntegerField(
        label=_("Waiting-list places"), min_value=0, max_value=500, required=False
    )
    minimum = forms.IntegerField(label=_("Minimum to start"), min_value=0, max_value=500, required=False)
    enrolment_opens = forms.DateField(label=_("Sign-up opens"), required=False, widget=DATE)
    enrolment_closes = forms.DateField(
        label=_("Last day of sign-up"),
        required=False,
        widget=DATE,
        help_text=_("Sign-up closes at the end of this day."),
    )
    decision_date = forms.DateField(
        label=_("Go/no-go date"),
        required=False,
        widget=DATE,
        help_text=_("Empty: a week before the first session."),
    )

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        organisations: QuerySet[Organisation],
        places: QuerySet[Place],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("programme", programmes), ("organisation", organisations), ("place", places)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        titles = _texts("title", _("Name of the group"), required_fi=False)
        titles["title_fi"].help_text = _("Empty: the template's name.")
        self.fields.update(titles)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("programme"):
            needed = {
                "title_fi": _("Give the group's name in Finnish."),
                "sessions_count": _("Give the number of sessions."),
                "session_minutes": _("Give the length of a session."),
                "capacity": _("Give the number of places."),
            }
            for name, message in needed.items():
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        return data

    def first_start(self) -> datetime:
        return local_moment(self.cleaned_data["first_date"], self.cleaned_data["first_time"])


def local_moment(day: date, at: time) -> datetime:
    """A Helsinki wall-clock day and time as an aware UTC moment."""
    return recurrence.to_utc(datetime.combine(day, at), recurrence.zone(DEFAULT_TIME_ZONE))
