"""`manage.py export_programme SLUG`: a template as JSON on stdout, in the shape
`load_programmes` reads (export, edit, load again)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.groups.models import Programme
from perhekeskus.groups.programme_serializers import programme_data


class Command(BaseCommand):
    help = "Write a programme template as JSON on stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.select_related("organisation").filter(slug=options["slug"]).first()
        if programme is None:
            raise CommandError(f"no programme template with the slug {options['slug']!r}")
        self.stdout.write(json.dumps(programme_data(programme), ensure_ascii=False, indent=2))
