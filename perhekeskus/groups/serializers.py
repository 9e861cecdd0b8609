"""The API's shapes of groups and sign-ups.

Write serializers only check the shape and turn public keys into objects; their
`validated_data` uses model field names, so the views hand it to `groups/services.py`,
which validates the rest (capacity rules, the sign-up window, a due date in the past,
one sign-up per e-mail) and saves.

What the public sees of a group are counts (`places_left`, `waiting_list_left`), never
who signed up. A family sees its own sign-up through the secret link of its message;
the participant list is only for those who run the group.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from perhekeskus.activities.models import Participation
from perhekeskus.activities.serializers import OffsetDateTimeField, PlaceRefSerializer
from perhekeskus.core.api import (
    TRANSLATED_SCHEMA,
    CodeRefField,
    CodeRefListField,
    KeyListField,
    TranslatedField,
    UUIDRefField,
)
from perhekeskus.core.translation import translated_dict
from perhekeskus.groups.models import CapacityUnit, Group, GroupStatus, Signup, SignupStatus
from perhekeskus.network.models import Language, Organisation, Place, ServiceType, TargetGroup

MAX_SESSIONS = 60
MAX_OFFER_HOURS = 24 * 14


# --- Groups: writing ----------------------------------------------------------------------


class SessionWriteSerializer(serializers.Serializer):
    start = OffsetDateTimeField()
    end = OffsetDateTimeField()
    topic = TranslatedField("topic")
    place = UUIDRefField(Place.objects.all(), noun="place", required=False, allow_null=True, default=None)


class GroupWriteSerializer(serializers.Serializer):
    organisation = CodeRefField(
        Organisation.objects.all(),
        lookup="slug",
        noun="organisation",
        required=False,
        help_text="The organiser's slug. Left out: the organisation of the token's membership.",
    )
    title = TranslatedField("title", require_fi=True)
    description = TranslatedField("description")
    place = UUIDRefField(
        Place.objects.all(),
        noun="place",
        required=False,
        allow_null=True,
        default=None,
        help_text="Left out and no online_url: the organisation's first place.",
    )
    online_url = serializers.URLField(allow_blank=True, default=str, help_text="The address of an online group.")
    service_type = CodeRefField(
        ServiceType.objects.all(), lookup="code", noun="service type", required=False, allow_null=True, default=None
    )
    participation = serializers.ChoiceField(choices=Participation.choices, default=Participation.OPEN)
    languages = CodeRefListField(Language.objects.all(), lookup="code", noun="language")
    audience = CodeRefListField(TargetGroup.objects.all(), lookup="code", noun="target group", source="target_groups")
    capacity = serializers.IntegerField(min_value=1, max_value=500, help_text="Places, in families or couples.")
    capacity_unit = serializers.ChoiceField(choices=CapacityUnit.choices, default=CapacityUnit.FAMILIES)
    waiting_list_capacity = serializers.IntegerField(min_value=0, max_value=500, default=0)
    minimum = serializers.IntegerField(min_value=0, max_value=500, default=0, help_text="Fewest to start.")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None, help_text="Go/no-go date.")
    enrolment_opens = OffsetDateTimeField(required=False, allow_null=True, default=None)
    enrolment_closes = OffsetDateTimeField(required=False, allow_null=True, default=None)
    offer_hours = serializers.IntegerField(
        min_value=1, max_value=MAX_OFFER_HOURS, default=48, help_text="Time to accept a freed place."
    )
    sessions = SessionWriteSerializer(many=True, allow_empty=False)

    def validate_sessions(self, value: list[Any]) -> list[Any]:
        if len(value) > MAX_SESSIONS:
            raise serializers.ValidationError(f"Give at most {MAX_SESSIONS} sessions.")
        return value


# --- Groups: reading ----------------------------------------------------------------------


class SessionSerializer(serializers.Serializer):
    start = OffsetDateTimeField(read_only=True)
    end = OffsetDateTimeField(read_only=True)
    topic = TranslatedField("topic", read_only=True)
    place = PlaceRefSerializer(read_only=True, allow_null=True, help_text="null: the group's place.")
    cancelled = serializers.BooleanField(read_only=True)
    note = TranslatedField("note", read_only=True)


class GroupActivitySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    url = serializers.SerializerMethodField(help_text="The activity in the calendar API.")

    def get_url(self, obj: Any) -> str:
        path = f"/api/v1/activities/{obj.uuid}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class GroupSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    activity = GroupActivitySerializer(read_only=True)
    organisation = serializers.CharField(source="activity.organisation.slug", read_only=True)
    title = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=GroupStatus.choices, read_only=True)
    participation = serializers.CharField(source="activity.participation", read_only=True)
    place = PlaceRefSerializer(source="activity.place", read_only=True, allow_null=True)
    online = serializers.BooleanField(source="activity.online", read_only=True)
    languages = KeyListField("code", source="activity.languages")
    capacity = serializers.IntegerField(read_only=True)
    capacity_unit = serializers.ChoiceField(choices=CapacityUnit.choices, read_only=True)
    places_left = serializers.SerializerMethodField()
    waiting_list_capacity = serializers.IntegerField(read_only=True)
    waiting_list_left = serializers.SerializerMethodField()
    minimum = serializers.IntegerField(read_only=True)
    decision_date = serializers.DateField(read_only=True)
    enrolment_opens = OffsetDateTimeField(read_only=True, allow_null=True)
    enrolment_closes = OffsetDateTimeField(read_only=True, allow_null=True)
    offer_hours = serializers.IntegerField(read_only=True)
    sessions = SessionSerializer(source="activity.sessions", many=True, read_only=True)
    signup_url = serializers.SerializerMethodField(help_text="POST a family's sign-up here (no login).")

    @extend_schema_field(TRANSLATED_SCHEMA)
    def get_title(self, obj: Group) -> dict[str, str]:
        return translated_dict(obj.activity, "title")

    @extend_schema_field(TRANSLATED_SCHEMA)
    def get_description(self, obj: Group) -> dict[str, str]:
        return translated_dict(obj.activity, "description")

    @extend_schema_field({"type": "integer"})
    def get_places_left(self, obj: Group) -> int:
        return max(0, obj.capacity - getattr(obj, "places_taken", 0))

    @extend_schema_field({"type": "integer"})
    def get_waiting_list_left(self, obj: Group) -> int:
        return max(0, obj.waiting_list_capacity - getattr(obj, "waiting", 0))

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_signup_url(self, obj: Group) -> str:
        path = f"/api/v1/groups/{obj.uuid}/signups/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


# --- Sign-ups -----------------------------------------------------------------------------------


class SignupWriteSerializer(serializers.Serializer):
    """A family's sign-up: a contact person and what the group needs to know, nothing more."""

    # Blank values pass here so that the sign-up service reports every field's error at once.
    name = serializers.CharField(max_length=120, allow_blank=True, help_text="The contact person.")
    email = serializers.CharField(max_length=254, allow_blank=True, help_text="For the confirmation and notices.")
    language = serializers.CharField(
        max_length=2, required=False, help_text="fi, sv or en; left out: the language of the request."
    )
    phone = serializers.CharField(max_length=40, allow_blank=True, required=False)
    adults = serializers.IntegerField(required=False)
    children_birth_years = serializers.ListField(child=serializers.IntegerField(), required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    needs = serializers.CharField(max_length=1000, allow_blank=True, required=False)
    invitation = serializers.CharField(
        max_length=40,
        allow_blank=True,
        required=False,
        help_text="The invitation code (ABCD-EFG-HJK; any case, dashes or not). Required for a targeted group.",
    )


class SignupCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    status = serializers.ChoiceField(choices=SignupStatus.choices, read_only=True)
    cancellation_url = serializers.URLField(read_only=True, help_text="Shown once: GET the status, DELETE cancels.")


class OwnSignupSerializer(serializers.Serializer):
    """What the family sees through its own link: its sign-up, no one else's."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    status = serializers.ChoiceField(choices=SignupStatus.choices, read_only=True)
    group = serializers.UUIDField(source="group.uuid", read_only=True)
    title = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    waiting_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Place in the waiting list (1 = next); null when not waiting."
    )
    offer_expires_at = OffsetDateTimeField(read_only=True, allow_null=True, help_text="Accept before this.")
    created_at = OffsetDateTimeField(read_only=True)

    @extend_schema_field(TRANSLATED_SCHEMA)
    def get_title(self, obj: Signup) -> dict[str, str]:
        return translated_dict(obj.group.activity, "title")


class ParticipantSerializer(serializers.Serializer):
    """A sign-up as those running the group see it; every read is in the audit log."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    status = serializers.ChoiceField(choices=SignupStatus.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    adults = serializers.IntegerField(read_only=True)
    children_birth_years = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    due_date = serializers.DateField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    needs = serializers.CharField(read_only=True)
    offer_expires_at = OffsetDateTimeField(read_only=True, allow_null=True)
    created_at = OffsetDateTimeField(read_only=True)
