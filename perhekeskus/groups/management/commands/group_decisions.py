"""`manage.py group_decisions`: the go/no-go date, run daily.

A group due for its decision that has enough families starts by itself (the families
are told); an under-filled one waits for its organiser, who is reminded once per
decision date, with the coordinators of its area.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from perhekeskus.groups import decision_messages, decisions


class Command(BaseCommand):
    help = (
        "Start the groups due for their go/no-go decision that have enough families; remind the organisers of the rest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the day to decide for (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: not a date (YYYY-MM-DD): {options['today']}") from exc
        started = reminded = messages = 0
        for group in decisions.decisions_due(today):
            if decisions.places_taken(group) >= group.minimum:
                decisions.group_start(actor=None, group=group, source="group_decisions")
                started += 1
                continue
            queued = decision_messages.queue_decision_due(group)
            reminded += 1
            messages += len(queued)
        self.stdout.write(
            f"{today}: {started} groups started, {reminded} under-filled groups waiting for a decision "
            f"({messages} reminders queued)"
        )
