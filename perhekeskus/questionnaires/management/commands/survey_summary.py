"""`manage.py survey_summary ID [--public]`: a survey's counts per item and option as JSON.

`{"responses": N, "items": {linkId: {code: count}}}` over completed, not erased
responses. `--public` gives the version for anything shown outside the owning
organisation: counts under 5 are null.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.questionnaires import surveys
from perhekeskus.questionnaires.models import Questionnaire


class Command(BaseCommand):
    help = "Print a survey's counts per item and option as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("questionnaire", help="the questionnaire id, e.g. perhe-2007")
        parser.add_argument("--public", action="store_true", help="hide counts under 5 (for outside the organisation)")

    def handle(self, *args: Any, **options: Any) -> None:
        identifier = options["questionnaire"]
        questionnaire = Questionnaire.objects.filter(identifier=identifier).first()
        if questionnaire is None:
            raise CommandError(f"no questionnaire {identifier!r}")
        result = surveys.public_summary(questionnaire) if options["public"] else surveys.summary(questionnaire)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
