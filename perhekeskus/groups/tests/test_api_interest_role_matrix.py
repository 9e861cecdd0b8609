"""The interest-list API: anyone puts a family on the list (201 with the withdraw link, 400
per field with nothing stored) and withdraws with that link; the counts are for
coordinators and admins; inviting the interested families to a group is for the area's
coordinator who may run the group, and admins. Every person of the cast and nobody
signed in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from perhekeskus.groups.interest import interest_create
from perhekeskus.groups.models import Group, GroupStatus, Interest, InterestStatus
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.network.tests.api_support import CAST, client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PEOPLE = [*CAST, None]
COUNT_READERS = {"ada", "cora"}


def expected(person: str | None, success: int, allowed: set[str]) -> int:
    if person is None:
        return 401
    return success if person in allowed else 403


def body(**changes) -> dict:
    data = {"kind": "fathers_group", "area": "matinkyla", "times": ["weekend"], "email": "isa@example.fi"}
    data.update(changes)
    return data


@time_machine.travel(NOW, tick=False)
def test_anyone_joins_and_withdraws_with_the_link(calendar):
    client = client_for(calendar, None)
    response = client.post("/api/v1/interest/", body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    entry = Interest.objects.get()
    assert data["status"] == "waiting" and data["id"] == str(entry.uuid)
    assert entry.language == "en"  # the request's language, when none is given
    assert data["withdraw_url"].startswith(f"http://testserver/api/v1/interest/{entry.uuid}/")
    assert OutgoingMessage.objects.filter(kind=MessageKind.INTEREST_RECEIVED, to="isa@example.fi").count() == 1

    assert (
        client.delete(data["withdraw_url"].replace(str(entry.uuid), "00000000-0000-0000-0000-000000000000")).status_code
        == 404
    )
    assert client.delete(data["withdraw_url"]).status_code == 204
    entry.refresh_from_db()
    assert entry.status == InterestStatus.WITHDRAWN and entry.email == ""
    assert client.delete(data["withdraw_url"]).status_code == 404


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "other"}, "kind"),
        ({"area": "nowhere"}, "area"),
        ({"area": "uusimaa"}, "area"),
        ({"times": ["midnight"]}, "times[0]"),
        ({"email": "not-an-address"}, "email"),
        ({"language": "de"}, "language"),
        ({"due_date": "2026-01-01"}, "due_date"),
        ({"children_birth_years": [1980]}, "children_birth_years"),
        ({"name": "Isä"}, "name"),
    ],
)
def test_bad_input_is_400_per_field(calendar, changes, field):
    response = client_for(calendar, None).post("/api/v1/interest/", body(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Interest.objects.exists() and not OutgoingMessage.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_second_entry_with_same_email_is_400(calendar):
    client = client_for(calendar, None)
    assert client.post("/api/v1/interest/", body(), format="json").status_code == 201
    response = client.post("/api/v1/interest/", body(email="Isa@Example.fi"), format="json")
    assert response.status_code == 400 and "email" in response.json()
    assert Interest.objects.count() == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_summary_matrix(calendar, person):
    areas = calendar["areas"]
    interest_create(
        {"kind": "fathers_group", "area": areas["matinkyla"], "email": "a@example.fi", "times": ["weekend"]}
    )
    interest_create({"kind": "fathers_group", "area": areas["espoo"], "email": "b@example.fi"})
    interest_create({"kind": "fathers_group", "area": areas["salo"], "email": "c@example.fi"})

    response = client_for(calendar, person).get("/api/v1/interest/summary/")

    assert response.status_code == expected(person, 200, COUNT_READERS), response.content
    if response.status_code == 200:
        rows = {(r["kind"], r["municipality"]): r for r in response.json()["data"]}
        espoo = rows[("fathers_group", "espoo")]
        assert espoo["total"] == 2 and espoo["times"]["weekend"] == 1 and espoo["times"]["any"] == 1
        assert {d["area"]: d["total"] for d in espoo["districts"]} == {"espoo": 1, "matinkyla": 1}
        # Espoo's coordinator sees Espoo only; the admin sees every municipality.
        assert (("fathers_group", "salo") in rows) == (person == "ada")
        assert "a@example.fi" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_invite_interested_matrix(calendar, person):
    areas = calendar["areas"]
    interest_create({"kind": "fathers_group", "area": areas["matinkyla"], "email": "a@example.fi", "language": "sv"})
    interest_create(
        {"kind": "fathers_group", "area": areas["leppavaara"], "email": "b@example.fi", "times": ["weekend"]}
    )
    group = make_group(calendar["orgs"]["city"], calendar["park"], capacity=10)
    Group.objects.filter(pk=group.pk).update(kind="fathers_group", status=GroupStatus.OPEN)

    response = client_for(calendar, person).post(
        f"/api/v1/groups/{group.uuid}/invite-interested/",
        {"kind": "fathers_group", "area": "espoo", "times": ["weekday_evening"]},
        format="json",
    )

    assert response.status_code == expected(person, 200, COUNT_READERS), response.content
    invitations = OutgoingMessage.objects.filter(kind=MessageKind.INVITATION)
    if response.status_code == 200:
        assert response.json() == {"invited": 1}  # a@ suits any time; b@ only weekends
        assert list(invitations.values_list("to", "language")) == [("a@example.fi", "sv")]
    else:
        assert not invitations.exists()
        assert Interest.objects.filter(status=InterestStatus.WAITING).count() == 2


@time_machine.travel(NOW, tick=False)
def test_invite_interested_bad_input(calendar):
    group = make_group(calendar["orgs"]["city"], calendar["park"])
    Group.objects.filter(pk=group.pk).update(kind="fathers_group", status=GroupStatus.OPEN)
    client = client_for(calendar, "cora")
    url = f"/api/v1/groups/{group.uuid}/invite-interested/"
    assert "kind" in client.post(url, {"kind": "other", "area": "espoo"}, format="json").json()
    assert "area" in client.post(url, {"kind": "fathers_group", "area": "nowhere"}, format="json").json()
    empty = client.post(url, {"kind": "fathers_group", "area": "espoo"}, format="json")
    assert empty.status_code == 400 and "area" in empty.json()  # nobody is waiting
    wrong_kind = client.post(url, {"kind": "baby_group", "area": "espoo"}, format="json")
    assert wrong_kind.status_code == 400 and "group" in wrong_kind.json()
    missing = client.post(
        "/api/v1/groups/00000000-0000-0000-0000-000000000000/invite-interested/",
        {"kind": "fathers_group", "area": "espoo"},
        format="json",
    )
    assert missing.status_code == 404
