"""End to end through the pages: the nurse opens the mother's form on the clinic's
device, the mother fills it in on the fill page and sends it, and the nurse's work list
shows the alert at once; the same link then shows the mother her own answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from perhekeskus.questionnaires.models import ResponseStatus
from perhekeskus.wellbeing.models import Form

from .conftest import epds_answers, make_family

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_filled_in_at_the_clinic_and_seen_at_once(clinic):
    family = make_family(clinic, label="Salminen")
    mother = family.parents.get(position=1)
    nurse = Client(HTTP_ACCEPT_LANGUAGE="en")
    nurse.force_login(clinic["people"]["pia"])
    opened = nurse.post(
        f"/wellbeing/families/{family.uuid}/clinic/", {"parent": str(mother.uuid), "point": "pregnancy"}
    )
    assert opened.status_code == 303
    link = opened["Location"]

    device = Client(HTTP_ACCEPT_LANGUAGE="en")  # the clinic's tablet: no login needed
    form_page = device.get(link)
    assert form_page.status_code == 200 and 'name="action"' in form_page.content.decode()
    answers = {f"q-{k}": v[0] for k, v in epds_answers(9, item10=3).items()}
    sent = device.post(link, {"page": "1", "action": "send", **answers})
    assert sent.status_code in (302, 303), sent.content.decode()[:2000]
    form = Form.objects.get(parent=mother, questionnaire__identifier="epds")
    form.response.refresh_from_db()
    assert form.response.status == ResponseStatus.COMPLETED and form.response.alert is True

    page = nurse.get("/wellbeing/").content.decode()
    alerts = page[page.index('id="alerts-heading"') : page.index('id="families-heading"')]
    assert "Salminen" in alerts and "Mother" in alerts and "<strong>yes</strong>" in alerts

    # The mother reads her own answers through the same link; the form takes no more.
    again = device.get(link)
    assert again.status_code == 200
    assert 'name="action"' not in again.content.decode()
