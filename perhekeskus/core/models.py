from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    READ = "read", _("read")
    LOGIN = "login", _("signed in")
    TOKEN = "token", _("API token issued")


class AuditEntry(models.Model):
    """One change to data, or one read of personal data.

    Kept for 5 years (the retention of municipal administrative records); the
    actor link is cleared when a user account is erased, the e-mail copy stays
    as the record of who acted.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=40, blank=True, help_text="page, api, admin, command…")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"


class SearchTerm(models.Model):
    """One normalised word form of a searchable object (see `core/search.py`).

    The same table and the same SQL serve SQLite and PostgreSQL, so ranking is
    identical on both. `weight` is the best field the term occurs in (name > type >
    description), summed over query words at search time.
    """

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    term = models.CharField(max_length=80)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            # Covering index: a search reads (object, weight) for a term range from the
            # index alone, without touching the table.
            models.Index(fields=["kind", "term", "object_id", "weight"], name="searchterm_kind_term_cover"),
            models.Index(fields=["kind", "object_id"], name="searchterm_kind_object"),
        ]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "term"], name="searchterm_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.term}"
