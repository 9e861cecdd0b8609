"""`manage.py erase_wellbeing` erases the answers and the family's label
WELLBEING_RETENTION_DAYS after the schedule ended — closed, or every parent's one-year
forms sent — and not a day before; a second run erases nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from perhekeskus.questionnaires.models import Response
from perhekeskus.wellbeing import services
from perhekeskus.wellbeing.models import Family, FamilyStatus

from .conftest import epds_answers, make_family, send

pytestmark = pytest.mark.django_db
START = datetime(2026, 12, 1, 9, tzinfo=UTC)


def erase() -> str:
    out = StringIO()
    call_command("erase_wellbeing", stdout=out)
    return out.getvalue().strip()


def test_a_closed_family_is_erased_after_the_retention_time(clinic, settings):
    settings.WELLBEING_RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False):
        family = make_family(clinic, label="Nieminen")
        send(family, 1, "pregnancy", epds_answers(9))
        services.family_close(actor=None, family=family)
    with time_machine.travel(START + timedelta(days=30) - timedelta(minutes=1), tick=False):
        assert erase() == "erased: 0 families, 0 responses"
    with time_machine.travel(START + timedelta(days=30, minutes=1), tick=False):
        # Both forms of the pregnancy point were made (EPDS sent, AUDIT-C not).
        assert erase() == "erased: 1 families, 2 responses"
        assert erase() == "erased: 0 families, 0 responses"
    family.refresh_from_db()
    assert family.label == "" and family.erased_at is not None
    for response in Response.objects.all():
        assert response.answers == {} and response.score == {} and response.erased_at is not None
    # The nurse no longer finds the family.
    client = Client()
    client.force_login(clinic["people"]["pia"])
    assert client.get(f"/wellbeing/families/{family.uuid}/").status_code == 404


def test_a_family_is_erased_after_every_parents_one_year_forms(clinic, settings):
    settings.WELLBEING_RETENTION_DAYS = 10
    with time_machine.travel(START, tick=False):
        family = make_family(clinic, due=date(2026, 11, 25))
        services.family_birth_record(actor=None, family=family, birth_date=date(2026, 11, 25))
    with time_machine.travel(datetime(2027, 11, 20, 9, tzinfo=UTC), tick=False):
        send(family, 1, "1-year", epds_answers(2))
    with time_machine.travel(datetime(2027, 12, 20, 9, tzinfo=UTC), tick=False):
        # The father has not sent his: the schedule goes on, nothing is erased.
        assert erase() == "erased: 0 families, 0 responses"
        send(family, 2, "1-year", epds_answers(1))
    with time_machine.travel(datetime(2027, 12, 30, 8, tzinfo=UTC), tick=False):
        assert erase() == "erased: 0 families, 0 responses"
    with time_machine.travel(datetime(2027, 12, 30, 10, tzinfo=UTC), tick=False):
        assert erase() == "erased: 1 families, 2 responses"
    family.refresh_from_db()
    assert family.status == FamilyStatus.CLOSED and family.erased_at is not None


def test_an_active_family_with_a_point_to_come_is_kept(clinic, settings):
    settings.WELLBEING_RETENTION_DAYS = 1
    with time_machine.travel(START, tick=False):
        family = make_family(clinic)
        send(family, 1, "pregnancy", epds_answers(4))
    with time_machine.travel(START + timedelta(days=400), tick=False):
        assert erase() == "erased: 0 families, 0 responses"
    assert Family.objects.get().label == family.label
    assert Response.objects.filter(erased_at__isnull=True).count() == 2
