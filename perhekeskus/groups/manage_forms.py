"""Forms of the organiser's group page: settings, one session, the facilitators, the decision.

The forms check what a single field can; the services check the whole change and their
per-field errors are put back on these fields (`add_service_errors`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from perhekeskus.accounts.models import User
from perhekeskus.groups.forms import DateInput
from perhekeskus.groups.models import FacilitatorKind, Group
from perhekeskus.network.models import Organisation, Place

DECISIONS = [
    ("start", _("Start: the group meets as planned")),
    ("postpone", _("Postpone: move the sessions to new dates and keep sign-up open")),
    ("merge", _("Merge: move the families to a nearby group")),
    ("cancel", _("Cancel: the group does not meet")),
]
MAX_FACILITATORS = 4


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def add_service_errors(form: forms.Form, exc: ValidationError, names: dict[str, str] | None = None) -> None:
    """The service's per-field errors on the form's fields (the rest on the whole form)."""
    names = names or {}
    for field, messages in exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]:
        target = names.get(field, field)
        form.add_error(target if target in form.fields else None, messages)


class SettingsForm(forms.Form):
    capacity = forms.IntegerField(label=pgettext_lazy("places in a group", "Places"), min_value=1, max_value=500)
    waiting_list_capacity = forms.IntegerField(label=_("Waiting list places"), min_value=0, max_value=500)
    minimum = forms.IntegerField(
        label=_("Minimum to start"),
        min_value=0,
        max_value=500,
        help_text=_("Below this many families at the go/no-go date, you decide whether the group starts."),
    )
    decision_date = forms.DateField(label=_("Go/no-go date"), required=False, widget=DateInput())
    enrolment_opens = forms.DateTimeField(label=_("Sign-up opens"), required=False, widget=DateTimeInput())
    enrolment_closes = forms.DateTimeField(label=_("Sign-up closes"), required=False, widget=DateTimeInput())

    @classmethod
    def for_group(cls, group: Group, data: Any = None) -> SettingsForm:
        initial = {name: getattr(group, name) for name in cls.base_fields}
        for name in ("enrolment_opens", "enrolment_closes"):
            if initial[name]:
                initial[name] = timezone.localtime(initial[name])
        return cls(data=data, initial=initial, prefix="settings")


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends"), widget=TimeInput())
    topic_fi = forms.CharField(label=_("Topic in Finnish"), max_length=200, required=False)
    topic_sv = forms.CharField(label=_("Topic in Swedish"), max_length=200, required=False)
    topic_en = forms.CharField(label=_("Topic in English"), max_length=200, required=False)
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("The group's own place"),
    )
    cancelled = forms.BooleanField(label=_("Cancelled"), required=False)
    note_fi = forms.CharField(label=_("Note in Finnish"), max_length=300, required=False)
    note_sv = forms.CharField(label=_("Note in Swedish"), max_length=300, required=False)
    note_en = forms.CharField(label=_("Note in English"), max_length=300, required=False)

    def __init__(self, *args: Any, places: Any = None, tz: ZoneInfo | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tz = tz or timezone.get_current_timezone()
        self.fields["place"].queryset = places if places is not None else Place.objects.none()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cancelled") and not any(data.get(f"note_{lang}") for lang in ("fi", "sv", "en")):
            self.add_error("note_fi", _("Tell the families in a note why the session is cancelled."))
        return data

    def session_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        start = datetime.combine(d["day"], d["start"], tzinfo=self.tz)
        end = datetime.combine(d["day"], d["end"], tzinfo=self.tz)
        fields = ("topic_fi", "topic_sv", "topic_en", "place", "cancelled", "note_fi", "note_sv", "note_en")
        return {"start": start, "end": end, **{name: d[name] for name in fields}}


def session_initial(session: Any, tz: ZoneInfo) -> dict[str, Any]:
    start, end = session.start.astimezone(tz), session.end.astimezone(tz)
    return {
        "day": start.date(),
        "start": start.time().replace(second=0),
        "end": end.time().replace(second=0),
        **{
            name: getattr(session, name)
            for name in ("topic_fi", "topic_sv", "topic_en", "cancelled", "note_fi", "note_sv", "note_en")
        },
        "place": session.place_id,
    }


class FacilitatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name_fi"), required=False
    )
    kind = forms.ChoiceField(label=_("Professional or volunteer"), choices=FacilitatorKind.choices)
    profession = forms.CharField(
        label=_("Profession or role"),
        max_length=120,
        required=False,
        help_text=_("e.g. public health nurse, family worker, peer volunteer"),
    )
    email = forms.EmailField(
        label=_("User account's e-mail"),
        required=False,
        help_text=_("Optional: with an account the facilitator sees the participant list."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") and not data.get("organisation"):
            self.add_error("organisation", _("Choose the facilitator's organisation."))
        if data.get("organisation") and not data.get("name"):
            self.add_error("name", _("Give the facilitator's name."))
        email = (data.get("email") or "").strip().lower()
        data["user"] = None
        if email:
            user = User.objects.filter(email=email).first()
            if user is None:
                self.add_error("email", _("No user account with this e-mail."))
            data["user"] = user
        return data

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("name") or self.cleaned_data.get("organisation"))


FacilitatorFormSet = forms.formset_factory(FacilitatorForm, extra=0, max_num=MAX_FACILITATORS, absolute_max=8)


def facilitator_formset(group: Group, data: Any = None) -> Any:
    initial = [
        {
            "name": f.name,
            "organisation": f.organisation_id,
            "kind": f.kind,
            "profession": f.profession,
            "email": f.user.email if f.user else "",
        }
        for f in group.facilitators.select_related("user")
    ]
    initial += [{"kind": FacilitatorKind.PROFESSIONAL}] * max(0, 2 - len(initial))
    initial += [{"kind": FacilitatorKind.VOLUNTEER}] * (1 if len(initial) < MAX_FACILITATORS else 0)
    return FacilitatorFormSet(data=data, initial=initial, prefix="facilitators")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    into = forms.ChoiceField(label=_("Merge into"), required=False)
    first_day = forms.DateField(
        label=_("New date of the first session"),
        required=False,
        widget=DateInput(),
        help_text=_("Postponing: every session moves by the same number of days, at the same times."),
    )
    decision_date = forms.DateField(label=_("New go/no-go date"), required=False, widget=DateInput())
    note_fi = forms.CharField(label=_("Note in Finnish"), max_length=300, required=False)
    note_sv = forms.CharField(label=_("Note in Swedish"), max_length=300, required=False)
    note_en = forms.CharField(label=_("Note in English"), max_length=300, required=False)

    def __init__(self, *args: Any, nearby: list[Group] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nearby = {str(g.uuid): g for g in nearby or []}
        self.fields["into"].choices = [("", _("Choose a group"))] + [  # type: ignore[attr-defined]
            (key, f"{g.activity.title} ({timezone.localtime(g.activity.start):%d.%m.%Y})")
            for key, g in self.nearby.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == "merge" and not data.get("into"):
            self.add_error("into", _("Choose the group to merge into."))
        if decision == "postpone":
            if not data.get("first_day"):
                self.add_error("first_day", _("Give the new date of the first session."))
            if not data.get("decision_date"):
                self.add_error("decision_date", _("Give the new go/no-go date."))
        if decision == "cancel" and not any(data.get(f"note_{lang}") for lang in ("fi", "sv", "en")):
            self.add_error("note_fi", _("Say in a sentence why the group is cancelled; the calendar shows it."))
        return data

    def target(self) -> Group | None:
        return self.nearby.get(self.cleaned_data.get("into") or "")

    def note(self) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"note_{lang}") or "" for lang in ("fi", "sv", "en")}


def shifted_sessions(group: Group, first_day: date, tz: ZoneInfo) -> list[dict[str, Any]]:
    """The group's sessions moved by as many days as the first moves, at the same wall-clock times."""
    sessions = list(group.activity.sessions.order_by("start", "id"))
    if not sessions:
        return []
    delta = first_day - sessions[0].start.astimezone(tz).date()

    def move(moment: datetime) -> datetime:
        local = moment.astimezone(tz)
        day = local.date() + timedelta(days=delta.days)
        return datetime.combine(day, time(local.hour, local.minute), tzinfo=tz)

    return [
        {
            "start": move(s.start),
            "end": move(s.end),
            "topic_fi": s.topic_fi,
            "topic_sv": s.topic_sv,
            "topic_en": s.topic_en,
            "place": s.place,
        }
        for s in sessions
    ]
