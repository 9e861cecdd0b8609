"""An editor's token creates a group with its sessions in one request; anyone reads the
public groups with the places left as counts, never who signed up; bad input is refused
field by field with nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from perhekeskus.activities.models import Activity, Session
from perhekeskus.groups import services
from perhekeskus.groups.models import Group
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def body(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": {"fi": "Perhevalmennus", "en": "Family training"},
        "capacity": 12,
        "waiting_list_capacity": 20,
        "minimum": 6,
        "sessions": [
            {"start": "2027-02-02T17:00:00+02:00", "end": "2027-02-02T19:00:00+02:00", "topic": {"fi": "Synnytys"}},
            {"start": "2027-02-09T17:00:00+02:00", "end": "2027-02-09T19:00:00+02:00"},
            {"start": "2027-04-06T17:00:00+03:00", "end": "2027-04-06T19:00:00+03:00", "topic": {"fi": "Isät"}},
        ],
    }
    data.update(changes)
    return data


def counts() -> tuple[int, int, int]:
    return Group.objects.count(), Activity.objects.count(), Session.objects.count()


@time_machine.travel(NOW, tick=False)
def test_an_editor_creates_a_group_for_the_tokens_organisation_at_its_place(calendar):
    response = client_for(calendar, "elsa").post("/api/v1/groups/", body(), format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    group = Group.objects.get(uuid=data["id"])
    assert group.activity.organisation == calendar["orgs"]["city"]
    assert group.activity.place == calendar["park"]  # the city's only place, as none was named
    assert (group.capacity, group.waiting_list_capacity, group.minimum) == (12, 20, 6)
    assert data["organisation"] == "espoo" and data["status"] == "open"
    assert (data["places_left"], data["waiting_list_left"]) == (12, 20)
    assert [s["start"] for s in data["sessions"]] == [
        "2027-02-02T17:00:00+02:00",
        "2027-02-09T17:00:00+02:00",
        "2027-04-06T17:00:00+03:00",
    ]
    assert data["sessions"][0]["topic"]["fi"] == "Synnytys"
    assert data["activity"]["url"] == f"http://testserver/api/v1/activities/{group.activity.uuid}/"
    assert data["signup_url"] == f"http://testserver/api/v1/groups/{group.uuid}/signups/"


@time_machine.travel(NOW, tick=False)
def test_an_organisation_without_places_names_one_or_meets_online(calendar):
    otto = client_for(calendar, "otto")  # Salo parish has no places in this cast
    before = counts()
    refused = otto.post("/api/v1/groups/", body(), format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["place"]
    assert counts() == before

    online = otto.post("/api/v1/groups/", body(online_url="https://example.fi/ryhma"), format="json")
    assert online.status_code == 201
    assert online.json()["online"] is True and online.json()["place"] is None
    named = otto.post("/api/v1/groups/", body(organisation="salo-parish", place=str(calendar["park"].uuid)))
    assert named.status_code == 201 and named.json()["place"]["id"] == str(calendar["park"].uuid)


@time_machine.travel(NOW, tick=False)
def test_the_public_list_shows_counts_of_places_left_and_no_names(calendar):
    from perhekeskus.groups.tests.conftest import make_group

    group = make_group(calendar["orgs"]["city"], calendar["park"])  # 3 places, 2 waiting
    for n in range(4):
        services.signup_create(group=group, data={"name": f"Perhe Virtanen{n}", "email": f"v{n}@example.fi"})

    listed = client_for(calendar, None).get("/api/v1/groups/")
    assert listed.status_code == 200
    rows = listed.json()["data"]
    assert [r["id"] for r in rows] == [str(group.uuid)]
    assert (rows[0]["places_left"], rows[0]["waiting_list_left"]) == (0, 1)
    assert rows[0]["activity"]["id"] == str(group.activity.uuid)
    assert len(rows[0]["sessions"]) == 3
    assert b"Virtanen" not in listed.content and b"example.fi" not in listed.content
    one = client_for(calendar, None).get(f"/api/v1/groups/{group.uuid}/")
    assert one.status_code == 200 and one.json()["places_left"] == 0
    assert b"Virtanen" not in one.content
    assert client_for(calendar, None).get("/api/v1/groups/", {"status": "cancelled"}).json()["data"] == []
    assert client_for(calendar, None).get("/api/v1/groups/", {"status": "nonsense"}).status_code == 400


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": {"sv": "Familjeträning"}}, "title"),
        ({"capacity": 0}, "capacity"),
        ({"minimum": 13}, "minimum"),
        ({"waiting_list_capacity": -1}, "waiting_list_capacity"),
        ({"sessions": []}, "sessions"),
        ({"sessions": [{"start": "2027-02-02T17:00:00", "end": "2027-02-02T19:00:00+02:00"}]}, "sessions[0].start"),
        ({"sessions": [{"start": "2027-02-02T19:00:00+02:00", "end": "2027-02-02T17:00:00+02:00"}]}, "sessions[0].end"),
        ({"enrolment_opens": "2027-01-10T00:00:00+02:00", "enrolment_closes": "2027-01-01T00:00:00+02:00"}, None),
        ({"organisation": "no-such-org"}, "organisation"),
        ({"place": "8b1e4c1e-0000-4000-8000-000000000000"}, "place"),
        ({"languages": ["xx"]}, "languages"),
        ({"capacity_unit": "dozens"}, "capacity_unit"),
    ],
)
def test_bad_groups_are_refused_field_by_field_and_nothing_is_stored(calendar, changes, field):
    before = counts()
    response = client_for(calendar, "elsa").post("/api/v1/groups/", body(**changes), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert all(isinstance(v, list) and v for v in errors.values())
    assert field in errors if field else "enrolment_closes" in errors
    assert counts() == before


def test_creating_needs_a_token_and_the_organisations_editor(calendar):
    before = counts()
    anonymous = client_for(calendar, None).post("/api/v1/groups/", body(organisation="espoo"), format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    other = client_for(calendar, "eddie").post("/api/v1/groups/", body(organisation="espoo"), format="json")
    assert other.status_code == 403
    assert counts() == before
