"""The shipped EPDS: identifiers and scoring only, no licensed wording; scores by the EPDS rules."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from perhekeskus.questionnaires import definition, services
from perhekeskus.questionnaires.instruments import read_shipped, shipped_path
from perhekeskus.questionnaires.models import Questionnaire
from perhekeskus.questionnaires.scoring import score

REPOSITORY = Path(__file__).resolve().parents[3]
# The EPDS rules as published: items 1, 2 and 4 score 0-3 in the order of the options,
# items 3 and 5-10 the other way round.
FORWARD = {1, 2, 4}


def expected(codes: dict[int, int]) -> int:
    return sum(code if n in FORWARD else 3 - code for n, code in codes.items())


def answers(codes: dict[int, int]) -> dict[str, list[str]]:
    return {f"epds.{n}": [str(code)] for n, code in codes.items()}


@pytest.fixture
def epds() -> definition.Definition:
    return definition.parse(read_shipped("epds"))


@pytest.mark.parametrize(
    "codes",
    [
        dict.fromkeys(range(1, 11), 0),  # every first option
        dict.fromkeys(range(1, 11), 3),  # every last option
        {1: 1, 2: 0, 3: 2, 4: 3, 5: 1, 6: 0, 7: 3, 8: 2, 9: 1, 10: 3},
        {1: 3, 2: 3, 3: 0, 4: 3, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0},  # the highest possible
        {1: 0, 2: 0, 3: 3, 4: 0, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3},  # the lowest possible
    ],
)
def test_the_total_follows_the_epds_rules(epds, codes):
    result = score(epds, answers(codes))
    assert result["total"] == expected(codes)
    assert result["subscales"]["anxiety"] == expected({n: codes[n] for n in (3, 4, 5)})
    assert result["answered"] == 10 and result["missing"] == []


def test_totals_run_from_0_to_30(epds):
    assert score(epds, answers({1: 0, 2: 0, 3: 3, 4: 0, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3}))["total"] == 0
    assert score(epds, answers({1: 3, 2: 3, 3: 0, 4: 3, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0}))["total"] == 30


def test_reversed_items_are_written_unreversed_and_reversed_by_the_scoring(epds):
    for n in range(1, 11):
        assert [o.score for o in epds.item(f"epds.{n}").options] == [0, 1, 2, 3]
    low = {n: 0 if n in FORWARD else 3 for n in range(1, 11)}
    for n in range(1, 11):
        one_up = low | {n: 1 if n in FORWARD else 2}
        assert score(epds, answers(one_up))["total"] == 1, n


def with_total(total: int) -> dict[int, int]:
    """Answers adding up to `total`, item 10 scoring 0 (its code 3)."""
    codes = {n: 0 if n in FORWARD else 3 for n in range(1, 11)}
    for n in range(1, 10):
        step = min(3, total)
        codes[n] = step if n in FORWARD else 3 - step
        total -= step
    assert total == 0
    return codes


@pytest.mark.parametrize(("total", "level"), [(0, "none"), (9, "none"), (10, "watch"), (12, "watch"), (13, "discuss")])
def test_default_thresholds_are_10_and_13(epds, total, level):
    result = score(epds, answers(with_total(total)))
    assert result["total"] == total and result["level"] == level and result["alerts"] == []


def test_thresholds_come_from_the_setting(epds, settings):
    codes = with_total(11)
    settings.EPDS_THRESHOLDS = (12, 14)
    assert score(epds, answers(codes))["level"] == "none"
    settings.EPDS_THRESHOLDS = (8, 11)
    assert score(epds, answers(codes))["level"] == "discuss"


def test_item_10_alerts_with_a_low_total(epds):
    codes = with_total(0) | {10: 2}  # "sometimes"-like: scores 1
    result = score(epds, answers(codes))
    assert result["total"] == 1 and result["level"] == "none"
    assert result["alerts"] == ["epds.10"]
    assert score(epds, answers(with_total(20)))["alerts"] == []


def test_a_missing_answer_gives_no_total_and_no_level(epds):
    codes = with_total(20)
    del codes[4]
    result = score(epds, answers(codes) | {"epds.10": ["0"]})
    assert result["total"] is None and result["level"] is None
    assert result["missing"] == ["epds.4"] and result["answered"] == 9
    assert result["subscales"] == {"anxiety": None}
    assert result["alerts"] == ["epds.10"]


PLACEHOLDERS = [
    re.compile(r"^EPDS-kysymys (10|[1-9])$"),
    re.compile(r"^EPDS-fråga (10|[1-9])$"),
    re.compile(r"^EPDS item (10|[1-9])$"),
    re.compile(r"^(vaihtoehto|alternativ|option) [0-3]$"),
]


def strings(node: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in strings(v, k)]
    if isinstance(node, list):
        return [pair for v in node for pair in strings(v, key)]
    return [(key, node)] if isinstance(node, str) else []


def test_the_shipped_epds_has_placeholders_only():
    data = json.loads(shipped_path("epds").read_text(encoding="utf-8"))
    seen = 0
    for item in data["item"]:
        texts = strings({k: v for k, v in item.items() if k in ("text", "_text", "answerOption")})
        wording = [v for k, v in texts if k in ("text", "display", "valueString")]
        assert len(wording) == 3 + 4 * 3  # fi/sv/en for the item and its four options
        for value in wording:
            assert any(p.match(value) for p in PLACEHOLDERS), f"{item['linkId']}: {value!r} is not a placeholder"
            seen += 1
    assert seen == 10 * 15
    # Anything else written in words says what the file is and where the wording comes from.
    prose = [v for k, v in strings(data) if k in ("description", "copyright")]
    assert all("wording is" in p for p in prose)


def licensed(shipped: dict[str, Any]) -> dict[str, Any]:
    """A made-up "licensed" file: the shipped one with other texts, as a municipality would load."""
    data = copy.deepcopy(shipped)
    for item in data["item"]:
        n = item["linkId"].split(".")[1]
        item["text"] = f"Lisensoitu kysymys {n}"
        item["_text"]["extension"][0]["extension"][1]["valueString"] = f"Licensierad fråga {n}"
        item["_text"]["extension"][1]["extension"][1]["valueString"] = f"Licensed question {n}"
        for option in item["answerOption"]:
            coding = option["valueCoding"]
            coding["display"] = f"Vastaus {coding['code']} kysymykseen {n}"
            coding.pop("_display")
    return data


@pytest.mark.django_db
def test_a_licensed_version_replaces_the_texts_and_scores_the_same():
    shipped = read_shipped("epds")
    services.questionnaire_import(shipped)
    questionnaire, created = services.questionnaire_import(licensed(shipped), source="import_questionnaire")
    assert not created
    stored = services.definition_of(questionnaire)
    assert stored.item("epds.3").text == {
        "fi": "Lisensoitu kysymys 3",
        "sv": "Licensierad fråga 3",
        "en": "Licensed question 3",
    }
    assert stored.item("epds.3").options[0].display == {"fi": "Vastaus 0 kysymykseen 3"}
    original = definition.parse(shipped)
    for codes in (with_total(11), with_total(14) | {10: 1}, dict.fromkeys(range(1, 11), 1)):
        assert score(stored, answers(codes)) == score(original, answers(codes))
    assert score(stored, answers(with_total(14) | {10: 1}))["alerts"] == ["epds.10"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("10", "two rising totals"),
        ("ten,13", "two whole numbers"),
        ("13,10", "two rising totals"),
        ("0,13", "two rising totals"),
        ("10,31", "two rising totals"),
    ],
)
def test_bad_epds_thresholds_stop_the_start(value, reason):
    env = os.environ | {"EPDS_THRESHOLDS": value, "DEBUG": "1", "SECRET_KEY": "t"}
    run = subprocess.run(
        [sys.executable, "-c", "import perhekeskus.settings"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert "EnvError: EPDS_THRESHOLDS must be" in run.stderr and reason in run.stderr


def test_epds_thresholds_are_read_from_the_environment():
    env = os.environ | {"EPDS_THRESHOLDS": " 9, 12", "DEBUG": "1", "SECRET_KEY": "t"}
    run = subprocess.run(
        [sys.executable, "-c", "import perhekeskus.settings as s; print(s.EPDS_THRESHOLDS)"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "(9, 12)"


@pytest.mark.django_db
def test_a_licensed_file_with_broken_scoring_is_refused_and_the_shipped_one_stays(tmp_path):
    shipped = read_shipped("epds")
    services.questionnaire_import(shipped)
    broken = licensed(shipped)
    rules = json.loads(broken["extension"][0]["valueString"])
    rules["alerts"] = ["epds.11"]
    broken["extension"][0]["valueString"] = json.dumps(rules)
    path = tmp_path / "epds-licensed.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(CommandError, match=r"extension\[0\]\.valueString\.alerts\[0\]: no item 'epds.11'"):
        call_command("import_questionnaire", str(path), stdout=StringIO())
    assert Questionnaire.objects.get(identifier="epds").definition == shipped
