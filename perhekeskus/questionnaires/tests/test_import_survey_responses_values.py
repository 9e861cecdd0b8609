"""Every item type is read from a response file as the format says, in CSV and in XLSX."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from perhekeskus.questionnaires import services
from perhekeskus.questionnaires.models import Response

pytestmark = pytest.mark.django_db

HEADER = "respondent,kids,ages.count,visited,services,rating,since,comment"


def feedback() -> dict:
    coding = lambda *codes: [{"valueCoding": {"code": c}} for c in codes]  # noqa: E731
    return {
        "resourceType": "Questionnaire",
        "id": "cafe-feedback",
        "status": "active",
        "language": "fi",
        "title": "Perhekahvilan palaute",
        "item": [
            {"linkId": "kids", "type": "choice", "text": "Lapsia?", "answerOption": coding("yes", "no")},
            {
                "linkId": "ages",
                "type": "group",
                "enableWhen": [{"question": "kids", "operator": "=", "answerCoding": {"code": "yes"}}],
                "item": [{"linkId": "ages.count", "type": "integer", "text": "Montako?"}],
            },
            {"linkId": "visited", "type": "boolean", "text": "Kävitkö ennen?"},
            {
                "linkId": "services",
                "type": "choice",
                "repeats": True,
                "text": "Palvelut",
                "answerOption": coding("clinic", "daycare", "school"),
            },
            {"linkId": "rating", "type": "decimal", "text": "Arvosana"},
            {"linkId": "since", "type": "date", "text": "Mistä asti?"},
            {"linkId": "comment", "type": "text", "text": "Terveiset"},
        ],
    }


@pytest.fixture
def cafe():
    questionnaire, _ = services.questionnaire_import(feedback(), purpose="feedback")
    return questionnaire


def run(path: Path) -> str:
    out = StringIO()
    call_command("import_survey_responses", "--questionnaire", "cafe-feedback", str(path), stdout=out)
    return out.getvalue().strip()


def test_each_type_is_read_from_csv_with_a_byte_order_mark(cafe, tmp_path):
    path = tmp_path / "cafe.csv"
    rows = [
        HEADER,
        'a,yes,2,TRUE,clinic; school,4.5,2007-03-01,"Kiitos, hyvä!"',
        "b,no,,false,,,,",
        ",,,,,,,",  # an empty row (a spreadsheet's last line) is skipped
    ]
    path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")

    assert run(path) == "imported 2 responses into cafe-feedback"

    first, second = Response.objects.order_by("respondent_key")
    assert first.answers == {
        "kids": ["yes"],
        "ages.count": [2],
        "visited": [True],
        "services": ["clinic", "school"],
        "rating": [4.5],
        "since": ["2007-03-01"],
        "comment": ["Kiitos, hyvä!"],
    }
    assert second.answers == {"kids": ["no"], "visited": [False]}
    assert first.language == "fi" and first.submitted_at is not None


def test_each_type_is_read_from_xlsx_cells(cafe, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["a", "yes", 3, True, "daycare", 4, dt.datetime(2007, 5, 2), "Hei"])
    book.active.append([7, "no", None, False, None, 3.5, "2007-05-03", None])
    book.save(tmp_path / "cafe.xlsx")

    assert run(tmp_path / "cafe.xlsx") == "imported 2 responses into cafe-feedback"

    answers = {r.respondent_key: r.answers for r in Response.objects.all()}
    assert answers["a"] == {
        "kids": ["yes"],
        "ages.count": [3],
        "visited": [True],
        "services": ["daycare"],
        "rating": [4],
        "since": ["2007-05-02"],
        "comment": ["Hei"],
    }
    assert answers["7"] == {"kids": ["no"], "visited": [False], "rating": [3.5], "since": ["2007-05-03"]}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("a,yes,two,,,,,", "row 2, column ages.count: 'two' is not a whole number"),
        ("a,yes,2.5,,,,,", "row 2, column ages.count: '2.5' is not a whole number"),
        ('a,,,,,"4,5",,', "row 2, column rating: '4,5' is not a number (write decimals with a point: 1.5)"),
        ("a,,,,,,1.3.2007,", "row 2, column since: '1.3.2007' is not a date as YYYY-MM-DD"),
        ("a,,,,,,2007-02-30,", "row 2, column since: answer a date as YYYY-MM-DD"),
        ("a,no,2,,,,,", "row 2, column ages.count: answered, but the question does not apply"),
    ],
    ids=["not-whole", "fraction", "decimal-comma", "date-format", "no-such-date", "hidden-by-enable-when"],
)
def test_a_malformed_value_rejects_the_file(cafe, tmp_path, row, expected):
    path = tmp_path / "cafe.csv"
    path.write_text(f"{HEADER}\n{row}\nb,no,,,,,,\n", encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        run(path)
    assert expected in str(caught.value)
    assert Response.objects.count() == 0


def test_a_survey_without_one_response_each_still_refuses_a_respondent_twice(cafe, tmp_path):
    # The same file imported twice would count every answer twice.
    path = tmp_path / "cafe.csv"
    path.write_text(f"{HEADER}\na,no,,,,,,\n", encoding="utf-8")
    run(path)

    with pytest.raises(CommandError, match="row 2, column respondent: 'a' has already answered"):
        run(path)
    assert Response.objects.count() == 1
