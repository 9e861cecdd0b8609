"""`manage.py erase_interest`: erase interest-list entries older than INTEREST_KEEP_DAYS
(or `--days N`), and those of families invited to a group whose sign-ups were erased or
that ended more than SIGNUP_RETENTION_DAYS ago. Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.groups import interest


class Command(BaseCommand):
    help = "Erase interest-list entries' e-mail addresses and family details when they are no longer needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="default: INTEREST_KEEP_DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        count = interest.interest_erase_old(keep=days, source="erase_interest")
        self.stdout.write(f"interest entries erased: {count}")
