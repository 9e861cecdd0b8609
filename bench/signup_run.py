#!/usr/bin/env python
"""Benchmark of group sign-up: 1 000 families sign up at once for one 12-place group.

    .venv/bin/python bench/signup_run.py                          # SQLite (bench/out/signup.sqlite3)
    .venv/bin/python bench/signup_run.py --database postgres://…  # the same on PostgreSQL
    .venv/bin/python bench/signup_run.py --smoke                  # 100 sign-ups, 2 rounds (CI)

The application runs in a real threaded HTTP server (Django's `ThreadedWSGIServer`, a
thread and a database connection per request) in a process of its own, as in
production; the families are `--clients` threads of this process posting
`POST /api/v1/groups/<id>/signups/` with the standard library's `urllib`. Each round
makes a fresh group (`--capacity` places, `--waiting` waiting-list places) and fires
`--signups` sign-ups at it; it passes only if exactly the places are confirmed, exactly
the waiting list is waiting and every other family was answered 409, both in the HTTP
answers and in the database. Any other answer (a 500, a refused connection, a locked
database) fails the round, and the run exits non-zero.

Reported per round and over all rounds: sign-up requests answered per second (201 and
409 alike: each is a full trip through the group's row lock), and the median and p95
of one request's latency as the client saw it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402

ROOT = run.ROOT
DEFAULT_DATABASE = f"sqlite:///{ROOT / 'bench' / 'out' / 'signup.sqlite3'}"
SERVER_LOG = ROOT / "bench" / "out" / "signup-server.log"
ORGANISATION = "bench-signups"


@dataclass
class Round:
    signups: int
    clients: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)  # "201 confirmed", "201 waiting", "409", other codes
    stored: dict[str, int] = field(default_factory=dict)  # sign-up rows by status
    errors: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.signups / self.seconds

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return run.percentile(self.latencies_ms, 95)


def expected_answers(signups: int, capacity: int, waiting: int) -> dict[str, int]:
    confirmed = min(signups, capacity)
    waits = min(signups - confirmed, waiting)
    out = {"201 confirmed": confirmed, "201 waiting": waits, "409": signups - confirmed - waits}
    return {k: v for k, v in out.items() if v}


# --- The server: a process of its own ---------------------------------------------------------------


def serve(database_url: str) -> None:
    """Serve the application on a free port of 127.0.0.1; print the port, then serve forever."""
    run.configure(database_url)
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # one line per request would be the bench
            pass

    class Server(ThreadedWSGIServer):
        # A thousand clients may knock at once; with the default backlog of 10 the kernel
        # drops connections and the clients retry after a second, which measures TCP.
        request_queue_size = 1024

    httpd = Server(("127.0.0.1", 0), QuietHandler)
    httpd.set_app(get_wsgi_application())
    print(httpd.server_address[1], flush=True)
    # From now on stdout (the console e-mail backend's confirmations) goes to the log
    # with stderr: nobody reads the pipe after the port, and a full pipe blocks the writer.
    os.dup2(2, 1)
    httpd.serve_forever()


class ServerProcess:
    def __init__(self, database_url: str) -> None:
        SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
        self.log = SERVER_LOG.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own script with our own arguments
            [sys.executable, str(Path(__file__).resolve()), "--serve", "--database", database_url],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            cwd=ROOT,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.isdigit():
            self.stop()
            raise SystemExit(f"The server did not start; see {SERVER_LOG}")
        self.base = f"http://127.0.0.1:{line}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# --- The families -----------------------------------------------------------------------------------


def post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Accept-Language": "fi"}
    # Only ever the bench server's own http:// address.
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, {"detail": raw[:200].decode(errors="replace")}


def fire(base: str, group_id: str, *, signups: int, clients: int, label: str) -> Round:
    """`signups` sign-ups from `clients` threads, all released at the same moment."""
    url = f"{base}/api/v1/groups/{group_id}/signups/"
    result = Round(signups=signups, clients=clients)
    start_gate = threading.Barrier(clients + 1, timeout=60)
    lock = threading.Lock()
    next_family = iter(range(signups))

    def family() -> None:
        start_gate.wait()
        while True:
            with lock:
                n = next(next_family, None)
            if n is None:
                return
            body = {"name": f"Perhe {n}", "email": f"{label}-{n}@example.fi", "language": "fi"}
            started = time.perf_counter()
            try:
                code, answer = post(url, body)
            except OSError as exc:  # refused or reset: the server could not take it
                code, answer = 0, {"detail": str(exc)}
            elapsed = (time.perf_counter() - started) * 1000
            key = f"{code} {answer.get('status')}" if code == 201 else str(code)
            with lock:
                result.latencies_ms.append(elapsed)
                result.answers[key] = result.answers.get(key, 0) + 1
                if code not in (201, 409) and len(result.errors) < 5:
                    result.errors.append(f"{code}: {answer}")

    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(family) for _ in range(clients)]
        start_gate.wait()
        started = time.perf_counter()
        for future in futures:
            future.result()
        result.seconds = time.perf_counter() - started
    return result


# --- Rounds ---------------------------------------------------------------------------------


def prepare(database_url: str) -> None:
    """Migrate the benchmark database and give it an organiser with a place."""
    from django.core.management import call_command

    from perhekeskus.accounts.models import User
    from perhekeskus.network import services as network_services
    from perhekeskus.network.models import Area, AreaKind, Organisation

    call_command("migrate", verbosity=0)
    if User.objects.exists():
        raise SystemExit("Refusing a database with user accounts: it is not a benchmark database.")
    if Organisation.objects.filter(slug=ORGANISATION).exists():
        return
    area = Area.objects.create(slug="bench-district", kind=AreaKind.DISTRICT, name_fi="Mittapiiri")
    org = Organisation.objects.create(
        slug=ORGANISATION, kind="municipality", sector="social", name_fi="Mittakaupunki", area=area
    )
    network_services.place_create(
        actor=None,
        data={
            "organisation": org,
            "kind": "clinic",
            "name_fi": "Mittaneuvola",
            "area": area,
            "street_address": "Mittakatu 1",
            "city": "Mittakaupunki",
        },
    )


def new_group(capacity: int, waiting: int) -> Any:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from perhekeskus.groups import services
    from perhekeskus.network.models import Organisation, Place

    org = Organisation.objects.get(slug=ORGANISATION)
    first = datetime.now(ZoneInfo("Europe/Helsinki")).replace(hour=17, minute=0, second=0, microsecond=0)
    first += timedelta(days=30)
    return services.group_create(
        actor=None,
        activity_data={"organisation": org, "title_fi": "Perhevalmennus", "place": Place.objects.get(organisation=org)},
        group_data={"capacity": capacity, "waiting_list_capacity": waiting, "minimum": min(capacity, 6)},
        sessions=[{"start": first + timedelta(weeks=i), "end": first + timedelta(weeks=i, hours=2)} for i in range(5)],
    )


def one_round(base: str, *, n: int, signups: int, clients: int, capacity: int, waiting: int) -> Round:
    from perhekeskus.groups.models import Signup

    group = new_group(capacity, waiting)
    result = fire(base, str(group.uuid), signups=signups, clients=clients, label=f"r{n}-{group.pk}")
    result.stored = dict(Counter(Signup.objects.filter(group=group).values_list("status", flat=True)))
    want = expected_answers(signups, capacity, waiting)
    stored_want = {k.removeprefix("201 "): v for k, v in want.items() if k.startswith("201")}
    if result.answers != want:
        result.errors.insert(0, f"answers {result.answers}, expected {want}")
    if result.stored != stored_want:
        result.errors.insert(0, f"stored {result.stored}, expected {stored_want}")
    return result


def table(rounds: list[Round]) -> str:
    lines = [
        "| round | sign-ups | clients | seconds | sign-ups/s | median ms | p95 ms | max ms | answers | stored | exact |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for i, r in enumerate(rounds, 1):
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(r.answers.items()))
        stored = ", ".join(f"{k}: {v}" for k, v in sorted(r.stored.items()))
        lines.append(
            f"| {i} | {r.signups} | {r.clients} | {r.seconds:.2f} | {r.per_second:.0f} | {r.median:.0f} "
            f"| {r.p95:.0f} | {max(r.latencies_ms):.0f} | {answers} | {stored} | {'yes' if not r.errors else 'NO'} |"
        )
    return "\n".join(lines)


def summary(rounds: list[Round]) -> dict[str, float]:
    pooled = [ms for r in rounds for ms in r.latencies_ms]
    return {
        "rounds": len(rounds),
        "exact_rounds": sum(1 for r in rounds if not r.errors),
        "signups_per_second_median": statistics.median(r.per_second for r in rounds),
        "latency_median_ms": statistics.median(pooled),
        "latency_p95_ms": run.percentile(pooled, 95),
        "latency_max_ms": max(pooled),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("BENCH_SIGNUP_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--signups", type=int, default=1000, help="sign-ups per round")
    parser.add_argument("--clients", type=int, default=48, help="client threads posting at once")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each with a fresh group")
    parser.add_argument("--capacity", type=int, default=12)
    parser.add_argument("--waiting", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="100 sign-ups from 16 clients, 2 rounds (CI)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the server process
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.database)
        return 0
    if args.smoke:
        args.signups, args.clients, args.rounds = 100, 16, 2
    if min(args.signups, args.clients, args.rounds, args.capacity) < 1 or args.waiting < 0:
        parser.error("--signups, --clients, --rounds and --capacity must be at least 1, --waiting at least 0")

    run.configure(args.database)
    from django.db import connection

    prepare(args.database)
    vendor = run.database_name(connection)
    connection.close()  # the server process writes; this one only reads the counts
    print(f"\nDatabase: {vendor}; CPUs: {os.cpu_count()}; Python {platform.python_version()}")
    print(
        f"{args.rounds} rounds of {args.signups} parallel sign-ups from {args.clients} clients to a group of "
        f"{args.capacity} places and {args.waiting} waiting-list places\n",
        flush=True,
    )
    server = ServerProcess(args.database)
    rounds: list[Round] = []
    try:
        for n in range(args.rounds):
            kwargs = {"signups": args.signups, "clients": args.clients}
            rounds.append(one_round(server.base, n=n, capacity=args.capacity, waiting=args.waiting, **kwargs))
    finally:
        server.stop()
    print(table(rounds))
    figures = summary(rounds)
    print(
        f"\nAll rounds: {figures['signups_per_second_median']:.0f} sign-ups/s (median of rounds); "
        f"latency median {figures['latency_median_ms']:.0f} ms, p95 {figures['latency_p95_ms']:.0f} ms, "
        f"max {figures['latency_max_ms']:.0f} ms; "
        f"{figures['exact_rounds']}/{figures['rounds']} rounds exact"
    )
    for i, r in enumerate(rounds, 1):
        for error in r.errors:
            print(f"round {i}: {error}", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "database": vendor,
            "cpus": os.cpu_count(),
            "capacity": args.capacity,
            "waiting": args.waiting,
            "summary": figures,
            "rounds": [asdict(r) | {"per_second": r.per_second, "median": r.median, "p95": r.p95} for r in rounds],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0 if figures["exact_rounds"] == figures["rounds"] else 1


if __name__ == "__main__":
    sys.exit(main())
