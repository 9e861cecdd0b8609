"""Activities of the joint family activity calendar and the changes to single occurrences.

An activity is stored once with its first occurrence and, when it repeats, an RFC 5545
rule; occurrences are computed for the window asked (`recurrence.py`) instead of being
stored as rows, so a weekly café that runs for years is one row plus its exceptions.

Times are stored in UTC; the rule is expanded in the activity's own time zone
(`Europe/Helsinki` unless told otherwise) so that a 10:00 café stays at 10:00 on both
sides of the clock changes.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.core.translation import translated_value
from perhekeskus.network.models.common import CheckedModel, PublicModel
from perhekeskus.network.models.services import Cost

DEFAULT_TIME_ZONE = "Europe/Helsinki"


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")
    # Ended by its editor: past occurrences stay in the calendar's history, no new ones.
    ENDED = "ended", _("ended")


# Statuses shown in public calendars, feeds and the API for anonymous readers.
PUBLIC_STATUSES = (ActivityStatus.PUBLISHED, ActivityStatus.CANCELLED, ActivityStatus.ENDED)


class Participation(models.TextChoices):
    """Kinds of participation in the report's §7.5 (avoin / suunnattu / kohdennettu)."""

    OPEN = "open", _("open to everyone")
    DIRECTED = "directed", _("for the service's clients")
    TARGETED = "targeted", _("by invitation only")


class Activity(PublicModel, CheckedModel):
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="activities", verbose_name=_("organiser")
    )
    co_organisers = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="co_organised_activities", verbose_name=_("co-organisers")
    )
    status = models.CharField(max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT)
    title_fi = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    place = models.ForeignKey(
        "network.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online address"), blank=True)
    area = models.ForeignKey(
        "network.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="the district or municipality the activity is for; defaults to its place's district",
    )
    service_type = models.ForeignKey(
        "network.ServiceType", null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    participation = models.CharField(max_length=10, choices=Participation.choices, default=Participation.OPEN)
    # Children's ages the activity is meant for, in months; empty means any age.
    age_min_months = models.PositiveSmallIntegerField(_("youngest age (months)"), null=True, blank=True)
    age_max_months = models.PositiveSmallIntegerField(_("oldest age (months)"), null=True, blank=True)
    life_stages = models.ManyToManyField("network.LifeStage", blank=True, related_name="activities")
    target_groups = models.ManyToManyField(
        "network.TargetGroup", blank=True, related_name="activities", verbose_name=_("audience")
    )
    languages = models.ManyToManyField("network.Language", blank=True, related_name="activities")
    cost = models.CharField(max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_note_fi = models.CharField(max_length=300, blank=True)
    cost_note_sv = models.CharField(max_length=300, blank=True)
    cost_note_en = models.CharField(max_length=300, blank=True)
    # Shown to families on every occurrence when the whole activity is cancelled.
    cancellation_note_fi = models.CharField(_("why cancelled (Finnish)"), max_length=300, blank=True)
    cancellation_note_sv = models.CharField(_("why cancelled (Swedish)"), max_length=300, blank=True)
    cancellation_note_en = models.CharField(_("why cancelled (English)"), max_length=300, blank=True)
    signup_required = models.BooleanField(_("sign-up needed"), default=False)
    signup_url = models.URLField(_("sign-up address"), blank=True)
    # The organiser's work contact for families' questions. A role or a work address is
    # enough; it is public and deleted with the activity.
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    # --- When -----------------------------------------------------------------------------
    time_zone = models.CharField(max_length=60, default=DEFAULT_TIME_ZONE)
    start = models.DateTimeField(_("first start"), help_text="start of the first occurrence (UTC)")
    end = models.DateTimeField(_("first end"), help_text="end of the first occurrence (UTC)")
    rrule = models.CharField(
        _("repeats"),
        max_length=500,
        blank=True,
        help_text="RFC 5545 RRULE value, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU; empty for a one-off",
    )
    # Derived on save by the service functions: the end of the last occurrence, or empty
    # for a rule without an end. Lets a window query skip finished series in the index.
    series_end = models.DateTimeField(null=True, blank=True, editable=False)
    runs_on_closures = models.BooleanField(
        _("runs when the place is closed"),
        default=False,
        help_text="off: a holiday closure of the place cancels the occurrences on those days",
    )
    # A recurring activity is confirmed for a season (spring or autumn) by its editor;
    # until then it is on the editor's freshness list.
    confirmed_until = models.DateField(_("confirmed until"), null=True, blank=True)
    # The UID of the calendar entry this activity was imported from (import_ics).
    source_uid = models.CharField(max_length=255, blank=True)
    # A group's activity meets on listed sessions (`Session`) instead of a rule; kept by
    # `services.sessions_replace` so that window queries know without a join.
    has_sessions = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["start", "id"]
        verbose_name_plural = "activities"
        indexes = [
            # Window queries: published activities that started before the window's end
            # and whose series has not ended before its start.
            models.Index(fields=["status", "start"], name="activity_status_start"),
            models.Index(fields=["status", "series_end"], name="activity_status_series_end"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="activity_end_after_start"),
            models.UniqueConstraint(
                fields=["organisation", "source_uid"],
                condition=~models.Q(source_uid=""),
                name="activity_unique_source_uid",
            ),
        ]

    @property
    def title(self) -> str:
        return translated_value(self, "title")

    @property
    def name(self) -> str:  # the translated-object protocol used by shared templates
        return self.title

    @property
    def cost_note(self) -> str:
        return translated_value(self, "cost_note")

    @property
    def cancellation_note(self) -> str:
        return translated_value(self, "cancellation_note")

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def __str__(self) -> str:
        return self.title or str(self.uuid)


class ChangeKind(models.TextChoices):
    # EXDATE: the date is not part of the series at all (e.g. no café on the public holiday).
    EXCLUDED = "excluded", _("excluded")
    # Shown, but marked cancelled with a note (RECURRENCE-ID with STATUS:CANCELLED).
    CANCELLED = "cancelled", _("cancelled")
    # Held at another time (RECURRENCE-ID with the new DTSTART/DTEND).
    MOVED = "moved", _("moved")


class OccurrenceChange(models.Model):
    """One occurrence of a series excluded, cancelled or moved; keyed by its original start."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="changes")
    original_start = models.DateTimeField(help_text="the start the rule gives this occurrence (UTC)")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    new_start = models.DateTimeField(null=True, blank=True)
    new_end = models.DateTimeField(null=True, blank=True)
    note_fi = models.CharField(_("note (Finnish)"), max_length=300, blank=True)
    note_sv = models.CharField(_("note (Swedish)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["original_start"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "original_start"], name="change_unique_occurrence"),
            models.CheckConstraint(
                condition=~models.Q(kind="moved")
                | models.Q(new_start__isnull=False, new_end__isnull=False, new_end__gt=models.F("new_start")),
                name="change_moved_has_times",
            ),
        ]
        indexes = [models.Index(fields=["new_start"], name="change_new_start")]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_start:%Y-%m-%d %H:%M}"

    @property
    def note(self) -> str:
        return translated_value(self, "note")


class Session(models.Model):
    """One meeting of a group's series: its own date, time, topic and perhaps place.

    Sessions are planned with the members (family training's five meetings before birth,
    a baby group's fifteen weeks), so each is a row of its own; a session is moved by
    changing it and cancelled with a note for the families.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField()
    end = models.DateTimeField()
    topic_fi = models.CharField(_("topic (Finnish)"), max_length=200, blank=True)
    topic_sv = models.CharField(_("topic (Swedish)"), max_length=200, blank=True)
    topic_en = models.CharField(_("topic (English)"), max_length=200, blank=True)
    place = models.ForeignKey(
        "network.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="empty: the activity's place",
    )
    cancelled = models.BooleanField(default=False)
    note_fi = models.CharField(_("note (Finnish)"), max_length=300, blank=True)
    note_sv = models.CharField(_("note (Swedish)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["activity", "start"], name="session_activity_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="session_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}"

    @property
    def topic(self) -> str:
        return translated_value(self, "topic")

    @property
    def note(self) -> str:
        return translated_value(self, "note")
