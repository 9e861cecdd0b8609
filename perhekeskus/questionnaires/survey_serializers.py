"""Serializers of the questionnaires and survey links API (shapes only; rules in services)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from perhekeskus.core.api import CodeRefField, NullableKeyField, TranslatedField
from perhekeskus.network.models import Organisation
from perhekeskus.questionnaires.models import Purpose, Questionnaire, QuestionnaireStatus, SurveyKind, SurveyLink

SUMMARY_SCHEMA = {
    "type": "object",
    "required": ["responses", "items", "complete"],
    "properties": {
        "responses": {
            "type": "integer",
            "nullable": True,
            "description": "Completed responses; null when fewer than 5 in the public counts.",
        },
        "items": {
            "type": "object",
            "description": "Per counted question (linkId): the count per option code; null = fewer than 5.",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "integer", "nullable": True},
            },
        },
        "complete": {
            "type": "boolean",
            "description": "true: every count; false: counts under 5 hidden (shown outside the organisation).",
        },
    },
}
FHIR_QUESTIONNAIRE_SCHEMA = {
    "type": "object",
    "description": "A FHIR R4 Questionnaire resource (https://hl7.org/fhir/R4/questionnaire.html).",
    "required": ["resourceType"],
    "properties": {"resourceType": {"type": "string", "enum": ["Questionnaire"]}, "id": {"type": "string"}},
    "additionalProperties": True,
}


class QuestionnaireSerializer(serializers.ModelSerializer):
    title = TranslatedField("title", read_only=True)
    organisation = NullableKeyField("slug", help_text="The owner's slug; null: shipped for everyone.")
    status = serializers.ChoiceField(choices=QuestionnaireStatus.choices, read_only=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["identifier", "title", "status", "purpose", "organisation", "version", "one_per_respondent"]
        read_only_fields = fields


class SurveyLinkSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    questionnaire = serializers.CharField(source="questionnaire.identifier", read_only=True)
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    title = TranslatedField("title", read_only=True)
    intro = TranslatedField("intro", read_only=True)
    kind = serializers.ChoiceField(choices=SurveyKind.choices, read_only=True)
    address = serializers.SerializerMethodField()

    class Meta:
        model = SurveyLink
        fields = [
            "id",
            "questionnaire",
            "organisation",
            "token",
            "address",
            "title",
            "intro",
            "minutes",
            "kind",
            "opens_on",
            "closes_on",
            "results_public",
            "status",
            "closed_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_address(self, link: SurveyLink) -> str:
        path = reverse("survey-start", args=[link.token])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SurveyLinkCreateSerializer(serializers.Serializer):
    questionnaire = CodeRefField(
        Questionnaire.objects.all(), lookup="identifier", noun="questionnaire", help_text="The questionnaire's id."
    )
    organisation = CodeRefField(
        Organisation.objects.all(),
        lookup="slug",
        noun="organisation",
        help_text="The slug of the organisation that asks; its editors and coordinators manage the survey.",
    )
    kind = serializers.ChoiceField(choices=SurveyKind.choices, default=SurveyKind.OPEN)
    title = TranslatedField("title", help_text="Empty: the questionnaire's title.")
    intro = TranslatedField("intro", help_text="Why the organisation asks, shown before answering.")
    minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=240)
    opens_on = serializers.DateField(required=False, allow_null=True)
    closes_on = serializers.DateField(required=False, allow_null=True)
    results_public = serializers.BooleanField(default=False)
    token = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="The address after /s/; empty: a random one."
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        for name in ("title", "intro"):
            data.pop(name, None)
        return data


class CodesRequestSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many one-time codes to make (1–500).")


class CodesSerializer(serializers.Serializer):
    address = serializers.URLField(help_text="Where the codes are entered.")
    codes = serializers.ListField(
        child=serializers.CharField(), help_text="The codes as printed; shown this once only (only hashes are kept)."
    )
