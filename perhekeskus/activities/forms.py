"""The calendar's filter form, sent by GET so every filtered view is a link.

The form only draws the fields and keeps what was chosen: the parameters are read by
`params.filters_from_query` and `params.window_from_query`, the same reading the feeds
and the API use, and their errors are put beside the fields here (`add_param_errors`).
So the fields are plain text fields with select widgets: a comma list such as
`area=matinkyla,leppavaara` from a shared link is no error of the form's own.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from perhekeskus.activities.models import PUBLIC_STATUSES, Activity, Participation
from perhekeskus.activities.params import TRUE_VALUES
from perhekeskus.network.forms import PlainSelect, SearchInput, _area_choices, _service_type_choices
from perhekeskus.network.models import Language, LifeStage, Organisation, TargetGroup

MAX_AGE_YEARS = 17


class DateInput(forms.TextInput):
    input_type = "date"


class TickBox(forms.CheckboxInput):
    """A checkbox that reads the parameter as `params` does ("1", "true", "on", "yes")."""

    def __init__(self) -> None:
        super().__init__(
            attrs={"aria-describedby": "evenings-hint"},
            check_test=lambda value: str(value or "").lower() in TRUE_VALUES,
        )

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def format_value(self, value: Any) -> str:
        return "1"


def _age_choices() -> list[tuple[str, str]]:
    ages = [("0", str(_("under 1 year")))]
    ages += [(str(n), ngettext("%(n)s year", "%(n)s years", n) % {"n": n}) for n in range(1, MAX_AGE_YEARS + 1)]
    return ages


def _organiser_choices() -> list[tuple[str, str]]:
    """Organisations that run or co-run a public activity: the ones worth choosing."""
    running = Activity.objects.filter(status__in=PUBLIC_STATUSES)
    organisers = Organisation.objects.filter(
        Q(pk__in=running.values("organisation_id"))
        | Q(pk__in=Activity.co_organisers.through.objects.filter(activity__in=running).values("organisation_id"))
    ).only("slug", "name_fi", "name_sv", "name_en")
    return sorted(((o.slug, o.name) for o in organisers), key=lambda c: c[1].lower())


class CalendarForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False, widget=SearchInput)
    area = forms.CharField(label=_("Area"), required=False, widget=PlainSelect)
    start = forms.CharField(label=_("From"), required=False, widget=DateInput)
    end = forms.CharField(label=_("To"), required=False, widget=DateInput)
    age = forms.CharField(label=_("Child's age"), required=False, widget=PlainSelect)
    life_stage = forms.CharField(label=_("Life stage"), required=False, widget=PlainSelect)
    language = forms.CharField(label=_("Language"), required=False, widget=PlainSelect)
    service_type = forms.CharField(label=_("Type of activity"), required=False, widget=PlainSelect)
    organisation = forms.CharField(label=_("Organiser"), required=False, widget=PlainSelect)
    audience = forms.CharField(label=_("For whom"), required=False, widget=PlainSelect)
    participation = forms.CharField(label=_("Who can take part"), required=False, widget=PlainSelect)
    evenings_weekends = forms.CharField(label=_("Only evenings and weekends"), required=False, widget=TickBox())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[str, str]] = [("", str(_("All")))]
        lookups: dict[str, list[tuple[str, str]]] = {
            "area": _area_choices(),
            "age": _age_choices(),
            "life_stage": [(x.code, x.name) for x in LifeStage.objects.all()],
            "language": sorted(((x.code, x.name) for x in Language.objects.all()), key=lambda c: c[1]),
            "service_type": _service_type_choices(),
            "organisation": _organiser_choices(),
            "audience": [(x.code, x.name) for x in TargetGroup.objects.all()],
            "participation": [(str(value), str(label)) for value, label in Participation.choices],
        }
        for name, choices in lookups.items():
            widget = self.fields[name].widget
            assert isinstance(widget, PlainSelect)
            widget.choices = everything + choices
        # A date field's format is explained by the browser's date picker; the hint helps
        # where the browser shows a plain text box.
        for name in ("start", "end"):
            self.fields[name].widget.attrs["placeholder"] = "YYYY-MM-DD"

    def add_param_errors(self, error: ValidationError) -> None:
        """Put the errors of `params` beside their fields; others above the form."""
        for name, messages in error.message_dict.items():
            if name in self.fields:
                self.add_error(name, messages)
            else:
                self.add_error(None, [f"{name}: {m}" for m in messages])

    @property
    def has_filters(self) -> bool:
        return any(str(self.data.get(name) or "").strip() for name in self.fields)
