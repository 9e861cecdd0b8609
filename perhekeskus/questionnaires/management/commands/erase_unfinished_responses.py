"""`manage.py erase_unfinished_responses`: erase the answers of forms saved to continue
later and not changed for UNFINISHED_RESPONSE_KEEP_DAYS. Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from perhekeskus.questionnaires import filling


class Command(BaseCommand):
    help = "Erase the answers of forms that were saved but never sent, after UNFINISHED_RESPONSE_KEEP_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = filling.erase_unfinished(source="erase_unfinished_responses")
        self.stdout.write(f"unfinished responses erased: {count}")
