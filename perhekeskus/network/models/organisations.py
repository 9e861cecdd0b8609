from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import PublicModel


class AreaKind(models.TextChoices):
    COUNTY = "county", _("wellbeing services county")
    MUNICIPALITY = "municipality", _("municipality")
    DISTRICT = "district", _("district")


class Area(PublicModel):
    """County → municipality → district (e.g. Länsi-Uusimaa → Espoo → Matinkylä-Olari)."""

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(max_length=10, blank=True, help_text="official code, e.g. municipality number")
    name_fi = models.CharField(_("name (Finnish)"), max_length=120)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        ordering = ["name_fi"]

    def ancestors_and_self(self) -> list[Area]:
        chain: list[Area] = []
        node: Area | None = self
        while node is not None and len(chain) < 10:
            chain.append(node)
            node = node.parent
        return chain


class OrganisationKind(models.TextChoices):
    COUNTY = "county", _("wellbeing services county")
    MUNICIPALITY = "municipality", _("municipality")
    NGO = "ngo", _("NGO")
    PARISH = "parish", _("parish")
    EDUCATION = "education", _("education provider")
    COMPANY = "company", _("company")
    VOLUNTEER_GROUP = "volunteer_group", _("volunteer group")


class Sector(models.TextChoices):
    HEALTH = "health", _("health")
    SOCIAL = "social", _("social")
    EDUCATION = "education", _("education")
    THIRD_SECTOR = "third_sector", _("third sector")
    PARISH = "parish", _("parish")


class Organisation(PublicModel):
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="units")
    # The organisation whose editors keep this record (e.g. the publisher of imported data).
    publisher = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="published")
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="home area: decides which coordinator looks after this organisation",
    )
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True, help_text="the organisation's general address, not a person's")
    phone = models.CharField(max_length=40, blank=True)
    business_id = models.CharField(max_length=20, blank=True, help_text="Y-tunnus")

    class Meta:
        ordering = ["name_fi"]
