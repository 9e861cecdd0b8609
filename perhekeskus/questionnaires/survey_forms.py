"""Forms of the survey pages: a new survey link, codes to print, a respondent's code.

The forms parse and show errors only; the rules are `survey_links`' (one home for each
change), whose ValidationErrors come back onto the form's fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from perhekeskus.core.translation import translated_value
from perhekeskus.questionnaires import access, survey_links
from perhekeskus.questionnaires.models import Questionnaire, QuestionnaireStatus, SurveyKind


class QuestionnaireChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        owner = translated_value(obj.organisation, "name") if obj.organisation else _("for everyone")
        return f"{translated_value(obj, 'title')} ({owner})"


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return translated_value(obj, "name")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SurveyLinkForm(forms.Form):
    organisation = OrganisationChoice(queryset=None, label=_("Organisation that asks"), empty_label=None)
    questionnaire = QuestionnaireChoice(
        queryset=None,
        label=_("Questionnaire"),
        help_text=_("The survey and feedback questionnaires shipped for everyone and your organisation's own."),
    )
    kind = forms.ChoiceField(
        choices=SurveyKind.choices,
        initial=SurveyKind.OPEN,
        widget=forms.RadioSelect,
        label=_("Who answers"),
        help_text=_(
            "An open link is answered by anyone who has it, anonymously. With one response per code, "
            "you print one-time codes and give one to each respondent (e.g. one per project)."
        ),
    )
    title_fi = forms.CharField(label=_("Title (Finnish)"), required=False, max_length=300)
    title_sv = forms.CharField(label=_("Title (Swedish)"), required=False, max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=300)
    intro_fi = forms.CharField(
        label=_("Why we ask (Finnish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    intro_sv = forms.CharField(
        label=_("Why we ask (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    intro_en = forms.CharField(
        label=_("Why we ask (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.IntegerField(label=_("Minutes it takes"), required=False, min_value=1, max_value=240)
    opens_on = forms.DateField(label=_("First day"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Last day"), required=False, widget=DateInput())
    results_public = forms.BooleanField(
        label=_("Show the results to everyone"),
        required=False,
        help_text=_("The counts at the survey's address; counts under 5 are hidden."),
    )
    token = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=40,
        help_text=_("A short address after /s/, e.g. leppavaara-2027. Leave empty for a random one."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = access.survey_organisations(user).order_by("name_fi")
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        owners = Q(organisation__isnull=True) | Q(organisation__in=organisations)
        fields["questionnaire"].queryset = (
            Questionnaire.objects.filter(owners, status=QuestionnaireStatus.ACTIVE, purpose__in=access.SURVEY_PURPOSES)
            .select_related("organisation")
            .order_by("title_fi")
        )

    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def add_service_errors(self, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=survey_links.MAX_CODES, initial=10)


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("The code on the slip you were given, e.g. ABCD-EFG-HJK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
