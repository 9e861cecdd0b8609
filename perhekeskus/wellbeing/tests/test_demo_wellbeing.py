"""`manage.py load_demo` gives the demo nurse three families on the schedule, one with an
alert at the top of her work list; a second load makes nothing new."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from perhekeskus.accounts.models import User
from perhekeskus.questionnaires.models import Response, ResponseStatus
from perhekeskus.wellbeing.models import Family

DEMO = Path(__file__).resolve().parents[3] / "demo"


def load(demo: Path) -> str:
    out = io.StringIO()
    call_command("load_demo", "--dir", str(demo), stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_demo_nurse_has_three_families_and_an_alert(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("services-*.yaml", "contacts.yaml"))
    with time_machine.travel(datetime(2026, 9, 16, 10, tzinfo=UTC), tick=False):
        out = load(demo)
        assert "wellbeing families: 3 new, 0 updated, 0 unchanged" in out
        nurse = User.objects.get(email="professional@example.fi")
        assert Family.objects.filter(nurse=nurse).count() == 3
        sent = Response.objects.filter(status=ResponseStatus.COMPLETED, context__startswith="wellbeing:")
        assert sent.filter(alert=True).count() == 1
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(nurse)
        page = client.get("/wellbeing/").content.decode()
        alerts = page[page.index('id="alerts-heading"') : page.index('id="families-heading"')]
        assert "Berg, Strandvägen" in alerts and "Aalto" not in alerts and "Heikkinen" not in alerts
        heikkinen = Family.objects.get(label="Heikkinen, Koivutie")
        detail = client.get(f"/wellbeing/families/{heikkinen.uuid}/").content.decode()
        assert "down by 3 from the previous point" in detail and "down by 4 from the previous point" in detail
        again = load(demo)
    assert "wellbeing families: 0 new, 0 updated, 3 unchanged" in again
    assert Family.objects.count() == 3
