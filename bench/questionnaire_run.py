#!/usr/bin/env python
"""Benchmark of the questionnaire engine: sending a form, and counting a survey.

    .venv/bin/python bench/questionnaire_run.py                          # SQLite (bench/out/questionnaires.sqlite3)
    .venv/bin/python bench/questionnaire_run.py --database postgres://…  # the same on PostgreSQL
    .venv/bin/python bench/questionnaire_run.py --smoke                  # 20 sends, 500 responses, 2 rounds (CI)

1. **Sending a form through the respondent's page.** For each of `--repeat` EPDS
   responses (the shipped definition: placeholder wording, real scoring), a response is
   started with `filling.response_start` (not timed), then
   `POST /answer/<uuid>/<secret>/` with all ten answers and `action=send` goes through
   Django's test client: routing, middleware, the view, the answers' check, scoring,
   saving and the audit line. Then the read-back: `GET` of the same link, the
   respondent's own answers. Every response must be stored completed with the total the
   EPDS rules give for the answers sent, or the run fails.
2. **Counting a survey.** `surveys.summary` and `surveys.public_summary` of the PERHE
   2007 survey over each of `--sizes` completed responses (default 10 000 and 100 000),
   `--repeat-summary` times each, and `manage.py survey_summary perhe-2007` once per size
   in a process of its own. The counts must equal what was generated, item by item.

Reported: median and p95 in milliseconds (and the median CPU time of this process) per
line, and the SQL queries one request or call makes. The database is this benchmark's
own, never the `DATABASE_URL` of the environment; a database with user accounts is
refused (it is somebody's real one). The responses of an earlier run are deleted first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402

ROOT = run.ROOT
DEFAULT_DATABASE = f"sqlite:///{ROOT / 'bench' / 'out' / 'questionnaires.sqlite3'}"
SURVEY_FILE = ROOT.parent / "shared" / "specs" / "evaluation" / "perhe-2007.questionnaire.json"
SURVEY = "perhe-2007"
SOURCE = "bench"  # every response this benchmark makes, so that the next run can remove them
# The EPDS rules as published, written out here rather than taken from the engine so that
# the check is independent of the scoring it checks: items 1, 2 and 4 score 0-3 in the
# order of the options, items 3 and 5-10 the other way round.
EPDS_FORWARD = {1, 2, 4}
# Share of the survey's questions a generated respondent leaves unanswered.
SKIPPED = 0.05


def epds_total(codes: dict[int, int]) -> int:
    return sum(code if n in EPDS_FORWARD else 3 - code for n, code in codes.items())


@dataclass
class Line:
    label: str
    responses: int | None  # the survey's size, or None for the form lines
    sql_queries: int | None
    samples_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return run.percentile(self.samples_ms, 95)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_ms) if self.cpu_ms else None


def timed(line: Line, call: Callable[[], Any]) -> Any:
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    line.samples_ms.append((time.perf_counter() - started) * 1000)
    line.cpu_ms.append((time.process_time() - cpu) * 1000)
    return result


# --- The database ---------------------------------------------------------------------------


def prepare(survey_file: Path) -> tuple[Any, Any]:
    """Migrate, load the shipped instruments and the PERHE 2007 survey; remove earlier
    runs' responses. Returns the EPDS and the survey questionnaires."""
    from django.core.management import call_command

    from perhekeskus.accounts.models import User
    from perhekeskus.questionnaires import services
    from perhekeskus.questionnaires.instruments import load_shipped
    from perhekeskus.questionnaires.models import Purpose, Questionnaire, Response

    call_command("migrate", verbosity=0)
    if User.objects.exists():
        raise SystemExit("Refusing a database with user accounts: it is not a benchmark database.")
    load_shipped(source=SOURCE)
    survey = Questionnaire.objects.filter(identifier=SURVEY).first()
    if survey is None:
        try:
            data = json.loads(survey_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SystemExit(f"Cannot read the survey {survey_file}: {exc}") from exc
        survey, _ = services.questionnaire_import(data, purpose=Purpose.SURVEY, source=SOURCE)
    Response.objects.filter(source=SOURCE).delete()
    return Questionnaire.objects.get(identifier="epds"), survey


# --- 1. Sending a form ------------------------------------------------------------------------


def measure_sends(epds: Any, *, repeat: int, seed: int) -> tuple[list[Line], list[str]]:
    """`repeat` EPDS forms sent through the page and read back; returns the lines and the
    problems found (a wrong answer code, a response not stored as sent)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from perhekeskus.questionnaires import filling
    from perhekeskus.questionnaires.models import Response, ResponseStatus

    client = Client()
    rng = random.Random(seed)
    send = Line("send EPDS: `POST /answer/<uuid>/<secret>/`", None, None)
    read = Line("read back: `GET /answer/<uuid>/<secret>/`", None, None)
    problems: list[str] = []

    def one(*, warm_up: bool) -> None:
        codes = {n: rng.randint(0, 3) for n in range(1, 11)}
        response, secret = filling.response_start(epds, language="fi", source=SOURCE)
        url = reverse("questionnaire-fill", args=[response.uuid, secret])
        data = {f"q-epds.{n}": str(code) for n, code in codes.items()} | {"action": "send", "page": "1"}
        if warm_up:  # not timed: the SQL each request makes
            with CaptureQueriesContext(connection) as captured:
                sent = client.post(url, data)
            send.sql_queries = len(captured.captured_queries)
            with CaptureQueriesContext(connection) as captured:
                shown = client.get(url)
            read.sql_queries = len(captured.captured_queries)
        else:
            sent = timed(send, lambda: client.post(url, data))
            shown = timed(read, lambda: client.get(url))
        if sent.status_code != 303 or sent["Location"] != f"{url}?sent=1":
            problems.append(f"send answered {sent.status_code}: {sent.content[:300]!r}")
        if shown.status_code != 200:
            problems.append(f"read-back answered {shown.status_code}")
        stored = Response.objects.get(pk=response.pk)
        total = (stored.score or {}).get("total")
        if stored.status != ResponseStatus.COMPLETED or total != epds_total(codes):
            problems.append(f"response {stored.uuid}: {stored.status}, total {total}, expected {epds_total(codes)}")

    one(warm_up=True)
    for _ in range(repeat):
        one(warm_up=False)
    return [send, read], problems


# --- 2. Counting a survey ---------------------------------------------------------------------


class Survey:
    """The survey's generated responses and the counts they must give, tallied as made."""

    def __init__(self, questionnaire: Any, seed: int) -> None:
        from perhekeskus.questionnaires import definition, surveys

        self.questionnaire = questionnaire
        self.defn = definition.parse(questionnaire.definition)
        self.questions = [q for q in self.defn.questions if q.type in surveys.COUNTED_TYPES]
        self.rng = random.Random(seed)
        self.made = 0
        self.counts: dict[str, dict[str, int]] = {q.link_id: {} for q in self.questions}

    def answers(self) -> dict[str, list[Any]]:
        """One respondent: a random option (some from a multiple-choice item) or yes/no per
        question, a few left unanswered."""
        rng = self.rng
        out: dict[str, list[Any]] = {}
        for item in self.questions:
            if rng.random() < SKIPPED:
                continue
            if item.type == "boolean":
                values: list[Any] = [rng.random() < 0.5]
            elif item.repeats:
                chosen = set(rng.sample(range(len(item.options)), rng.randint(1, min(3, len(item.options)))))
                values = [o.code for i, o in enumerate(item.options) if i in chosen]
            else:
                values = [rng.choice(item.options).code]
            out[item.link_id] = values
            for value in values:
                key = ("true" if value else "false") if isinstance(value, bool) else value
                self.counts[item.link_id][key] = self.counts[item.link_id].get(key, 0) + 1
        return out

    def grow(self, size: int, *, batch: int = 2000) -> None:
        """Add completed responses until there are `size`.

        The rows are bulk-created directly, not sent through `filling.response_save`: a
        hundred thousand audited sends would take an hour and measure the form, which the
        first part does. The first answers are checked with `definition.check_answers`, the
        check every stored answer passes, so that the rows are what a send would store.
        """
        from django.utils import timezone

        from perhekeskus.questionnaires import definition
        from perhekeskus.questionnaires.models import Response, ResponseStatus

        now = timezone.now()
        while self.made < size:
            rows = []
            for _ in range(min(batch, size - self.made)):
                answers = self.answers()
                if self.made < 100:
                    clean, errors = definition.check_answers(self.defn, answers, complete=True)
                    if errors or clean != answers:
                        raise SystemExit(f"generated answers the engine would not store: {errors or clean}")
                rows.append(
                    Response(
                        questionnaire=self.questionnaire,
                        status=ResponseStatus.COMPLETED,
                        answers=answers,
                        source=SOURCE,
                        submitted_at=now,
                    )
                )
                self.made += 1
            Response.objects.bulk_create(rows, batch_size=batch)

    def expected(self) -> dict[str, Any]:
        items = {}
        for item in self.questions:
            found = self.counts[item.link_id]
            order = ["true", "false"] if item.type == "boolean" else [o.code for o in item.options]
            items[item.link_id] = {code: found[code] for code in order if code in found}
        return {"responses": self.made, "items": items}

    def expected_public(self) -> dict[str, Any]:
        from perhekeskus.questionnaires.surveys import SMALL_COUNT

        def hide(n: int) -> int | None:
            return n if n >= SMALL_COUNT else None

        full = self.expected()
        items = {k: {c: hide(n) for c, n in v.items()} for k, v in full["items"].items()}
        return {"responses": hide(full["responses"]), "items": items}


def measure_summaries(survey: Survey, *, repeat: int, command: bool = True) -> tuple[list[Line], list[str]]:
    """The summaries at the survey's present size, and the command once unless `command`
    is false; the counts checked on every call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from perhekeskus.questionnaires import surveys

    size = survey.made
    lines: list[Line] = []
    problems: list[str] = []
    for label, call, want in (
        ("`surveys.summary`", surveys.summary, survey.expected()),
        ("`surveys.public_summary`", surveys.public_summary, survey.expected_public()),
    ):
        line = Line(label, size, None)
        with CaptureQueriesContext(connection) as captured:
            call(survey.questionnaire)  # warm-up, and the SQL count
        line.sql_queries = len(captured.captured_queries)
        for _ in range(repeat):
            got = timed(line, lambda call=call: call(survey.questionnaire))
            if got != want:
                problems.append(f"{label} at {size}: {got['responses']} responses, counts differ from those made")
        lines.append(line)
    if not command:
        return lines, problems

    line = Line(f"`manage.py survey_summary {SURVEY}` (a process)", size, None)
    argv = [sys.executable, "manage.py", "survey_summary", SURVEY]
    # The command runs on the benchmark's database: `run.configure` set DATABASE_URL.
    done = timed(line, lambda: subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=1800))
    line.cpu_ms.clear()  # the work is the child process's, not this one's
    if done.returncode != 0:
        problems.append(f"survey_summary exited {done.returncode}: {done.stderr[-500:]}")
    elif json.loads(done.stdout) != survey.expected():
        problems.append(f"survey_summary at {size}: the counts differ from those made")
    lines.append(line)
    return lines, problems


# --- Reporting ---------------------------------------------------------------------------------


def table(lines: list[Line]) -> str:
    rows = [
        "| what | responses | median ms | p95 ms | CPU median ms | SQL | timed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for line in lines:
        cpu = f"{line.cpu_median:.1f}" if line.cpu_median is not None else ""
        size = f"{line.responses:,}".replace(",", " ") if line.responses is not None else ""
        sql = str(line.sql_queries) if line.sql_queries is not None else ""
        rows.append(
            f"| {line.label} | {size} | {line.median:.1f} | {line.p95:.1f} | {cpu} | {sql} | {len(line.samples_ms)} |"
        )
    return "\n".join(rows)


def sizes_type(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError("sizes are whole numbers separated by commas") from exc
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least one size, each at least 1")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("BENCH_QUESTIONNAIRE_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--repeat", type=int, default=200, help="EPDS forms sent and read back")
    parser.add_argument("--sizes", type=sizes_type, default=[10_000, 100_000], help="survey sizes, e.g. 10000,100000")
    parser.add_argument("--repeat-summary", type=int, default=10, help="timed summaries per size and kind")
    parser.add_argument("--survey", type=Path, default=SURVEY_FILE, help="the PERHE 2007 Questionnaire (FHIR JSON)")
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--smoke", action="store_true", help="20 sends, 500 responses, 2 rounds (CI)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.smoke:
        args.repeat, args.sizes, args.repeat_summary = 20, [500], 2
    if args.repeat < 1 or args.repeat_summary < 1:
        parser.error("--repeat and --repeat-summary must be at least 1")

    run.configure(args.database)
    from django.db import connection

    epds, questionnaire = prepare(args.survey)
    vendor = run.database_name(connection)
    print(f"\nDatabase: {vendor}; CPUs: {os.cpu_count()}; Python {platform.python_version()}")
    print(
        f"{args.repeat} EPDS forms sent; surveys of {args.sizes} responses, {args.repeat_summary} rounds\n", flush=True
    )

    lines, problems = measure_sends(epds, repeat=args.repeat, seed=args.seed)
    survey = Survey(questionnaire, args.seed)
    generated: dict[int, float] = {}
    for size in args.sizes:
        started = time.perf_counter()
        survey.grow(size)
        generated[size] = time.perf_counter() - started
        print(
            f"  {size} survey responses in the database ({generated[size]:.0f} s to add)", file=sys.stderr, flush=True
        )
        found, wrong = measure_summaries(survey, repeat=args.repeat_summary)
        lines += found
        problems += wrong

    print(table(lines))
    for problem in problems[:20]:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"\n{'All checks passed' if not problems else f'{len(problems)} problems'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "database": vendor,
            "cpus": os.cpu_count(),
            "repeat": args.repeat,
            "repeat_summary": args.repeat_summary,
            "sizes": args.sizes,
            "generated_seconds": generated,
            "problems": problems,
            "lines": [asdict(r) | {"median": r.median, "p95": r.p95, "cpu_median": r.cpu_median} for r in lines],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
