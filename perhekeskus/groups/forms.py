"""The families' sign-up form: a contact person and what running the group needs, nothing more.

Every field says why it is asked (its help text, shown under the label). The form checks
only what a single field can; the whole sign-up is checked by `services.signup_create`,
whose per-field errors are put back on these fields (`add_service_errors`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from perhekeskus.core.translation import current_language
from perhekeskus.network.models import Language

MAX_ADULTS = 4
CHILD_FIELDS = ("child_year_1", "child_year_2", "child_year_3", "child_year_4")
# Each language named in itself, as the language switcher does: a reader finds theirs.
MESSAGE_LANGUAGE_CHOICES = [("fi", "suomi"), ("sv", "svenska"), ("en", "English")]
# Where the service's per-field errors are shown on this form.
SERVICE_FIELD_TO_FORM = {"children_birth_years": "child_year_1"}
# The oldest child a family group is for; the service allows the same range.
OLDEST_CHILD_YEARS = 18


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class YearInput(forms.TextInput):
    """A short text box with the phone's number keyboard; a year needs no spinner."""

    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", "size": "4", "maxlength": "4"})


class SignupForm(forms.Form):
    invitation = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        required=False,
        help_text=_("The code in your letter or e-mail, e.g. ABCD-EFG-HJK. Capital or small letters, dashes or not."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("So the group's leaders know who is coming. Only your own name: no names of others are needed."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation, changes to the sessions and the link to cancel here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Only if a session changes at short notice and the leaders need to reach you."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language of our messages"),
        choices=MESSAGE_LANGUAGE_CHOICES,
        help_text=_("The confirmation and other messages are sent in this language."),
        widget=forms.RadioSelect,
    )
    adults = forms.TypedChoiceField(
        label=_("Adults coming"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_ADULTS + 1)],
        initial=1,
        help_text=_("So the leaders can plan the room and the places. No names are needed."),
    )
    child_year_1 = forms.IntegerField(label=_("1st child"), required=False, widget=YearInput())
    child_year_2 = forms.IntegerField(label=_("2nd child"), required=False, widget=YearInput())
    child_year_3 = forms.IntegerField(label=_("3rd child"), required=False, widget=YearInput())
    child_year_4 = forms.IntegerField(label=_("4th child"), required=False, widget=YearInput())
    due_date = forms.DateField(
        label=_("Due date, if you are expecting"),
        required=False,
        help_text=_("To fit the group to your baby's age. Leave empty if you are not expecting."),
        widget=DateInput(),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages your family speaks"),
        required=False,
        help_text=_("So the leaders can plan the group and arrange an interpreter if one is needed."),
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.CharField(
        label=_("Anything the leaders should know"),
        required=False,
        max_length=1000,
        help_text=_(
            "For example an interpreter, accessibility or a diet. "
            "Please do not write about health or other sensitive matters."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, today: date, by_invitation: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", current_language())
        super().__init__(*args, **kwargs)
        # A targeted group is joined only with a code; others take one if the family has it.
        self.fields["invitation"].required = by_invitation
        if by_invitation:
            self.fields["invitation"].error_messages["required"] = _(
                "Enter the code from your invitation letter or e-mail."
            )
        self.first_year, self.last_year = today.year - OLDEST_CHILD_YEARS, today.year
        for name in CHILD_FIELDS:
            field = self.fields[name]
            assert isinstance(field, forms.IntegerField)
            field.error_messages["invalid"] = _("Give the year as four digits, e.g. %(year)s.") % {"year": today.year}
        language_field = self.fields["languages"]
        assert isinstance(language_field, forms.MultipleChoiceField)
        language_field.choices = [(x.code, x.name) for x in Language.objects.all()]
        self.fields["due_date"].widget.attrs["placeholder"] = "YYYY-MM-DD"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in CHILD_FIELDS:
            year = data.get(name)
            if year is not None and not self.first_year <= year <= self.last_year:
                self.add_error(
                    name,
                    _("Give a birth year from %(first)s to %(last)s.")
                    % {"first": self.first_year, "last": self.last_year},
                )
        return data

    def invitation_code(self) -> str:
        return str(self.cleaned_data.get("invitation") or "").strip()

    def service_data(self) -> dict[str, Any]:
        """The cleaned form in the shape of `services.signup_create`'s data."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "language": data["language"],
            "adults": data["adults"],
            "children_birth_years": [data[n] for n in CHILD_FIELDS if data.get(n) is not None],
            "due_date": data["due_date"],
            "languages": list(data["languages"]),
            "needs": data["needs"],
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's errors beside their fields; others above the form."""
        for name, messages in error.message_dict.items():
            field = SERVICE_FIELD_TO_FORM.get(name, name)
            self.add_error(field if field in self.fields else None, messages)

    def mark_invalid(self) -> None:
        """aria-invalid on the fields with errors, so a screen reader says so on each."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
