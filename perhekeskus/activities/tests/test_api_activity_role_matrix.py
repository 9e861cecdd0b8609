"""Who may do what with activities through the API: every endpoint × every person of the cast.

MLL Espoo's activities are kept by Ada (admin), Cora (coordinator of Espoo) and Eddie
(MLL's editor); Espoo city's by Ada, Cora and Elsa (the city's editor). Pia
(professional), Vilja (volunteer) and Otto (Salo parish's editor) only read. Nobody
signed in gets 401 on writes. Drafts exist only for their keepers: 404 for everyone
else. A refusal changes nothing and logs nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from perhekeskus.activities import services
from perhekeskus.activities.models import Activity, OccurrenceChange
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.core.models import AuditEntry
from perhekeskus.network.tests.api_support import CAST, client_for

pytestmark = pytest.mark.django_db

PEOPLE = [*CAST, None]
KEEPERS = {"mll": {"ada", "cora", "eddie"}, "city": {"ada", "cora", "elsa"}}
SUCCESS = {"create": 201, "put": 200, "patch": 200, "delete": 204, "change": 201, "restore": 204}
FIRST = helsinki(2026, 3, 3, 10)


def body(owner_slug: str) -> dict[str, Any]:
    return {
        "organisation": owner_slug,
        "status": "published",
        "title": {"fi": "Vauvakerho"},
        "online": True,
        "online_url": "https://example.fi/kerho",
        "start": "2026-03-03T10:00:00+02:00",
        "end": "2026-03-03T11:30:00+02:00",
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
    }


def owned(network: dict[str, Any], owner: str, **fields: Any) -> Activity:
    return make_activity(
        network["orgs"][owner],
        title_fi="Vauvakerho",
        start=FIRST,
        end=helsinki(2026, 3, 3, 11, 30),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        **fields,
    )


def request_for(endpoint: str, network: dict[str, Any], owner: str) -> tuple[str, str, Any]:
    slug = network["orgs"][owner].slug
    if endpoint == "create":
        return "post", "/api/v1/activities/", body(slug)
    activity = owned(network, owner)
    url = f"/api/v1/activities/{activity.uuid}/"
    if endpoint == "put":
        return "put", url, body(slug)
    if endpoint == "patch":
        return "patch", url, {"title": {"en": "Baby club"}}
    if endpoint == "delete":
        return "delete", url, None
    if endpoint == "change":
        return "post", f"{url}changes/", {"original_start": "2026-03-10T10:00:00+02:00", "kind": "cancelled"}
    if endpoint == "restore":
        services.occurrence_change(
            actor=None, activity=activity, original_start=helsinki(2026, 3, 10, 10), kind="cancelled"
        )
        query = urlencode({"original_start": "2026-03-10T10:00:00+02:00"})
        return "delete", f"{url}changes/?{query}", None
    raise AssertionError(endpoint)


def counts() -> tuple[int, int, int]:
    return Activity.objects.count(), OccurrenceChange.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
@pytest.mark.parametrize("owner", ["mll", "city"])
@pytest.mark.parametrize("endpoint", list(SUCCESS))
def test_write_matrix(network, endpoint, owner, person):
    method, url, payload = request_for(endpoint, network, owner)
    client = client_for(network, person)
    before = counts()
    response = getattr(client, method)(url, payload) if payload is not None else getattr(client, method)(url)
    if person is None:
        expected = 401
    elif person in KEEPERS[owner]:
        expected = SUCCESS[endpoint]
    else:
        expected = 403
    assert response.status_code == expected, (response.status_code, response.content[:300])
    if expected >= 400:
        assert counts() == before
    else:
        logged = AuditEntry.objects.filter(source="api", actor=network["people"][person])
        assert logged.count() == 1


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
@pytest.mark.parametrize("owner", ["mll", "city"])
def test_drafts_are_there_only_for_their_keepers(network, owner, person):
    draft = owned(network, owner, status="draft")
    client = client_for(network, person)
    keeper = person in KEEPERS[owner]

    retrieved = client.get(f"/api/v1/activities/{draft.uuid}/")
    assert retrieved.status_code == (200 if keeper else 404)
    listed = client.get("/api/v1/activities/", {"status": "draft"}).json()["data"]
    assert [row["id"] for row in listed] == ([str(draft.uuid)] if keeper else [])
    assert client.get("/api/v1/activities/").json()["data"] == []  # public statuses by default
    if person is not None and not keeper:
        before = counts()
        assert client.patch(f"/api/v1/activities/{draft.uuid}/", {"status": "published"}).status_code == 404
        assert client.delete(f"/api/v1/activities/{draft.uuid}/").status_code == 404
        assert counts() == before


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_published_activities_are_read_by_everyone(network, person):
    activity = owned(network, "mll")
    cancelled = owned(network, "city", status="cancelled")
    client = client_for(network, person)
    assert client.get(f"/api/v1/activities/{activity.uuid}/").status_code == 200
    assert client.get(f"/api/v1/activities/{cancelled.uuid}/").status_code == 200
    listed = {row["id"] for row in client.get("/api/v1/activities/").json()["data"]}
    assert listed == {str(activity.uuid), str(cancelled.uuid)}


def test_moving_an_activity_to_an_organisation_one_may_not_edit_is_refused(network):
    activity = owned(network, "mll")
    eddie = client_for(network, "eddie")
    before = counts()
    response = eddie.patch(f"/api/v1/activities/{activity.uuid}/", {"organisation": "espoo"})
    assert response.status_code == 403
    assert counts() == before
    activity.refresh_from_db()
    assert activity.organisation == network["orgs"]["mll"]
