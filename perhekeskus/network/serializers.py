"""The API's shapes of the service network.

Read serializers show objects; write serializers only check the shape of the input
and turn public keys (UUIDs, codes, slugs) into objects. Their `validated_data` uses
model field names, so views hand it straight to the service functions, which do the
rest (access, full validation, audit, search index).

References: objects with a UUID (organisations, places) are shown nested as
`{"id", "name"}` and written as the UUID; lookups and areas are shown and written as
their code or slug.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from perhekeskus.core.api import (
    CodeRefField,
    CodeRefListField,
    KeyListField,
    NullableKeyField,
    TranslatedField,
    UUIDRefField,
    UUIDRefListField,
)
from perhekeskus.network import hours
from perhekeskus.network.models import (
    AccessMode,
    Area,
    AreaKind,
    Cost,
    Language,
    LifeStage,
    Organisation,
    OrganisationKind,
    Place,
    PlaceKind,
    Sector,
    ServiceStatus,
    ServiceType,
    TargetGroup,
    Tier,
    Weekday,
)

# Optional URLs and e-mails default to `str` (i.e. "") rather than "": a callable default
# stays out of the OpenAPI schema, where "" would not be a valid uri/email.

# --- Small nested shapes -----------------------------------------------------------------


class NamedRefSerializer(serializers.Serializer):
    """An object with a UUID, as shown inside another: `{"id", "name"}`."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    name = TranslatedField("name", read_only=True)


class CodedRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = TranslatedField("name", read_only=True)


# --- Lookups and areas ------------------------------------------------------------------------


class LookupSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    code = serializers.CharField(read_only=True)
    name = TranslatedField("name", read_only=True)


class ServiceTypeSerializer(LookupSerializer):
    description = TranslatedField("description", read_only=True)
    # Serializer fields named `parent` shadow `Field.parent` only for the type checker.
    parent: Any = NullableKeyField("code")
    default_tier = serializers.ChoiceField(choices=Tier.choices, read_only=True)


class AreaSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    slug = serializers.SlugField(max_length=80)
    kind = serializers.ChoiceField(choices=AreaKind.choices)
    parent = CodeRefField(Area.objects.all(), lookup="slug", noun="area", allow_null=True, default=None)  # type: ignore[assignment]
    code = serializers.CharField(max_length=10, allow_blank=True, default="")
    name = TranslatedField("name", require_fi=True)


# --- Organisations ------------------------------------------------------------------------------


class ContactSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    full_name = serializers.CharField(read_only=True)
    title = TranslatedField("title", read_only=True)
    topic = NullableKeyField("code")
    topic_note = TranslatedField("topic_note", read_only=True)
    email = serializers.EmailField(read_only=True)
    phone = serializers.CharField(read_only=True)
    public = serializers.BooleanField(read_only=True)


class OrganisationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    slug = serializers.SlugField(read_only=True)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, read_only=True)
    sector = serializers.ChoiceField(choices=Sector.choices, read_only=True)
    name = TranslatedField("name", read_only=True)
    description = TranslatedField("description", read_only=True)
    parent = NamedRefSerializer(read_only=True, allow_null=True)
    publisher = NamedRefSerializer(read_only=True, allow_null=True)
    area = NullableKeyField("slug")
    website = serializers.URLField(read_only=True)
    email = serializers.EmailField(read_only=True)
    phone = serializers.CharField(read_only=True)
    business_id = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class OrganisationDetailSerializer(OrganisationSerializer):
    """An organisation with its contact persons; the view decides which ones may be shown."""

    contacts = serializers.SerializerMethodField()

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, obj: Organisation) -> list[dict[str, Any]]:
        contacts = self.context.get("contacts", [])
        return list(ContactSerializer(contacts, many=True).data)


class OrganisationWriteSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=80)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    sector = serializers.ChoiceField(choices=Sector.choices, allow_blank=True, default="")
    name = TranslatedField("name", require_fi=True)
    description = TranslatedField("description")
    parent = UUIDRefField(Organisation.objects.all(), noun="organisation", allow_null=True, default=None)  # type: ignore[assignment]
    publisher = UUIDRefField(Organisation.objects.all(), noun="organisation", allow_null=True, default=None)
    area = CodeRefField(Area.objects.all(), lookup="slug", noun="area", allow_null=True, default=None)
    website = serializers.URLField(allow_blank=True, default=str)
    email = serializers.EmailField(allow_blank=True, default=str)
    phone = serializers.CharField(max_length=40, allow_blank=True, default="")
    business_id = serializers.CharField(max_length=20, allow_blank=True, default="")


# --- Services ---------------------------------------------------------------------------------


class ServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = TranslatedField("name", read_only=True)
    description = TranslatedField("description", read_only=True)
    status = serializers.ChoiceField(choices=ServiceStatus.choices, read_only=True)
    provider = NamedRefSerializer(read_only=True)
    service_type = CodedRefSerializer(read_only=True)
    tier = serializers.ChoiceField(choices=Tier.choices, read_only=True)
    access = serializers.ChoiceField(choices=AccessMode.choices, read_only=True)
    cost = serializers.ChoiceField(choices=Cost.choices, read_only=True)
    cost_note = TranslatedField("cost_note", read_only=True)
    life_stages = KeyListField("code")
    target_groups = KeyListField("code")
    languages = KeyListField("code")
    areas = KeyListField("slug")
    places = NamedRefSerializer(many=True, read_only=True)
    website = serializers.URLField(read_only=True)
    email = serializers.EmailField(read_only=True)
    phone = serializers.CharField(read_only=True)
    last_checked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class ServiceWriteSerializer(serializers.Serializer):
    name = TranslatedField("name", require_fi=True)
    description = TranslatedField("description")
    status = serializers.ChoiceField(choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    provider = UUIDRefField(Organisation.objects.all(), noun="organisation")
    service_type = CodeRefField(ServiceType.objects.all(), lookup="code", noun="service type")
    tier = serializers.ChoiceField(
        choices=Tier.choices,
        allow_blank=True,
        default="",
        help_text="Left out or empty: the service type's default tier.",
    )
    access = serializers.ChoiceField(choices=AccessMode.choices, default=AccessMode.OPEN)
    cost = serializers.ChoiceField(choices=Cost.choices, default=Cost.FREE)
    cost_note = TranslatedField("cost_note")
    life_stages = CodeRefListField(LifeStage.objects.all(), lookup="code", noun="life stage")
    target_groups = CodeRefListField(TargetGroup.objects.all(), lookup="code", noun="target group")
    languages = CodeRefListField(Language.objects.all(), lookup="code", noun="language")
    areas = CodeRefListField(Area.objects.all(), lookup="slug", noun="area")
    places = UUIDRefListField(Place.objects.all(), noun="place")
    website = serializers.URLField(allow_blank=True, default=str)
    email = serializers.EmailField(allow_blank=True, default=str)
    phone = serializers.CharField(max_length=40, allow_blank=True, default="")


# --- Places ---------------------------------------------------------------------------------------


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text="0 = Monday … 6 = Sunday")
    opens = serializers.TimeField(help_text="Europe/Helsinki wall-clock time")
    closes = serializers.TimeField(help_text="Europe/Helsinki wall-clock time")


class OpeningExceptionSerializer(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    closed = serializers.BooleanField(default=True)
    opens = serializers.TimeField(allow_null=True, default=None)
    closes = serializers.TimeField(allow_null=True, default=None)
    reason = TranslatedField("reason")


class PlaceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = TranslatedField("name", read_only=True)
    description = TranslatedField("description", read_only=True)
    kind = serializers.ChoiceField(choices=PlaceKind.choices, read_only=True)
    organisation = NamedRefSerializer(read_only=True)
    area = NullableKeyField("slug")
    street_address = serializers.CharField(read_only=True)
    postal_code = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True, allow_null=True)
    accessibility = TranslatedField("accessibility", read_only=True)
    phone = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    opening_exceptions = OpeningExceptionSerializer(many=True, read_only=True)
    open_now = serializers.SerializerMethodField(help_text="Open at this moment, in Europe/Helsinki time.")
    last_checked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_open_now(self, obj: Place) -> bool:
        return hours.is_open(obj)


class PlaceWriteSerializer(serializers.Serializer):
    organisation = UUIDRefField(Organisation.objects.all(), noun="organisation")
    kind = serializers.ChoiceField(choices=PlaceKind.choices)
    name = TranslatedField("name", require_fi=True)
    description = TranslatedField("description")
    area = CodeRefField(Area.objects.all(), lookup="slug", noun="area", allow_null=True, default=None)
    street_address = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=10, allow_blank=True, default="")
    city = serializers.CharField(max_length=100)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, default=None)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, default=None)
    accessibility = TranslatedField("accessibility")
    phone = serializers.CharField(max_length=40, allow_blank=True, default="")
    email = serializers.EmailField(allow_blank=True, default=str)
    opening_hours = OpeningHoursSerializer(many=True, default=list, help_text="Replaces the weekly hours.")
    opening_exceptions = OpeningExceptionSerializer(many=True, default=list, help_text="Replaces the exceptions.")
