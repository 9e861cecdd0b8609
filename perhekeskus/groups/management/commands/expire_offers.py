"""`manage.py expire_offers`: pass on the places offered to waiting families who did not
accept in time. Run it every few minutes (with `send_messages`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from perhekeskus.groups import services


class Command(BaseCommand):
    help = "Pass lapsed offers of freed places on to the next family on the waiting list."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.expire_all_offers(source="expire_offers")
        self.stdout.write(f"groups with lapsed offers: {count}")
