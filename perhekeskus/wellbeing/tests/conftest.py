"""The wellbeing clinic on top of the shared `network` cast.

Pia (professional of Espoo city) is the nurse; Nina, another professional of the city,
is the colleague a family can be handed over to. The shipped questionnaires are loaded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.questionnaires import filling, instruments
from perhekeskus.wellbeing import services
from perhekeskus.wellbeing.models import Family

# Items 1, 2 and 4 score as coded, the others in reverse (see questionnaires.test_epds).
FORWARD = {1, 2, 4}


def epds_answers(total: int, *, item10: int = 0) -> dict[str, list[str]]:
    """EPDS answers (by option code) that score `total`, with item 10 scoring `item10`."""
    scores = dict.fromkeys(range(1, 11), 0)
    scores[10] = item10
    left = total - item10
    for n in range(1, 10):
        scores[n] = min(3, left)
        left -= scores[n]
    assert left == 0, "total too high for the items"
    return {f"epds.{n}": [str(s if n in FORWARD else 3 - s)] for n, s in scores.items()}


@pytest.fixture
def clinic(network: dict[str, Any]) -> dict[str, Any]:
    instruments.load_shipped(source="test")
    nina = User.objects.create_user("nina@example.fi", password="test-pass-123")
    Membership.objects.create(user=nina, organisation=network["orgs"]["city"], role=Role.PROFESSIONAL)
    network["people"]["nina"] = nina
    return network


def make_family(
    clinic: dict[str, Any], *, label: str = "Virtanen", due: date = date(2027, 3, 1), parents: int = 2, **extra: Any
) -> Family:
    rows = [{"label": "mother", "language": "fi"}, {"label": "father", "language": "sv"}][:parents]
    return services.family_create(
        actor=None,
        clinic=clinic["orgs"]["city"],
        nurse=clinic["people"]["pia"],
        label=label,
        due_date=due,
        parents=rows,
        **extra,
    )


def send(family: Family, position: int, point: str, answers: dict[str, list[str]]) -> None:
    """The parent fills in and sends the point's EPDS through the fill service, by the link."""
    parent = family.parents.get(position=position)
    links = services.forms_start(actor=None, family=family, parent=parent, point=point)
    link = next(lk for lk in links if lk.form.questionnaire.identifier == "epds")
    response = filling.response_by_secret(link.form.response.uuid, link.secret)
    filling.response_save(response, answers, complete=True, source="link")
