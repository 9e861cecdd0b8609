"""The questionnaire benchmark's smoke run, as CI runs it: `bench/questionnaire_run.py
--smoke` in a process of its own sends 20 EPDS forms through the respondent's page and
counts a 500-response PERHE 2007 survey twice, on the suite's database engine (a fresh
SQLite file, or the PostgreSQL test database; committed rows there are flushed after the
test). No timing is asserted; the figures only have to exist. The other tests show that
the benchmark's checks fail when the stored results are wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from bench import questionnaire_run as qr
from perhekeskus.questionnaires import surveys
from perhekeskus.questionnaires.models import Response, ResponseStatus

ROOT = Path(__file__).resolve().parent.parent


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'questionnaires.sqlite3'}"
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_smoke_run_sends_every_form_and_counts_every_survey_response(tmp_path: Path) -> None:
    out = tmp_path / "questionnaires.json"
    command = [sys.executable, "bench/questionnaire_run.py", "--smoke", "--database", database_url(tmp_path)]
    done = subprocess.run([*command, "--json", out], cwd=ROOT, capture_output=True, text=True, timeout=600)

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    figures: dict[str, Any] = json.loads(out.read_text())
    assert figures["database"].split()[0] == ("SQLite" if connection.vendor == "sqlite" else "PostgreSQL")
    assert figures["problems"] == []
    lines = {line["label"]: line for line in figures["lines"]}
    assert [len(line["samples_ms"]) for line in figures["lines"]] == [20, 20, 2, 2, 1]
    assert all(line["median"] > 0 and line["p95"] >= line["median"] for line in figures["lines"])
    assert {line["responses"] for line in figures["lines"][2:]} == {500}
    assert lines["`surveys.summary`"]["sql_queries"] == 1
    assert "All checks passed" in done.stdout and "| send EPDS" in done.stdout


@pytest.fixture
def benchmark_questionnaires(db: Any) -> tuple[Any, Any]:
    return qr.prepare(qr.SURVEY_FILE)


def test_the_counts_made_are_what_the_summaries_give(benchmark_questionnaires: tuple[Any, Any]) -> None:
    _, questionnaire = benchmark_questionnaires
    survey = qr.Survey(questionnaire, seed=3)
    survey.grow(40, batch=15)

    assert Response.objects.filter(questionnaire=questionnaire, status=ResponseStatus.COMPLETED).count() == 40
    assert surveys.summary(questionnaire) == survey.expected()
    assert surveys.public_summary(questionnaire) == survey.expected_public()
    answered = survey.expected()["items"]
    assert any(None in counts.values() for counts in survey.expected_public()["items"].values())
    assert any(len(counts) > 1 for counts in answered.values())


def test_a_survey_count_that_does_not_add_up_fails_the_run(benchmark_questionnaires: tuple[Any, Any]) -> None:
    _, questionnaire = benchmark_questionnaires
    survey = qr.Survey(questionnaire, seed=3)
    survey.grow(12)
    # One response erased behind the benchmark's back: the summaries count 11 of the 12 made.
    first = Response.objects.filter(questionnaire=questionnaire).order_by("id").first()
    Response.objects.filter(pk=first.pk).update(erased_at=timezone.now())

    # The command's process would not see this test's uncommitted rows: the smoke run checks it.
    _, problems = qr.measure_summaries(survey, repeat=1, command=False)

    assert problems == [
        "`surveys.summary` at 12: 11 responses, counts differ from those made",
        "`surveys.public_summary` at 12: 11 responses, counts differ from those made",
    ]


def test_a_sent_form_without_the_expected_total_fails_the_run(
    benchmark_questionnaires: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    epds, _ = benchmark_questionnaires
    _, right = qr.measure_sends(epds, repeat=2, seed=5)
    monkeypatch.setattr(qr, "epds_total", lambda codes: 31)  # a total the ten answers never give

    lines, wrong = qr.measure_sends(epds, repeat=2, seed=5)

    assert right == []
    assert len(wrong) == 3 and all("expected 31" in p for p in wrong)  # the warm-up and the two timed
    assert Response.objects.filter(questionnaire=epds, status=ResponseStatus.COMPLETED).count() == 6
    assert [len(line.samples_ms) for line in lines] == [2, 2]


@pytest.mark.parametrize(
    ("codes", "total"),
    [
        (dict.fromkeys(range(1, 11), 0), 21),  # 0 on the reversed items scores 3
        (dict.fromkeys(range(1, 11), 3), 9),
        ({1: 3, 2: 3, 3: 0, 4: 3, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0}, 30),
    ],
)
def test_the_expected_epds_total_follows_the_published_rules(codes: dict[int, int], total: int) -> None:
    assert qr.epds_total(codes) == total
