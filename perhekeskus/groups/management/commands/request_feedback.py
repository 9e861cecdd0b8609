"""`manage.py request_feedback`: send the feedback form's one-time links to the families
of every group whose last session ended at least a day ago and who were not asked yet.
Run it daily; a group is asked once, so running it again sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from perhekeskus.groups import feedback


class Command(BaseCommand):
    help = "Ask the families of groups that ended for feedback (once per group)."

    def handle(self, *args: Any, **options: Any) -> None:
        groups, families = feedback.request_due(source="request_feedback")
        self.stdout.write(f"feedback requested: {groups} groups, {families} families")
