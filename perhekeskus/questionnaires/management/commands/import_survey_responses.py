"""`manage.py import_survey_responses --questionnaire ID FILE`: survey responses from a file.

The file (CSV or XLSX, format in `perhekeskus.questionnaires.surveys`) is stored whole as
completed responses or, on any problem, not at all: the command then stops with one line
naming the row, the column and the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.questionnaires import surveys
from perhekeskus.questionnaires.models import Questionnaire


class Command(BaseCommand):
    help = "Import survey responses from a CSV or XLSX file (header: respondent, then one column per linkId)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questionnaire", required=True, help="the questionnaire id, e.g. perhe-2007")
        parser.add_argument("file", help="the response file (.csv or .xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        identifier = options["questionnaire"]
        questionnaire = Questionnaire.objects.filter(identifier=identifier).first()
        if questionnaire is None:
            raise CommandError(f"no questionnaire {identifier!r} (import it first with import_questionnaire)")
        path = Path(options["file"])
        try:
            stored = surveys.import_responses(questionnaire, path)
        except surveys.ResponseFileError as exc:
            raise CommandError(f"{path.name}: {exc} (nothing was imported)") from exc
        self.stdout.write(f"imported {len(stored)} responses into {questionnaire.identifier}")
