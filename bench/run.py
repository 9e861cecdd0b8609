#!/usr/bin/env python
"""Benchmark of the service finder: the page (`/`) and the API (`/api/v1/services/`).

    .venv/bin/python bench/run.py                          # national scale on SQLite
    .venv/bin/python bench/run.py --database postgres://…  # the same on PostgreSQL
    .venv/bin/python bench/run.py --smoke                  # tiny scale, a few rounds (CI)

The first run generates the network (`bench/generate.py`) into the benchmark's own
database — by default `bench/out/bench.sqlite3`, never the `DATABASE_URL` of the
environment — and later runs reuse it. Each query is asked `--repeat` times through
Django's test client (URL routing, middleware, view, template or JSON rendering, all
database work; no network), after one warm-up request. Reported: median and p95 in
milliseconds per query and overall, and the SQL queries one request makes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = f"sqlite:///{ROOT / 'bench' / 'out' / 'bench.sqlite3'}"
TARGETS = {"page": "/", "api": "/api/v1/services/"}


@dataclass
class Query:
    label: str
    params: dict[str, str]


@dataclass
class Result:
    label: str
    target: str
    url: str
    hits: int | None  # the API's meta.count; None for the page
    sql_queries: int
    samples_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample at or above `pct` % of them."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def configure(database_url: str) -> None:
    """Set up Django on the benchmark database with production settings (DEBUG off)."""
    os.environ["DATABASE_URL"] = database_url
    # DEBUG on would log every SQL query and slow each request; `make` exports DEBUG=1.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "perhekeskus.settings"
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def queries() -> list[Query]:
    """Realistic finder queries over the generated network.

    Area filters use the municipality with the most organisations (a big city, the
    hardest case) and one of its districts.
    """
    from django.db.models import Count

    from perhekeskus.network.models import Area, AreaKind

    city = (
        Area.objects.filter(kind=AreaKind.MUNICIPALITY)
        .annotate(n=Count("children__organisations"))
        .order_by("-n", "slug")
        .first()
    )
    if city is None:
        raise RuntimeError("the benchmark database has no municipalities")
    district = city.children.order_by("slug").last() or city
    gen = city.name_fi + "n"  # good enough for a query word: the search stems unknown names
    return [
        Query("single word", {"q": "perhekahvila"}),
        Query("inflected word", {"q": "neuvolasta"}),
        Query("inflected compound", {"q": "perhekahvilaan"}),
        Query("compound part", {"q": "kahvila"}),
        Query("two words", {"q": "vauva ryhmä"}),
        Query("word + town name", {"q": f"perhekahvila {gen}"}),
        Query("prefix as typed", {"q": "perhek"}),
        Query("rare word", {"q": "puheterapia"}),
        Query("Swedish word", {"q": "familjecaféet"}),
        Query("q + area", {"q": "neuvola", "area": city.slug}),
        Query("q + district", {"q": "kahvila", "area": district.slug}),
        Query("q + life stage + tier", {"q": "ryhmä", "life_stage": "age_0_1", "tier": "community"}),
        Query("area + life stage", {"area": city.slug, "life_stage": "age_1_3"}),
        Query("tier only", {"tier": "early_support"}),
        Query("everything", {}),
    ]


def measure(queries_: list[Query], *, repeat: int, verbose: bool = False) -> list[Result]:
    """Ask every query `repeat` times on the page and the API; raise on a non-200 answer."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results: list[Result] = []
    for query in queries_:
        for target, path in TARGETS.items():
            params = dict(query.params)
            if target == "api":
                params["page_size"] = "20"
            url = f"{path}?{urlencode(params)}" if params else path
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)  # warm-up, and the SQL count
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
            hits = response.json()["meta"]["count"] if target == "api" else None
            result = Result(query.label, target, url, hits, len(captured.captured_queries))
            for _ in range(repeat):
                start = time.perf_counter()
                client.get(url)
                result.samples_ms.append((time.perf_counter() - start) * 1000)
            results.append(result)
            if verbose:
                print(f"  {target:4} {query.label:<22} median {result.median:8.1f} ms", file=sys.stderr, flush=True)
    return results


def summary(results: list[Result]) -> dict[str, dict[str, float]]:
    out = {}
    for target in TARGETS:
        samples = [s for r in results if r.target == target for s in r.samples_ms]
        if samples:
            out[target] = {"median": statistics.median(samples), "p95": percentile(samples, 95), "n": len(samples)}
    return out


def table(results: list[Result]) -> str:
    """A Markdown table: one row per query, page and API side by side."""
    by_label: dict[str, dict[str, Result]] = {}
    for r in results:
        by_label.setdefault(r.label, {})[r.target] = r
    lines = [
        "| query | hits | page median | page p95 | page SQL | API median | API p95 | API SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, pair in by_label.items():
        page, api = pair.get("page"), pair.get("api")
        cells = [label, str(api.hits) if api else ""]
        for r in (page, api):
            cells += [f"{r.median:.1f}", f"{r.p95:.1f}", str(r.sql_queries)] if r else ["", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| all queries | median | p95 | requests |", "|---|---:|---:|---:|"]
    for target, s in summary(results).items():
        lines.append(f"| {'page' if target == 'page' else 'API'} | {s['median']:.1f} | {s['p95']:.1f} | {s['n']:.0f} |")
    return "\n".join(lines)


def ensure_dataset(*, scale: float, seed: int, regenerate: bool, progress: bool) -> dict[str, int]:
    """Migrate, then generate the network unless the database already holds it at `scale`."""
    from django.core.management import call_command

    from bench import database
    from bench.generate import Sizes, counts, generate

    call_command("migrate", interactive=False, verbosity=0)
    have = counts()
    sizes = Sizes.at(scale)
    if not regenerate and have["organisations"] == sizes.organisations and have["services"] == sizes.services:
        return have
    if have["organisations"] or have["areas"]:
        if not regenerate:
            raise SystemExit(
                f"The benchmark database holds another dataset ({have['services']} services); "
                "give --regenerate to replace it."
            )
        database.wipe()
    started = time.perf_counter()
    made = generate(scale=scale, seed=seed, progress=progress)
    print(f"Generated in {time.perf_counter() - started:.0f} s: {made}", flush=True)
    return made


def database_name(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version  # e.g. 150014
    return f"PostgreSQL {version // 10000}.{version % 100}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale (default)")
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per query and target")
    parser.add_argument("--smoke", action="store_true", help="tiny scale (0.01) and 3 rounds, for CI")
    parser.add_argument("--regenerate", action="store_true", help="wipe the benchmark database and generate anew")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--generate-only", action="store_true", help="make the dataset, measure nothing")
    args = parser.parse_args(argv)
    if args.smoke:
        args.scale, args.repeat = 0.01, 3
    if not 0 < args.scale <= 2 or args.repeat < 1:
        parser.error("--scale must be in (0, 2] and --repeat at least 1")

    configure(args.database)
    from django.db import connection

    dataset = ensure_dataset(
        scale=args.scale, seed=args.seed, regenerate=args.regenerate, progress=not args.no_progress
    )
    if args.generate_only:
        return 0
    vendor = database_name(connection)
    print(f"\nDatabase: {vendor}; CPUs: {os.cpu_count()}; Python {platform.python_version()}")
    print(f"Dataset: {dataset}; {args.repeat} timed requests per query and target (ms)\n")
    results = measure(queries(), repeat=args.repeat, verbose=not args.no_progress)
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "database": vendor,
            "cpus": os.cpu_count(),
            "dataset": dataset,
            "repeat": args.repeat,
            "summary": summary(results),
            "results": [asdict(r) | {"median": r.median, "p95": r.p95} for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
