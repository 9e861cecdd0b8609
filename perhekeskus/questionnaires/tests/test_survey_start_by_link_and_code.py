"""Starting a survey response at `/s/<token>/`: an open link starts an anonymous response
and sends the respondent to the fill page; a personal link takes each code once (an
unfinished response opens again with its code); a closed link, or one outside its days,
starts nothing and says so."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires import filling, instruments, services, survey_links
from perhekeskus.questionnaires.models import Questionnaire, Response, ResponseStatus, SurveyLink

pytestmark = pytest.mark.django_db
FILL = re.compile(r"^/answer/(?P<uuid>[0-9a-f-]{36})/(?P<secret>[^/]+)/$")


def cafe() -> Questionnaire:
    questionnaire, _new = services.questionnaire_import(instruments.read_shipped("cafe-feedback"), purpose="feedback")
    return questionnaire


def make_link(network: dict[str, Any], **data: Any) -> SurveyLink:
    questionnaire = data.pop("questionnaire", None) or cafe()
    org = data.pop("organisation", network["orgs"]["city"])
    actor = data.pop("actor", network["people"]["elsa"])
    return survey_links.survey_link_create(
        actor=actor, data={"questionnaire": questionnaire, "organisation": org, **data}
    )


def answer(link: SurveyLink, answers: dict[str, list[Any]], *, code: str = "") -> Response:
    """A sent response, through the same services the pages use."""
    response, _secret = survey_links.survey_start(link, language="fi", code=code)
    return filling.response_save(response, answers, complete=True)


def visitor(**defaults: Any) -> Client:
    """A respondent's browser in English (the texts checked are the English ones)."""
    client = Client(**defaults)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def start(client: Client, link: SurveyLink, code: str | None = None) -> Any:
    data = {"code": code} if code is not None else {}
    return client.post(reverse("survey-start", args=[link.token]), data)


def test_an_open_link_starts_an_anonymous_response_and_sends_to_the_fill_page(network: dict[str, Any]) -> None:
    link = make_link(network)
    client = visitor()
    page = client.get(f"/s/{link.token}/")
    assert page.status_code == 200
    assert "Feedback on the family café" in page.content.decode()

    reply = start(client, link)

    assert reply.status_code == 303
    found = FILL.match(reply["Location"])
    assert found, reply["Location"]
    response = Response.objects.get()
    assert str(response.uuid) == found["uuid"]
    assert filling.response_by_secret(response.uuid, found["secret"]) == response
    assert response.context == f"survey:{link.uuid}"
    assert (response.source, response.respondent_key, response.created_by) == ("survey", "", None)
    assert reply.cookies.get("sessionid") is None
    # The fill page opens with the link (the lead's page answers it).
    assert client.get(reply["Location"]).status_code == 200
    # A second start is a second response: anyone with the link answers.
    assert start(visitor(), link).status_code == 303
    assert Response.objects.filter(context=link.context).count() == 2


def test_a_personal_code_is_taken_once(network: dict[str, Any]) -> None:
    link = make_link(network, kind="personal")
    first, second = survey_links.survey_codes_make(actor=network["people"]["elsa"], link=link, count=2)

    unknown = start(visitor(), link, "AAAA-BBB-CCC")
    assert unknown.status_code == 400
    assert "This code is not one of this survey&#x27;s codes" in unknown.content.decode()
    empty = start(visitor(), link, "")
    assert empty.status_code == 400
    assert Response.objects.count() == 0

    # Typed in small letters and without dashes: the same code.
    reply = start(visitor(), link, first.replace("-", "").lower())
    assert reply.status_code == 303
    started = Response.objects.get()
    assert started.respondent_key.startswith("code:") and first not in started.respondent_key

    # The holder comes back before sending: the same response opens, with a new link.
    again = start(visitor(), link, first)
    assert again.status_code == 303
    assert again["Location"] != reply["Location"]
    assert FILL.match(again["Location"])["uuid"] == str(started.uuid)  # type: ignore[index]
    assert Response.objects.count() == 1
    old_secret = FILL.match(reply["Location"])["secret"]  # type: ignore[index]
    with pytest.raises(filling.ResponseUnknown):
        filling.response_by_secret(started.uuid, old_secret)

    filling.response_save(started, {"overall": ["4"]}, complete=True)
    used = start(visitor(), link, first)
    assert used.status_code == 409
    assert "This code has been used" in used.content.decode()
    assert Response.objects.count() == 1
    # Another code still answers.
    assert start(visitor(), link, second).status_code == 303
    assert Response.objects.filter(status=ResponseStatus.IN_PROGRESS).count() == 1


def test_an_open_link_takes_no_code_and_a_personal_link_no_start_without_one(network: dict[str, Any]) -> None:
    personal = make_link(network, kind="personal")
    page = visitor().get(f"/s/{personal.token}/")
    assert 'name="code"' in page.content.decode()
    assert start(visitor(), personal).status_code == 400
    open_link = make_link(network)
    assert 'name="code"' not in visitor().get(f"/s/{open_link.token}/").content.decode()
    assert Response.objects.count() == 0


def test_a_closed_link_starts_nothing_and_says_so(network: dict[str, Any]) -> None:
    link = make_link(network, kind="personal")
    (code,) = survey_links.survey_codes_make(actor=network["people"]["elsa"], link=link, count=1)
    link = survey_links.survey_link_close(actor=network["people"]["cora"], link=link)

    page = visitor().get(f"/s/{link.token}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "This survey takes no answers now." in text and "It has been closed." in text
    assert "Start answering" not in text
    refused = start(visitor(), link, code)
    assert refused.status_code == 410
    assert Response.objects.count() == 0
    with pytest.raises(survey_links.SurveyClosed):
        survey_links.survey_start(link, language="fi", code=code)


def test_answers_are_taken_only_from_the_first_to_the_last_day(network: dict[str, Any]) -> None:
    link = make_link(network, opens_on=date(2027, 3, 1), closes_on=date(2027, 3, 31))
    with time_machine.travel("2027-02-28 21:59:00+00:00", tick=False):  # 23:59 in Helsinki
        early = visitor().get(f"/s/{link.token}/")
        assert "Answers are taken from" in early.content.decode()
        assert start(visitor(), link).status_code == 410
    with time_machine.travel("2027-02-28 22:01:00+00:00", tick=False):  # 1 March in Helsinki
        assert start(visitor(), link).status_code == 303
    # Summer time since 28 March: Helsinki is three hours ahead.
    with time_machine.travel("2027-03-31 20:59:00+00:00", tick=False):  # 23:59 on the last day
        assert start(visitor(), link).status_code == 303
    with time_machine.travel("2027-03-31 21:01:00+00:00", tick=False):  # 1 April in Helsinki
        assert "Its last day has passed" in visitor().get(f"/s/{link.token}/").content.decode()
        assert start(visitor(), link).status_code == 410
    assert Response.objects.count() == 2


def test_the_page_language_comes_from_the_link(network: dict[str, Any]) -> None:
    link = make_link(network, intro_fi="Kerro meille", intro_sv="Berätta för oss")
    client = visitor()
    moved = client.get(f"/s/{link.token}/?lang=sv")
    assert moved.status_code == 303 and moved["Location"] == f"/s/{link.token}/"
    page = client.get(moved["Location"])
    text = page.content.decode()
    assert '<html lang="sv">' in text
    assert "Respons på familjecaféet" in text and "Berätta för oss" in text
    reply = start(client, link)
    assert Response.objects.get(uuid=FILL.match(reply["Location"])["uuid"]).language == "sv"  # type: ignore[index]


def test_starting_stores_nothing_about_the_respondent(network: dict[str, Any]) -> None:
    link = make_link(network)
    client = visitor(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Phone/1.0")
    start(client, link)
    response = Response.objects.get()
    entries = AuditEntry.objects.filter(object_id=str(response.uuid))
    assert [e.actor_label for e in entries] == ["system"]
    stored = repr(list(Response.objects.values())) + repr(list(entries.values()))
    assert "203.0.113.7" not in stored and "Phone/1.0" not in stored


def test_an_unknown_address_is_404(db: Any) -> None:
    assert visitor().get("/s/no-such-survey/").status_code == 404
    assert visitor().post("/s/no-such-survey/").status_code == 404


def test_a_code_left_unfinished_and_erased_is_spent_with_its_own_reason(network: dict[str, Any]) -> None:
    link = make_link(network, kind="personal")
    (code,) = survey_links.survey_codes_make(actor=network["people"]["elsa"], link=link, count=1)
    assert start(visitor(), link, code).status_code == 303
    filling.response_erase(Response.objects.get())

    reply = start(visitor(), link, code)

    assert reply.status_code == 409
    assert "were not sent in time and have been erased" in reply.content.decode()
    assert Response.objects.count() == 1


def test_a_link_whose_questionnaire_was_retired_is_closed(network: dict[str, Any]) -> None:
    link = make_link(network)
    Questionnaire.objects.filter(pk=link.questionnaire_id).update(status="retired")
    page = visitor().get(f"/s/{link.token}/")
    assert "It has been closed." in page.content.decode()
    assert start(visitor(), link).status_code == 410
    assert Response.objects.count() == 0
