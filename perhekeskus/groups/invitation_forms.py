"""Forms of the invitations page (for professionals) and the families' "I have a code" form.

The forms check what a single field can; `groups.invitations` checks the whole batch
(who may invite for whom, counts, expiry) and its errors are put back on these fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from perhekeskus.groups import access, codes
from perhekeskus.groups.forms import MESSAGE_LANGUAGE_CHOICES, DateInput
from perhekeskus.groups.invitations import MAX_BATCH
from perhekeskus.groups.models import Group, InvitationKind
from perhekeskus.network.models import Area, Organisation

KIND_CHOICES = [
    (InvitationKind.PERSONAL.value, _("Personal: families I choose myself")),
    (InvitationKind.COHORT.value, _("A cohort: every family that meets the criteria below")),
]


class InvitationFormBase(forms.Form):
    """The inviting organisation and the language: common to all three ways of inviting."""

    action = ""
    organisation = forms.ModelChoiceField(
        label=_("Inviting organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The invitation says it comes from this organisation, e.g. the child health clinic."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=MESSAGE_LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, user: Any, group: Group, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", "fi")
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in access.inviting_organisations(user, group)])

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class EmailInvitationForm(InvitationFormBase):
    action = "email"
    emails = forms.CharField(
        label=_("E-mail addresses"),
        help_text=_(
            "One address a line. Each family gets its own link and code. "
            "The addresses are not kept: only the messages carry them, and they are cleared after sending."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
    )
    note = forms.CharField(
        label=_("A short note to the families"),
        required=False,
        max_length=300,
        help_text=_("Shown in the e-mail, e.g. your name and why the group might suit them."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["emails", "organisation", "language", "note"]

    def addresses(self) -> list[str]:
        return self.cleaned_data["emails"].splitlines()


class PrintedInvitationForm(InvitationFormBase):
    """Printed letters (one per page) or a list of codes to hand over in person."""

    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=MAX_BATCH,
        help_text=_("One code a family."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class LetterForm(PrintedInvitationForm):
    action = "letters"
    kind = forms.ChoiceField(
        label=_("Whom you invite"), choices=KIND_CHOICES, initial=InvitationKind.PERSONAL, widget=forms.RadioSelect
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("A cohort: the families living in this area."),
    )
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DateInput())
    due_to = forms.DateField(label=_("Due by"), required=False, widget=DateInput())
    first_time_parents = forms.BooleanField(label=_("First-time parents only"), required=False)
    note = forms.CharField(
        label=_("A short note in the letter"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["count", "organisation", "language", "kind", "area", "due_from", "due_to", "first_time_parents"]

    def __init__(self, *args: Any, user: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, user=user, group=group, **kwargs)
        home = access.group_municipality(group)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = (
            Area.objects.filter(pk=home.pk) | Area.objects.filter(parent=home) if home else Area.objects.all()
        ).order_by("name_fi")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ("count", "organisation", "language", "kind", "area", "due_from", "due_to", "first_time_parents", "note")
        return {key: data[key] for key in keys}


class CodeListForm(PrintedInvitationForm):
    action = "codes"

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"count": data["count"], "organisation": data["organisation"], "language": data["language"]}


class CodeField(forms.CharField):
    """An invitation code as typed from a letter: any case, with or without the dashes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Invitation code"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)


class CodeEntryForm(forms.Form):
    code = CodeField(help_text=_("The code in your letter or e-mail, e.g. ABCD-EFG-HJK."))

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if len(code) != codes.LENGTH:
            raise ValidationError(_("This invitation code is not valid."))
        return code
