#!/usr/bin/env python
"""Benchmark of the activity calendar: a municipality's week and a district's year.

    .venv/bin/python bench/calendar_run.py                          # national scale on SQLite
    .venv/bin/python bench/calendar_run.py --database postgres://…  # the same on PostgreSQL
    .venv/bin/python bench/calendar_run.py --smoke                  # tiny scale, a few rounds (CI)

The calendar (`bench/calendar_generate.py`) goes on top of the finder's national network
(`bench/generate.py`). SQLite: `bench/out/calendar.sqlite3`, started as a copy of the
finder's `bench/out/bench.sqlite3` when that exists (the original stays untouched), else
generated; other scales get their own file. Later runs reuse the data.

Two questions, each for `--areas` random municipalities (the week) or one district of
each (the year), asked once to warm up and then `--repeat` times:

- week: `GET /api/v1/occurrences/?start=…&end=…&area=<municipality>` through Django's
  test client, and `queries.occurrences_find` for the same filters and window alone;
- year: `GET /calendar.ics?area=<district>` (the subscribable feed: 30 days back, a
  year ahead), and `occurrences_find` over that year alone.

An HTTP path not in the URL configuration is reported as missing, not timed. Reported:
median and p95 in milliseconds, SQL queries per request and occurrences returned.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402

ROOT = run.ROOT
OUT = ROOT / "bench" / "out"
NETWORK_COPY_FROM = OUT / "bench.sqlite3"
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 30, 365


@dataclass
class Result:
    label: str  # "week" or "year"
    target: str  # "function", "api", "feed"
    samples_ms: list[float] = field(default_factory=list)
    # CPU time of this process (Python and, on SQLite, the SQL too): less disturbed than
    # the wall clock when other work shares the machine's two cores.
    cpu_ms: list[float] = field(default_factory=list)
    sql_queries: list[int] = field(default_factory=list)  # per area, on the warm-up request
    occurrences: list[int] = field(default_factory=list)  # per area
    missing: str = ""  # why the target could not be measured

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return run.percentile(self.samples_ms, 95)


def default_database(scale: float) -> str:
    name = "calendar.sqlite3" if scale == 1 else f"calendar-{scale:g}.sqlite3"
    return f"sqlite:///{OUT / name}"


def copy_network(database_url: str, scale: float) -> None:
    """Start the national calendar database as a copy of the finder's network (14 minutes saved)."""
    path = Path(database_url.removeprefix("sqlite:///"))
    if database_url.startswith("sqlite:///") and scale == 1 and not path.exists() and NETWORK_COPY_FROM.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"Copying the network from {NETWORK_COPY_FROM} to {path}", flush=True)
        shutil.copyfile(NETWORK_COPY_FROM, path)


def ensure_calendar(*, scale: float, seed: int, regenerate: bool, progress: bool) -> dict[str, Any]:
    """The network (generated if missing), then the calendar unless it is there at `scale`."""
    from bench import calendar_generate as cg

    network = run.ensure_dataset(scale=scale, seed=seed, regenerate=False, progress=progress)
    sizes = cg.CalendarSizes.at(scale)
    have = cg.counts()
    if not regenerate and have["activities"] == sizes.recurring + sizes.one_off:
        return network | have
    if have["activities"]:
        if not regenerate:
            raise SystemExit(
                f"The benchmark database holds another calendar ({have['activities']} activities); "
                "give --regenerate to replace it."
            )
        cg.wipe()
    started = time.perf_counter()
    made = cg.generate_calendar(scale=scale, seed=seed, progress=progress)
    print(f"Calendar generated in {time.perf_counter() - started:.0f} s: {made}", flush=True)
    return network | made


def pick_areas(count: int, seed: int) -> list[tuple[str, str]]:
    """(municipality slug, one of its districts' slug) for `count` random municipalities."""
    from django.db.models import Q

    from perhekeskus.network.models import Area, AreaKind

    has_activities = Q(activities__isnull=False) | Q(children__activities__isnull=False)
    towns = list(Area.objects.filter(has_activities, kind=AreaKind.MUNICIPALITY).distinct().order_by("slug"))
    rng = random.Random(seed)
    chosen = rng.sample(towns, min(count, len(towns)))
    out = []
    for town in chosen:
        districts = list(town.children.order_by("slug"))
        out.append((town.slug, rng.choice(districts).slug if districts else town.slug))
    return out


def windows() -> dict[str, tuple[datetime, datetime, dict[str, str]]]:
    """The week from the calendar's "today" (Monday to Sunday) and the feed's year."""
    from bench.calendar_generate import ANCHOR
    from perhekeskus.activities.params import day_start

    week_end = ANCHOR + timedelta(days=6)
    return {
        "week": (
            day_start(ANCHOR),
            day_start(week_end + timedelta(days=1)),
            {"start": ANCHOR.isoformat(), "end": week_end.isoformat()},
        ),
        "year": (
            day_start(ANCHOR - timedelta(days=FEED_DAYS_BACK)),
            day_start(ANCHOR + timedelta(days=FEED_DAYS_AHEAD)),
            {},
        ),
    }


def api_shape(occurrences: list[Any]) -> str:
    """The occurrence API's JSON for a page, built here: used only while the API is missing."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Helsinki")

    def texts(obj: Any, name: str) -> dict[str, str]:
        return {code: getattr(obj, f"{name}_{code}") for code in ("fi", "sv", "en")}

    rows = []
    for o in occurrences:
        a = o.activity
        rows.append(
            {
                "activity": str(a.uuid),
                "title": texts(a, "title"),
                "start": o.start.astimezone(tz).isoformat(),
                "end": o.end.astimezone(tz).isoformat(),
                "original_start": o.original_start.astimezone(tz).isoformat(),
                "status": str(o.status),
                "moved": o.moved,
                "note": texts(o.change, "note") if o.change else {"fi": o.note},
                "place": {"id": str(a.place.uuid), "name": a.place.name_fi} if a.place else None,
                "online": a.online,
                "organisation": a.organisation.slug,
            }
        )
    return json.dumps({"meta": {"count": len(rows)}, "data": rows})


def path_for(name: str) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _timed(call: Callable[[], int], repeat: int, result: Result) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result.occurrences.append(call())  # warm-up, the SQL count and the size of the answer
    result.sql_queries.append(len(captured.captured_queries))
    for _ in range(repeat):
        cpu, started = time.process_time(), time.perf_counter()
        call()
        result.samples_ms.append((time.perf_counter() - started) * 1000)
        result.cpu_ms.append((time.process_time() - cpu) * 1000)


def measure(areas: list[tuple[str, str]], *, repeat: int, verbose: bool = False) -> list[Result]:
    """Time every target for every area; raise on an HTTP answer other than 200."""
    import time_machine
    from django.test import Client

    from bench.calendar_generate import ANCHOR, TZ
    from perhekeskus.activities.params import filters_from_query
    from perhekeskus.activities.queries import occurrences_find

    client = Client()
    api_path = path_for("occurrence-list") or ("/api/v1/occurrences/" if _resolves("/api/v1/occurrences/") else None)
    feed_path = path_for("calendar-feed")
    wins = windows()
    results = {
        ("week", "function"): Result("week", "function"),
        ("week", "api"): Result("week", "api", missing="" if api_path else "no /api/v1/occurrences/ yet"),
        ("year", "function"): Result("year", "function"),
        ("year", "feed"): Result("year", "feed", missing="" if feed_path else "no calendar-feed url yet"),
    }
    if not api_path:
        results[("week", "serialised")] = Result("week", "serialised")

    def get(url: str, count: Callable[[Any], int]) -> Callable[[], int]:
        def call() -> int:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
            return count(response)

        return call

    # The feed's window starts from "now": now is the generated calendar's today.
    with time_machine.travel(datetime.combine(ANCHOR, datetime.min.time(), tzinfo=TZ) + timedelta(hours=8)):
        for town, district in areas:
            for label, slug in (("week", town), ("year", district)):
                start, end, params = wins[label]
                query = {"area": slug}

                def find(start: datetime = start, end: datetime = end, query: dict[str, str] = query) -> int:
                    return len(occurrences_find(filters_from_query(query), start, end))

                _timed(find, repeat, results[(label, "function")])
                if label == "week" and api_path:
                    url = f"{api_path}?{urlencode(params | query | {'page_size': '100'})}"
                    _timed(get(url, lambda r: r.json()["meta"]["count"]), repeat, results[("week", "api")])
                elif label == "week":

                    def serialised(start: datetime = start, end: datetime = end, query: dict[str, str] = query) -> int:
                        found = occurrences_find(filters_from_query(query), start, end)
                        api_shape(found)
                        return len(found)

                    _timed(serialised, repeat, results[("week", "serialised")])
                if label == "year" and feed_path:
                    url = f"{feed_path}?{urlencode(query)}"
                    _timed(get(url, lambda r: r.content.count(b"BEGIN:VEVENT")), repeat, results[("year", "feed")])
            if verbose:
                print(f"  {town}: week and year measured", file=sys.stderr, flush=True)
    return list(results.values())


def _resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


TARGET_NAMES = {
    ("week", "function"): "week, municipality: `occurrences_find`",
    ("week", "serialised"): "week, municipality: `occurrences_find` + JSON of the API's shape",
    ("week", "api"): "week, municipality: `GET /api/v1/occurrences/`",
    ("year", "function"): "year, district: `occurrences_find`",
    ("year", "feed"): "year, district: `GET /calendar.ics`",
}


def table(results: list[Result]) -> str:
    lines = [
        "| query | median ms | p95 ms | CPU median ms | SQL | returned (median, min–max) | timed |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        name = TARGET_NAMES[(r.label, r.target)]
        if r.missing or not r.samples_ms:
            lines.append(f"| {name} | – | – | – | – | {r.missing or 'not measured'} | 0 |")
            continue
        returned = f"{statistics.median(r.occurrences):.0f} ({min(r.occurrences)}–{max(r.occurrences)})"
        what = "events" if r.target == "feed" else "occurrences"
        lines.append(
            f"| {name} | {r.median:.1f} | {r.p95:.1f} | {statistics.median(r.cpu_ms):.1f} | {max(r.sql_queries)} "
            f"| {returned} {what} | {len(r.samples_ms)} |"
        )
    return "\n".join(lines)


def profile(areas: list[tuple[str, str]], label: str, top: int = 25) -> str:
    """cProfile of one `occurrences_find` per area (cumulative time, the `top` lines)."""
    from perhekeskus.activities.params import filters_from_query
    from perhekeskus.activities.queries import occurrences_find

    start, end, _params = windows()[label]
    slugs = [town if label == "week" else district for town, district in areas]
    for slug in slugs:  # warm, as the timed runs are
        occurrences_find(filters_from_query({"area": slug}), start, end)
    profiler = cProfile.Profile()
    profiler.enable()
    for slug in slugs:
        occurrences_find(filters_from_query({"area": slug}), start, end)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("BENCH_CALENDAR_DATABASE_URL"))
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale (default)")
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--areas", type=int, default=20, help="random municipalities (and one district of each)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per area and target")
    parser.add_argument("--smoke", action="store_true", help="tiny scale (0.01), 3 areas, 2 rounds, for CI")
    parser.add_argument("--regenerate", action="store_true", help="replace the calendar (the network stays)")
    parser.add_argument("--profile", action="store_true", help="also print where the time of the queries goes")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--generate-only", action="store_true", help="make the dataset, measure nothing")
    args = parser.parse_args(argv)
    if args.smoke:
        args.scale, args.areas, args.repeat = 0.01, 3, 2
    if not 0 < args.scale <= 2 or args.repeat < 1 or args.areas < 1:
        parser.error("--scale must be in (0, 2], --repeat and --areas at least 1")
    database_url = args.database or default_database(args.scale)
    copy_network(database_url, args.scale)
    run.configure(database_url)
    from django.db import connection

    dataset = ensure_calendar(
        scale=args.scale, seed=args.seed, regenerate=args.regenerate, progress=not args.no_progress
    )
    if args.generate_only:
        return 0
    vendor = run.database_name(connection)
    areas = pick_areas(args.areas, args.seed)
    print(f"\nDatabase: {vendor}; CPUs: {os.cpu_count()}; Python {platform.python_version()}")
    print(f"Dataset: {dataset}")
    print(f"{len(areas)} municipalities and one district of each; {args.repeat} timed runs per area and target\n")
    results = measure(areas, repeat=args.repeat, verbose=not args.no_progress)
    print(table(results))
    if args.profile:
        for label in ("week", "year"):
            print(f"\nProfile: {label}\n{profile(areas, label)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "database": vendor,
            "cpus": os.cpu_count(),
            "dataset": dataset,
            "areas": areas,
            "repeat": args.repeat,
            "results": [asdict(r) | ({"median": r.median, "p95": r.p95} if r.samples_ms else {}) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
