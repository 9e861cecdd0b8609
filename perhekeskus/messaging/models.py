"""The outbox of messages to families.

A message is written here in the same transaction as the change it tells about, so it
exists if and only if the change was saved; it is sent after the commit and retried
from `manage.py send_messages` when the mail server fails. A row holds the family's
address and the text (which may contain their sign-up link) only until the text is
cleared a set time after sending (`MESSAGE_KEEP_DAYS`, see `docs/privacy.md`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    # The last attempt failed; retried until MESSAGE_MAX_ATTEMPTS attempts.
    FAILED = "failed", _("failed")


class MessageKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("place confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFER = "offer", _("place offered")
    OFFER_EXPIRED = "offer_expired", _("offer expired")
    CANCELLED = "cancelled", _("cancellation received")
    GROUP_CANCELLED = "group_cancelled", _("group cancelled")
    GROUP_POSTPONED = "group_postponed", _("group postponed")
    GROUP_MERGED = "group_merged", _("group merged")
    GROUP_STARTED = "group_started", _("group started")
    REMINDER = "reminder", _("session reminder")
    # Messages that concern no sign-up (their composer is registered by the groups app).
    INVITATION = "invitation", _("invitation to a group")
    INTEREST_RECEIVED = "interest_received", _("interest received")
    INTEREST_GATHERED = "interest_gathered", _("interest gathered (to the coordinator)")
    DECISION_DUE = "decision_due", _("go/no-go date reached (to the organiser)")
    FEEDBACK_REQUEST = "feedback_request", _("feedback request")


# Kinds that concern no sign-up; the others are composed from the message's sign-up.
PLAIN_KINDS = (
    MessageKind.INVITATION,
    MessageKind.INTEREST_RECEIVED,
    MessageKind.INTEREST_GATHERED,
    MessageKind.DECISION_DUE,
    MessageKind.FEEDBACK_REQUEST,
)


class OutgoingMessage(models.Model):
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    # The sign-up it concerns: kept when the sign-up is erased, only the link is lost.
    signup = models.ForeignKey(
        "groups.Signup", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    # The recipient and the texts: personal data, cleared after MESSAGE_KEEP_DAYS once sent.
    to = models.EmailField(blank=True)
    language = models.CharField(max_length=2)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    # What only the moment of queuing knows (the family's link, their place on the waiting
    # list, an offer's deadline); the texts are composed from it at the first sending.
    context = models.JSONField(default=dict, blank=True)
    # [{"filename", "content_type", "content"}]: text attachments such as the sessions' .ics.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    # Makes a message once-only, e.g. one reminder per sign-up and session.
    dedupe_key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~models.Q(dedupe_key=""), name="message_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} #{self.pk}"
