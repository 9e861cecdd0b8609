"""The nurse's API: her families with each parent's latest sent form and alerts, a
family's scores side by side with trends, and a family created; reads are logged."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.tests.api_support import client_for
from perhekeskus.wellbeing import services

from .conftest import epds_answers, make_family, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(clinic):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False):
        family = make_family(clinic, due=date(2026, 12, 20))
        send(family, 1, "pregnancy", epds_answers(12))
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=UTC), tick=False):
        services.family_birth_record(actor=None, family=family, birth_date=date(2026, 12, 18))
        send(family, 1, "2-3-months", epds_answers(7, item10=1))
    return family


@time_machine.travel(datetime(2027, 3, 2, 9, tzinfo=UTC), tick=False)
def test_the_list_gives_the_latest_level_and_alerts(clinic, family):
    response = client_for(clinic, "pia").get("/api/v1/wellbeing/families/")
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["count"] == 1
    [row] = body["data"]
    assert row["id"] == str(family.uuid) and row["clinic"] == "espoo" and row["alerts"] == 1
    mother, father = row["parents"]
    assert mother["latest"] == {
        "questionnaire": "epds",
        "point": "2-3-months",
        "sent_at": "2027-03-01T11:00:00+02:00",
        "total": 7.0,
        "level": "none",
        "alert": True,
    }
    assert mother["states"] == {"pregnancy": "waiting", "2-3-months": "sent", "1-year": "not-yet"}
    assert father["latest"] is None and father["states"]["pregnancy"] == "due"
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(family.uuid), source="api").count() == 1


@time_machine.travel(datetime(2027, 3, 2, 9, tzinfo=UTC), tick=False)
def test_a_familys_scores_side_by_side(clinic, family):
    response = client_for(clinic, "pia").get(f"/api/v1/wellbeing/families/{family.uuid}/")
    assert response.status_code == 200
    epds, audit_c = response.json()["scores"]
    assert epds["questionnaire"] == "epds" and audit_c["questionnaire"] == "audit-c"
    assert [r["point"] for r in epds["rows"]] == ["pregnancy", "2-3-months", "1-year"]
    pregnancy, months, year = (r["cells"] for r in epds["rows"])
    assert (pregnancy[0]["total"], pregnancy[0]["level"], pregnancy[0]["trend"]) == (12.0, "watch", None)
    assert (months[0]["total"], months[0]["trend"], months[0]["change"], months[0]["alert"]) == (7.0, "down", -5, True)
    assert pregnancy[1]["state"] == "none" and year[0]["state"] == "none"
    assert audit_c["rows"][0]["cells"][0]["state"] == "waiting"
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(family.uuid)).count() == 1


@time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False)
def test_a_family_created_through_the_api(clinic):
    body = {
        "label": "Kallio",
        "due_date": "2027-02-14",
        "parents": [{"label": "mother", "language": "fi"}, {"label": "mother", "language": "en"}],
    }
    response = client_for(clinic, "pia").post("/api/v1/wellbeing/families/", body, format="json")
    assert response.status_code == 201
    data = response.json()
    assert (data["label"], data["clinic"], data["due_date"], data["status"]) == (
        "Kallio",
        "espoo",
        "2027-02-14",
        "active",
    )
    assert [(p["label"], p["language"]) for p in data["parents"]] == [("mother", "fi"), ("mother", "en")]
    assert [t["questionnaire"] for t in data["scores"]] == ["epds", "audit-c"]
