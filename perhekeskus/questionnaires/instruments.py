"""The questionnaires shipped with the platform, in `data/` as FHIR R4 Questionnaire files.

- `epds`: the Edinburgh Postnatal Depression Scale's item identifiers, option codes and
  scoring only. Its wording is licensed and is not in the repository: a municipality
  loads its licensed file (same id, linkIds, option codes and scoring extension) with
  `manage.py import_questionnaire`, which replaces the shipped definition.
- `audit-c`: the three alcohol consumption questions of WHO's AUDIT, with their text.
- `group-feedback`, `cafe-feedback`: feedback forms written for this project.
- `help-survey`: a neighbourhood's "where do families get help" survey, written for this
  project (anonymous, by link).

Loading is idempotent by id. A stored definition that differs from the shipped file is
kept unless `replace` is asked for: it is most likely the municipality's licensed EPDS,
and overwriting it would put placeholders back in front of parents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from perhekeskus.questionnaires import scoring, services
from perhekeskus.questionnaires.definition import DefinitionError, parse
from perhekeskus.questionnaires.models import Purpose, Questionnaire

DATA = Path(__file__).resolve().parent / "data"
# The purpose is ours, not FHIR's: it decides who may see the answers.
SHIPPED = {
    "epds": Purpose.CLINICAL,
    "audit-c": Purpose.CLINICAL,
    "group-feedback": Purpose.FEEDBACK,
    "cafe-feedback": Purpose.FEEDBACK,
    "help-survey": Purpose.SURVEY,
}


class ShippedError(ValueError):
    """A shipped file cannot be read or checked; the message names the file."""


@dataclass
class Loaded:
    identifier: str
    outcome: str  # "created", "updated", "unchanged" or "kept" (differs; not replaced)


def shipped_path(identifier: str) -> Path:
    return DATA / f"{identifier}.json"


def read_shipped(identifier: str) -> dict[str, Any]:
    """A shipped definition, checked whole with its scoring."""
    path = shipped_path(identifier)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        scoring.parse_scoring(parse(data))
    except (OSError, ValueError) as exc:
        # DefinitionError and ScoringError are ValueErrors with every place and reason.
        raise ShippedError(f"{path.name}: {exc}") from exc
    if data.get("id") != identifier:
        raise ShippedError(f"{path.name}: the id must be {identifier!r}")
    return data


@transaction.atomic
def load_shipped(*, replace: bool = False, source: str = "load_questionnaires", tally: Any = None) -> list[Loaded]:
    """Load every shipped questionnaire, all or none; adds to `tally` (created/updated/
    unchanged counts), if given."""
    done: list[Loaded] = []
    for identifier, purpose in SHIPPED.items():
        data = read_shipped(identifier)
        existing = Questionnaire.objects.filter(identifier=identifier).first()
        if existing is not None and existing.definition == data and existing.purpose == purpose:
            done.append(Loaded(identifier, "unchanged"))
        elif existing is not None and existing.definition != data and not replace:
            done.append(Loaded(identifier, "kept"))
        else:
            try:
                _, created = services.questionnaire_import(data, purpose=purpose, source=source)
            except DefinitionError as exc:  # pragma: no cover - read_shipped checked it
                raise ShippedError(f"{identifier}.json: {exc}") from exc
            done.append(Loaded(identifier, "created" if created else "updated"))
    if tally is not None:
        tally.created += sum(1 for d in done if d.outcome == "created")
        tally.updated += sum(1 for d in done if d.outcome == "updated")
        tally.unchanged += sum(1 for d in done if d.outcome in ("unchanged", "kept"))
    return done
