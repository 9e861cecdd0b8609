"""/api/v1/questionnaires/: the list, the FHIR Questionnaire exactly as imported, import
by those who keep questionnaires (400 with every place and reason for a bad one, nothing
stored), and the counts: every count for the owner's people, small ones hidden otherwise."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from perhekeskus.questionnaires import instruments, services
from perhekeskus.questionnaires.models import Questionnaire
from perhekeskus.questionnaires.tests.test_survey_start_by_link_and_code import answer, make_link

pytestmark = pytest.mark.django_db
PEOPLE = ("ada", "cora", "eddie", "elsa", "pia", "vilja", "otto")


def api(network: dict[str, Any], who: str | None) -> APIClient:
    client = APIClient()
    if who is not None:
        client.force_authenticate(network["people"][who])
    return client


def own_survey(identifier: str = "leppavaara-help") -> dict[str, Any]:
    data = copy.deepcopy(instruments.read_shipped("cafe-feedback"))
    data["id"] = identifier
    data["title"] = "Mistä saat apua?"
    return data


def test_the_list_shows_active_questionnaires_and_parents_forms_to_the_network_only(network: dict[str, Any]) -> None:
    services.questionnaire_import(instruments.read_shipped("cafe-feedback"), purpose="feedback")
    services.questionnaire_import(instruments.read_shipped("audit-c"), purpose="clinical")
    retired = own_survey("old-one")
    retired["status"] = "retired"
    services.questionnaire_import(retired)

    anonymous = api(network, None).get("/api/v1/questionnaires/")
    assert anonymous.status_code == 200
    assert [q["identifier"] for q in anonymous.json()["data"]] == ["cafe-feedback"]
    row = anonymous.json()["data"][0]
    assert row["title"] == {
        "fi": "Palaute perhekahvilasta",
        "sv": "Respons på familjecaféet",
        "en": "Feedback on the family café",
    }
    assert (row["purpose"], row["organisation"], row["status"]) == ("feedback", None, "active")
    member = api(network, "vilja").get("/api/v1/questionnaires/").json()
    assert [q["identifier"] for q in member["data"]] == ["audit-c", "cafe-feedback"]
    assert member["meta"]["count"] == 2


def test_the_definition_comes_back_exactly_as_imported(network: dict[str, Any]) -> None:
    data = own_survey()
    made = api(network, "eddie").post("/api/v1/questionnaires/?organisation=mll-espoo", data, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["organisation"] == "mll-espoo" and made.json()["purpose"] == "survey"

    read = api(network, None).get("/api/v1/questionnaires/leppavaara-help/")
    assert read.status_code == 200
    assert read["Content-Type"].startswith("application/fhir+json")
    assert json.loads(read.content) == data

    data["title"] = "Mistä saat apua? (2027)"
    again = api(network, "eddie").post("/api/v1/questionnaires/?organisation=mll-espoo", data, format="json")
    assert again.status_code == 200
    assert json.loads(api(network, None).get("/api/v1/questionnaires/leppavaara-help/").content) == data
    assert Questionnaire.objects.count() == 1


def test_a_bad_definition_is_refused_with_every_place_and_reason(network: dict[str, Any]) -> None:
    data = own_survey()
    data["item"][1]["type"] = "slider"
    data["item"][2]["linkId"] = data["item"][3]["linkId"]
    reply = api(network, "cora").post("/api/v1/questionnaires/?organisation=espoo", data, format="json")
    assert reply.status_code == 400
    errors = reply.json()
    assert any("slider" in " ".join(messages) for messages in errors.values()), errors
    assert any("already used" in " ".join(messages) for messages in errors.values()), errors
    assert all(place.startswith("item[") for place in errors), errors
    assert Questionnaire.objects.count() == 0
    not_one = api(network, "cora").post("/api/v1/questionnaires/", {"resourceType": "Patient"}, format="json")
    assert not_one.status_code == 400
    assert not_one.json() == {"resourceType": ["this is not a FHIR Questionnaire"]}
    unknown = api(network, "cora").post("/api/v1/questionnaires/?organisation=nowhere", data, format="json")
    assert unknown.status_code == 400 and "organisation" in unknown.json()


# Who imports: an organisation's own by its editors and the area's coordinators; shipped
# ones (no organisation) by coordinators and admins.
IMPORT_FOR_CITY = {"ada": 201, "cora": 201, "elsa": 201, "eddie": 403, "pia": 403, "vilja": 403, "otto": 403}
IMPORT_SHARED = {"ada": 201, "cora": 201, "elsa": 403, "eddie": 403, "pia": 403, "vilja": 403, "otto": 403}


@pytest.mark.parametrize("who", PEOPLE)
def test_import_role_matrix(network: dict[str, Any], who: str) -> None:
    client = api(network, who)
    own = client.post("/api/v1/questionnaires/?organisation=espoo", own_survey("city-own"), format="json")
    assert own.status_code == IMPORT_FOR_CITY[who]
    shared = client.post("/api/v1/questionnaires/", own_survey("for-all"), format="json")
    assert shared.status_code == IMPORT_SHARED[who]
    expected = {"city-own"} if IMPORT_FOR_CITY[who] == 201 else set()
    expected |= {"for-all"} if IMPORT_SHARED[who] == 201 else set()
    assert set(Questionnaire.objects.values_list("identifier", flat=True)) == expected


def test_import_needs_a_login_and_cannot_take_another_organisations_id(network: dict[str, Any]) -> None:
    assert api(network, None).post("/api/v1/questionnaires/", own_survey(), format="json").status_code == 401
    api(network, "elsa").post("/api/v1/questionnaires/?organisation=espoo", own_survey("taken"), format="json")
    over = api(network, "eddie").post(
        "/api/v1/questionnaires/?organisation=mll-espoo", own_survey("taken"), format="json"
    )
    assert over.status_code == 403
    moved = api(network, "ada").post(
        "/api/v1/questionnaires/?organisation=mll-espoo", own_survey("taken"), format="json"
    )
    assert moved.status_code == 400 and "id" in moved.json()
    assert Questionnaire.objects.get().organisation == network["orgs"]["city"]


def test_parents_forms_are_read_by_the_network_only(network: dict[str, Any]) -> None:
    services.questionnaire_import(instruments.read_shipped("audit-c"), purpose="clinical")
    assert api(network, None).get("/api/v1/questionnaires/audit-c/").status_code == 401
    assert api(network, "vilja").get("/api/v1/questionnaires/audit-c/").status_code == 200
    assert api(network, None).get("/api/v1/questionnaires/no-such/").status_code == 404


# Counts: every count for the owner's members, those who edit it and admins.
FULL_COUNTS = {"ada": True, "cora": True, "elsa": True, "pia": True, "eddie": False, "vilja": False, "otto": False}


@pytest.mark.parametrize("who", [*PEOPLE, None])
def test_summary_full_for_the_owner_and_small_counts_hidden_for_others(
    network: dict[str, Any], who: str | None
) -> None:
    questionnaire, _new = services.questionnaire_import(own_survey(), organisation=network["orgs"]["city"])
    link = make_link(network, questionnaire=questionnaire)
    for n in range(6):
        answer(link, {"visits": ["weekly" if n < 5 else "first"]})

    reply = api(network, who).get("/api/v1/questionnaires/leppavaara-help/summary/")

    assert reply.status_code == 200
    body = reply.json()
    if who is not None and FULL_COUNTS[who]:
        assert body["complete"] is True
        assert body["responses"] == 6
        assert body["items"]["visits"] == {"first": 1, "weekly": 5}
    else:
        assert body["complete"] is False
        assert body["responses"] == 6
        assert body["items"]["visits"] == {"first": None, "weekly": 5}


@pytest.mark.parametrize("who", [*PEOPLE, None])
def test_parents_forms_are_counted_for_admins_only(network: dict[str, Any], who: str | None) -> None:
    from perhekeskus.questionnaires import filling

    questionnaire, _new = services.questionnaire_import(instruments.read_shipped("audit-c"), purpose="clinical")
    for _n in range(6):
        response, _secret = filling.response_start(questionnaire)
        filling.response_save(response, {"audit.1": ["0"]}, complete=True)

    reply = api(network, who).get("/api/v1/questionnaires/audit-c/summary/")

    expected = 200 if who == "ada" else 401 if who is None else 403
    assert reply.status_code == expected
    if who == "ada":
        assert reply.json()["items"]["audit.1"] == {"0": 6}


@pytest.mark.parametrize("name", ["perhe-2007", "audit-c", "epds"])
def test_files_imported_through_the_api_come_back_equal(network: dict[str, Any], name: str) -> None:
    from perhekeskus.questionnaires.tests.test_perhe_2007_survey import SPEC

    path = SPEC if name == "perhe-2007" else instruments.shipped_path(name)
    text = path.read_text(encoding="utf-8")
    made = api(network, "ada").post(
        "/api/v1/questionnaires/?one_per_respondent=true", text, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["one_per_respondent"] is True
    read = api(network, "vilja").get(f"/api/v1/questionnaires/{json.loads(text)['id']}/")
    assert json.loads(read.content) == json.loads(text)
