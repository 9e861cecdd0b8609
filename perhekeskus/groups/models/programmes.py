"""Programme templates: the report's group programmes as data coordinators can edit.

A template (family training with five meetings before birth and five after, an
Ekavauva-style baby group, a fathers' group) holds the places, the minimum and the
sessions with their topics and who leads them; making a group from it copies these,
after which the group's own sessions are planned with its members.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.activities.models import Participation
from perhekeskus.core.translation import translated_value
from perhekeskus.groups.models.signups import CapacityUnit, ProgrammeKind
from perhekeskus.network.models.common import PublicModel


class Programme(PublicModel):
    # Stable name for files and the API, e.g. "family-training-espoo".
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.OTHER)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Empty: a template for the whole network (kept by coordinators); else the organisation's own.
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="programmes"
    )
    participation = models.CharField(max_length=10, choices=Participation.choices, default=Participation.OPEN)
    capacity = models.PositiveSmallIntegerField(_("places"), default=10)
    capacity_unit = models.CharField(max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.FAMILIES)
    waiting_list_capacity = models.PositiveSmallIntegerField(_("waiting list places"), default=0)
    minimum = models.PositiveSmallIntegerField(_("minimum to start"), default=0)
    # Length of each session unless the session says otherwise.
    session_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=120)
    age_min_months = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max_months = models.PositiveSmallIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name_fi"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("capacity")), name="programme_minimum_within_capacity"
            ),
        ]


class SessionPhase(models.TextChoices):
    """Family training meets before the birth (E) and after it (J)."""

    NONE = "", _("—")
    BEFORE_BIRTH = "before_birth", _("before the birth")
    AFTER_BIRTH = "after_birth", _("after the birth")


class ProgrammeSession(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    # Short label as used in the clinics: "E1" … "E5", "J1" … "J5".
    code = models.CharField(max_length=10, blank=True)
    phase = models.CharField(max_length=12, choices=SessionPhase.choices, blank=True, default=SessionPhase.NONE)
    # Days after the first session (0 for the first); a group's dates are planned from it.
    offset_days = models.PositiveSmallIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    topic_fi = models.CharField(max_length=200)
    topic_sv = models.CharField(max_length=200, blank=True)
    topic_en = models.CharField(max_length=200, blank=True)
    # Who leads it when not the group's own pair, e.g. "the parish's family counsellor".
    led_by_fi = models.CharField(max_length=200, blank=True)
    led_by_sv = models.CharField(max_length=200, blank=True)
    led_by_en = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_session_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code or self.number}: {self.topic}"

    @property
    def topic(self) -> str:
        return translated_value(self, "topic")

    @property
    def led_by(self) -> str:
        return translated_value(self, "led_by")
