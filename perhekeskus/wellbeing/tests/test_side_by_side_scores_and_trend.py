"""The family's page sets the parents side by side: per point the sent day, the total,
the level in words, the alert and the trend against the previous point, all from
responses really sent; below, the answers item by item. Each view is a read in the log."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.wellbeing import services

from .conftest import epds_answers, make_family, send

pytestmark = pytest.mark.django_db


def cells(page: str, caption: str) -> list[list[str]]:
    """The text of each body row of the table with this caption (tags removed)."""
    table = page[page.index(f"<caption>{caption}</caption>") :]
    table = table[: table.index("</table>")]
    body = table[table.index("<tbody>") :]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        rows.append(
            [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        )
    return rows


@pytest.fixture
def family(clinic):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False):
        family = make_family(clinic, due=date(2026, 12, 20))
        send(family, 1, "pregnancy", epds_answers(8))
        send(family, 2, "pregnancy", epds_answers(4))
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=UTC), tick=False):
        services.family_birth_record(actor=None, family=family, birth_date=date(2026, 12, 18))
        send(family, 1, "2-3-months", epds_answers(14))  # discuss (13 and above)
        send(family, 2, "2-3-months", epds_answers(4))
    with time_machine.travel(datetime(2027, 12, 10, 9, tzinfo=UTC), tick=False):
        send(family, 1, "1-year", epds_answers(11, item10=1))  # watch, and an alert answer
    return family


@time_machine.travel(datetime(2027, 12, 11, 9, tzinfo=UTC), tick=False)
def test_scores_levels_and_trends_side_by_side(clinic, family):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clinic["people"]["pia"])
    response = client.get(f"/wellbeing/families/{family.uuid}/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    rows = cells(page, "EPDS (Edinburgh Postnatal Depression Scale)")
    assert [r[0] for r in rows] == ["in pregnancy", "baby 2–3 months", "child 1 year"]
    pregnancy, months, year = rows
    assert pregnancy[1:] == [
        "Sent 12/01/2026 Score 8 Level no concern",
        "Sent 12/01/2026 Score 4 Level no concern",
    ]
    assert months[1:] == [
        "Sent 03/01/2027 Score 14 Level discuss Trend ↑ up by 6 from the previous point",
        "Sent 03/01/2027 Score 4 Level no concern Trend → same as at the previous point",
    ]
    assert year[1:] == [
        "Sent 12/10/2027 Score 11 Level watch Alert an alert answer Trend ↓ down by 3 from the previous point",
        "–",  # the father's one-year form has not been made
    ]
    # The symbol is decoration; the words carry the trend.
    assert '<span aria-hidden="true">↑</span>' in page


@time_machine.travel(datetime(2027, 12, 11, 9, tzinfo=UTC), tick=False)
def test_answers_item_by_item_in_the_page_language(clinic, family):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clinic["people"]["pia"])
    page = client.get(f"/wellbeing/families/{family.uuid}/").content.decode()
    answers = page[page.index('aria-labelledby="answers-heading"') :]
    header = answers[answers.index("<thead>") : answers.index("</thead>")]
    assert header.count('scope="col"') == 1 + 5  # question + five sent forms
    assert "Mother, in pregnancy" in header and "Father, baby 2–3 months" in header
    rows = cells(answers, "EPDS (Edinburgh Postnatal Depression Scale)")
    first = rows[0]
    # The shipped EPDS has placeholder wording; the English option texts are shown.
    assert first[0] == "EPDS item 1"
    assert first[1] == "option 3"  # mother, pregnancy: item 1 scores 3 of her 8
    assert rows[9][-1] == "option 2"  # item 10, reversed: code 2 scores 1 (the alert)


@time_machine.travel(datetime(2027, 12, 11, 9, tzinfo=UTC), tick=False)
def test_each_view_of_the_family_is_logged(clinic, family):
    client = Client()
    client.force_login(clinic["people"]["pia"])
    before = AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(family.uuid)).count()
    client.get(f"/wellbeing/families/{family.uuid}/")
    client.get(f"/wellbeing/families/{family.uuid}/")
    reads = AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(family.uuid))
    assert reads.count() == before + 2
    assert set(reads.values_list("actor_label", flat=True)) == {"pia@example.fi"}
