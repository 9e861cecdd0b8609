"""`manage.py erase_signups`: erase the personal data of sign-ups to groups that ended
more than SIGNUP_RETENTION_DAYS ago (or `--days N`). Run it daily."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.groups import services


class Command(BaseCommand):
    help = "Erase sign-ups' personal data a set time after their group's last session."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="default: SIGNUP_RETENTION_DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.SIGNUP_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1")
        count = services.erase_ended(days=days, source="erase_signups")
        self.stdout.write(f"sign-ups erased: {count}")
