"""Who may use the organisation's survey pages: the editors and coordinators of the
owning organisation (and of its area) and admins; nobody else, whatever they try."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from perhekeskus.questionnaires.models import SurveyCode, SurveyLink, SurveyStatus
from perhekeskus.questionnaires.tests.test_survey_start_by_link_and_code import cafe, make_link

pytestmark = pytest.mark.django_db
MANAGE = {"ada": 200, "cora": 200, "elsa": 200, "eddie": 403, "pia": 403, "vilja": 403, "otto": 403}
MAKE = {"ada": 200, "cora": 200, "elsa": 200, "eddie": 200, "pia": 403, "vilja": 403, "otto": 200}


def client_of(network: dict[str, Any], who: str | None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages checked in English
    if who is not None:
        client.force_login(network["people"][who])
    return client


@pytest.mark.parametrize(("who", "expected"), MANAGE.items())
def test_a_survey_and_its_results_for_those_who_manage_it(network: dict[str, Any], who: str, expected: int) -> None:
    link = make_link(network)
    client = client_of(network, who)
    assert client.get(f"/surveys/{link.uuid}/").status_code == expected
    assert client.get(f"/surveys/{link.uuid}/results/").status_code == expected
    listed = client.get("/surveys/")
    assert listed.status_code == MAKE[who]
    if listed.status_code == 200:
        assert (f"/surveys/{link.uuid}/" in listed.content.decode()) == (expected == 200)


@pytest.mark.parametrize(("who", "expected"), MANAGE.items())
def test_closing_and_codes_only_by_those_who_manage(network: dict[str, Any], who: str, expected: int) -> None:
    link = make_link(network, kind="personal")
    client = client_of(network, who)
    made = client.post(f"/surveys/{link.uuid}/", {"action": "codes", "count": "3"})
    assert made.status_code == expected
    assert SurveyCode.objects.filter(link=link).count() == (3 if expected == 200 else 0)
    if expected == 200:
        printed = re.findall(r'<span class="code">([A-Z0-9-]+)</span>', made.content.decode())
        assert len(printed) == 3
        stored = set(SurveyCode.objects.values_list("code_hash", flat=True))
        assert not any(code in h or code.replace("-", "") in h for code in printed for h in stored)
        assert made["Cache-Control"] == "private, no-store"
    closed = client.post(f"/surveys/{link.uuid}/", {"action": "close"})
    assert closed.status_code == (303 if expected == 200 else 403)
    link.refresh_from_db()
    assert link.status == (SurveyStatus.CLOSED if expected == 200 else SurveyStatus.OPEN)


def test_anonymous_visitors_are_sent_to_sign_in(network: dict[str, Any]) -> None:
    link = make_link(network)
    for path in ("/surveys/", "/surveys/new/", f"/surveys/{link.uuid}/", f"/surveys/{link.uuid}/results/"):
        reply = Client().get(path)
        assert reply.status_code == 302 and "login" in reply["Location"], path


def test_a_new_survey_for_ones_own_organisation_only(network: dict[str, Any]) -> None:
    questionnaire = cafe()
    city, mll = network["orgs"]["city"], network["orgs"]["mll"]
    data = {"organisation": city.pk, "questionnaire": questionnaire.pk, "kind": "open", "minutes": "5"}
    eddie = client_of(network, "eddie")
    refused = eddie.post("/surveys/new/", data)
    assert refused.status_code == 400
    assert SurveyLink.objects.count() == 0
    assert client_of(network, "pia").post("/surveys/new/", data).status_code == 403
    assert SurveyLink.objects.count() == 0

    made = eddie.post("/surveys/new/", {**data, "organisation": mll.pk, "token": "leppavaara-2027"})
    assert made.status_code == 303
    link = SurveyLink.objects.get()
    assert (link.organisation, link.token, link.minutes) == (mll, "leppavaara-2027", 5)
    assert made["Location"] == f"/surveys/{link.uuid}/"
    taken = eddie.post("/surveys/new/", {**data, "organisation": mll.pk, "token": "leppavaara-2027"})
    assert taken.status_code == 400
    assert "This address is in use already" in taken.content.decode()
    backwards = eddie.post(
        "/surveys/new/", {**data, "organisation": mll.pk, "opens_on": "2027-05-01", "closes_on": "2027-04-01"}
    )
    assert backwards.status_code == 400
    assert "The last day comes before the first day." in backwards.content.decode()
    assert SurveyLink.objects.count() == 1


def test_a_clinical_questionnaire_is_not_asked_by_link(network: dict[str, Any]) -> None:
    from perhekeskus.questionnaires import instruments, services

    audit_c, _new = services.questionnaire_import(instruments.read_shipped("audit-c"), purpose="clinical")
    reply = client_of(network, "elsa").post(
        "/surveys/new/", {"organisation": network["orgs"]["city"].pk, "questionnaire": audit_c.pk, "kind": "open"}
    )
    assert reply.status_code == 400
    assert SurveyLink.objects.count() == 0


@pytest.mark.parametrize("who", MAKE)
def test_the_dashboard_links_the_surveys_for_those_who_make_them(network: dict[str, Any], who: str) -> None:
    page = client_of(network, who).get("/dashboard/")
    assert page.status_code == 200
    assert ('href="/surveys/"' in page.content.decode()) == (MAKE[who] == 200)


def test_codes_are_refused_with_a_reason_and_none_made(network: dict[str, Any]) -> None:
    personal = make_link(network, kind="personal")
    open_link = make_link(network)
    client = client_of(network, "elsa")
    for count in ("0", "501", "ten"):
        reply = client.post(f"/surveys/{personal.uuid}/", {"action": "codes", "count": count})
        assert reply.status_code == 400, count
        assert "error" in reply.content.decode()
    refused = client.post(f"/surveys/{open_link.uuid}/", {"action": "codes", "count": "3"})
    assert refused.status_code == 400
    assert "Codes are made for links with one response per code only." in refused.content.decode()
    assert SurveyCode.objects.count() == 0
    page = client.get(f"/surveys/{open_link.uuid}/").content.decode()
    assert 'name="count"' not in page and f"/s/{open_link.token}/" in page


# An NGO's survey: its own editor and the coordinator of the area it works in.
MANAGE_MLL = {"ada": 200, "cora": 200, "elsa": 403, "eddie": 200, "pia": 403, "vilja": 403, "otto": 403}


@pytest.mark.parametrize(("who", "expected"), MANAGE_MLL.items())
def test_an_ngos_survey_is_managed_by_its_editors_and_the_areas_coordinator(
    network: dict[str, Any], who: str, expected: int
) -> None:
    link = make_link(network, organisation=network["orgs"]["mll"], actor=network["people"]["eddie"])
    client = client_of(network, who)
    assert client.get(f"/surveys/{link.uuid}/").status_code == expected
    assert client.get(f"/surveys/{link.uuid}/results/").status_code == expected
