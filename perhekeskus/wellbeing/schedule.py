"""When each point of the schedule is due, and which questionnaires it uses.

Tampere's own forms (Kangaspunta & Värri 2007, report Liite 5) asked about each parent's
wellbeing, the family's resources and risks and the couple's relationship; they were not
published. We use the validated instruments the platform ships instead: EPDS, which
measures the depressive symptoms the Tampere pilot eased (Liite 5: "vanhempien
masennusoireisiin"), at every point for both parents, and AUDIT-C in pregnancy, when
the clinic asks every parent about alcohol. A municipality changes the list with the
WELLBEING_QUESTIONNAIRES setting ({point: [questionnaire id, ...]}); every id must be
loaded (`manage.py load_questionnaires`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from perhekeskus.wellbeing.models import Family, Point

DEFAULT_QUESTIONNAIRES: dict[str, tuple[str, ...]] = {
    Point.PREGNANCY: ("epds", "audit-c"),
    Point.MONTHS_2_3: ("epds",),
    Point.YEAR_1: ("epds",),
}
# The points after birth open a little before the age they are named for, so the link
# can be handed over at the visit before; the age windows follow the clinic's visits.
OPENS_AFTER_BIRTH = {Point.MONTHS_2_3: timedelta(weeks=8), Point.YEAR_1: timedelta(weeks=50)}


def questionnaires_for(point: str) -> tuple[str, ...]:
    configured = getattr(settings, "WELLBEING_QUESTIONNAIRES", None) or DEFAULT_QUESTIONNAIRES
    return tuple(configured.get(point, ()))


@dataclass(frozen=True)
class Due:
    opens: date | None  # None: not known before the birth date is recorded
    due: bool


def due(family: Family, point: str, today: date) -> Due:
    """Whether `point` is open for forms on `today`.

    Pregnancy is open from the start (forms sent after the birth are still welcome); the
    later points open a set time after the birth date, or the due date while the birth
    is not recorded (the nurse sees the expected day, but links wait for the birth).
    """
    if point == Point.PREGNANCY:
        return Due(opens=None, due=True)
    delay = OPENS_AFTER_BIRTH[Point(point)]
    if family.birth_date is None:
        return Due(opens=family.due_date + delay, due=False)
    opens = family.birth_date + delay
    return Due(opens=opens, due=today >= opens)
