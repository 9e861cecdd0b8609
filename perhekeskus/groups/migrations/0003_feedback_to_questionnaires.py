"""Group feedback moves to the questionnaire engine.

Every answer of the groups' own feedback form becomes a sent response of the shipped
`group-feedback` questionnaire, filed with its group ("group:<uuid>"), in its language
and on its day; then the old table goes. The answers keep what the old rows had and no
more: no respondent key, no link to a feedback key or a family.

The questionnaire is created from the shipped file when there are answers to move and
`load_questionnaires` has not been run yet; with no answers nothing is created.
"""

import json
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from django.db import migrations

QUESTIONNAIRE = "group-feedback"
SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires" / "data" / f"{QUESTIONNAIRE}.json"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
# The old columns and the questions they answer. Pinned here, as the shipped file may
# change after this migration was written.
SCALES = ("overall", "useful", "atmosphere")


def _titles(data: dict[str, Any]) -> dict[str, str]:
    found = {"fi": str(data.get("title") or QUESTIONNAIRE)}
    for ext in (data.get("_title") or {}).get("extension", []):
        if ext.get("url") != TRANSLATION:
            continue
        parts = {e.get("url"): e for e in ext.get("extension", [])}
        found[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return found


def _questionnaire(apps: Any) -> Any:
    questionnaire = apps.get_model("questionnaires", "Questionnaire")
    found = questionnaire.objects.filter(identifier=QUESTIONNAIRE).first()
    if found is not None:
        return found
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    titles = _titles(data)
    return questionnaire.objects.create(
        identifier=QUESTIONNAIRE,
        url=str(data.get("url") or ""),
        version=str(data.get("version") or ""),
        title_fi=titles["fi"],
        title_sv=titles.get("sv", ""),
        title_en=titles.get("en", ""),
        status="active",
        purpose="feedback",
        definition=data,
    )


def answers_of(row: Any) -> dict[str, list[str]]:
    """One old row's answers in the engine's shape {linkId: [values]}."""
    answers: dict[str, list[str]] = {}
    for name in SCALES:
        value = getattr(row, name)
        if value is not None:
            answers[name] = [str(value)]
    if row.would_recommend is not None:
        answers["recommend"] = ["yes" if row.would_recommend else "no"]
    if row.liked.strip():
        answers["good"] = [row.liked.strip()]
    if row.improve.strip():
        answers["better"] = [row.improve.strip()]
    return answers


def move(apps: Any, schema_editor: Any) -> None:
    old = apps.get_model("groups", "FeedbackResponse")
    rows = old.objects.select_related("group").order_by("id")
    if not rows.exists():
        return
    form = _questionnaire(apps)
    response = apps.get_model("questionnaires", "Response")
    for row in rows.iterator():
        # The old form kept the day only; noon UTC is the same day in Finland.
        day = datetime.combine(row.created_at, time(12), tzinfo=UTC)
        made = response.objects.create(
            questionnaire=form,
            status="completed",
            language=row.language or "fi",
            answers=answers_of(row),
            context=f"group:{row.group.uuid}",
            source="group feedback",
            submitted_at=day,
        )
        # created_at is set on create; the day of the answer is all that is known.
        response.objects.filter(pk=made.pk).update(created_at=day, updated_at=day)


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_programmes_invitations_interest_records"),
        ("questionnaires", "0002_response_context"),
    ]

    operations = [
        # Going back leaves the moved answers with the engine and an empty old table.
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.DeleteModel(name="FeedbackResponse"),
    ]
