"""`manage.py export_responses ID [--status completed]`: a questionnaire's responses as FHIR.

Prints a FHIR R4 `Bundle` (type collection) of `QuestionnaireResponse` resources. Erased
responses are left out. Responses can be personal health data, so the export is written
in the audit log as a read of the questionnaire's responses.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from perhekeskus.core import audit
from perhekeskus.questionnaires import fhir
from perhekeskus.questionnaires.models import Questionnaire, ResponseStatus

SOURCE = "export_responses"


class Command(BaseCommand):
    help = "Print a questionnaire's responses as a FHIR R4 Bundle of QuestionnaireResponses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identifier", metavar="ID", help="the questionnaire's id, e.g. perhe-2007")
        parser.add_argument("--status", choices=list(ResponseStatus.values), help="only responses in this status")

    def handle(self, *args: Any, **options: Any) -> None:
        questionnaire = Questionnaire.objects.filter(identifier=options["identifier"]).first()
        if questionnaire is None:
            raise CommandError(f"no questionnaire {options['identifier']!r}")
        responses = questionnaire.responses.filter(erased_at__isnull=True).select_related("questionnaire")
        if options["status"]:
            responses = responses.filter(status=options["status"])
        with transaction.atomic():
            found = list(responses)
            document = fhir.bundle(found)
            audit.record(
                actor=None,
                action=audit.AuditAction.READ,
                obj=questionnaire,
                changes={"exported_responses": len(found), "status": options["status"] or "any"},
                source=SOURCE,
            )
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
