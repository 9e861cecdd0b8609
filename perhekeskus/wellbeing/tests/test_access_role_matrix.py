"""Who sees the wellbeing clinic, page by page and route by route, as every person of
the cast: only the family's own nurse (Pia) sees a family and acts on it; another
professional (Nina) has her own work list, empty of Pia's families; coordinators,
admins, editors and volunteers see nothing. Anonymous: the login page (pages), 401 (API)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.tests.api_support import client_for
from perhekeskus.wellbeing.models import Family, FamilyStatus, Form

from .conftest import make_family

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PEOPLE = ["ada", "cora", "elsa", "eddie", "vilja", "otto", "nina", "pia", None]
NURSES = {"pia", "nina"}


def page_client(clinic, person):
    client = Client()
    if person is not None:
        client.force_login(clinic["people"][person])
    return client


def ids(person):
    return person or "anonymous"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=ids)
@pytest.mark.parametrize("path", ["/wellbeing/", "/wellbeing/families/new/"])
def test_work_list_and_new_family_pages(clinic, person, path):
    family = make_family(clinic, label="Rantanen")
    response = page_client(clinic, person).get(path)
    if person is None:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    elif person in NURSES:
        assert response.status_code == 200
        assert ("Rantanen" in response.content.decode()) == (person == "pia" and path == "/wellbeing/")
    else:
        assert response.status_code == 403
    assert family.pk


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=ids)
def test_family_page(clinic, person):
    family = make_family(clinic)
    response = page_client(clinic, person).get(f"/wellbeing/families/{family.uuid}/")
    reads = AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(family.uuid))
    if person is None:
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if person == "pia" else 404)
    assert reads.count() == (1 if person == "pia" else 0)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=ids)
@pytest.mark.parametrize("action", ["birth", "links", "clinic", "close", "hand-over"])
def test_family_actions(clinic, person, action):
    family = make_family(clinic)
    mother = family.parents.get(position=1)
    data = {
        "birth": {"birth_date": "2026-11-30"},
        "links": {"parent": str(mother.uuid), "point": "pregnancy", "delivery": "show", "action": "make"},
        "clinic": {"parent": str(mother.uuid), "point": "pregnancy"},
        "close": {},
        "hand-over": {"nurse": str(clinic["people"]["nina"].uuid)},
    }[action]
    response = page_client(clinic, person).post(f"/wellbeing/families/{family.uuid}/{action}/", data)
    family.refresh_from_db()
    changed = (
        family.birth_date is not None
        or Form.objects.exists()
        or family.status == FamilyStatus.CLOSED
        or family.nurse != clinic["people"]["pia"]
    )
    if person == "pia":
        assert response.status_code in (200, 303)
        assert changed
    else:
        assert response.status_code == (302 if person is None else 404)
        assert not changed


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=ids)
def test_api_list(clinic, person):
    make_family(clinic, label="Salminen")
    response = client_for(clinic, person).get("/api/v1/wellbeing/families/")
    if person is None:
        assert response.status_code == 401
    elif person in NURSES:
        assert response.status_code == 200
        assert [f["label"] for f in response.json()["data"]] == (["Salminen"] if person == "pia" else [])
    else:
        assert response.status_code == 403


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=ids)
def test_api_family(clinic, person):
    family = make_family(clinic)
    response = client_for(clinic, person).get(f"/api/v1/wellbeing/families/{family.uuid}/")
    assert response.status_code == {None: 401, "pia": 200}.get(person, 404)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", PEOPLE, ids=ids)
def test_api_create(clinic, person):
    body = {"label": "Tanskanen", "due_date": "2027-04-01", "parents": [{"label": "parent", "language": "en"}]}
    response = client_for(clinic, person).post("/api/v1/wellbeing/families/", body, format="json")
    if person is None:
        assert response.status_code == 401
    elif person in NURSES:
        assert response.status_code == 201, response.content
        assert Family.objects.get().nurse == clinic["people"][person]
    else:
        assert response.status_code == 403
    if response.status_code != 201:
        assert not Family.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_hand_over_moves_the_family_to_the_colleague_and_is_logged(clinic):
    family = make_family(clinic)
    pia, nina = page_client(clinic, "pia"), page_client(clinic, "nina")
    response = pia.post(f"/wellbeing/families/{family.uuid}/hand-over/", {"nurse": str(clinic["people"]["nina"].uuid)})
    assert response.status_code == 303 and response["Location"] == "/wellbeing/"
    assert pia.get(f"/wellbeing/families/{family.uuid}/").status_code == 404
    assert nina.get(f"/wellbeing/families/{family.uuid}/").status_code == 200
    entry = AuditEntry.objects.filter(object_id=str(family.uuid), action=AuditAction.UPDATE).latest("id")
    assert entry.actor_label == "pia@example.fi" and entry.changes["handed_over"] is True


@time_machine.travel(NOW, tick=False)
def test_a_family_is_handed_only_to_a_professional_of_its_clinic(clinic):
    family = make_family(clinic)
    response = page_client(clinic, "pia").post(
        f"/wellbeing/families/{family.uuid}/hand-over/", {"nurse": str(clinic["people"]["elsa"].uuid)}
    )
    assert response.status_code == 400
    family.refresh_from_db()
    assert family.nurse == clinic["people"]["pia"]


@pytest.mark.parametrize("person", PEOPLE[:-1], ids=ids)
def test_the_dashboard_links_the_work_list_for_nurses(clinic, person):
    page = page_client(clinic, person).get("/dashboard/").content.decode()
    assert ('href="/wellbeing/"' in page) == (person in NURSES)
