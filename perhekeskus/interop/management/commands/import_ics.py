"""`manage.py import_ics FILE --organisation SLUG`: a partner's calendar into activities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from perhekeskus.activities.models import ActivityStatus
from perhekeskus.interop.ics.importer import IcsError, Options, import_calendar
from perhekeskus.interop.ics.mapping import place_from_option
from perhekeskus.network.models import Organisation


class Command(BaseCommand):
    help = (
        "Import an iCalendar (.ics) file, e.g. exported from Google Calendar or Outlook, as activities of "
        "one organisation. Idempotent by UID: a second run updates, never duplicates. The whole file is one "
        "transaction: an unreadable file or event saves nothing. Events that cannot be kept are reported "
        "and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the .ics file")
        parser.add_argument("--organisation", required=True, metavar="SLUG", help="organiser of the activities")
        parser.add_argument(
            "--language", choices=["fi", "sv", "en"], default="fi", help="language of the texts (default fi)"
        )
        parser.add_argument("--place", metavar="UUID-OR-NAME", help="place for events whose LOCATION matches no place")
        parser.add_argument(
            "--status",
            choices=[ActivityStatus.PUBLISHED.value, ActivityStatus.DRAFT.value],
            default=ActivityStatus.PUBLISHED.value,
            help="status of new activities (default published)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with the slug '{options['organisation']}'")
        default_place = None
        if options["place"]:
            default_place = place_from_option(options["place"])
            if default_place is None:
                raise CommandError(f"no single place with the UUID or name '{options['place']}'")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except OSError as exc:
            raise CommandError(f"{path}: cannot read ({exc.strerror or exc})") from None
        settings = Options(
            organisation=organisation,
            language=options["language"],
            default_place=default_place,
            status=options["status"],
            dry_run=options["dry_run"],
        )
        try:
            # Validation messages in the command's own language, English.
            with translation.override("en"):
                summary = import_calendar(data, settings)
        except IcsError as exc:
            raise CommandError(f"{path.name}: {exc}; nothing was imported") from None
        for line in summary.lines:
            self.stdout.write(line)
        prefix = "dry run, nothing saved: " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary.line()}"))
