"""/api/v1/surveys/: survey links made, read, closed and given codes by those who manage
the organisation's surveys; the results in full for them, public ones for others."""

from __future__ import annotations

from typing import Any

import pytest

from perhekeskus.questionnaires import survey_links
from perhekeskus.questionnaires.models import Response, SurveyCode, SurveyLink, SurveyStatus
from perhekeskus.questionnaires.tests.test_api_questionnaires import PEOPLE, api
from perhekeskus.questionnaires.tests.test_survey_start_by_link_and_code import answer, cafe, make_link

pytestmark = pytest.mark.django_db
MANAGE = {"ada": True, "cora": True, "elsa": True, "eddie": False, "pia": False, "vilja": False, "otto": False}
MAKE_FOR_CITY = {"ada": 201, "cora": 201, "elsa": 201, "eddie": 403, "pia": 403, "vilja": 403, "otto": 403}


@pytest.mark.parametrize("who", PEOPLE)
def test_making_a_survey_link_role_matrix(network: dict[str, Any], who: str) -> None:
    cafe()
    body = {
        "questionnaire": "cafe-feedback",
        "organisation": "espoo",
        "kind": "personal",
        "title": {"fi": "Perhekahvilakysely", "sv": "Enkät om familjecaféet"},
        "minutes": 5,
        "token": "kahvila-2027",
    }
    reply = api(network, who).post("/api/v1/surveys/", body, format="json")
    assert reply.status_code == MAKE_FOR_CITY[who], reply.content
    if reply.status_code == 201:
        made = reply.json()
        assert made["address"] == "http://testserver/s/kahvila-2027/"
        assert made["title"] == {"fi": "Perhekahvilakysely", "sv": "Enkät om familjecaféet", "en": ""}
        assert (made["kind"], made["status"], made["organisation"]) == ("personal", "open", "espoo")
        assert SurveyLink.objects.get().created_by == network["people"][who]
    else:
        assert SurveyLink.objects.count() == 0


def test_making_a_link_needs_a_login_and_valid_fields(network: dict[str, Any]) -> None:
    cafe()
    assert api(network, None).post("/api/v1/surveys/", {}, format="json").status_code == 401
    bad = api(network, "elsa").post(
        "/api/v1/surveys/",
        {
            "questionnaire": "no-such",
            "organisation": "espoo",
            "kind": "everyone",
            "opens_on": "2027-05-01",
            "closes_on": "2027-04-01",
        },
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"questionnaire", "kind"}
    backwards = api(network, "elsa").post(
        "/api/v1/surveys/",
        {
            "questionnaire": "cafe-feedback",
            "organisation": "espoo",
            "opens_on": "2027-05-01",
            "closes_on": "2027-04-01",
        },
        format="json",
    )
    assert backwards.status_code == 400 and list(backwards.json()) == ["closes_on"]
    assert SurveyLink.objects.count() == 0


@pytest.mark.parametrize("who", [*PEOPLE, None])
def test_reading_closing_and_codes_role_matrix(network: dict[str, Any], who: str | None) -> None:
    link = make_link(network, kind="personal")
    client = api(network, who)
    refused = 401 if who is None else 403
    allowed = who is not None and MANAGE[who]

    assert client.get(f"/api/v1/surveys/{link.uuid}/").status_code == (200 if allowed else refused)
    listed = client.get("/api/v1/surveys/")
    if allowed:
        assert [row["id"] for row in listed.json()["data"]] == [str(link.uuid)]
    codes = client.post(f"/api/v1/surveys/{link.uuid}/codes/", {"count": 4}, format="json")
    assert codes.status_code == (201 if allowed else refused)
    assert SurveyCode.objects.count() == (4 if allowed else 0)
    if allowed:
        printed = codes.json()["codes"]
        assert len(set(printed)) == 4
        assert codes["Cache-Control"] == "private, no-store"
        response, _secret = survey_links.survey_start(link, language="fi", code=printed[0])
        assert Response.objects.get() == response
    closed = client.post(f"/api/v1/surveys/{link.uuid}/close/")
    assert closed.status_code == (200 if allowed else refused)
    link.refresh_from_db()
    assert link.status == (SurveyStatus.CLOSED if allowed else SurveyStatus.OPEN)


def test_codes_only_for_personal_links_and_in_reason(network: dict[str, Any]) -> None:
    open_link = make_link(network)
    personal = make_link(network, kind="personal")
    client = api(network, "elsa")
    assert list(client.post(f"/api/v1/surveys/{open_link.uuid}/codes/", {"count": 2}, format="json").json()) == [
        "count"
    ]
    for count in (0, 501, "many"):
        assert (
            client.post(f"/api/v1/surveys/{personal.uuid}/codes/", {"count": count}, format="json").status_code == 400
        )
    assert SurveyCode.objects.count() == 0


@pytest.mark.parametrize("who", [*PEOPLE, None])
def test_results_full_for_managers_public_for_others_when_allowed(network: dict[str, Any], who: str | None) -> None:
    public = make_link(network, results_public=True)
    private = make_link(network, questionnaire=public.questionnaire)
    for n in range(6):
        answer(public, {"visits": ["weekly" if n < 5 else "first"]})
        answer(private, {"visits": ["monthly"]})
    client = api(network, who)
    allowed = who is not None and MANAGE[who]

    reply = client.get(f"/api/v1/surveys/{public.uuid}/results/")
    assert reply.status_code == 200
    visits = reply.json()["items"]["visits"]
    assert visits == ({"first": 1, "weekly": 5} if allowed else {"first": None, "weekly": 5})
    assert reply.json()["complete"] is allowed

    hidden = client.get(f"/api/v1/surveys/{private.uuid}/results/")
    assert hidden.status_code == (200 if allowed else 401 if who is None else 403)
    if allowed:
        assert hidden.json()["items"]["visits"] == {"monthly": 6}
