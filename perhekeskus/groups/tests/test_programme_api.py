"""`/api/v1/programmes/`: public reads, writes as a role matrix, per-field 400s, and a group
made from a template in one step (answered like `POST /api/v1/groups/`)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from perhekeskus.groups.models import Group, Programme
from perhekeskus.network.tests.api_support import CAST, client_for

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2027, 1, 10, 9, tzinfo=ZoneInfo("UTC"))
PEOPLE = [*CAST, None]
KEEPERS = {"ada", "cora"}  # shared templates
CITY_RUNNERS = {"ada", "cora", "elsa"}  # the city's groups and own templates


@pytest.fixture
def shipped(calendar):
    call_command("load_programmes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return calendar


def expected(person, allowed, success):
    if person is None:
        return 401
    return success if person in allowed else 403


def document(**changes):
    doc = {
        "slug": "kaksoset",
        "kind": "peer_group",
        "name": {"fi": "Kaksosperheet", "en": "Families with twins"},
        "capacity": 8,
        "minimum": 3,
        "sessions": [
            {"number": 1, "offset_days": 0, "topic": {"fi": "Tutustuminen"}},
            {"number": 2, "offset_days": 14, "topic": {"fi": "Arki kaksosten kanssa"}, "minutes": 90},
        ],
    }
    doc.update(changes)
    return doc


def test_public_list_has_active_templates_with_sessions(shipped):
    Programme.objects.filter(slug="isaryhma").update(active=False)
    response = client_for(shipped, None).get("/api/v1/programmes/")
    assert response.status_code == 200
    rows = response.json()["data"]
    assert [r["slug"] for r in rows] == ["ekavauva", "perhevalmennus-espoo"]
    training = rows[1]
    assert [s["code"] for s in training["sessions"]][:2] == ["E1", "E2"]
    assert training["capacity_unit"] == "couples" and training["name"]["en"] == "Family training"


def test_detail_is_the_file_shape(shipped):
    response = client_for(shipped, None).get("/api/v1/programmes/ekavauva/")
    assert response.status_code == 200
    with open("perhekeskus/groups/data/programmes/ekavauva.json", encoding="utf-8") as f:
        assert response.json() == json.load(f)


def test_retired_template_is_hidden_from_the_public_not_its_keepers(shipped):
    Programme.objects.filter(slug="isaryhma").update(active=False)
    assert client_for(shipped, None).get("/api/v1/programmes/isaryhma/").status_code == 404
    assert client_for(shipped, "cora").get("/api/v1/programmes/isaryhma/").status_code == 200
    assert client_for(shipped, None).get("/api/v1/programmes/nothing/").status_code == 404


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_create_shared_matrix(shipped, person):
    response = client_for(shipped, person).post("/api/v1/programmes/", document(), format="json")
    assert response.status_code == expected(person, KEEPERS, 201), response.content
    assert Programme.objects.filter(slug="kaksoset").exists() == (response.status_code == 201)
    if response.status_code == 201:
        assert response.json()["sessions"][1]["minutes"] == 90


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_create_own_matrix(shipped, person):
    response = client_for(shipped, person).post("/api/v1/programmes/", document(organisation="espoo"), format="json")
    assert response.status_code == expected(person, CITY_RUNNERS, 201), response.content
    assert Programme.objects.filter(slug="kaksoset").exists() == (response.status_code == 201)


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_put_patch_delete_matrix(shipped, person):
    client = client_for(shipped, person)
    success = person in KEEPERS
    put = client.put("/api/v1/programmes/isaryhma/", document(slug="isaryhma", capacity=9), format="json")
    assert put.status_code == expected(person, KEEPERS, 200), put.content
    patch = client.patch("/api/v1/programmes/isaryhma/", {"minimum": 2}, format="json")
    assert patch.status_code == expected(person, KEEPERS, 200), patch.content
    fathers = Programme.objects.get(slug="isaryhma")
    assert (fathers.capacity, fathers.minimum, fathers.sessions.count()) == ((9, 2, 2) if success else (10, 4, 8))
    delete = client.delete("/api/v1/programmes/isaryhma/")
    assert delete.status_code == expected(person, KEEPERS, 204)
    assert Programme.objects.filter(slug="isaryhma").exists() != success


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (document(capacity=2, minimum=3), "minimum"),
        (document(slug="ekavauva"), "slug"),
        (document(slug="Bad Slug"), "slug"),
        (document(sessions=[]), "sessions"),
        (document(sessions=[{"number": 1, "offset_days": 0, "topic": {"sv": "bara svenska"}}]), "sessions[0].topic"),
        (document(sessions=[{"number": 1, "offset_days": 5, "topic": {"fi": "A"}}]), "sessions"),
        (document(organisation="nowhere"), "organisation"),
        (document(colour="red"), "colour"),
    ],
    ids=["minimum", "slug-taken", "slug-shape", "no-sessions", "no-finnish-topic", "offset", "organisation", "unknown"],
)
def test_bad_document_is_400_per_field(shipped, doc, field):
    response = client_for(shipped, "cora").post("/api/v1/programmes/", doc, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Programme.objects.filter(name_fi="Kaksosperheet").exists()


def test_patch_with_bad_sessions_changes_nothing(shipped):
    response = client_for(shipped, "ada").patch(
        "/api/v1/programmes/isaryhma/", {"name": {"fi": "Uusi"}, "sessions": [{"number": 1}]}, format="json"
    )
    assert response.status_code == 400 and "sessions[0].offset_days" in response.json()
    fathers = Programme.objects.get(slug="isaryhma")
    assert fathers.name_fi == "Isäryhmä" and fathers.sessions.count() == 8


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_group_from_template_matrix(shipped, person):
    payload = {
        "organisation": "espoo",
        "first_start": "2027-10-07T18:00:00+03:00",
        "title": {"fi": "Perhevalmennus, syksy"},
    }
    response = client_for(shipped, person).post(
        "/api/v1/programmes/perhevalmennus-espoo/groups/", payload, format="json"
    )
    assert response.status_code == expected(person, CITY_RUNNERS, 201), response.content
    assert Group.objects.exists() == (response.status_code == 201)
    if response.status_code != 201:
        return
    body = response.json()
    group = Group.objects.get(uuid=body["id"])
    assert body["title"]["fi"] == "Perhevalmennus, syksy" and body["capacity"] == 12 and body["minimum"] == 6
    assert body["capacity_unit"] == "couples" and body["place"]["id"] == str(shipped["park"].uuid)
    local = [datetime.fromisoformat(s["start"]).astimezone(HELSINKI) for s in body["sessions"]]
    assert len(local) == 10 and {(t.hour, t.minute) for t in local} == {(18, 0)}
    assert body["sessions"][4]["start"].endswith("+02:00") or body["sessions"][4]["start"].endswith("Z")
    assert group.programme.slug == "perhevalmennus-espoo"
    # Same shape as a group read back from /api/v1/groups/.
    assert client_for(shipped, None).get(f"/api/v1/groups/{group.uuid}/").json() == body


@time_machine.travel(NOW, tick=False)
def test_group_from_template_bad_input(shipped):
    client = client_for(shipped, "elsa")
    url = "/api/v1/programmes/isaryhma/groups/"
    naive = client.post(url, {"first_start": "2027-03-02T18:00:00"}, format="json")
    assert naive.status_code == 400 and "first_start" in naive.json()
    window = client.post(
        url,
        {
            "first_start": "2027-03-02T18:00:00+02:00",
            "enrolment_opens": "2027-02-01T00:00:00+02:00",
            "enrolment_closes": "2027-01-01T00:00:00+02:00",
        },
        format="json",
    )
    assert window.status_code == 400 and "enrolment_closes" in window.json()
    assert not Group.objects.exists()
    # Elsa edits one organisation only: it is the default.
    made = client.post(url, {"first_start": "2027-03-02T18:00:00+02:00"}, format="json")
    assert made.status_code == 201 and made.json()["organisation"] == "espoo"
