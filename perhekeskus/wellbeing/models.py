"""The wellbeing clinic's schedule (Tampere's hyvinvointineuvola, report Liite 5).

Every parent of a family, mother and father separately, fills in questionnaires at three
points: in pregnancy, when the baby is 2–3 months old and at one year. The answers start
the couple's conversation with their nurse and are her "gauge of concern"; the same nurse
follows the family from pregnancy on, and only she sees the answers (`access.py`).

Personal data kept here is the least that lets the nurse run the schedule: a label she
recognises (not a name or identity number: the clinic's patient record already holds
those, and a second copy here would only widen what can leak), the due date and the
baby's birth date (to know when each point is due) and each parent's label and form
language. The answers live in `questionnaires.Response`; they and the family's label are
erased WELLBEING_RETENTION_DAYS after the schedule ends (`manage.py erase_wellbeing`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from perhekeskus.network.models.common import PublicModel


class Point(models.TextChoices):
    PREGNANCY = "pregnancy", _("in pregnancy")
    MONTHS_2_3 = "2-3-months", _("baby 2–3 months")
    YEAR_1 = "1-year", _("child 1 year")


POINT_ORDER = [Point.PREGNANCY, Point.MONTHS_2_3, Point.YEAR_1]


class FamilyStatus(models.TextChoices):
    ACTIVE = "active", _("on the schedule")
    CLOSED = "closed", _("closed")


class ParentLabel(models.TextChoices):
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    PARENT = "parent", _("parent")


class FormLanguage(models.TextChoices):
    # A context of its own: "English" alone is also the name the language switcher shows
    # in English on every page, and must stay untranslated there.
    FI = "fi", pgettext_lazy("language name", "Finnish")
    SV = "sv", pgettext_lazy("language name", "Swedish")
    EN = "en", pgettext_lazy("language name", "English")


class Family(PublicModel):
    """A family on one nurse's wellbeing clinic schedule."""

    clinic = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="wellbeing_families")
    # The family's own nurse: the only one who sees its answers. PROTECT: a nurse leaving
    # hands her families over first (`services.family_hand_over`), they are never orphaned.
    nurse = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wellbeing_families")
    # Something the nurse recognises ("Virtanen, Kotikatu"); never an identity number.
    # Cleared when the answers are erased.
    label = models.CharField(_("label"), max_length=60)
    # When the points after birth fall due, before the birth and after it.
    due_date = models.DateField(_("due date"))
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=FamilyStatus.choices, default=FamilyStatus.ACTIVE)
    closed_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.label or str(self.uuid)


class Parent(models.Model):
    """One parent of a family; each parent fills in their own forms."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="parents")
    position = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=10, choices=ParentLabel.choices, default=ParentLabel.PARENT)
    # The language the parent's forms and messages open in.
    language = models.CharField(max_length=2, choices=FormLanguage.choices, default=FormLanguage.FI)

    class Meta:
        ordering = ["family_id", "position"]
        constraints = [models.UniqueConstraint(fields=["family", "position"], name="wellbeing_parent_position")]

    def __str__(self) -> str:
        return f"{self.get_label_display()} {self.position}"


class Form(PublicModel):
    """A parent's questionnaire at one point of the schedule, with its response.

    Made when the nurse makes the parent's link (or starts the form at the clinic); the
    response is filed with context "wellbeing:<form uuid>" and is one per parent, point
    and questionnaire (the response's respondent key).
    """

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="forms")
    point = models.CharField(max_length=12, choices=Point.choices)
    questionnaire = models.ForeignKey("questionnaires.Questionnaire", on_delete=models.PROTECT, related_name="+")
    response = models.OneToOneField("questionnaires.Response", on_delete=models.PROTECT, related_name="wellbeing_form")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["parent_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "point", "questionnaire"], name="wellbeing_form_once"),
        ]

    def __str__(self) -> str:
        return f"{self.parent} {self.point} {self.questionnaire_id}"
