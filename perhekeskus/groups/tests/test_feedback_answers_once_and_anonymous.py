"""A family answers the feedback with its one-time link: the link starts the family's
response of the `group-feedback` questionnaire (filed with the group) and opens it on the
questionnaire's page, where it is filled in, saved for later and sent; the same link then
shows the family its own answers. Through the API the answers come in one go. Each key
answers once; the response holds nothing that points to the family. An unknown key is
404, a key of a closed form 410; bad input is an error per field with nothing stored.
"""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings
from django.urls import reverse

from perhekeskus.groups import feedback
from perhekeskus.groups.models import FeedbackInvite, Signup
from perhekeskus.groups.tests.test_feedback_request_after_the_last_session import ended_group_with_answers_open
from perhekeskus.network.tests.api_support import client_for
from perhekeskus.questionnaires import filling
from perhekeskus.questionnaires.models import Questionnaire, QuestionnaireStatus, Response, ResponseStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(calendar, group) -> list[str]:
    return ended_group_with_answers_open(calendar, group)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_url(key: str) -> str:
    return reverse("feedback-form", args=[key])


def fill_url(response: Response, key: str) -> str:
    return reverse("questionnaire-fill", args=[response.uuid, key])


def test_the_link_starts_the_familys_response_and_opens_it_on_the_questionnaire_page(english, group, keys):
    first = english.get(form_url(keys[0]))

    response = Response.objects.get()
    assert first.status_code == 303 and first["Location"] == fill_url(response, keys[0])
    assert first["Cache-Control"] == "private, no-store" and first["Referrer-Policy"] == "same-origin"
    assert response.questionnaire.identifier == "group-feedback"
    assert (response.status, response.context, response.language) == (
        ResponseStatus.IN_PROGRESS,
        f"group:{group.uuid}",
        "en",
    )
    assert response.respondent_key == "invite:" + hashlib.sha256(keys[0].encode()).hexdigest()
    # Opened again (another day, another device): the same response, not a new one.
    again = english.get(form_url(keys[0]))
    assert again["Location"] == first["Location"] and Response.objects.count() == 1
    page = english.get(first["Location"])
    assert page.status_code == 200 and "How was the group for your family overall?" in page.content.decode()


def test_the_family_sends_on_the_questionnaire_page_and_then_sees_its_answers(english, group, keys):
    url = english.get(form_url(keys[0]))["Location"]

    sent = english.post(
        url,
        {"q-overall": "4", "q-useful": "5", "q-recommend": "yes", "q-good": "Vertaistuki", "action": "send"},
    )

    assert sent.status_code == 303
    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETED
    assert response.answers == {"overall": ["4"], "useful": ["5"], "recommend": ["yes"], "good": ["Vertaistuki"]}
    assert feedback.is_answered(FeedbackInvite.objects.get(token_hash=feedback.token_hash(keys[0])))
    # The same link now shows the answers sent, read only; nothing new is started.
    again = english.get(form_url(keys[0]), follow=True)
    page = again.content.decode()
    assert again.status_code == 200 and "Vertaistuki" in page and 'name="q-overall"' not in page
    assert Response.objects.count() == 1
    # The API refuses a second answer with the same key.
    late = client_for({}, None).post(f"/api/v1/feedback/{keys[0]}/", {"answers": {"overall": ["1"]}}, format="json")
    assert late.status_code == 410
    assert Response.objects.get().answers["overall"] == ["4"]


def test_the_response_points_to_no_family(english, calendar, group, keys):
    english.get(form_url(keys[1]))
    feedback.feedback_submit(keys[1], {"overall": ["5"], "better": ["Iltaisin"]}, language="en")

    response = Response.objects.get()
    relations = {f.name: f.related_model for f in Response._meta.concrete_fields if f.is_relation}
    assert relations == {"questionnaire": Questionnaire, "created_by": type(calendar["people"]["elsa"])}
    assert response.created_by is None
    values = " ".join(str(getattr(response, f.attname)) for f in Response._meta.concrete_fields)
    for signup in Signup.objects.filter(group=group):
        for personal in (signup.email, signup.name, str(signup.uuid)):
            assert personal not in values
    # The key's hash is what links the response to the invite; the invite knows only the group.
    invite_fields = {f.name for f in FeedbackInvite._meta.concrete_fields}
    assert invite_fields == {"id", "group", "token_hash", "used_at", "created_at"}


def test_an_unknown_link_is_not_found(english, group, keys):
    response = english.get(form_url("not-a-key"))
    assert response.status_code == 404 and "Feedback form not found" in response.content.decode()
    assert english.post(form_url("not-a-key"), {}).status_code == 404
    assert not Response.objects.exists()


def test_a_key_used_with_the_earlier_form_says_so_and_starts_nothing(english, group, keys):
    # The earlier built-in form marked the key used; its answer was moved unlinked to the key.
    FeedbackInvite.objects.filter(token_hash=feedback.token_hash(keys[0])).update(used_at="2027-01-29T10:00Z")

    response = english.get(form_url(keys[0]))

    assert response.status_code == 410 and "You have already answered" in response.content.decode()
    api = client_for({}, None).post(f"/api/v1/feedback/{keys[0]}/", {"overall": 3}, format="json")
    assert api.status_code == 410 and "answered already" in api.json()["detail"]
    assert not Response.objects.exists()
    assert english.get(form_url(keys[1])).status_code == 303  # the other families' links still work


def test_a_retired_form_is_closed(english, group, keys):
    form = feedback.questionnaire()
    Questionnaire.objects.filter(pk=form.pk).update(status=QuestionnaireStatus.RETIRED)

    response = english.get(form_url(keys[0]))

    assert response.status_code == 410 and "The feedback form is closed" in response.content.decode()
    api = client_for({}, None).post(f"/api/v1/feedback/{keys[0]}/", {"answers": {"overall": ["3"]}}, format="json")
    assert api.status_code == 410 and "closed" in api.json()["detail"]
    assert not Response.objects.exists()


def test_an_unsent_response_erased_after_its_keep_time_opens_again_empty(english, group, keys):
    english.get(form_url(keys[0]))
    started = Response.objects.get()
    filling.response_save(started, {"overall": ["2"]})
    filling.response_erase(started)

    response = english.get(form_url(keys[0]))

    assert response.status_code == 303 and response["Location"] == f"/answer/{started.uuid}/{keys[0]}/"
    started.refresh_from_db()
    assert started.erased_at is None and started.answers == {}  # what was erased stays erased
    assert Response.objects.count() == 1
    assert english.get(response["Location"]).status_code == 200


def test_a_sent_response_erased_closes_the_link(english, group, keys):
    english.get(form_url(keys[0]))
    sent = filling.response_save(Response.objects.get(), {"overall": ["4"]}, complete=True)
    filling.response_erase(sent)

    response = english.get(form_url(keys[0]))

    assert response.status_code == 410 and "The feedback form is closed" in response.content.decode()


# --- API ------------------------------------------------------------------------------------------


def api_url(key: str) -> str:
    return f"/api/v1/feedback/{key}/"


def test_api_answer_in_the_questionnaires_shape_201_then_410(calendar, group, keys):
    client = client_for(calendar, None)
    body = {"answers": {"overall": ["5"], "useful": ["4"], "recommend": ["no"], "better": ["Iltaisin"]}}

    first = client.post(api_url(keys[0]), body, format="json")
    second = client.post(api_url(keys[0]), body, format="json")

    assert first.status_code == 201, first.content
    assert second.status_code == 410 and "answered already" in second.json()["detail"]
    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETED and response.language == "en"
    assert response.answers == body["answers"] and response.context == f"group:{group.uuid}"
    assert FeedbackInvite.objects.filter(used_at__isnull=False).count() == 1


def test_api_still_takes_the_first_formats_flat_fields(calendar, group, keys):
    client = client_for(calendar, None)
    body = {"overall": 5, "useful": 4, "would_recommend": "no", "liked": "", "improve": " Iltaisin "}

    assert client.post(api_url(keys[0]), body, format="json").status_code == 201

    assert Response.objects.get().answers == {
        "overall": ["5"],
        "useful": ["4"],
        "recommend": ["no"],
        "better": ["Iltaisin"],
    }


def test_api_answer_continues_a_response_saved_on_the_page(english, calendar, group, keys):
    url = english.get(form_url(keys[2]))["Location"]
    english.post(url, {"q-overall": "2", "q-good": "Kahvi", "action": "later"})

    posted = client_for(calendar, None).post(api_url(keys[2]), {"answers": {"overall": ["3"]}}, format="json")

    assert posted.status_code == 201
    response = Response.objects.get()
    assert response.status == ResponseStatus.COMPLETED and response.answers == {"overall": ["3"]}


def test_api_unknown_key_is_404(calendar, group, keys):
    assert client_for(calendar, None).post(api_url("nope"), {"overall": 3}, format="json").status_code == 404


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"answers": {"useful": ["5"]}}, {"overall"}),  # the one required answer
        (
            {"answers": {"overall": ["6"], "recommend": ["maybe"], "colour": ["blue"]}},
            {"overall", "recommend", "colour"},
        ),
        ({"answers": {"overall": ["4", "5"], "good": [3]}}, {"overall", "good"}),
        ({"answers": {"overall": ["4"]}, "overall": 4}, {"overall"}),
        ({"answers": ["4"]}, {"answers"}),
        (["4"], {"answers"}),
        (
            {"useful": 9, "atmosphere": "hyvä", "would_recommend": "maybe", "liked": "x" * 2001, "colour": "blue"},
            {"overall", "useful", "atmosphere", "would_recommend", "liked", "colour"},
        ),
    ],
)
def test_api_bad_input_is_400_per_field_and_stores_nothing(calendar, group, keys, body, fields):
    client = client_for(calendar, None)

    response = client.post(api_url(keys[0]), body, format="json")

    assert response.status_code == 400, response.content
    assert set(response.json()) == fields
    assert all(isinstance(m, list) and m for m in response.json().values())
    assert not Response.objects.exists()
    assert not FeedbackInvite.objects.filter(used_at__isnull=False).exists()
    assert client.post(api_url(keys[0]), {"overall": 3}, format="json").status_code == 201  # the key still works


def test_the_service_refuses_a_second_answer(group, keys):
    feedback.feedback_submit(keys[2], {"overall": ["3"]}, language="sv")
    with pytest.raises(feedback.FeedbackUsed):
        feedback.feedback_submit(keys[2], {"overall": ["5"]})
    assert list(Response.objects.values_list("answers", "language")) == [({"overall": ["3"]}, "sv")]
