"""`manage.py send_messages [--reminders] [--keep-days N]`: the outbox's periodic run.

Sends pending messages, retries failed ones whose pause is over (up to
MESSAGE_MAX_ATTEMPTS attempts), with `--reminders` first queues reminders of sessions
starting in 24–48 hours, and clears the texts of messages sent over `--keep-days` ago
(default MESSAGE_KEEP_DAYS). Prints one summary line. Run it e.g. every 10 minutes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from perhekeskus.messaging import services


class Command(BaseCommand):
    help = "Send pending messages to families, retry failed ones, queue reminders and clear old texts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reminders", action="store_true", help="first queue reminders of sessions starting in 24–48 hours"
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help=f"clear texts of messages sent over this many days ago (default {settings.MESSAGE_KEEP_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keep_days = options["keep_days"]
        if keep_days is not None and keep_days < 1:
            raise CommandError(f"--keep-days must be at least 1; got {keep_days}")
        now = timezone.now()
        reminders = services.queue_reminders(now=now) if options["reminders"] else 0
        summary = services.send_due(now=now)
        summary.reminders = reminders
        summary.cleared = services.clear_old(now=now, keep_days=keep_days)
        self.stdout.write(summary.line())
