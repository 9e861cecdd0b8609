"""Who may create a group for Espoo city and see who signed up for its group, through the
API: every person of the cast and nobody signed in.

The city's groups are run by Ada (admin), Cora (Espoo's coordinator) and Elsa (the
city's editor). Eddie (MLL's editor), Pia (the city's professional), Vilja (MLL's
volunteer) and Otto (Salo parish's editor) are refused with 403, anonymous with 401.
Every read of the participant list writes one audit line naming the reader and the
group; a refusal writes none and shows no names.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.groups import services
from perhekeskus.groups.models import Group
from perhekeskus.network.tests.api_support import CAST, client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PEOPLE = [*CAST, None]
RUNNERS = {"ada", "cora", "elsa"}


def expected(person: str | None, success: int) -> int:
    if person is None:
        return 401
    return success if person in RUNNERS else 403


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_participant_list_matrix(calendar, group, person):
    services.signup_create(group=group, data={"name": "Perhe Korhonen", "email": "korhonen@example.fi"})
    services.signup_create(group=group, data={"name": "Perhe Mäkinen", "email": "makinen@example.fi"})
    reads = AuditEntry.objects.filter(action=AuditAction.READ)

    response = client_for(calendar, person).get(f"/api/v1/groups/{group.uuid}/signups/")

    assert response.status_code == expected(person, 200), response.content
    if response.status_code == 200:
        rows = response.json()["data"]
        assert [r["name"] for r in rows] == ["Perhe Korhonen", "Perhe Mäkinen"]
        assert rows[0]["email"] == "korhonen@example.fi" and rows[0]["status"] == "confirmed"
        entry = reads.get()
        assert (entry.actor, entry.object_type, entry.object_id, entry.source) == (
            calendar["people"][person],
            "groups.group",
            str(group.uuid),
            "api",
        )
        client_for(calendar, person).get(f"/api/v1/groups/{group.uuid}/signups/")
        assert reads.count() == 2  # every view, not the first only
    else:
        assert not reads.exists()
        assert "Korhonen" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_create_matrix(calendar, person):
    payload = {
        "organisation": "espoo",
        "title": {"fi": "Isäryhmä"},
        "capacity": 8,
        "waiting_list_capacity": 4,
        "minimum": 4,
        "sessions": [{"start": "2027-03-04T18:00:00+02:00", "end": "2027-03-04T20:00:00+02:00"}],
    }
    response = client_for(calendar, person).post("/api/v1/groups/", payload, format="json")
    assert response.status_code == expected(person, 201), response.content
    assert Group.objects.count() == (1 if response.status_code == 201 else 0)
