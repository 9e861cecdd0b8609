"""The nurse's forms. They check the shape of the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models import Organisation
from perhekeskus.wellbeing.models import FormLanguage, Parent, ParentLabel, Point


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ServiceErrorsMixin:
    """A service's ValidationError shown on the fields it names (else on the form)."""

    def add_service_errors(self, exc: ValidationError, names: dict[str, str] | None = None) -> None:
        form: Any = self
        for name, messages in exc.message_dict.items():
            field = (names or {}).get(name, name)
            form.add_error(field if field in form.fields else None, messages)


class FamilyForm(ServiceErrorsMixin, forms.Form):
    clinic = forms.ModelChoiceField(label=_("Clinic"), queryset=Organisation.objects.none(), empty_label=None)
    label = forms.CharField(
        label=_("Label"),
        max_length=60,
        help_text=_("Something you recognise the family by, such as a surname and street. No identity codes."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    parent1_label = forms.ChoiceField(label=_("First parent"), choices=ParentLabel.choices)
    parent1_language = forms.ChoiceField(label=_("First parent's language"), choices=FormLanguage.choices)
    parent2_label = forms.ChoiceField(
        label=_("Second parent"),
        choices=[("", _("no second parent")), *ParentLabel.choices],
        required=False,
        help_text=_("Each parent fills in their own forms."),
    )
    parent2_language = forms.ChoiceField(label=_("Second parent's language"), choices=FormLanguage.choices)

    def __init__(self, *args: Any, clinics: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["clinic"]
        field.queryset = Organisation.objects.filter(pk__in=[c.pk for c in clinics]).order_by("name_fi")

    def parents(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        rows = [{"label": data["parent1_label"], "language": data["parent1_language"]}]
        if data.get("parent2_label"):
            rows.append({"label": data["parent2_label"], "language": data["parent2_language"]})
        return rows


class BirthForm(ServiceErrorsMixin, forms.Form):
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())


class PointForm(ServiceErrorsMixin, forms.Form):
    """A parent and a point: which forms a button acts on."""

    parent = forms.ChoiceField(label=_("Parent"))
    point = forms.ChoiceField(label=_("Point"), choices=Point.choices)

    def __init__(self, *args: Any, parents: list[Parent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["parent"]
        field.choices = [(str(p.uuid), p.get_label_display()) for p in parents]


class LinkForm(PointForm):
    DELIVERY = [("show", _("show the link to print or hand over")), ("email", _("send it by e-mail"))]
    action = forms.ChoiceField(choices=[("make", "make"), ("renew", "renew")], widget=forms.HiddenInput)
    delivery = forms.ChoiceField(label=_("How"), choices=DELIVERY, widget=forms.RadioSelect, initial="show")
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Used for this message only; not stored with the family."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("delivery") == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give the address to send the link to."))
        return data


class HandOverForm(ServiceErrorsMixin, forms.Form):
    nurse = forms.ChoiceField(label=_("New nurse"))

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["nurse"]
        field.choices = [(str(u.uuid), str(u)) for u in candidates]
