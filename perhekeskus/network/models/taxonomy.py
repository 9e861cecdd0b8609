"""Seeded lookup tables: service types, life stages, target groups, languages.

Their rows come from `perhekeskus/network/seed.py` (a data migration and
`load_demo` keep them in step); coordinators may add service types in the admin.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import PublicModel


class Tier(models.TextChoices):
    """The five levels of Kuvio 3, from civil society to special services."""

    COMMUNITY = "community", _("community and civil society")
    BASIC = "basic", _("basic services")
    EARLY_SUPPORT = "early_support", _("early support")
    REGIONAL = "regional", _("regional services")
    SPECIAL = "special", _("special services")


class Lookup(PublicModel):
    code = models.SlugField(max_length=60, unique=True)
    name_fi = models.CharField(max_length=150)
    name_sv = models.CharField(max_length=150, blank=True)
    name_en = models.CharField(max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]


class ServiceType(Lookup):
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    description_fi = models.TextField(blank=True)
    description_sv = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    default_tier = models.CharField(max_length=20, choices=Tier.choices, blank=True)

    class Meta(Lookup.Meta):
        pass


class LifeStage(Lookup):
    """expecting, 0–1, 1–3, 3–6, 7–12, 13–17 years."""

    min_age_months = models.SmallIntegerField(null=True, blank=True)
    max_age_months = models.SmallIntegerField(null=True, blank=True)

    class Meta(Lookup.Meta):
        pass


class TargetGroup(Lookup):
    """Fathers, immigrant families, young parents, single parents, …"""

    class Meta(Lookup.Meta):
        pass


class Language(Lookup):
    """A language a service is given in; `code` is ISO 639-1 (fi, sv, en, ar, …)."""

    class Meta(Lookup.Meta):
        pass
