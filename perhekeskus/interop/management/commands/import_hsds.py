"""`manage.py import_hsds FILE --publisher SLUG`: read services or organisations in HSDS 3.0 JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from perhekeskus.interop.hsds.importer import import_file
from perhekeskus.interop.hsds.reader import HsdsError
from perhekeskus.interop.hsds.schema import SchemaMissing


class Command(BaseCommand):
    help = (
        "Import one HSDS 3.0 service or organization (or a list of them) in the service_full or "
        "organization_full shape. The whole file is checked first; any error rejects it whole."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="HSDS JSON file")
        parser.add_argument(
            "--publisher",
            required=True,
            metavar="SLUG",
            help="organisation whose editors keep the imported records (must exist)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            # Messages from model validation in the same language as the command's own.
            with translation.override("en"):
                summary = import_file(path, publisher_slug=options["publisher"])
        except HsdsError as exc:
            raise CommandError(f"{path.name}: {exc}; nothing was imported") from None
        except SchemaMissing as exc:
            raise CommandError(str(exc)) from None
        for warning in summary.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary.line()}"))
