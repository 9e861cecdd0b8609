"""The PERHE 2007 survey: the spec imports as it is, and 16 projects' answers give the report's tables.

The response file in `data/` holds 16 projects whose answers reproduce the counts the final
report publishes (listed in `specs/evaluation/README.md`); the expected numbers below are
copied from there, and the same file read as XLSX must give the same summary.
"""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires import services
from perhekeskus.questionnaires.models import Response, ResponseStatus

pytestmark = pytest.mark.django_db

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "evaluation" / "perhe-2007.questionnaire.json"
RESPONSES = Path(__file__).resolve().parent / "data" / "perhe-2007-responses.csv"

# Table 1: active / now and then / not, for 16 projects.
TABLE_1 = {
    "services.maternity_child_clinic": (16, 0, 0),
    "services.family_work": (15, 1, 0),
    "services.social_services": (13, 3, 0),
    "services.child_welfare": (10, 6, 0),
    "services.day_care": (10, 5, 1),
    "services.family_guidance_clinic": (9, 5, 2),
    "services.school": (3, 9, 4),
}
# Table 2: well or fairly well / moderately or poorly.
TABLE_2 = {
    "partnership.social_health": (16, 0),
    "partnership.multiprofessional": (15, 1),
    "partnership.municipality_ngo_parish": (13, 3),
    "partnership.management": (11, 5),
    "partnership.joint_evaluation": (11, 5),
    "partnership.social_health_education": (9, 5),
    "partnership.social_education": (6, 9),
    "partnership.health_education": (4, 11),
}
# Tables 3-7, §8.1, §6.2 and Appendix 4: how many projects chose each option.
CHOSEN = {
    "clinic_practices": {
        "group_training_before_after": 11,
        "other_clinic_development": 5,
        "combined_clinic": 5,
        "wellbeing_clinic": 5,
        "group_training_before": 2,
    },
    "relationship_work": {
        "in_family_training": 13,
        "in_family_work": 10,
        "with_parish": 8,
        "with_ngo": 8,
        "other": 4,
        "in_day_care": 2,
    },
    "family_work": {"clinic": 12, "child_welfare": 9, "day_care": 6, "regional": 6, "other": 2, "school": 2},
    "peer_groups": {
        "child_parent": 12,
        "open_to_all": 11,
        "mothers": 8,
        "immigrants": 8,
        "fathers": 7,
        "parent_organised": 6,
        "other": 6,
    },
    "meeting_places": {"family_cafe": 12, "other_open": 8, "resident_park": 7, "open_day_care": 5, "other": 4},
    "resources": {
        "budget": 13,
        "premises": 11,
        "family_work_posts": 9,
        "other_posts": 5,
        "coordination_posts": 4,
        "peer_group_funds": 4,
        "volunteer_training": 3,
    },
    "strategy": {"municipal_strategy": 8, "early_education_plan": 4, "parish_strategy": 4, "ngo_strategy": 2},
    "agreements": {"written": 10, "oral": 9},
    "trainings": {
        "early_concern": 13,
        "network_cooperation": 11,
        "peer_group_leader": 10,
        "family_work": 8,
        "relationship_work": 7,
        "early_interaction": 7,
        "educational_partnership": 4,
        "fathers": 4,
        "partnership_leadership": 1,
    },
}
YES = {
    "organisation_structure": 10,
    "volunteers_active": 11,
    "educational_partnership": 12,
    "educational_partnership_with_partners": 6,
}
# Stages: established + becoming established / tried (/ not included where the report says).
STAGES = {
    "stage.relationship_work": (5, 10, 1),
    "stage.family_work": (8, 4, 3),
    "stage.service_guidance": (9, 6, 0),
    "stage.peer_groups": (9, 6, 0),
    "stage.fathers": (5, 6, 0),
    "stage.meeting_place": (9, 3, 0),
}


def without_zeros(counts: dict[str, int]) -> dict[str, int]:
    return {code: n for code, n in counts.items() if n}


@pytest.fixture
def perhe_2007():
    if not SPEC.exists():  # the shared specs sit beside the repository
        pytest.fail(f"missing {SPEC}")
    questionnaire, created = services.questionnaire_import(
        json.loads(SPEC.read_text(encoding="utf-8")), purpose="survey", one_per_respondent=True
    )
    assert created and questionnaire.identifier == "perhe-2007"
    return questionnaire


def import_file(path: Path) -> str:
    out = StringIO()
    call_command("import_survey_responses", "--questionnaire", "perhe-2007", str(path), stdout=out)
    return out.getvalue().strip()


def summary_json(*args: str) -> dict:
    out = StringIO()
    call_command("survey_summary", "perhe-2007", *args, stdout=out)
    return json.loads(out.getvalue())


def as_xlsx(source: Path, target: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append([cell or None for cell in row])
    book.save(target)
    return target


def check_published_counts(result: dict) -> None:
    assert result["responses"] == 16
    items = result["items"]
    for link_id, (active, sometimes, not_) in TABLE_1.items():
        assert items[link_id] == without_zeros({"active": active, "sometimes": sometimes, "not": not_}), link_id
    for link_id, (good, moderate) in TABLE_2.items():
        assert items[link_id] == without_zeros({"good": good, "moderate": moderate}), link_id
    for link_id, counts in CHOSEN.items():
        assert items[link_id] == counts, link_id
    for link_id, true in YES.items():
        assert items[link_id]["true"] == true, link_id
    for link_id, (settled, tried, left_out) in STAGES.items():
        found = items[link_id]
        assert found.get("established", 0) + found.get("becoming_established", 0) == settled, link_id
        assert found.get("trial", 0) == tried and found.get("not_included", 0) == left_out, link_id
    training = items["stage.family_training"]
    assert training["established"] + training["becoming_established"] == 11


def test_the_response_file_gives_the_reports_tables(perhe_2007):
    assert import_file(RESPONSES) == "imported 16 responses into perhe-2007"

    check_published_counts(summary_json())
    stored = Response.objects.filter(questionnaire=perhe_2007)
    assert stored.count() == 16
    assert {r.status for r in stored} == {ResponseStatus.COMPLETED}
    assert {r.source for r in stored} == {"import:perhe-2007-responses.csv"}
    assert sorted(r.respondent_key for r in stored) == [f"project-{n:02d}" for n in range(1, 17)]


def test_the_same_file_as_xlsx_gives_the_same_summary(perhe_2007, tmp_path):
    xlsx = as_xlsx(RESPONSES, tmp_path / "perhe-2007-responses.xlsx")

    assert import_file(xlsx) == "imported 16 responses into perhe-2007"

    check_published_counts(summary_json())
    assert {r.source for r in Response.objects.all()} == {"import:perhe-2007-responses.xlsx"}


def test_a_project_answers_once(perhe_2007, tmp_path):
    import_file(RESPONSES)
    again = as_xlsx(RESPONSES, tmp_path / "again.xlsx")

    with pytest.raises(Exception, match=r"row 2, column respondent: 'project-01' has already answered"):
        import_file(again)
    assert Response.objects.count() == 16


def test_the_public_summary_hides_counts_under_five(perhe_2007):
    import_file(RESPONSES)

    public = summary_json("--public")
    full = summary_json()
    assert public["responses"] == 16
    assert public["items"]["services.school"] == {"active": None, "sometimes": 9, "not": None}
    assert public["items"]["partnership.health_education"] == {"good": None, "moderate": 11}
    assert public["items"].keys() == full["items"].keys()
    for link_id, counts in full["items"].items():
        for code, n in counts.items():
            assert public["items"][link_id][code] == (n if n >= 5 else None), (link_id, code)


def test_the_import_is_audited_without_the_answers(perhe_2007):
    import_file(RESPONSES)

    entries = AuditEntry.objects.filter(object_type="questionnaires.response")
    assert entries.count() == 16
    for entry in entries:
        assert entry.source == "import:perhe-2007-responses.csv"
        assert "answers" not in entry.changes and entry.changes["respondent_key"].startswith("project-")
        assert "group_training_before_after" not in json.dumps(entry.changes)
