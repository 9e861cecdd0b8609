"""`manage.py load_programmes [FILE ...]`: load programme templates from JSON files.

Without files, the templates shipped in `perhekeskus/groups/data/programmes/`. A template
is found by its slug: loading again updates it, never makes a second one. The files are
loaded in one transaction: one bad file stops the command with a one-line reason and
nothing is saved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from perhekeskus.core.api import validation_detail
from perhekeskus.groups.programme_serializers import programme_save_data

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "programmes"
SOURCE = "load_programmes"


def shipped_files() -> list[Path]:
    return sorted(SHIPPED.glob("*.json"))


def read_document(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path}: not valid JSON ({exc})") from exc


def one_line(exc: ValidationError) -> str:
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in validation_detail(exc).items())


def load_files(paths: list[Path]) -> list[tuple[Path, str, bool]]:
    """Load every file or none: (path, slug, created) for each."""
    done: list[tuple[Path, str, bool]] = []
    with transaction.atomic():
        for path in paths:
            document = read_document(path)
            try:
                programme, created = programme_save_data(actor=None, document=document, upsert=True, source=SOURCE)
            except ValidationError as exc:
                raise CommandError(f"{path}: {one_line(exc)}") from exc
            done.append((path, programme.slug, created))
    return done


class Command(BaseCommand):
    help = "Load programme templates from JSON files (default: the shipped ones). Idempotent by slug."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="template files; none: the shipped templates")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["files"]] or shipped_files()
        for path, slug, created in load_files(paths):
            self.stdout.write(f"{slug}: {'created' if created else 'updated'} ({path.name})")
