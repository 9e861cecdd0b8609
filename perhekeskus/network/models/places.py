from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import CheckedModel, PublicModel


class PlaceKind(models.TextChoices):
    FAMILY_CENTRE = "family_centre", _("family centre")
    CLINIC = "clinic", _("child health clinic")
    FAMILY_CAFE = "family_cafe", _("family café")
    OPEN_DAY_CARE = "open_day_care", _("open day-care centre")
    RESIDENT_PARK = "resident_park", _("resident park")
    FAMILY_CLUB = "family_club", _("family club")
    DAY_CARE = "day_care", _("day-care centre")
    SCHOOL = "school", _("school")
    PARISH_HALL = "parish_hall", _("parish premises")
    LIBRARY = "library", _("library")
    OFFICE = "office", _("office")
    OTHER = "other", _("other")


MEETING_PLACE_KINDS = (
    PlaceKind.FAMILY_CAFE,
    PlaceKind.OPEN_DAY_CARE,
    PlaceKind.RESIDENT_PARK,
    PlaceKind.FAMILY_CLUB,
)


class Place(PublicModel, CheckedModel):
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="places")
    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    area = models.ForeignKey(
        "network.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="places",
        help_text="the district the place is in",
    )
    street_address = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=100)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility_fi = models.TextField(_("accessibility (Finnish)"), blank=True)
    accessibility_sv = models.TextField(_("accessibility (Swedish)"), blank=True)
    accessibility_en = models.TextField(_("accessibility (English)"), blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name_fi"]


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """A regular weekly opening interval, in Europe/Helsinki wall-clock time."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="hours_close_after_open")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A dated exception: a holiday closure (closed=True) or other hours for a date range."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="opening_exceptions")
    start_date = models.DateField()
    end_date = models.DateField()
    closed = models.BooleanField(default=True)
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(null=True, blank=True)
    reason_fi = models.CharField(max_length=200, blank=True)
    reason_sv = models.CharField(max_length=200, blank=True)
    reason_en = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="exception_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date}"
