"""The template pages over HTTP: who sees and changes what, the sessions as a formset with
rows to add and remove, and errors per field with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from perhekeskus.groups import programmes
from perhekeskus.groups.models import Programme

pytestmark = pytest.mark.django_db


def signed_in(client: Any, network: dict[str, Any], person: str | None) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if person:
        client.force_login(network["people"][person])
    return client


def management(total: int, initial: int = 0) -> dict[str, Any]:
    return {
        "sessions-TOTAL_FORMS": str(total),
        "sessions-INITIAL_FORMS": str(initial),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "60",
    }


def template_post(**changes: Any) -> dict[str, Any]:
    data = {
        "slug": "isa-lapsi",
        "kind": "fathers_group",
        "name_fi": "Isä–lapsi-ryhmä",
        "name_en": "Father and child group",
        "participation": "open",
        "capacity": "8",
        "capacity_unit": "families",
        "waiting_list_capacity": "2",
        "minimum": "4",
        "session_minutes": "90",
        "active": "on",
        **management(3),
        "sessions-0-number": "1",
        "sessions-0-offset_days": "0",
        "sessions-0-topic_fi": "Tutustuminen",
        "sessions-1-number": "2",
        "sessions-1-offset_days": "7",
        "sessions-1-topic_fi": "Leikki",
        "sessions-1-minutes": "120",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def shipped(network):
    call_command("load_programmes", stdout=open("/dev/null", "w"))  # noqa: SIM115


# Who may open the pages at all: those who edit an organisation or keep shared templates.
LIST_STATUS = {"ada": 200, "cora": 200, "elsa": 200, "eddie": 200, "otto": 200, "pia": 403, "vilja": 403}


@pytest.mark.parametrize("person", [*sorted(LIST_STATUS), None])
def test_list_matrix(client, network, shipped, person):
    response = signed_in(client, network, person).get("/programmes/")
    if person is None:
        assert response.status_code == 302 and "login" in response["Location"]
        return
    assert response.status_code == LIST_STATUS[person]
    if response.status_code == 200:
        page = response.content.decode()
        assert "Family training" in page and "Fathers&#x27; group" in page
        # Shared templates are edited by coordinators and admins only.
        assert ('href="/programmes/perhevalmennus-espoo/"' in page) == (person in {"ada", "cora"})


def test_list_shows_own_organisations_templates_not_others(client, network):
    programmes.programme_create(
        actor=None,
        data={"slug": "salo-oma", "kind": "other", "name_fi": "Salon oma", "organisation": network["orgs"]["parish"]},
        sessions=[{"number": 1, "offset_days": 0, "topic_fi": "A"}],
    )
    assert "Salon oma" in signed_in(client, network, "otto").get("/programmes/").content.decode()
    client.logout()
    assert "Salon oma" not in signed_in(client, network, "elsa").get("/programmes/").content.decode()


def test_create_template_with_sessions(client, network):
    client = signed_in(client, network, "cora")
    response = client.post("/programmes/new/", template_post())
    assert response.status_code == 302 and response["Location"] == "/programmes/isa-lapsi/"
    made = Programme.objects.get(slug="isa-lapsi")
    assert made.organisation is None and made.capacity == 8
    assert list(made.sessions.values_list("number", "offset_days", "minutes")) == [(1, 0, None), (2, 7, 120)]


def test_editor_makes_own_organisations_template_and_must_name_it(client, network):
    client = signed_in(client, network, "elsa")
    refused = client.post("/programmes/new/", template_post())
    assert refused.status_code == 400 and not Programme.objects.exists()
    assert "This field is required." in refused.content.decode()
    done = client.post("/programmes/new/", template_post(organisation=str(network["orgs"]["city"].pk)))
    assert done.status_code == 302
    assert Programme.objects.get().organisation == network["orgs"]["city"]


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"minimum": "9"}, "The minimum cannot be more than the places."),
        ({"sessions-1-offset_days": "0"}, "Each session must come on a later day than the one before."),
        ({"sessions-1-number": "1"}, "Each session needs its own number."),
        ({"sessions-1-topic_fi": ""}, "This field is required."),
        ({"slug": "Not a slug"}, "Enter a valid"),
    ],
    ids=["minimum", "offsets", "numbers", "topic", "slug"],
)
def test_errors_are_shown_and_nothing_saved(client, network, changes, shown):
    response = signed_in(client, network, "cora").post("/programmes/new/", template_post(**changes))
    assert response.status_code == 400
    assert shown in response.content.decode()
    assert not Programme.objects.exists()


def test_edit_adds_and_removes_rows(client, network, shipped):
    client = signed_in(client, network, "cora")
    page = client.get("/programmes/isaryhma/")
    assert page.status_code == 200
    form = page.context["formset"]
    assert len(form.forms) == 8 + 3  # the sessions and three empty rows
    data = template_post(slug="isaryhma", name_fi="Isäryhmä", **management(10, 8))
    for i in range(8):
        data[f"sessions-{i}-number"] = str(i + 1)
        data[f"sessions-{i}-offset_days"] = str(14 * i)
        data[f"sessions-{i}-topic_fi"] = f"Aihe {i + 1}"
    data["sessions-7-DELETE"] = "on"
    data["sessions-8-number"] = "9"
    data["sessions-8-offset_days"] = "120"
    data["sessions-8-topic_fi"] = "Retki"
    data.pop("sessions-1-minutes")
    response = client.post("/programmes/isaryhma/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kept = Programme.objects.get(slug="isaryhma")
    assert list(kept.sessions.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 9]
    assert kept.sessions.get(number=9).topic_fi == "Retki"


@pytest.mark.parametrize("person", ["elsa", "eddie", "otto", "pia"])
def test_shared_template_cannot_be_edited_or_deleted_by_others(client, network, shipped, person):
    client = signed_in(client, network, person)
    assert client.get("/programmes/isaryhma/").status_code == 403
    assert client.post("/programmes/isaryhma/delete/").status_code == 403
    assert Programme.objects.filter(slug="isaryhma").exists()


def test_delete_asks_then_deletes(client, network, shipped):
    client = signed_in(client, network, "ada")
    page = client.get("/programmes/isaryhma/delete/")
    assert page.status_code == 200 and "Delete for good" in page.content.decode()
    assert Programme.objects.filter(slug="isaryhma").exists()
    response = client.post("/programmes/isaryhma/delete/")
    assert response.status_code == 302 and not Programme.objects.filter(slug="isaryhma").exists()


@pytest.mark.parametrize(("person", "shown"), [("elsa", True), ("cora", True), ("pia", False)])
def test_dashboard_links_to_new_group_and_templates(client, network, person, shown):
    page = signed_in(client, network, person).get(reverse("dashboard")).content.decode()
    assert ('href="/groups/new/"' in page) == shown
    assert ('href="/programmes/"' in page) == shown
