"""`manage.py rebuild_search_index [--kind service|place|organisation]` — re-index search terms.

Needed after a change to the analysis (new dictionary, new weights) or a bulk load
that wrote rows directly; ordinary edits re-index themselves.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from perhekeskus.core.models import SearchTerm
from perhekeskus.network import search_index


class Command(BaseCommand):
    help = "Re-index the search terms of services, places and organisations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            help=f"only this kind ({', '.join(search_index.KINDS)}); may be repeated",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kinds: list[str] = options["kind"] or list(search_index.KINDS)
        unknown = [k for k in kinds if k not in search_index.KINDS]
        if unknown:
            raise CommandError(f"Unknown kind {unknown[0]!r}; choose from {', '.join(search_index.KINDS)}.")
        for kind in kinds:

            def report(done: int, total: int, kind: str = kind) -> None:
                self.stdout.write(f"\r{kind}: {done}/{total}", ending="")
                self.stdout.flush()

            count = search_index.reindex_all(kind, progress=report)  # one transaction per kind
            self.stdout.write(f"\r{kind}: {count} indexed")
        # Fresh planner statistics: without them SQLite may scan the whole term table
        # instead of walking its index (seconds instead of milliseconds per search).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SearchTerm._meta.db_table)}")
        self.stdout.write("statistics updated")
