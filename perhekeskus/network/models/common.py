from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.core.translation import TranslatedMixin


class PublicModel(TranslatedMixin, models.Model):
    """Public objects have a UUID for URLs and the API; the integer key stays inside."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CheckedModel(models.Model):
    """Content whose correctness an editor confirms now and then.

    `last_checked_by` links the editor's account (work identity, shown to
    other editors); it is cleared if the account is erased.
    """

    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, db_index=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        abstract = True
