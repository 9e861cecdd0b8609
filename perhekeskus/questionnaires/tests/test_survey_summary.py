"""`survey_summary`: counts per item and option of completed, not erased responses."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from perhekeskus.questionnaires import services
from perhekeskus.questionnaires.models import Response, ResponseStatus
from perhekeskus.questionnaires.tests.test_import_survey_responses_values import HEADER, feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def cafe():
    questionnaire, _ = services.questionnaire_import(feedback(), purpose="feedback")
    return questionnaire


def load(tmp_path, *rows: str) -> None:
    path = tmp_path / "cafe.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    call_command("import_survey_responses", "--questionnaire", "cafe-feedback", str(path), stdout=StringIO())


def summary(*args: str) -> dict:
    out = StringIO()
    call_command("survey_summary", "cafe-feedback", *args, stdout=out)
    return json.loads(out.getvalue())


SEVEN = [
    "a,yes,2,true,clinic;school,4.5,2007-03-01,Kiitos",
    "b,yes,2,true,clinic,4,,",
    "c,yes,1,false,clinic;daycare,,,",
    "d,yes,2,true,clinic,,,",
    "e,yes,,true,clinic;school,,,",
    "f,no,,true,,,,",
    "g,yes,3,,clinic,,,",
]


def test_counts_per_item_and_option(cafe, tmp_path):
    load(tmp_path, *SEVEN)

    assert summary() == {
        "responses": 7,
        "items": {
            "kids": {"yes": 6, "no": 1},
            "ages.count": {"1": 1, "2": 3, "3": 1},
            "visited": {"true": 5, "false": 1},
            "services": {"clinic": 6, "daycare": 1, "school": 2},
        },
    }


def test_only_completed_responses_that_are_not_erased_are_counted(cafe, tmp_path):
    load(tmp_path, *SEVEN)
    Response.objects.filter(respondent_key="a").update(status=ResponseStatus.IN_PROGRESS)
    Response.objects.filter(respondent_key="f").update(erased_at=timezone.now(), answers={})

    found = summary()
    assert found["responses"] == 5
    assert found["items"]["kids"] == {"yes": 5}
    assert found["items"]["services"] == {"clinic": 5, "daycare": 1, "school": 1}


def test_a_survey_nobody_answered(cafe):
    assert summary() == {
        "responses": 0,
        "items": {"kids": {}, "ages.count": {}, "visited": {}, "services": {}},
    }
    assert summary("--public") == {
        "responses": None,
        "items": {"kids": {}, "ages.count": {}, "visited": {}, "services": {}},
    }


def test_the_public_summary_hides_every_count_under_five(cafe, tmp_path):
    load(tmp_path, *SEVEN)

    assert summary("--public") == {
        "responses": 7,
        "items": {
            "kids": {"yes": 6, "no": None},
            "ages.count": {"1": None, "2": None, "3": None},
            "visited": {"true": 5, "false": None},
            "services": {"clinic": 6, "daycare": None, "school": None},
        },
    }


def test_fewer_than_five_responses_hides_the_number_too(cafe, tmp_path):
    load(tmp_path, *SEVEN[:4])

    public = summary("--public")
    assert public["responses"] is None
    assert all(n is None for counts in public["items"].values() for n in counts.values())
    assert summary()["responses"] == 4


def test_an_unknown_questionnaire_is_one_line():
    with pytest.raises(CommandError, match=r"^no questionnaire 'nothing'$"):
        call_command("survey_summary", "nothing", stdout=StringIO())
