"""`manage.py export_questionnaire ID`: print a questionnaire's FHIR R4 definition as JSON.

The definition is kept exactly as it was imported, so the export is the same JSON
object that came in.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.questionnaires.models import Questionnaire


class Command(BaseCommand):
    help = "Print a questionnaire's FHIR R4 Questionnaire JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identifier", metavar="ID", help="the questionnaire's id, e.g. perhe-2007")

    def handle(self, *args: Any, **options: Any) -> None:
        questionnaire = Questionnaire.objects.filter(identifier=options["identifier"]).first()
        if questionnaire is None:
            raise CommandError(f"no questionnaire {options['identifier']!r}")
        self.stdout.write(json.dumps(questionnaire.definition, ensure_ascii=False, indent=2))
