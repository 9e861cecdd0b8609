from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import CheckedModel, PublicModel
from perhekeskus.network.models.taxonomy import Tier


class AccessMode(models.TextChoices):
    OPEN = "open", _("open to all")
    APPOINTMENT = "appointment", _("by appointment")
    INVITATION = "invitation", _("by invitation")
    REFERRAL = "referral", _("by referral")


class Cost(models.TextChoices):
    FREE = "free", _("free")
    FEE = "fee", _("fee")
    INCOME_BASED = "income_based", _("income-based fee")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")


class Service(PublicModel, CheckedModel):
    provider = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="services")
    status = models.CharField(max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    service_type = models.ForeignKey("network.ServiceType", on_delete=models.PROTECT, related_name="services")
    tier = models.CharField(max_length=20, choices=Tier.choices)
    access = models.CharField(max_length=20, choices=AccessMode.choices, default=AccessMode.OPEN)
    cost = models.CharField(max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_note_fi = models.CharField(max_length=300, blank=True)
    cost_note_sv = models.CharField(max_length=300, blank=True)
    cost_note_en = models.CharField(max_length=300, blank=True)
    life_stages = models.ManyToManyField("network.LifeStage", blank=True, related_name="services")
    target_groups = models.ManyToManyField("network.TargetGroup", blank=True, related_name="services")
    languages = models.ManyToManyField("network.Language", blank=True, related_name="services")
    areas = models.ManyToManyField("network.Area", blank=True, related_name="services")
    places = models.ManyToManyField("network.Place", blank=True, related_name="services")
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True, help_text="the service's general address, not a person's")
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name_fi"]
        indexes = [
            models.Index(fields=["tier"]),
            # The finder without a search word lists active services by name: walking
            # this index answers a page without sorting every service.
            models.Index(fields=["status", "name_fi", "id"], name="service_status_name"),
        ]
