"""`manage.py erase_wellbeing`: erase the parents' answers WELLBEING_RETENTION_DAYS after
a family's schedule ended (closed, or every parent's one-year forms sent). Idempotent:
a second run erases nothing. Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from perhekeskus.wellbeing.services import erase_due


class Command(BaseCommand):
    help = "Erase the wellbeing clinic's answers and family labels whose retention time has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        families, responses = erase_due()
        self.stdout.write(f"erased: {families} families, {responses} responses")
