"""The sign-up benchmark's smoke run, as CI runs it: `bench/signup_run.py --smoke` in a
process of its own starts the threaded server, fires 100 parallel sign-ups at a fresh
12-place group with a 20-place waiting list, twice, and reports exact counts.

It runs on the suite's database engine: a fresh SQLite file, or the PostgreSQL test
database (committed rows there are flushed after the test). No timing is asserted; the
figures only have to exist.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from bench import signup_run

ROOT = Path(__file__).resolve().parent.parent


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'signup.sqlite3'}"
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_smoke_run_fills_exactly_the_places_and_the_waiting_list_every_round(tmp_path: Path) -> None:
    out = tmp_path / "signup.json"
    command = [sys.executable, "bench/signup_run.py", "--smoke", "--database", database_url(tmp_path), "--json", out]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)  # noqa: S603

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    figures: dict[str, Any] = json.loads(out.read_text())
    assert figures["database"].split()[0] == ("SQLite" if connection.vendor == "sqlite" else "PostgreSQL")
    assert len(figures["rounds"]) == 2
    for r in figures["rounds"]:
        assert r["answers"] == {"201 confirmed": 12, "201 waiting": 20, "409": 68}
        assert r["stored"] == {"confirmed": 12, "waiting": 20}
        assert r["errors"] == [] and len(r["latencies_ms"]) == 100 and r["per_second"] > 0
    assert figures["summary"]["exact_rounds"] == 2
    assert "2/2 rounds exact" in done.stdout and "sign-ups/s" in done.stdout


@pytest.mark.parametrize(
    ("signups", "expected"),
    [
        (1000, {"201 confirmed": 12, "201 waiting": 20, "409": 968}),
        (20, {"201 confirmed": 12, "201 waiting": 8}),
        (5, {"201 confirmed": 5}),
    ],
)
def test_a_round_is_checked_against_the_places_and_the_waiting_list(signups: int, expected: dict[str, int]) -> None:
    assert signup_run.expected_answers(signups, capacity=12, waiting=20) == expected
