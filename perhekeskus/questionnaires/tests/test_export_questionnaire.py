"""`manage.py export_questionnaire ID`: import then export gives back the same JSON object."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from perhekeskus.questionnaires.tests.test_fhir_questionnaire import rich
from perhekeskus.questionnaires.tests.test_import_questionnaire import SPEC

pytestmark = pytest.mark.django_db


def export(identifier: str) -> dict:
    out = StringIO()
    call_command("export_questionnaire", identifier, stdout=out)
    return json.loads(out.getvalue())


def test_the_spec_file_round_trips_exactly_and_validates():
    if not SPEC.exists():  # the shared specs sit beside the repository
        pytest.fail(f"missing {SPEC}")
    call_command("import_questionnaire", str(SPEC), stdout=StringIO())
    exported = export("perhe-2007")
    assert exported == json.loads(SPEC.read_text(encoding="utf-8"))
    assert FhirQuestionnaire.model_validate(exported).id == "perhe-2007"


def test_a_questionnaire_with_every_item_type_round_trips_exactly_and_validates(tmp_path):
    path = tmp_path / "rich.json"
    path.write_text(json.dumps(rich(), ensure_ascii=False), encoding="utf-8")
    call_command("import_questionnaire", str(path), stdout=StringIO())
    exported = export("rich-test")
    assert exported == rich()
    parsed = FhirQuestionnaire.model_validate(exported)
    laugh = parsed.item[1].item[0]
    assert laugh.linkId == "mood.laugh" and laugh.answerOption[2].extension[0].valueDecimal == 3
    assert parsed.item[1].item[1].enableBehavior == "any"


def test_an_unknown_id_is_refused():
    with pytest.raises(CommandError, match="no questionnaire 'nope'"):
        call_command("export_questionnaire", "nope", stdout=StringIO())
