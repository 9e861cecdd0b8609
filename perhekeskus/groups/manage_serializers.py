"""The API's shapes of a group's facilitators, its go/no-go decision and its settings."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from perhekeskus.accounts.models import User
from perhekeskus.activities.serializers import OffsetDateTimeField
from perhekeskus.core.api import CodeRefField, TranslatedField, UUIDRefField
from perhekeskus.groups.models import FacilitatorKind, Group
from perhekeskus.groups.serializers import SessionWriteSerializer
from perhekeskus.network.models import Organisation

MAX_FACILITATORS = 8
MAX_SESSIONS = 60
DECISIONS = ("start", "postpone", "merge", "cancel")


class FacilitatorSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    organisation = CodeRefField(Organisation.objects.all(), lookup="slug", noun="organisation")
    kind = serializers.ChoiceField(choices=FacilitatorKind.choices)
    profession = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    user = CodeRefField(
        User.objects.filter(is_active=True),
        lookup="email",
        noun="user",
        required=False,
        allow_null=True,
        default=None,
        help_text="The facilitator's account, by e-mail (optional; lets them see the participant list).",
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            "name": instance.name,
            "organisation": instance.organisation.slug,
            "kind": instance.kind,
            "profession": instance.profession,
            "user": instance.user.email if instance.user_id else None,
        }


class FacilitatorsSerializer(serializers.Serializer):
    facilitators = FacilitatorSerializer(many=True)
    partner_missing = serializers.BooleanField(read_only=True)

    def validate_facilitators(self, value: list[Any]) -> list[Any]:
        if len(value) > MAX_FACILITATORS:
            raise serializers.ValidationError(f"At most {MAX_FACILITATORS} facilitators.")
        return value


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=DECISIONS)
    into = UUIDRefField(Group.objects.all(), noun="group", required=False, allow_null=True, default=None)
    sessions = SessionWriteSerializer(many=True, required=False, default=list)
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    enrolment_closes = OffsetDateTimeField(required=False, allow_null=True, default=None)
    note = TranslatedField("note", required=False)

    def validate_sessions(self, value: list[Any]) -> list[Any]:
        if len(value) > MAX_SESSIONS:
            raise serializers.ValidationError(f"At most {MAX_SESSIONS} sessions.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["decision"] == "merge" and attrs.get("into") is None:
            raise serializers.ValidationError({"into": ["Give the id of the group to merge into."]})
        return attrs


class NearbySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    title = serializers.CharField(source="activity.title", read_only=True)
    organisation = serializers.CharField(source="activity.organisation.slug", read_only=True)
    status = serializers.CharField(read_only=True)
    start = OffsetDateTimeField(source="activity.start", read_only=True)
    capacity = serializers.IntegerField(read_only=True)
    places_left = serializers.IntegerField(source="free", read_only=True)


class SettingsSerializer(serializers.Serializer):
    capacity = serializers.IntegerField(min_value=1, max_value=500, required=False)
    waiting_list_capacity = serializers.IntegerField(min_value=0, max_value=500, required=False)
    minimum = serializers.IntegerField(min_value=0, max_value=500, required=False)
    decision_date = serializers.DateField(required=False, allow_null=True)
    enrolment_opens = OffsetDateTimeField(required=False, allow_null=True)
    enrolment_closes = OffsetDateTimeField(required=False, allow_null=True)
    offer_hours = serializers.IntegerField(min_value=1, max_value=24 * 14, required=False)
