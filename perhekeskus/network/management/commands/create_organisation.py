"""`manage.py create_organisation SLUG --name NAME --kind KIND`: the first step of a new installation.

Creates the organisation, or leaves an existing one with that slug exactly as it is
(so set-up scripts can run it again). Bad input exits non-zero with a one-line
reason and saves nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from perhekeskus.network import services
from perhekeskus.network.models import Area, Organisation, OrganisationKind, Sector


class Command(BaseCommand):
    help = "Create an organisation, or leave an existing one with the same slug unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="lowercase identifier, e.g. espoo or mll-matinkyla")
        parser.add_argument("--name", required=True, help="name in Finnish")
        parser.add_argument("--name-sv", default="", help="name in Swedish")
        parser.add_argument("--name-en", default="", help="name in English")
        parser.add_argument("--kind", required=True, help=f"one of: {', '.join(OrganisationKind.values)}")
        parser.add_argument("--parent", help="slug of the parent organisation")
        parser.add_argument("--area", help="slug of the home area")
        parser.add_argument("--sector", default="", help=f"one of: {', '.join(Sector.values)}")

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        try:
            validate_slug(slug)
            if slug != slug.lower():
                raise ValidationError("uppercase")
        except ValidationError:
            raise CommandError(
                f"invalid slug {slug!r}: use lowercase letters, digits, hyphens and underscores"
            ) from None
        kind = options["kind"]
        if kind not in OrganisationKind.values:
            raise CommandError(f"unknown kind {kind!r}; use one of: {', '.join(OrganisationKind.values)}")
        sector = options["sector"]
        if sector and sector not in Sector.values:
            raise CommandError(f"unknown sector {sector!r}; use one of: {', '.join(Sector.values)}")
        if not options["name"].strip():
            raise CommandError("--name must not be empty")
        parent = area = None
        if options["parent"]:
            parent = Organisation.objects.filter(slug=options["parent"]).first()
            if parent is None:
                raise CommandError(f"unknown parent organisation {options['parent']!r}")
        if options["area"]:
            area = Area.objects.filter(slug=options["area"]).first()
            if area is None:
                raise CommandError(f"unknown area {options['area']!r}")

        existing = Organisation.objects.filter(slug=slug).first()
        if existing is not None:
            self.stdout.write(f"organisation {slug} exists, left unchanged ({existing.name_fi})")
            return
        data = {
            "slug": slug,
            "name_fi": options["name"].strip(),
            "name_sv": options["name_sv"],
            "name_en": options["name_en"],
            "kind": kind,
            "sector": sector,
            "parent": parent,
            "area": area,
        }
        try:
            org = services.organisation_create(actor=None, data=data, source="command")
        except ValidationError as exc:
            raise CommandError(_one_line(exc)) from None
        self.stdout.write(f"organisation {org.slug} created ({org.uuid})")


def _one_line(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
