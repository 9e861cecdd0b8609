"""`manage.py load_questionnaires [--replace]`: load the questionnaires shipped in
`perhekeskus/questionnaires/data/` (EPDS scoring, AUDIT-C, group and family café feedback).

Idempotent by id. A stored questionnaire that differs from the shipped file (a
municipality's licensed EPDS wording) is kept unless `--replace` is given. One bad file
stops the command with a one-line reason and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.questionnaires.instruments import ShippedError, load_shipped


class Command(BaseCommand):
    help = "Load the shipped questionnaires (EPDS scoring, AUDIT-C, feedback forms). Idempotent by id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--replace",
            action="store_true",
            help="also replace stored definitions that differ from the shipped files (e.g. licensed EPDS text)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = load_shipped(replace=options["replace"])
        except ShippedError as exc:
            raise CommandError(str(exc)) from exc
        counts = {
            name: [d.identifier for d in done if d.outcome == name]
            for name in ("created", "updated", "unchanged", "kept")
        }
        summary = ", ".join(f"{len(ids)} {name}" for name, ids in counts.items())
        self.stdout.write(f"questionnaires: {summary}")
        if counts["kept"]:
            self.stdout.write(
                f"kept as stored (they differ from the shipped files; --replace overwrites): {', '.join(counts['kept'])}"
            )
