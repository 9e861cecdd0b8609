"""The demo's wellbeing clinic, loaded by `load_demo` after the shipped questionnaires.

The demo nurse (professional@example.fi, Länsi-Uusimaa clinics) has three made-up
families, dated from the day of the load:

- Aalto, expecting in two months: the mother has sent her pregnancy forms, the
  father's link waits;
- Berg, baby three months old: both parents sent in pregnancy and at 2–3 months; the
  mother's EPDS at 2–3 months is at "discuss" with an answer to the alert item, so it
  tops the nurse's work list;
- Heikkinen, baby almost one year: the mother's scores fall over the three points.

Families are found again by nurse and label, so a second load makes nothing new. The
answers go through the fill service (`filling.response_save`) like a parent's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from perhekeskus.accounts.models import User
from perhekeskus.network.models import Organisation
from perhekeskus.questionnaires import filling
from perhekeskus.wellbeing import services
from perhekeskus.wellbeing.models import Family, Point

SOURCE = "load_demo"
NURSE = "professional@example.fi"
CLINIC = "lansi-uusimaa-neuvolat"
FORWARD = {1, 2, 4}  # EPDS items scored as coded; the others in reverse


def epds(scores: list[int]) -> dict[str, list[str]]:
    """EPDS answers (option codes) from the ten items' scores."""
    return {f"epds.{n}": [str(s if n in FORWARD else 3 - s)] for n, s in enumerate(scores, start=1)}


AUDIT_C_LOW = {"audit.1": ["1"], "audit.2": ["0"], "audit.3": ["0"]}


@dataclass(frozen=True)
class DemoFamily:
    label: str
    due_in_days: int  # from the load day; negative: in the past
    born_days_ago: int | None
    parents: tuple[tuple[str, str], ...]
    # (parent position, point, EPDS item scores or None for a link only, with AUDIT-C?)
    sent: tuple[tuple[int, str, list[int] | None], ...]


FAMILIES = (
    DemoFamily(
        label="Aalto, Kivikatu",
        due_in_days=60,
        born_days_ago=None,
        parents=(("mother", "fi"), ("father", "fi")),
        sent=((1, Point.PREGNANCY, [1, 1, 1, 1, 0, 1, 0, 1, 0, 0]), (2, Point.PREGNANCY, None)),
    ),
    DemoFamily(
        label="Berg, Strandvägen",
        due_in_days=-95,
        born_days_ago=98,
        parents=(("mother", "sv"), ("father", "sv")),
        sent=(
            (1, Point.PREGNANCY, [1, 1, 2, 1, 1, 1, 1, 1, 0, 0]),
            (2, Point.PREGNANCY, [0, 1, 1, 1, 0, 1, 0, 1, 0, 0]),
            (1, Point.MONTHS_2_3, [2, 2, 2, 2, 1, 2, 1, 1, 1, 1]),
            (2, Point.MONTHS_2_3, [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]),
        ),
    ),
    DemoFamily(
        label="Heikkinen, Koivutie",
        due_in_days=-355,
        born_days_ago=358,
        parents=(("mother", "fi"), ("father", "fi")),
        sent=(
            (1, Point.PREGNANCY, [2, 1, 2, 1, 1, 1, 1, 1, 1, 0]),
            (2, Point.PREGNANCY, [0, 0, 1, 1, 0, 1, 0, 0, 0, 0]),
            (1, Point.MONTHS_2_3, [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
            (1, Point.YEAR_1, [0, 1, 1, 1, 0, 1, 0, 0, 0, 0]),
            (2, Point.YEAR_1, [0, 0, 1, 0, 0, 1, 0, 0, 0, 0]),
        ),
    ),
)


def load(today: date, tally: Any) -> None:
    nurse = User.objects.filter(email=NURSE).first()
    clinic = Organisation.objects.filter(slug=CLINIC).first()
    if nurse is None or clinic is None:  # a trimmed demo without the clinic
        return
    for spec in FAMILIES:
        if Family.objects.filter(nurse=nurse, label=spec.label).exists():
            tally.unchanged += 1
            continue
        born = today - timedelta(days=spec.born_days_ago) if spec.born_days_ago is not None else None
        family = services.family_create(
            actor=None,
            clinic=clinic,
            nurse=nurse,
            label=spec.label,
            due_date=today + timedelta(days=spec.due_in_days),
            birth_date=born,
            parents=[{"label": label, "language": language} for label, language in spec.parents],
            source=SOURCE,
        )
        for position, point, scores in spec.sent:
            parent = family.parents.get(position=position)
            links = services.forms_start(actor=None, family=family, parent=parent, point=point, source=SOURCE)
            if scores is None:
                continue
            for link in links:
                identifier = link.form.questionnaire.identifier
                answers = epds(scores) if identifier == "epds" else AUDIT_C_LOW if identifier == "audit-c" else None
                if answers is not None:
                    filling.response_save(link.form.response, answers, complete=True, source=SOURCE)
        tally.created += 1
