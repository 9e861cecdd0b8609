"""Invitations: personal one-time codes, by e-mail, printed letter or handed over.

Personal invitations work far better than posters (report §7.5): a professional
invites a family, or a clinic invites a whole cohort (e.g. every first-time parent due
in a date window in its area, the universal principle). A targeted group can be joined
only with an invitation. Only the SHA-256 of a code is stored; the code itself is
shown once, in the e-mail or the printed letter. No names or addresses are stored: the
clinic knows whom it invited, the platform only which code was used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import PublicModel


class InvitationKind(models.TextChoices):
    PERSONAL = "personal", _("personal invitations")
    # A clinic's whole cohort: the criteria say whom it invited (no one is listed).
    COHORT = "cohort", _("cohort invitation")
    # Families who said they would join such a group (interest list).
    INTEREST = "interest", _("interest list")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("printed letter")
    # Codes handed over at a visit or read out on the phone.
    CODE = "code", _("code given in person")


class InvitationBatch(PublicModel):
    """One sending of invitations to a group: who invited, how, and whom (criteria only)."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="invitation_batches")
    kind = models.CharField(max_length=10, choices=InvitationKind.choices, default=InvitationKind.PERSONAL)
    channel = models.CharField(max_length=10, choices=InvitationChannel.choices, default=InvitationChannel.EMAIL)
    # The inviting organisation, e.g. the maternity clinic (may differ from the organiser).
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A cohort's criteria, as the clinic chose them from its own records.
    area = models.ForeignKey("network.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_from = models.DateField(null=True, blank=True)
    due_to = models.DateField(null=True, blank=True)
    first_time_parents = models.BooleanField(default=False)
    count = models.PositiveIntegerField(default=0)
    # The language the letters or e-mails were written in.
    language = models.CharField(max_length=2, default="fi")
    note = models.CharField(max_length=300, blank=True)
    # A code is valid until then (default: the group's sign-up closes or its first session).
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class InvitationStatus(models.TextChoices):
    ISSUED = "issued", _("not used yet")
    USED = "used", _("used")
    REVOKED = "revoked", _("revoked")


class Invitation(PublicModel):
    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="invitations")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="invitations")
    # SHA-256 of the code printed in the letter or carried by the e-mail's link.
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.ISSUED)
    used_at = models.DateTimeField(null=True, blank=True)
    # The sign-up made with it; one code, one family.
    signup = models.OneToOneField(
        "groups.Signup", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["group", "status"], name="invitation_group_status")]

    def __str__(self) -> str:
        return f"{self.group} – {self.get_status_display()}"
