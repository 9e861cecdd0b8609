"""`manage.py import_questionnaire FILE`: a Questionnaire stored whole, or refused whole with place and reason."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires.models import Purpose, Questionnaire
from perhekeskus.questionnaires.tests.test_fhir_questionnaire import rich

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "evaluation" / "perhe-2007.questionnaire.json"

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, data: Any, name: str = "q.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_questionnaire", *args, stdout=out)
    return out.getvalue()


def test_the_perhe_2007_spec_file_imports_as_it_is():
    if not SPEC.exists():  # the shared specs sit beside the repository
        pytest.fail(f"missing {SPEC}")
    assert run(str(SPEC)) == "imported perhe-2007: 35 questions (new)\n"
    stored = Questionnaire.objects.get(identifier="perhe-2007")
    assert stored.definition == json.loads(SPEC.read_text(encoding="utf-8"))
    assert stored.title_en == "PERHE project final evaluation survey 2007" and stored.organisation is None
    assert AuditEntry.objects.filter(object_id=str(stored.uuid), action="create").count() == 1


def test_importing_an_id_again_replaces_the_definition_and_keeps_settings_not_given(tmp_path, network):
    first = rich()
    out = run(str(write(tmp_path, first)), "--purpose", "clinical", "--one-per-respondent", "--organisation", "espoo")
    assert out == "imported rich-test: 9 questions (new)\n"
    second = rich()
    second["title"] = "Vanhemman kysely (lisensoitu teksti)"
    assert run(str(write(tmp_path, second))) == "imported rich-test: 9 questions (replaced)\n"
    stored = Questionnaire.objects.get()
    assert stored.definition == second and stored.title_fi == "Vanhemman kysely (lisensoitu teksti)"
    assert stored.purpose == Purpose.CLINICAL and stored.one_per_respondent
    assert stored.organisation is not None and stored.organisation.slug == "espoo"


def test_an_unknown_organisation_is_refused_and_nothing_stored(tmp_path):
    with pytest.raises(CommandError, match="--organisation: no organisation 'nowhere'"):
        run(str(write(tmp_path, rich())), "--organisation", "nowhere")
    assert not Questionnaire.objects.exists()


def broken(change) -> dict[str, Any]:
    data = rich()
    change(data)
    return data


def compare_sleep_with_a_boolean(data: dict[str, Any]) -> None:
    condition = data["item"][1]["item"][1]["enableWhen"][1]
    condition["answerBoolean"] = condition.pop("answerInteger") > 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"resourceType": "Questionnaire",\n "id": }', "not valid JSON (line 2, column 8"),
        ({"resourceType": "Patient", "id": "x"}, "resourceType: this is not a FHIR Questionnaire"),
        ([1, 2], "resourceType: this is not a FHIR Questionnaire"),
        (
            broken(lambda q: q["item"][1]["item"][2].update(type="slider")),
            "item[1].item[2].type: unknown item type 'slider'",
        ),
        (
            broken(lambda q: q["item"][2]["item"][4].update(linkId="mood.sleep")),
            "item[2].item[4].linkId: linkId 'mood.sleep' is already used at item[1].item[2]",
        ),
        (
            broken(lambda q: q["item"][2]["item"][5]["enableWhen"][0].update(question="family.missing")),
            "item[2].item[5].enableWhen[0].question: enableWhen points to no question 'family.missing'",
        ),
        (
            broken(lambda q: q["item"][1]["item"][1]["enableWhen"][1].update(answerInteger=None, answerBoolean=True)),
            "item[1].item[1].enableWhen[1]: an enableWhen needs exactly one answer[x]",
        ),
        (
            broken(compare_sleep_with_a_boolean),
            "item[1].item[1].enableWhen[1]: answerBoolean cannot be compared with a integer question",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_place_and_reason_and_nothing_stored(tmp_path, content, message):
    path = write(tmp_path, content)
    with pytest.raises(CommandError) as exc:
        run(str(path))
    text = str(exc.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text
    assert not Questionnaire.objects.exists() and not AuditEntry.objects.exists()


def test_several_problems_are_all_named_on_one_line_and_the_old_definition_stays(tmp_path):
    run(str(write(tmp_path, rich())))
    data = broken(lambda q: q["item"][1]["item"][0].update(type="slider"))
    data["item"][2]["item"][1]["linkId"] = "family.partner"
    data["item"][0]["text"] = "rivi\nrivi"
    with pytest.raises(CommandError) as exc:
        run(str(write(tmp_path, data)))
    text = str(exc.value)
    assert "item[1].item[0].type: unknown item type 'slider'" in text
    assert "; item[2].item[1].linkId: linkId 'family.partner' is already used at item[2].item[0]" in text
    assert "\n" not in text
    assert Questionnaire.objects.get().definition == rich()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run(str(tmp_path / "none.json"))
