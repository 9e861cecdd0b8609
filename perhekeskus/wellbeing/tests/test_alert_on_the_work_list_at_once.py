"""A parent sends a form with an alert answer through the fill service: the nurse's work
list shows it at the top at once; a calm form gives no alert."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from perhekeskus.core.models import AuditAction, AuditEntry

from .conftest import epds_answers, make_family, send

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def work_list(clinic) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clinic["people"]["pia"])
    response = client.get("/wellbeing/")
    assert response.status_code == 200
    return response.content.decode()


def alerts_section(page: str) -> str:
    start = page.index('id="alerts-heading"')
    return page[start : page.index("</section>", start)]


@time_machine.travel(NOW, tick=False)
def test_an_alert_answer_is_at_the_top_of_the_work_list_at_once(clinic):
    calm = make_family(clinic, label="Aalto")
    worried = make_family(clinic, label="Berg", due=date(2027, 1, 10))
    send(calm, 1, "pregnancy", epds_answers(5))
    assert "No alerts." in alerts_section(work_list(clinic))

    send(worried, 2, "pregnancy", epds_answers(6, item10=2))
    page = work_list(clinic)
    section = alerts_section(page)
    assert f'href="/wellbeing/families/{worried.uuid}/">Berg</a>' in section
    assert "Father" in section and "EPDS" in section and "<strong>yes</strong>" in section
    assert "Aalto" not in section
    # Alerts come before the families' list.
    assert page.index('id="alerts-heading"') < page.index('id="families-heading"')
    # Showing the alert is a read of the worried family's answers.
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(worried.uuid)).exists()


@time_machine.travel(NOW, tick=False)
def test_the_level_discuss_is_an_alert_too(clinic):
    family = make_family(clinic, label="Heikkinen")
    send(family, 1, "pregnancy", epds_answers(13))
    section = alerts_section(work_list(clinic))
    assert "Heikkinen" in section and "discuss" in section and "<td>no</td>" in section


@time_machine.travel(NOW, tick=False)
def test_the_work_list_shows_each_parents_state_per_point(clinic):
    family = make_family(clinic, label="Jokinen")
    send(family, 1, "pregnancy", epds_answers(3))
    page = work_list(clinic)
    row = page[page.index("Jokinen</a>") :]
    row = row[: row.index("</tr>")]
    # The mother sent EPDS but AUDIT-C waits; the father has no link yet.
    assert "Mother, in pregnancy: link given, not sent" in row
    assert "Father, in pregnancy: due: no link yet" in row
    assert "Mother, baby 2–3 months: not due yet" in row
