"""Database housekeeping for the benchmark: bulk-load tuning, statistics, wiping."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def large_sqlite_cache() -> Iterator[None]:
    """SQLite's default 2 MB page cache thrashes once the search index outgrows it, and
    inserts slow down tenfold; give the generator 256 MB, then restore the default so
    the benchmark that follows measures what production gets."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def analyse() -> None:
    """Fresh planner statistics after a bulk load.

    Without them SQLite scans the whole search index for every query (13 s instead of
    1 s per search at national scale); PostgreSQL's autovacuum would get there too, but
    only some minutes later, in the middle of a benchmark.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def wipe() -> None:
    """Empty the benchmark database, keeping the seeded lookups.

    Refuses when user accounts exist: the generator never makes any, so such a
    database is somebody's real directory, not a benchmark database.
    """
    from django.core.management import call_command

    from perhekeskus.accounts.models import User
    from perhekeskus.network.seed import seed_lookups

    if User.objects.exists():
        raise SystemExit("Refusing to wipe a database that has user accounts: it is not a benchmark database.")
    call_command("flush", interactive=False, verbosity=0)
    seed_lookups()
