"""Interest lists: "I'd join a fathers' group in Matinkylä on weekday evenings".

Groups fail to start when too few sign up (report §7.5); families can say in advance
what they would join. When enough say the same for an area, the coordinator is told
and can open a group that invites them all. An entry holds an e-mail address to send
that invitation, the message language, and what the family would join; it is erased
when the family withdraws it, when the group it was invited to is erased, or
`INTEREST_KEEP_DAYS` after it was made.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.groups.models.signups import ProgrammeKind
from perhekeskus.network.models.common import PublicModel


class InterestStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for a group")
    INVITED = "invited", _("invited to a group")
    WITHDRAWN = "withdrawn", _("withdrawn")
    ERASED = "erased", _("erased")


class InterestTime(models.TextChoices):
    WEEKDAY_MORNING = "weekday_morning", _("weekday mornings")
    WEEKDAY_AFTERNOON = "weekday_afternoon", _("weekday afternoons")
    WEEKDAY_EVENING = "weekday_evening", _("weekday evenings")
    WEEKEND = "weekend", _("weekends")


class Interest(PublicModel):
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices)
    # A district or a municipality: where the family would like the group to meet.
    area = models.ForeignKey("network.Area", on_delete=models.PROTECT, related_name="+")
    # InterestTime values; empty means any time suits.
    times = models.JSONField(default=list, blank=True)
    languages = models.JSONField(_("languages the family speaks"), default=list, blank=True)
    # To send the invitation when a group opens; the language it is written in.
    email = models.EmailField(_("e-mail"))
    email_key = models.CharField(max_length=254, editable=False)
    language = models.CharField(max_length=2, default="fi")
    # Optional, to fit the group to the children's ages.
    due_date = models.DateField(null=True, blank=True)
    children_birth_years = models.JSONField(default=list, blank=True)
    # SHA-256 of the secret in the family's withdraw link.
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=InterestStatus.choices, default=InterestStatus.WAITING)
    invited_group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="interested"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "area", "email_key"],
                condition=models.Q(status="waiting"),
                name="interest_one_waiting_per_email",
            ),
        ]
        indexes = [models.Index(fields=["kind", "area", "status"], name="interest_kind_area_status")]


class InterestNotice(models.Model):
    """The coordinator was told that enough interest gathered: told once per gathering."""

    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices)
    area = models.ForeignKey("network.Area", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    # The group opened for them, once the coordinator did.
    group = models.ForeignKey("groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.kind} in area {self.area_id}: {self.count}"
