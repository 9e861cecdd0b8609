"""A bad response file is rejected whole: one line with row, column and reason; nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires import services
from perhekeskus.questionnaires.models import Response

pytestmark = pytest.mark.django_db

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "evaluation" / "perhe-2007.questionnaire.json"
HEADER = "respondent,services.school,clinic_practices,volunteers_active"
GOOD = "p1,active,wellbeing_clinic;combined_clinic,true"


@pytest.fixture
def perhe_2007():
    questionnaire, _ = services.questionnaire_import(
        json.loads(SPEC.read_text(encoding="utf-8")), purpose="survey", one_per_respondent=True
    )
    return questionnaire


def write(tmp_path: Path, *lines: str, name: str = "responses.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rejected(path: Path, questionnaire: str = "perhe-2007") -> str:
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("import_survey_responses", "--questionnaire", questionnaire, str(path))
    assert Response.objects.count() == 0
    assert AuditEntry.objects.count() == before
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [HEADER, GOOD, "p2,active,,true", "p3,sometimes,,", "p4,often,,true"],
            "row 5, column services.school: 'often' is not one of the options",
        ),
        ([HEADER + ",services.library", GOOD + ",active"], "row 1, column services.library: no such question"),
        ([HEADER + ",services", GOOD + ",active"], "row 1, column services: 'services' is a group, not a question"),
        ([HEADER + ",services.school", GOOD + ",active"], "row 1, column services.school: the column appears twice"),
        (["project," + HEADER[len("respondent,") :], GOOD], "row 1, column project: the first column must be"),
        ([HEADER, GOOD, "p2,active,wellbeing_clinic;sauna,true"], "row 3, column clinic_practices: 'sauna' is not"),
        ([HEADER, GOOD, "p2,active;sometimes,,true"], "row 3, column services.school: 'active;sometimes' is not"),
        ([HEADER, GOOD, "p2,active,combined_clinic;combined_clinic,"], "row 3, column clinic_practices: 'combined"),
        ([HEADER, GOOD, "p2,active,,yes"], "row 3, column volunteers_active: 'yes' is not true or false"),
        ([HEADER, GOOD, ",active,,true"], "row 3, column respondent: the row has no respondent"),
        ([HEADER, GOOD, "p3,,,", "p1,not,,false"], "row 4, column respondent: 'p1' is already on row 2"),
        ([HEADER, GOOD, "p2,active,,true,extra"], "row 3: more cells than the 4 columns of the header"),
        ([HEADER], "row 2: the file has no responses"),
        ([""], "row 1, column 1: the first column must be 'respondent'"),
    ],
    ids=[
        "unknown-code",
        "unknown-column",
        "group-column",
        "duplicate-column",
        "no-respondent-column",
        "unknown-code-in-multiple-choice",
        "two-codes-in-single-choice",
        "code-twice",
        "not-a-boolean",
        "missing-respondent",
        "duplicate-respondent",
        "extra-cell",
        "header-only",
        "empty-file",
    ],
)
def test_a_bad_csv_file_is_rejected_whole(perhe_2007, tmp_path, lines, expected):
    message = rejected(write(tmp_path, *lines))

    assert message.startswith("responses.csv: ")
    assert expected in message
    assert message.endswith("(nothing was imported)")


def test_every_problem_is_named_not_only_the_first(perhe_2007, tmp_path):
    message = rejected(write(tmp_path, HEADER, "p1,often,,true", "p2,active,,maybe", GOOD))

    assert "row 2, column services.school: 'often'" in message
    assert "row 3, column volunteers_active: 'maybe'" in message
    assert "row 4, column respondent: 'p1' is already on row 2" in message


def test_a_respondent_who_already_answered_rejects_the_file(perhe_2007, tmp_path):
    call_command("import_survey_responses", "--questionnaire", "perhe-2007", str(write(tmp_path, HEADER, GOOD)))
    assert Response.objects.count() == 1
    second = write(tmp_path, HEADER, "p2,not,,false", "p1,not,,false", name="second.csv")
    before = AuditEntry.objects.count()

    with pytest.raises(CommandError, match=r"row 3, column respondent: 'p1' has already answered"):
        call_command("import_survey_responses", "--questionnaire", "perhe-2007", str(second))
    assert list(Response.objects.values_list("respondent_key", flat=True)) == ["p1"]
    assert AuditEntry.objects.count() == before


def test_a_bad_xlsx_row_is_rejected_whole(perhe_2007, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["p1", "active", None, True])
    book.active.append(["p2", "often", None, False])
    book.save(tmp_path / "responses.xlsx")

    message = rejected(tmp_path / "responses.xlsx")
    assert "row 3, column services.school: 'often' is not one of the options" in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("responses.xlsx", b"not a workbook", "not a readable XLSX file"),
        ("responses.csv", "respondent,services.school\np1,päivä\n".encode("latin-1"), "the file is not UTF-8 text"),
        ("responses.json", b"{}", "only CSV (.csv) and XLSX (.xlsx) response files are read"),
    ],
)
def test_a_file_that_cannot_be_read_is_rejected(perhe_2007, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)

    assert expected in rejected(path)


def test_a_missing_file_is_rejected(perhe_2007, tmp_path):
    assert "is not a readable file" in rejected(tmp_path / "nowhere.csv")


def test_an_unknown_questionnaire_is_one_line(tmp_path):
    message = rejected(write(tmp_path, HEADER, GOOD), questionnaire="perhe-2099")

    assert message.startswith("no questionnaire 'perhe-2099'")


def test_a_parents_form_takes_no_response_file(tmp_path):
    data = json.loads(SPEC.read_text(encoding="utf-8"))
    data["id"] = "parents-form"
    services.questionnaire_import(data, purpose="clinical")

    assert "'parents-form' is a parent's form, not a survey" in rejected(
        write(tmp_path, HEADER, GOOD), questionnaire="parents-form"
    )
