"""Groups families sign up for: family training, peer groups, fathers' groups.

A group is a calendar activity (`activities.Activity`, whose listed sessions are the
group's meetings) with places counted in families or couples, a waiting list, and a
minimum below which it does not start.

Sign-ups hold a family's personal data: only what running the group needs, each field
saying why, erased when the group has ended (see `docs/privacy.md`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import PublicModel


class GroupStatus(models.TextChoices):
    PLANNED = "planned", _("planned")  # not yet taking sign-ups
    OPEN = "open", _("open for sign-up")
    STARTED = "started", _("started")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")
    MERGED = "merged", _("merged with another group")
    FINISHED = "finished", _("finished")


class CapacityUnit(models.TextChoices):
    FAMILIES = "families", _("families")
    COUPLES = "couples", _("couples")


class ProgrammeKind(models.TextChoices):
    """What a group is, as families name it when they look for one or say they'd join one."""

    FAMILY_TRAINING = "family_training", _("family training")
    BABY_GROUP = "baby_group", _("baby group")
    FATHERS_GROUP = "fathers_group", _("fathers' group")
    PEER_GROUP = "peer_group", _("peer group")
    OTHER = "other", _("other group")


class Group(PublicModel):
    activity = models.OneToOneField("activities.Activity", on_delete=models.PROTECT, related_name="group")
    status = models.CharField(max_length=10, choices=GroupStatus.choices, default=GroupStatus.OPEN)
    capacity = models.PositiveSmallIntegerField(_("places"))
    capacity_unit = models.CharField(max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.FAMILIES)
    waiting_list_capacity = models.PositiveSmallIntegerField(_("waiting list places"), default=0)
    minimum = models.PositiveSmallIntegerField(_("minimum to start"), default=0)
    decision_date = models.DateField(_("go/no-go date"), null=True, blank=True)
    enrolment_opens = models.DateTimeField(null=True, blank=True)
    enrolment_closes = models.DateTimeField(null=True, blank=True)
    # How long the first on the waiting list has to accept a freed place.
    offer_hours = models.PositiveSmallIntegerField(default=48)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.OTHER)
    # The template the group was made from, if any (its sessions are the group's own copy).
    programme = models.ForeignKey(
        "groups.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="groups"
    )
    # When the go/no-go decision was taken (started, postponed, merged or cancelled).
    decided_at = models.DateTimeField(null=True, blank=True)
    # When families were asked for feedback after the last session (asked once).
    feedback_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="group_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("capacity")), name="group_minimum_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity)


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("offered a place")  # a freed place held for them until offer_expires_at
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("offer expired")


# Sign-ups that hold a place or a waiting-list place; one per e-mail address per group.
ACTIVE_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.WAITING, SignupStatus.OFFERED)
# Sign-ups that hold one of the group's places.
PLACE_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.OFFERED)


class Signup(PublicModel):
    """A family's sign-up. Personal data is erased a set time after the group ends."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=10, choices=SignupStatus.choices)
    # The contact person: name and e-mail to send the confirmation, reminders and notices.
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    # Lower-cased e-mail: one active sign-up per address and group.
    email_key = models.CharField(max_length=254, editable=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text="optional: text reminders")
    language = models.CharField(_("language of messages"), max_length=2, default="fi")
    # How many adults come (couples' groups count two); no names are needed.
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    # Children's birth years or the due date: to fit the group to the children's ages.
    children_birth_years = models.JSONField(_("children's birth years"), default=list, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    languages = models.JSONField(_("languages the family speaks"), default=list, blank=True)
    needs = models.TextField(_("needs"), blank=True, help_text="e.g. an interpreter, accessibility, a diet")
    # SHA-256 of the secret in the family's cancellation link; the secret is never stored.
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "email_key"],
                condition=models.Q(status__in=["confirmed", "waiting", "offered"]),
                name="signup_one_active_per_email",
            ),
        ]
        indexes = [models.Index(fields=["group", "status"], name="signup_group_status")]

    def __str__(self) -> str:
        return f"{self.group} – {self.get_status_display()}"
