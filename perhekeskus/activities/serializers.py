"""The API's shapes of the activity calendar.

Read serializers show activities and occurrences; the write serializers only check the
shape of the input and turn public keys into objects. Their `validated_data` uses
model field names, so the views hand it straight to `activities/services.py`, which
checks access, validates the timing (recurrence, end after start, time zone) and saves.

An activity is written the way it is read: the organisation and areas by slug, the
place by UUID, lookups by code, so a client may GET an activity, change it and PUT it
back. Times are ISO 8601 with an offset; they are shown with the Europe/Helsinki
offset of that day (`2026-03-31T10:00:00+03:00`), whatever offset they were given in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from perhekeskus.activities.models import (
    DEFAULT_TIME_ZONE,
    Activity,
    ActivityStatus,
    ChangeKind,
    Participation,
)
from perhekeskus.activities.occurrences import Occurrence, OccurrenceStatus
from perhekeskus.activities.recurrence import zone
from perhekeskus.core.api import (
    TRANSLATED_SCHEMA,
    CodeRefField,
    CodeRefListField,
    KeyField,
    KeyListField,
    NullableKeyField,
    TranslatedField,
    UUIDRefField,
)
from perhekeskus.core.translation import CONTENT_LANGUAGES, translated_dict
from perhekeskus.network.models import Area, Cost, Language, LifeStage, Organisation, Place, ServiceType, TargetGroup

SHOWN_ZONE = zone(DEFAULT_TIME_ZONE)
MAX_AGE_MONTHS = 215  # under 18 years, as the calendar's age filter


def local_iso(moment: datetime | None) -> str | None:
    """An aware moment as ISO 8601 with the Europe/Helsinki offset of that day."""
    return moment.astimezone(SHOWN_ZONE).isoformat() if moment is not None else None


@extend_schema_field({"type": "string", "format": "date-time", "example": "2026-03-31T10:00:00+03:00"})
class OffsetDateTimeField(serializers.Field):
    """A moment with its UTC offset. A time without an offset is refused: whether
    "10:00" meant winter or summer time, or another zone, is not ours to guess."""

    default_error_messages = {
        "invalid": "Give the time in ISO 8601 with its offset, e.g. 2026-03-31T10:00:00+03:00.",
        "naive": "Give the time with its UTC offset, e.g. 2026-03-31T10:00:00+03:00.",
    }

    def to_representation(self, value: datetime) -> str | None:
        return local_iso(value)

    def to_internal_value(self, data: Any) -> datetime:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            moment = datetime.fromisoformat(data.strip().replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            self.fail("invalid")
        if moment.tzinfo is None:
            self.fail("naive")
        return moment


# --- Nested shapes -------------------------------------------------------------------------


@extend_schema_field({"type": "string"})
class RequiredKeyField(KeyField):
    """Read-only: a related object that is always there, by its slug or code."""


class ActivityContactSerializer(serializers.Serializer):
    """The organiser's public contact for families' questions."""

    name = serializers.CharField(source="contact_name", max_length=120, allow_blank=True, default="")
    email = serializers.EmailField(source="contact_email", allow_blank=True, default=str)
    phone = serializers.CharField(source="contact_phone", max_length=40, allow_blank=True, default="")


def empty_contact() -> dict[str, str]:
    return {"contact_name": "", "contact_email": "", "contact_phone": ""}


class ChangeSerializer(serializers.Serializer):
    """One occurrence excluded, cancelled or moved, found by the start the rule gives it."""

    original_start = OffsetDateTimeField()
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    new_start = OffsetDateTimeField(required=False, allow_null=True, default=None)
    new_end = OffsetDateTimeField(required=False, allow_null=True, default=None)
    note = TranslatedField("note")


class PlaceRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = TranslatedField("name", read_only=True)


class NextOccurrenceSerializer(serializers.Serializer):
    start = OffsetDateTimeField(read_only=True)
    end = OffsetDateTimeField(read_only=True)
    original_start = OffsetDateTimeField(read_only=True)
    status = serializers.ChoiceField(choices=OccurrenceStatus.choices, read_only=True)
    moved = serializers.BooleanField(read_only=True)


class ActivityUrlsSerializer(serializers.Serializer):
    page = serializers.URLField(read_only=True, allow_null=True, help_text="The activity's public page.")
    feed = serializers.URLField(read_only=True, allow_null=True, help_text="Its iCalendar feed (.ics).")


# --- Activities ------------------------------------------------------------------------------


def _absolute(request: Any, name: str, activity: Activity) -> str | None:
    """The address of a named page of the activity, or None while that page does not exist."""
    try:
        path = reverse(name, args=[activity.uuid])
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(path) if request is not None else path


class ActivitySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation = RequiredKeyField("slug")
    co_organisers = KeyListField("slug")
    status = serializers.ChoiceField(choices=ActivityStatus.choices, read_only=True)
    title = TranslatedField("title", read_only=True)
    description = TranslatedField("description", read_only=True)
    place = serializers.UUIDField(source="place.uuid", read_only=True, allow_null=True)
    online = serializers.BooleanField(read_only=True)
    online_url = serializers.URLField(read_only=True)
    area = NullableKeyField("slug")
    service_type = NullableKeyField("code")
    participation = serializers.ChoiceField(choices=Participation.choices, read_only=True)
    age_min_months = serializers.IntegerField(read_only=True, allow_null=True)
    age_max_months = serializers.IntegerField(read_only=True, allow_null=True)
    life_stages = KeyListField("code")
    audience = KeyListField("code", source="target_groups")
    languages = KeyListField("code")
    cost = serializers.ChoiceField(choices=Cost.choices, read_only=True)
    cost_note = TranslatedField("cost_note", read_only=True)
    cancellation_note = TranslatedField("cancellation_note", read_only=True)
    signup_required = serializers.BooleanField(read_only=True)
    signup_url = serializers.URLField(read_only=True)
    contact = ActivityContactSerializer(source="*", read_only=True)
    time_zone = serializers.CharField(read_only=True)
    start = OffsetDateTimeField(read_only=True)
    end = OffsetDateTimeField(read_only=True)
    rrule = serializers.CharField(read_only=True, help_text="RFC 5545 RRULE value; empty for a one-off.")
    runs_on_closures = serializers.BooleanField(read_only=True)
    changes = ChangeSerializer(many=True, read_only=True)
    next_occurrences = serializers.SerializerMethodField(help_text="The next few occurrences from now.")
    urls = serializers.SerializerMethodField()
    last_checked_at = OffsetDateTimeField(read_only=True, allow_null=True)
    confirmed_until = serializers.DateField(read_only=True, allow_null=True)
    created_at = OffsetDateTimeField(read_only=True)
    updated_at = OffsetDateTimeField(read_only=True)

    @extend_schema_field(NextOccurrenceSerializer(many=True))
    def get_next_occurrences(self, obj: Activity) -> list[dict[str, Any]]:
        # The view computes them for the whole page at once (one window, three queries).
        found = self.context.get("next_occurrences", {}).get(obj.pk, [])
        return list(NextOccurrenceSerializer(found, many=True).data)

    @extend_schema_field(ActivityUrlsSerializer)
    def get_urls(self, obj: Activity) -> dict[str, str | None]:
        request = self.context.get("request")
        return {"page": _absolute(request, "activity-detail", obj), "feed": _absolute(request, "activity-feed", obj)}


class ActivityWriteSerializer(serializers.Serializer):
    organisation = CodeRefField(
        Organisation.objects.all(),
        lookup="slug",
        noun="organisation",
        required=False,
        help_text="The organiser's slug. Left out on create: the organisation of the token's membership.",
    )
    co_organisers = CodeRefListField(Organisation.objects.all(), lookup="slug", noun="organisation")
    status = serializers.ChoiceField(
        choices=ActivityStatus.choices,
        default=ActivityStatus.DRAFT,
        help_text="Left out: draft (not public until published).",
    )
    title = TranslatedField("title", require_fi=True)
    description = TranslatedField("description")
    place = UUIDRefField(Place.objects.all(), noun="place", allow_null=True, default=None)
    online = serializers.BooleanField(default=False)
    online_url = serializers.URLField(allow_blank=True, default=str)
    area = CodeRefField(
        Area.objects.all(),
        lookup="slug",
        noun="area",
        allow_null=True,
        default=None,
        help_text="Left out or null: the district of the place.",
    )
    service_type = CodeRefField(
        ServiceType.objects.all(), lookup="code", noun="service type", allow_null=True, default=None
    )
    participation = serializers.ChoiceField(choices=Participation.choices, default=Participation.OPEN)
    age_min_months = serializers.IntegerField(min_value=0, max_value=MAX_AGE_MONTHS, allow_null=True, default=None)
    age_max_months = serializers.IntegerField(min_value=0, max_value=MAX_AGE_MONTHS, allow_null=True, default=None)
    life_stages = CodeRefListField(LifeStage.objects.all(), lookup="code", noun="life stage")
    audience = CodeRefListField(TargetGroup.objects.all(), lookup="code", noun="target group", source="target_groups")
    languages = CodeRefListField(Language.objects.all(), lookup="code", noun="language")
    cost = serializers.ChoiceField(choices=Cost.choices, default=Cost.FREE)
    cost_note = TranslatedField("cost_note")
    cancellation_note = TranslatedField("cancellation_note")
    signup_required = serializers.BooleanField(default=False)
    signup_url = serializers.URLField(allow_blank=True, default=str)
    contact = ActivityContactSerializer(source="*", required=False, default=empty_contact)
    time_zone = serializers.CharField(max_length=60, default=DEFAULT_TIME_ZONE)
    start = OffsetDateTimeField(help_text="Start of the first occurrence.")
    end = OffsetDateTimeField(help_text="End of the first occurrence.")
    rrule = serializers.CharField(
        max_length=500,
        allow_blank=True,
        default="",
        help_text="RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=TU; empty for a one-off.",
    )
    runs_on_closures = serializers.BooleanField(
        default=False, help_text="false: the place's holiday closures cancel the occurrences on those days."
    )


# --- Occurrences ---------------------------------------------------------------------------


def occurrence_note(o: Occurrence) -> dict[str, str]:
    """Why the occurrence is cancelled or moved: the editor's note, else the closure's reason."""
    if o.change is not None and any(translated_dict(o.change, "note").values()):
        return translated_dict(o.change, "note")
    if o.closure is not None:
        return translated_dict(o.closure, "reason")
    if o.activity.status == ActivityStatus.CANCELLED:
        return translated_dict(o.activity, "cancellation_note")
    return dict.fromkeys(CONTENT_LANGUAGES, "")


class OccurrenceSerializer(serializers.Serializer):
    activity = serializers.UUIDField(source="activity.uuid", read_only=True)
    title = serializers.SerializerMethodField()
    start = OffsetDateTimeField(read_only=True)
    end = OffsetDateTimeField(read_only=True)
    original_start = OffsetDateTimeField(read_only=True, help_text="The start the rule gives it; differs if moved.")
    status = serializers.ChoiceField(choices=OccurrenceStatus.choices, read_only=True)
    moved = serializers.BooleanField(read_only=True)
    note = serializers.SerializerMethodField()
    place = PlaceRefSerializer(source="activity.place", read_only=True, allow_null=True)
    online = serializers.BooleanField(source="activity.online", read_only=True)
    organisation = serializers.CharField(source="activity.organisation.slug", read_only=True)

    @extend_schema_field(TRANSLATED_SCHEMA)
    def get_title(self, obj: Occurrence) -> dict[str, str]:
        return translated_dict(obj.activity, "title")

    @extend_schema_field(TRANSLATED_SCHEMA)
    def get_note(self, obj: Occurrence) -> dict[str, str]:
        return occurrence_note(obj)


__all__ = [
    "ActivitySerializer",
    "ActivityWriteSerializer",
    "ChangeSerializer",
    "OccurrenceSerializer",
]
