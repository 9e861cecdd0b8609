"""The form of the facilitators' session page.

It checks only what a single field can; `running.attendance_record` checks the whole
and its per-field errors are put back on the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from perhekeskus.groups.models import Attendance, Signup
from perhekeskus.groups.running import MAX_PEOPLE, NOTES_MAX


class NumberInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"min": 0, "max": MAX_PEOPLE, "inputmode": "numeric"})


class AttendanceForm(forms.Form):
    """A row per family with a place: came or not, and how many adults and children came."""

    notes = forms.CharField(
        label=_("Notes on the session"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For the group's leaders only, e.g. what was discussed and what to prepare next time. "
            "Erased with the sign-ups; write nothing that is not needed."
        ),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        families: list[Signup],
        attendance: Mapping[int, Attendance],
        notes: str = "",
    ) -> None:
        super().__init__(data, initial={"notes": notes})
        self.families = families
        for signup in families:
            came = attendance.get(signup.pk)
            self.fields[f"present_{signup.pk}"] = forms.BooleanField(
                label=_("Came"), required=False, initial=came is not None
            )
            self.fields[f"adults_{signup.pk}"] = forms.IntegerField(
                label=_("Adults"),
                required=False,
                min_value=0,
                max_value=MAX_PEOPLE,
                widget=NumberInput(),
                initial=came.adults if came else signup.adults,
            )
            self.fields[f"children_{signup.pk}"] = forms.IntegerField(
                label=_("Children"),
                required=False,
                min_value=0,
                max_value=MAX_PEOPLE,
                widget=NumberInput(),
                initial=came.children if came else None,
            )

    def rows(self) -> list[dict[str, Any]]:
        """The families with their three fields, for the template's table."""
        return [
            {
                "signup": s,
                "present": self[f"present_{s.pk}"],
                "adults": self[f"adults_{s.pk}"],
                "children": self[f"children_{s.pk}"],
            }
            for s in self.families
        ]

    def present(self) -> dict[int, dict[str, int | None]]:
        return {
            s.pk: {
                "adults": self.cleaned_data.get(f"adults_{s.pk}"),
                "children": self.cleaned_data.get(f"children_{s.pk}"),
            }
            for s in self.families
            if self.cleaned_data.get(f"present_{s.pk}")
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            target = "notes" if field == "notes" else None
            for message in messages:
                self.add_error(target, message)
