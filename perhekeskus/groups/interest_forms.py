"""The families' interest form and the coordinators' "open a group for them" form.

The interest form asks what group, where and when, and an address for the invitation;
everything else is optional and says why it is asked. `interest.interest_create` checks
the whole entry; its per-field errors are put back beside these fields.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from perhekeskus.core.translation import current_language
from perhekeskus.groups.forms import MESSAGE_LANGUAGE_CHOICES, DateInput
from perhekeskus.groups.interest import KINDS
from perhekeskus.groups.models import Group, InterestTime, ProgrammeKind
from perhekeskus.network.models import Area, AreaKind, Language

KIND_HELP = {
    ProgrammeKind.FAMILY_TRAINING: _("for parents expecting a baby, before and after the birth"),
    ProgrammeKind.BABY_GROUP: _("for parents of a baby under one year, e.g. Ekavauva"),
    ProgrammeKind.FATHERS_GROUP: _("for fathers, with their children or without"),
    ProgrammeKind.PEER_GROUP: _("parents in a similar situation meet and share"),
}


def kind_choices() -> list[tuple[str, str]]:
    return [(k, f"{ProgrammeKind(k).label} – {KIND_HELP[ProgrammeKind(k)]}") for k in KINDS]


def area_choices() -> list[tuple[str, Any]]:
    """Districts grouped by municipality; the first choice of each is the whole municipality."""
    grouped: list[tuple[str, Any]] = [("", _("Choose an area"))]
    districts: dict[int, list[Area]] = {}
    for district in Area.objects.filter(kind=AreaKind.DISTRICT).order_by("name_fi"):
        districts.setdefault(district.parent_id or 0, []).append(district)
    for municipality in Area.objects.filter(kind=AreaKind.MUNICIPALITY).order_by("name_fi"):
        options = [(municipality.slug, _("Anywhere in %(area)s") % {"area": municipality.name})]
        options += [(d.slug, d.name) for d in districts.get(municipality.pk, [])]
        grouped.append((municipality.name, options))
    return grouped


class InterestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What group would you join?"), widget=forms.RadioSelect)
    area = forms.ChoiceField(
        label=_("Where"),
        help_text=_("The district where the group would suit you best, or anywhere in the municipality."),
    )
    times = forms.MultipleChoiceField(
        label=_("When would suit you?"),
        required=False,
        choices=InterestTime.choices,
        help_text=_("Choose all that suit you. Leave empty if any time suits."),
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "Only to send you an invitation when a group starts, and a link to take your name off the list. "
            "We erase it when you take your name off, after the group you were invited to ends, "
            "or a year after you sent this form at the latest."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Language of our messages"),
        choices=MESSAGE_LANGUAGE_CHOICES,
        help_text=_("The invitation is sent in this language."),
        widget=forms.RadioSelect,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages your family speaks"),
        required=False,
        help_text=_("So a group can be planned in your language or with an interpreter."),
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("Due date, if you are expecting"),
        required=False,
        help_text=_("To fit the group to your baby's age."),
        widget=DateInput(),
    )
    children_birth_years = forms.CharField(
        label=_("Children's birth years"),
        required=False,
        max_length=40,
        help_text=_("To fit the group to the children's ages, e.g. 2024, 2026. Only the years."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", current_language())
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kind_choices()
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = area_choices()
        languages = self.fields["languages"]
        assert isinstance(languages, forms.MultipleChoiceField)
        languages.choices = [(x.code, x.name) for x in Language.objects.all()]
        self.fields["due_date"].widget.attrs["placeholder"] = "YYYY-MM-DD"

    def clean_children_birth_years(self) -> list[int]:
        raw = self.cleaned_data.get("children_birth_years") or ""
        parts = [p for p in re.split(r"[\s,;]+", raw) if p]
        if not all(re.fullmatch(r"\d{4}", p) for p in parts):
            raise ValidationError(_("Give the years as four digits, separated by commas, e.g. 2024, 2026."))
        return [int(p) for p in parts]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "area": Area.objects.select_related("parent").filter(slug=data["area"]).first(),
            "times": list(data["times"]),
            "email": data["email"],
            "language": data["language"],
            "languages": list(data["languages"]),
            "due_date": data["due_date"],
            "children_birth_years": data["children_birth_years"],
        }

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class GroupChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        first = obj.activity.start
        when = date.strftime(first.date(), "%d.%m.%Y") if first else ""
        return f"{obj.activity.title} ({when})" if when else str(obj.activity.title)


class OpenForm(forms.Form):
    """Step 1 chooses the group (and the times); step 2 confirms with the number of families."""

    group = GroupChoiceField(
        label=_("The group to invite them to"),
        queryset=Group.objects.none(),
        to_field_name="uuid",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    times = forms.MultipleChoiceField(
        label=_("Only families for whom one of these times suits"),
        required=False,
        choices=InterestTime.choices,
        help_text=_("Leave empty to invite them all. Families who said any time suits are always invited."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = groups
