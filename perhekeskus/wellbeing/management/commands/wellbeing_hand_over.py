"""`manage.py wellbeing_hand_over --from EMAIL --to EMAIL [--clinic SLUG]`: pass every family
of a nurse who has left (or is on long leave) to another professional of the same clinic.

For the clinic's admin when the nurse could not hand her families over herself: the
families move without anyone reading them (the command prints counts only), and each
move is in the audit log like a hand-over on the family's page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from perhekeskus.accounts.models import User
from perhekeskus.wellbeing import services
from perhekeskus.wellbeing.models import Family

SOURCE = "wellbeing_hand_over"


class Command(BaseCommand):
    help = "Pass a nurse's wellbeing clinic families to another professional of the same clinic."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="old", required=True, help="the e-mail of the nurse who left")
        parser.add_argument("--to", dest="new", required=True, help="the e-mail of the nurse who takes over")
        parser.add_argument("--clinic", default="", help="only the families of this clinic (organisation slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        old = User.objects.filter(email__iexact=options["old"]).first()
        new = User.objects.filter(email__iexact=options["new"]).first()
        if old is None or new is None:
            raise CommandError(f"no account with the e-mail {options['old'] if old is None else options['new']!r}")
        families = Family.objects.filter(nurse=old, erased_at__isnull=True).select_related("clinic")
        if options["clinic"]:
            families = families.filter(clinic__slug=options["clinic"])
        moved = 0
        try:
            with transaction.atomic():  # all or none: a family of a clinic where `new` does not work stops it
                for family in families.order_by("id"):
                    services.family_hand_over(actor=None, family=family, nurse=new, source=SOURCE)
                    moved += 1
        except ValidationError as exc:
            reason = "; ".join(str(m) for messages in exc.message_dict.values() for m in messages)
            raise CommandError(f"nothing was moved: {reason} ({new.email} must work at every clinic moved)") from exc
        self.stdout.write(f"families handed over: {moved}")
