"""A family signs up without logging in: confirmed, then waiting, then 409; its own link
shows its sign-up and cancels it, and the freed place goes to the first waiting, never
to a newcomer. Bad input is refused field by field, in the request's language, with
nothing stored."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from rest_framework.test import APIClient

from perhekeskus.groups import services
from perhekeskus.groups.models import Signup, SignupStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def family(n: int, **extra: Any) -> dict[str, Any]:
    return {"name": f"Perhe Nieminen{n}", "email": f"perhe{n}@example.fi", "language": "fi", **extra}


def client(language: str = "en") -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE=language)


def sign_up(group: Any, n: int, **extra: Any) -> Any:
    return client().post(f"/api/v1/groups/{group.uuid}/signups/", family(n, **extra), format="json")


def path_of(url: str) -> str:
    return urlsplit(url).path


@time_machine.travel(NOW, tick=False)
def test_places_then_waiting_list_then_409(group):
    answers = [sign_up(group, n) for n in range(6)]

    assert [a.status_code for a in answers] == [201] * 5 + [409]
    assert [a.json()["status"] for a in answers[:5]] == ["confirmed"] * 3 + ["waiting"] * 2
    assert set(answers[5].json()) == {"detail"} and "full" in answers[5].json()["detail"]
    first = answers[0].json()
    assert set(first) == {"id", "status", "cancellation_url"}
    assert first["cancellation_url"].startswith(f"http://testserver/api/v1/signups/{first['id']}/")
    assert Signup.objects.count() == 5


@time_machine.travel(NOW, tick=False)
def test_only_the_hash_of_the_links_secret_is_stored(group):
    created = sign_up(group, 1, phone="040 123", adults=2, children_birth_years=[2025], needs="tulkki").json()
    secret = path_of(created["cancellation_url"]).rstrip("/").rsplit("/", 1)[1]
    signup = Signup.objects.get(uuid=created["id"])
    assert signup.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(v) for v in Signup.objects.filter(pk=signup.pk).values().get().values()]
    assert not any(secret in value for value in stored)
    assert (signup.adults, signup.children_birth_years, signup.needs, signup.language) == (2, [2025], "tulkki", "fi")


@time_machine.travel(NOW, tick=False)
def test_the_link_shows_the_familys_own_signup_and_nobody_elses(group):
    mine = sign_up(group, 1).json()
    sign_up(group, 2)
    response = client().get(path_of(mine["cancellation_url"]))
    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["status"], data["name"]) == (mine["id"], "confirmed", "Perhe Nieminen1")
    assert data["group"] == str(group.uuid) and data["waiting_position"] is None
    assert b"Nieminen2" not in response.content and b"perhe2@" not in response.content


@time_machine.travel(NOW, tick=False)
def test_a_wrong_secret_or_another_signups_id_finds_nothing(group):
    one, two = sign_up(group, 1).json(), sign_up(group, 2).json()
    secret_of_two = path_of(two["cancellation_url"]).rstrip("/").rsplit("/", 1)[1]
    for path in (
        f"/api/v1/signups/{one['id']}/wrong-secret/",
        f"/api/v1/signups/{one['id']}/{secret_of_two}/",
    ):
        assert client().get(path).status_code == 404
        assert client().delete(path).status_code == 404
    assert Signup.objects.filter(status=SignupStatus.CONFIRMED).count() == 2


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_place_goes_to_the_first_waiting_never_to_a_newcomer(group):
    links = [path_of(sign_up(group, n).json()["cancellation_url"]) for n in range(5)]  # 3 confirmed, 2 waiting

    assert client().delete(links[1]).status_code == 204
    first_waiting = client().get(links[3]).json()
    assert first_waiting["status"] == "offered" and first_waiting["offer_expires_at"] == "2026-12-03T11:00:00+02:00"
    assert client().get(links[4]).json()["waiting_position"] == 1

    newcomer = sign_up(group, 9)
    assert newcomer.status_code == 201 and newcomer.json()["status"] == "waiting"
    places = Signup.objects.filter(status__in=["confirmed", "offered"]).count()
    assert places == 3

    again = client().delete(links[1])
    assert again.status_code == 409 and "no longer active" in again.json()["detail"]
    accepted = client().post(f"{links[3]}accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "confirmed"
    assert client().post(f"{links[4]}accept/").status_code == 409  # nothing was offered to them


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"language": "de"}, "language"),
        ({"due_date": "2026-11-30"}, "due_date"),
        ({"due_date": "soon"}, "due_date"),
        ({"children_birth_years": [1990]}, "children_birth_years"),
        ({"adults": 9}, "adults"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_bad_signups_are_refused_and_store_nothing(group, extra, field):
    response = sign_up(group, 1, **extra)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Signup.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_same_email_cannot_sign_up_twice(group):
    assert sign_up(group, 1).status_code == 201
    twice = client().post(f"/api/v1/groups/{group.uuid}/signups/", family(2, email="PERHE1@example.fi"), format="json")
    assert twice.status_code == 400 and list(twice.json()) == ["email"]
    assert Signup.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_group_not_taking_signups_refuses_them(group):
    services.group_update_status(actor=None, group=group, status="cancelled")
    response = sign_up(group, 1)
    assert response.status_code == 400 and list(response.json()) == ["group"]
    assert not Signup.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_messages_come_in_the_requests_language_and_the_language_defaults_to_it(group):
    url = f"/api/v1/groups/{group.uuid}/signups/"
    finnish = client("fi").post(url, {"name": "A", "email": "not-an-address"}, format="json")
    english = client("en").post(url, {"name": "A", "email": "not-an-address"}, format="json")
    assert finnish.json()["email"] != english.json()["email"]
    assert english.json()["email"] == ["Enter a valid email address."]

    swedish = client("sv").post(url, {"name": "Familjen", "email": "a@example.fi"}, format="json")
    assert Signup.objects.get(uuid=swedish.json()["id"]).language == "sv"


def test_signing_up_to_an_unknown_group_is_404(db):
    response = client().post("/api/v1/groups/6f1c2a1e-0000-4000-8000-000000000000/signups/", family(1), format="json")
    assert response.status_code == 404


def test_every_bad_field_of_a_signup_is_reported_at_once(client, group):
    response = client.post(
        f"/api/v1/groups/{group.uuid}/signups/",
        {"name": "", "email": "nope", "language": "sv", "due_date": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"name", "email", "due_date"} <= set(response.json())
    assert not group.signups.exists()
