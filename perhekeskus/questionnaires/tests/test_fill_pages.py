"""Filling in through the respondent's link: pages, follow-ups, save and continue, send, read back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires import filling, services
from perhekeskus.questionnaires.instruments import load_shipped
from perhekeskus.questionnaires.models import Purpose, Questionnaire, Response, ResponseStatus
from perhekeskus.questionnaires.tests.test_fhir_questionnaire import rich

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped() -> None:
    load_shipped()


@pytest.fixture
def sample() -> Questionnaire:
    questionnaire, _ = services.questionnaire_import(rich(), purpose=Purpose.CLINICAL)
    return questionnaire


def start(identifier: str, language: str = "fi") -> tuple[Response, str, str]:
    response, secret = filling.response_start(Questionnaire.objects.get(identifier=identifier), language=language)
    return response, secret, reverse("questionnaire-fill", args=[response.uuid, secret])


def post(client: Client, url: str, data: dict[str, Any], action: str, page: int = 1) -> Any:
    return client.post(url, {**data, "action": action, "page": page})


def test_audit_c_sent_in_one_go_is_scored_and_read_back(client: Client, shipped: None) -> None:
    response, _, url = start("audit-c")
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store" and page["Referrer-Policy"] == "same-origin"
    assert 'name="q-audit.1"' in page.content.decode()
    sent = post(client, url, {"q-audit.1": "0"}, "send")
    assert sent.status_code == 303 and sent["Location"].endswith("?sent=1")
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETED
    assert response.answers == {"audit.1": ["0"]}
    assert response.score["total"] == 0.0 and response.submitted_at is not None
    thanks = client.get(sent["Location"]).content.decode()
    assert "Thank you, your answers were sent" in thanks or "Kiitos" in thanks
    again = post(client, url, {"q-audit.1": "4"}, "send")
    assert again.status_code == 200  # a sent form only shows the answers
    response.refresh_from_db()
    assert response.answers == {"audit.1": ["0"]}


def test_a_follow_up_on_the_same_page_appears_after_saving_and_required_ones_are_asked_on_send(
    client: Client, shipped: None
) -> None:
    response, _, url = start("audit-c", "en")
    first = client.get(url).content.decode()
    # audit.2 and 3 are asked of those who drink at all ("!=" never): with nothing answered, shown.
    assert 'name="q-audit.2"' in first
    missing = post(client, url, {"q-audit.1": "2"}, "send")
    assert missing.status_code == 400
    body = missing.content.decode()
    assert body.count("This question needs an answer.") >= 2
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS and response.answers == {}  # nothing half-saved
    assert re.search(r'name="q-audit.1" value="2"[^>]*checked', body)  # the typed answers stay
    sent = post(client, url, {"q-audit.1": "2", "q-audit.2": "1", "q-audit.3": "0"}, "send")
    assert sent.status_code == 303
    response.refresh_from_db()
    assert response.score["total"] == 3.0 and response.status == ResponseStatus.COMPLETED


def test_save_and_continue_later_keeps_the_answers_behind_the_same_link(client: Client, sample: Questionnaire) -> None:
    response, secret, url = start("rich-test")
    assert post(client, url, {}, "next", page=1).status_code == 303
    later = post(client, url, {"q-mood.laugh": "often", "q-mood.sleep": "7"}, "later", page=2)
    assert later.status_code == 200
    assert url in later.content.decode()  # the link to keep is shown in full
    response.refresh_from_db()
    assert response.answers == {"mood.laugh": ["often"], "mood.sleep": [7]}
    assert response.status == ResponseStatus.IN_PROGRESS
    again = Client().get(url + "?page=2").content.decode()
    assert re.search(r'value="often"[^>]*checked', again)
    assert 'value="7"' in again


def test_a_group_that_appears_with_an_answer_is_shown_again_on_the_same_page(
    client: Client, sample: Questionnaire
) -> None:
    response, _, url = start("rich-test", "en")
    page = client.get(url + "?page=2").content.decode()
    assert "q-mood.more.note" not in page
    shown = post(client, url, {"q-mood.laugh": "never"}, "next", page=2)
    assert shown.status_code == 200
    assert 'name="q-mood.more.note"' in shown.content.decode()
    assert "new question on this page" in shown.content.decode()
    onward = post(client, url, {"q-mood.laugh": "never", "q-mood.more.note": "Tired"}, "next", page=2)
    assert onward.status_code == 303 and onward["Location"].endswith("?page=3")
    response.refresh_from_db()
    assert response.answers["mood.more.note"] == ["Tired"]


def test_every_item_type_is_read_from_the_form(client: Client, sample: Questionnaire) -> None:
    response, _, url = start("rich-test", "fi")
    post(client, url, {"q-mood.laugh": "sometimes", "q-mood.sleep": "6"}, "next", page=2)
    data = {
        "q-family.partner": "true",
        "q-family.support": ["partner", "friends"],
        "q-family.help": "__other",
        "q-family.help__other": "Isovanhemmat",
        "q-family.weight": "3,45",
        "q-family.name": "Nuppu",
    }
    shown = post(client, url, data, "next", page=3)  # the birthday question appears with "partner"
    assert shown.status_code == 200 and 'name="q-family.born"' in shown.content.decode()
    sent = post(client, url, {**data, "q-family.born": "31.12.2025"}, "send", page=3)
    assert sent.status_code == 303, sent.content.decode()
    response.refresh_from_db()
    assert response.answers == {
        "mood.laugh": ["sometimes"],
        "mood.sleep": [6],
        "family.partner": [True],
        "family.support": ["partner", "friends"],
        "family.help": ["Isovanhemmat"],
        "family.weight": [3.45],
        "family.name": ["Nuppu"],
        "family.born": ["2025-12-31"],
    }
    own = client.get(url).content.decode()
    assert "Isovanhemmat" in own and "Ystävät" in own and "31.12.2025" not in own  # dates as stored
    assert AuditEntry.objects.filter(object_id=str(response.uuid), action="read").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"q-mood.sleep": "seven"}, "q-mood.sleep"),
        ({"q-mood.sleep": "6.5"}, "q-mood.sleep"),
        ({"q-mood.laugh": "always"}, "q-mood.laugh"),
    ],
)
def test_wrong_input_is_shown_on_the_page_and_saves_nothing(
    client: Client, sample: Questionnaire, data: dict[str, str], field: str
) -> None:
    response, _, url = start("rich-test", "en")
    post(client, url, {"q-mood.sleep": "8"}, "later", page=2)
    wrong = post(client, url, data, "next", page=2)
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert 'role="alert"' in body and f'href="#id_{field}' in body
    response.refresh_from_db()
    assert response.answers == {"mood.sleep": [8]}


def test_other_than_an_option_needs_its_text(client: Client, sample: Questionnaire) -> None:
    response, _, url = start("rich-test", "en")
    wrong = post(client, url, {"q-family.help": "__other"}, "next", page=3)
    assert wrong.status_code == 400 and "Write your answer" in wrong.content.decode()
    response.refresh_from_db()
    assert response.answers == {}


def test_required_answers_on_other_pages_are_linked_from_the_error_summary(
    client: Client, sample: Questionnaire
) -> None:
    response, _, url = start("rich-test", "en")
    sent = post(client, url, {"q-family.name": "Nuppu"}, "send", page=3)
    assert sent.status_code == 400
    body = sent.content.decode()
    assert f"{url}?page=2#id_q-mood.laugh_0" in body and "I have been able to laugh" in body
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS and response.answers == {}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_form_speaks_the_page_language(client: Client, sample: Questionnaire, language: str) -> None:
    _, _, url = start("rich-test")
    opened = client.get(url + f"?lang={language}")
    assert opened.status_code == 303 and opened["Location"] == url
    page = client.get(url + "?page=2").content.decode()
    expected = {"fi": "Olen pystynyt nauramaan", "sv": "Jag har kunnat skratta", "en": "I have been able to laugh"}
    assert expected[language] in page
    assert f'<html lang="{language}">' in page


def test_a_text_missing_in_the_page_language_is_marked_with_its_own(client: Client, sample: Questionnaire) -> None:
    _, _, url = start("rich-test")
    client.get(url + "?lang=sv")
    page = client.get(url + "?page=3").content.decode()
    assert '<span lang="fi">Vauvan kutsumanimi</span>' in page


def test_a_wrong_secret_or_an_erased_response_opens_nothing(client: Client, shipped: None) -> None:
    response, secret, url = start("audit-c")
    assert client.get(reverse("questionnaire-fill", args=[response.uuid, secret + "x"])).status_code == 404
    filling.response_erase(response)
    gone = client.get(url)
    assert gone.status_code == 404
    assert post(client, url, {"q-audit.1": "0"}, "send").status_code == 404


def test_a_clinical_form_logs_every_view_of_saved_answers(client: Client, sample: Questionnaire) -> None:
    response, _, url = start("rich-test")
    client.get(url)
    assert not AuditEntry.objects.filter(object_id=str(response.uuid), action="read").exists()
    post(client, url, {"q-mood.sleep": "8"}, "later", page=2)
    client.get(url + "?page=2")
    client.get(url + "?page=2")
    assert AuditEntry.objects.filter(object_id=str(response.uuid), action="read").count() == 2


def test_an_anonymous_survey_form_says_so(client: Client, shipped: None) -> None:
    _, _, url = start("cafe-feedback", "en")
    assert "Your answers are anonymous" in client.get(url).content.decode()


def test_a_form_without_required_questions_is_not_sent_blank(client: Client, shipped: None) -> None:
    response, _, url = start("cafe-feedback", "en")
    blank = post(client, url, {}, "send")
    assert blank.status_code == 400
    assert "Answer at least one question before sending." in blank.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS
