"""What the facilitators keep: who leads, who came, notes per session, feedback.

Attendance and notes are personal data of the group's families: they are erased with
the sign-ups (`erase_signups`), while each session keeps its anonymous counts
(families, adults and children present) for the statistics.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilitatorKind(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    VOLUNTEER = "volunteer", _("volunteer")


class Facilitator(models.Model):
    """One of a group's leaders: groups are led by a pair from different organisations."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="facilitators")
    # The leader's account, if they have one: it lets them see the participant list.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Shown to the families in the group's page and messages (work identity).
    name = models.CharField(_("name"), max_length=120)
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=FacilitatorKind.choices, default=FacilitatorKind.PROFESSIONAL)
    # e.g. "public health nurse", "family worker", "peer volunteer".
    profession = models.CharField(_("profession or role"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=models.Q(user__isnull=False), name="facilitator_user_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class SessionRecord(models.Model):
    """The facilitators' record of one session: counts (kept) and notes (erased)."""

    session = models.OneToOneField("activities.Session", on_delete=models.CASCADE, related_name="record")
    # Anonymous counts, kept after the sign-ups are erased.
    families_present = models.PositiveSmallIntegerField(null=True, blank=True)
    adults_present = models.PositiveSmallIntegerField(null=True, blank=True)
    children_present = models.PositiveSmallIntegerField(null=True, blank=True)
    # Notes about the session for the facilitators; erased with the sign-ups.
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    notes_erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"record of session {self.session_id}"


class Attendance(models.Model):
    """Whether a family came to a session; deleted when the sign-ups are erased."""

    session = models.ForeignKey("activities.Session", on_delete=models.CASCADE, related_name="attendance")
    signup = models.ForeignKey("groups.Signup", on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=True)
    adults = models.PositiveSmallIntegerField(null=True, blank=True)
    children = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "signup"], name="attendance_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"attendance {self.session_id}/{self.signup_id}"


class FeedbackInvite(models.Model):
    """A family's one-time key to the feedback form, sent after the last session.

    The family's answers are a `questionnaires.Response` of `group-feedback` whose
    respondent key is this key's hash (`feedback.respondent_key`): nothing in either
    points to the family, yet each family can answer once. `used_at` is set when the
    answer comes through the API, and was set by the groups' earlier built-in form,
    whose answers were moved to the questionnaire engine unlinked to any key.
    """

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="feedback_invites")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feedback invite {self.pk}"
