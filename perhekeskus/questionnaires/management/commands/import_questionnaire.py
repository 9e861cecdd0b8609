"""`manage.py import_questionnaire FILE`: store a FHIR R4 Questionnaire from a JSON file.

Importing an id that exists replaces its definition (a municipality loads its licensed
wording over a shipped definition). A file that is not JSON or not a Questionnaire the
engine supports is refused whole, with every place and reason on one line, and nothing
is stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from perhekeskus.network.models import Organisation
from perhekeskus.questionnaires import services
from perhekeskus.questionnaires.definition import DefinitionError
from perhekeskus.questionnaires.models import Purpose

SOURCE = "import_questionnaire"


def one_line(text: str) -> str:
    return " ".join(text.split())


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise CommandError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc


class Command(BaseCommand):
    help = "Import a FHIR R4 Questionnaire from a JSON file; an existing id is replaced."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a FHIR R4 Questionnaire as JSON")
        parser.add_argument("--organisation", metavar="SLUG", help="the organisation that owns it (default: shared)")
        parser.add_argument("--purpose", choices=list(Purpose.values), help="clinical, feedback or survey")
        parser.add_argument(
            "--one-per-respondent", action="store_true", help="take one response per respondent (e.g. per project)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        data = read_json(path)
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"--organisation: no organisation {options['organisation']!r}")
        try:
            questionnaire, created = services.questionnaire_import(
                data,
                organisation=organisation,
                purpose=options["purpose"],
                # Only a given flag changes the setting: re-importing new wording keeps it.
                one_per_respondent=True if options["one_per_respondent"] else None,
                source=SOURCE,
            )
        except DefinitionError as exc:
            raise CommandError(one_line(f"{path}: {exc}")) from exc
        count = len(services.definition_of(questionnaire).questions)
        self.stdout.write(
            f"imported {questionnaire.identifier}: {count} questions ({'new' if created else 'replaced'})"
        )
