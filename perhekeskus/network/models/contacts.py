from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import PublicModel


class ContactPerson(PublicModel):
    """An organisation's agreed contact person, optionally for one topic (report §6.2).

    Personal data: the name, title and work e-mail/phone of an employee or volunteer, kept
    so partners know whom to reach. Shown publicly only when `public` is set (the person
    agreed); otherwise only to signed-in members of the network, and each such read is
    audited. Erased when the person leaves the role (the editor removes the row).
    """

    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="contacts")
    topic = models.ForeignKey("network.ServiceType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic_note_fi = models.CharField(_("topic (Finnish)"), max_length=200, blank=True)
    topic_note_sv = models.CharField(_("topic (Swedish)"), max_length=200, blank=True)
    topic_note_en = models.CharField(_("topic (English)"), max_length=200, blank=True)
    full_name = models.CharField(max_length=150)
    title_fi = models.CharField(max_length=150, blank=True)
    title_sv = models.CharField(max_length=150, blank=True)
    title_en = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation", "full_name"]

    def __str__(self) -> str:
        return self.full_name
