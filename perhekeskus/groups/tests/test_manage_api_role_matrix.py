"""The organisers' API of a city group, as every person of the cast and nobody signed in:
facilitators (GET/PUT), nearby groups, settings (PATCH) and the go/no-go decision.

Ada (admin), Cora (Espoo's coordinator) and Elsa (the city's editor) run the city's
group; Pia and Vilja, who lead it with their accounts, may read its facilitators but
not change them or decide; the others get 403 and nobody signed in 401. A refusal changes
nothing and tells no family anything.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from perhekeskus.groups import facilitators, services
from perhekeskus.groups.models import Facilitator, Group, GroupStatus
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.network.tests.api_support import CAST, client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PEOPLE = [*CAST, None]
RUNNERS = {"ada", "cora", "elsa"}
FACILITATORS = {"pia", "vilja"}  # they lead the group with their accounts


def expected(person: str | None, success: int, facilitator_too: bool = False) -> int:
    if person is None:
        return 401
    if person in RUNNERS or (facilitator_too and person in FACILITATORS):
        return success
    return 403


@pytest.fixture
def led(calendar, group):
    people, orgs = calendar["people"], calendar["orgs"]
    facilitators.facilitators_set(
        actor=None,
        group=group,
        facilitators=[
            {
                "user": people["pia"],
                "name": "Pia",
                "organisation": orgs["city"],
                "kind": "professional",
                "profession": "public health nurse",
            },
            {"user": people["vilja"], "name": "Vilja", "organisation": orgs["mll"], "kind": "volunteer"},
        ],
    )
    return group


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_read_facilitators(calendar, led, person):
    response = client_for(calendar, person).get(f"/api/v1/groups/{led.uuid}/facilitators/")
    assert response.status_code == expected(person, 200, facilitator_too=True), response.content
    if response.status_code == 200:
        body = response.json()
        assert body["partner_missing"] is False
        assert [(f["name"], f["organisation"], f["kind"], f["user"]) for f in body["facilitators"]] == [
            ("Pia", "espoo", "professional", "pia@example.fi"),
            ("Vilja", "mll-espoo", "volunteer", "vilja@example.fi"),
        ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_replace_facilitators(calendar, led, person):
    payload = {
        "facilitators": [
            {
                "name": "Pia",
                "organisation": "espoo",
                "kind": "professional",
                "profession": "public health nurse",
                "user": "pia@example.fi",
            },
            {"name": "Pastori Paavo", "organisation": "salo-parish", "kind": "professional", "profession": "pastor"},
        ]
    }
    response = client_for(calendar, person).put(f"/api/v1/groups/{led.uuid}/facilitators/", payload, format="json")
    assert response.status_code == expected(person, 200), response.content
    names = sorted(Facilitator.objects.filter(group=led).values_list("name", flat=True))
    assert names == (["Pastori Paavo", "Pia"] if response.status_code == 200 else ["Pia", "Vilja"])


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_decision_start(calendar, led, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_create(group=led, data={"name": "Perhe", "email": "perhe@example.fi", "language": "en"})
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(calendar, person).post(
            f"/api/v1/groups/{led.uuid}/decision/", {"decision": "start"}, format="json"
        )
    assert response.status_code == expected(person, 200), response.content
    led.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["status"] == "started" and led.status == GroupStatus.STARTED
        assert [m.to for m in mail.outbox[sent:]] == [["perhe@example.fi"]]
    else:
        assert led.status == GroupStatus.OPEN and led.decided_at is None
        assert len(mail.outbox) == sent


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_nearby_and_settings(calendar, led, person):
    other = make_group(calendar["orgs"]["mll"], calendar["cafe_place"])
    client = client_for(calendar, person)
    response = client.get(f"/api/v1/groups/{led.uuid}/nearby/")
    assert response.status_code == expected(person, 200), response.content
    if response.status_code == 200:
        assert [(g["id"], g["places_left"]) for g in response.json()] == [(str(other.uuid), 3)]
    response = client.patch(f"/api/v1/groups/{led.uuid}/settings/", {"capacity": 5}, format="json")
    assert response.status_code == expected(person, 200), response.content
    assert Group.objects.get(pk=led.pk).capacity == (5 if response.status_code == 200 else 3)


@time_machine.travel(NOW, tick=False)
def test_bad_decisions_and_settings_are_400_with_the_field(calendar, led):
    client = client_for(calendar, "elsa")
    for s in range(2):
        services.signup_create(group=led, data={"name": f"P{s}", "email": f"p{s}@example.fi", "language": "en"})
    cases = [
        ("decision/", "post", {"decision": "sleep"}, "decision"),
        ("decision/", "post", {"decision": "merge"}, "into"),
        ("decision/", "post", {"decision": "merge", "into": str(led.uuid)}, "into"),
        ("decision/", "post", {"decision": "cancel"}, "note"),
        ("decision/", "post", {"decision": "postpone", "sessions": [], "decision_date": "2027-01-01"}, "sessions"),
        (
            "decision/",
            "post",
            {
                "decision": "postpone",
                "sessions": [{"start": "2027-03-02T10:00:00+02:00", "end": "2027-03-02T12:00:00+02:00"}],
                "decision_date": "2026-11-01",
            },
            "decision_date",
        ),
        ("settings/", "patch", {"capacity": 1}, "capacity"),
        ("settings/", "patch", {"minimum": 9}, "minimum"),
        (
            "facilitators/",
            "put",
            {
                "facilitators": [
                    {"name": "A", "organisation": "espoo", "kind": "volunteer"},
                    {"name": "B", "organisation": "espoo", "kind": "volunteer"},
                ]
            },
            "facilitators",
        ),
        (
            "facilitators/",
            "put",
            {
                "facilitators": [
                    {"name": "A", "organisation": "espoo", "kind": "professional", "user": "vilja@example.fi"},
                ]
            },
            "facilitators[0].user",
        ),
    ]
    for path, method, payload, field in cases:
        response = getattr(client, method)(f"/api/v1/groups/{led.uuid}/{path}", payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json(), (payload, response.json())
    led.refresh_from_db()
    assert (led.status, led.capacity, led.minimum, led.decided_at) == (GroupStatus.OPEN, 3, 2, None)
    assert led.facilitators.count() == 2


@time_machine.travel(NOW, tick=False)
def test_postpone_and_merge_through_the_api(calendar, led, django_capture_on_commit_callbacks):
    client = client_for(calendar, "cora")
    target = make_group(calendar["orgs"]["mll"], calendar["cafe_place"], capacity=1, waiting_list_capacity=0, minimum=1)
    with django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2):
            services.signup_create(group=led, data={"name": f"P{n}", "email": f"p{n}@example.fi", "language": "en"})
    payload = {
        "decision": "postpone",
        "sessions": [
            {"start": "2027-03-02T10:00:00+02:00", "end": "2027-03-02T12:00:00+02:00", "topic": {"en": "Hello"}},
            {"start": "2027-03-09T10:00:00+02:00", "end": "2027-03-09T12:00:00+02:00"},
        ],
        "decision_date": "2027-02-20",
    }
    response = client.post(f"/api/v1/groups/{led.uuid}/decision/", payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "open" and body["decision_date"] == "2027-02-20"
    assert [s["start"] for s in body["sessions"]] == ["2027-03-02T10:00:00+02:00", "2027-03-09T10:00:00+02:00"]
    assert body["sessions"][0]["topic"]["en"] == "Hello"

    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/groups/{led.uuid}/decision/", {"decision": "merge", "into": str(target.uuid)}, format="json"
        )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "merged"
    assert list(target.signups.values_list("email", "status")) == [("p1@example.fi", "confirmed")]
    assert sorted(m.to[0] for m in mail.outbox[sent:]) == ["p1@example.fi", "p2@example.fi"]
