"""Every change to questionnaires and responses goes through these functions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from perhekeskus.core import audit
from perhekeskus.network.models import Organisation
from perhekeskus.questionnaires import definition, scoring
from perhekeskus.questionnaires.models import Purpose, Questionnaire, QuestionnaireStatus

FHIR_STATUS = {
    "draft": QuestionnaireStatus.DRAFT,
    "active": QuestionnaireStatus.ACTIVE,
    "retired": QuestionnaireStatus.RETIRED,
}


@transaction.atomic
def questionnaire_import(
    data: Any,
    *,
    actor: Any = None,
    organisation: Organisation | None = None,
    purpose: str | None = None,
    one_per_respondent: bool | None = None,
    source: str = "",
) -> tuple[Questionnaire, bool]:
    """Store a FHIR R4 Questionnaire (checked whole first); returns it and whether it is new.

    Importing the same `id` again replaces the definition: a municipality loads its
    licensed wording over a shipped definition that has item identifiers only.
    """
    defn = definition.parse(data)
    scoring.parse_scoring(defn)  # a bad scoring definition is refused like a bad item
    title = defn.title
    fields = {
        "url": str(data.get("url") or ""),
        "version": str(data.get("version") or ""),
        "title_fi": title.get("fi") or next(iter(title.values())),
        "title_sv": title.get("sv", ""),
        "title_en": title.get("en", ""),
        "status": FHIR_STATUS.get(str(data.get("status")), QuestionnaireStatus.ACTIVE),
        "definition": data,
    }
    if purpose is not None:
        fields["purpose"] = Purpose(purpose)
    if organisation is not None:
        fields["organisation"] = organisation
    if one_per_respondent is not None:
        fields["one_per_respondent"] = one_per_respondent
    existing = Questionnaire.objects.select_for_update().filter(identifier=defn.identifier).first()
    if existing is None:
        questionnaire = Questionnaire.objects.create(identifier=defn.identifier, **fields)
        audit.record_create(actor, questionnaire, source=source)
        return questionnaire, True
    before = audit.snapshot(existing)
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.save()
    audit.record_update(actor, existing, before, source=source)
    return existing, False


def definition_of(questionnaire: Questionnaire) -> definition.Definition:
    return definition.parse(questionnaire.definition)
