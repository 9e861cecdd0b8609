"""`manage.py export_hsds DIR`: write the service network as Open Referral HSDS 3.0 JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.interop.hsds.export import export_directory


class Command(BaseCommand):
    help = "Write organisations, services, places, hours and contacts as HSDS 3.0 JSON files into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="folder to write into (created if missing)")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["directory"])
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target}: not a directory")
        try:
            counts = export_directory(target)
        except OSError as exc:
            raise CommandError(f"{target}: cannot write ({exc.strerror or exc})") from None
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"HSDS export written to {target}"))
