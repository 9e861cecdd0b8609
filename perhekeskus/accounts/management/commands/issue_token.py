"""`manage.py issue_token --email E --organisation SLUG --role ROLE`: a token for a machine client.

Creates the user and the membership when missing, then prints the raw token alone on
stdout so a script can capture it (`TOKEN=$(manage.py issue_token …)`). The token is
shown only this once: only its hash is stored. Bad input exits non-zero with a
one-line reason and saves nothing (one transaction).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from perhekeskus.accounts import services
from perhekeskus.accounts.models import Role
from perhekeskus.network.models import Organisation


class Command(BaseCommand):
    help = "Create the user and membership if needed and print a new API token (alone, on stdout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--organisation", required=True, help="slug of the organisation")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--name", default="", help="a label for the token, e.g. the client's name")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"]
        if role not in Role.values:
            raise CommandError(f"unknown role {role!r}; use one of: {', '.join(Role.values)}")
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"unknown organisation {options['organisation']!r}")
        try:
            with transaction.atomic():
                user = services.user_get_or_create(actor=None, email=options["email"], source="command")
                services.membership_ensure(
                    actor=None, user=user, organisation=organisation, role=role, source="command"
                )
                raw = services.token_issue(actor=None, user=user, name=options["name"], source="command")
        except ValidationError as exc:
            raise CommandError(_one_line(exc)) from None
        self.stdout.write(raw)


def _one_line(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
