"""A family answers the feedback form with its one-time link: on the page (no login, no
JavaScript) or through the API. The answer is stored without anything that points to
the family, the key is used up with it, and a second answer with the same key is
refused with a clear page (410) and nothing stored. An unknown key is 404; bad input is
an error per field with nothing stored.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from perhekeskus.groups import feedback
from perhekeskus.groups.models import FeedbackInvite, FeedbackResponse
from perhekeskus.groups.tests.test_feedback_request_after_the_last_session import ended_group_with_answers_open
from perhekeskus.network.tests.api_support import client_for

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


GOOD = {
    "overall": "4",
    "useful": "5",
    "atmosphere": "",
    "would_recommend": "yes",
    "liked": "Vertaistuki",
    "improve": "",
}


def test_the_form_has_radio_groups_with_legends_and_no_script(english, group, keys):
    response = english.get(form_url(keys[0]))

    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex">' in page
    assert "Ekavauva-ryhmä" in page
    form = page.split('class="signup-form feedback-form"', 1)[1].split("</form>", 1)[0]
    assert form.count("<fieldset") == 4 and form.count("<legend>") == 4
    assert "How was the group for your family overall?" in page
    assert page.count('type="radio" name="overall"') == 5
    assert "<script" not in page.split("<main", 1)[1]


def test_an_answer_is_stored_anonymously_and_the_key_is_used(english, group, keys):
    response = english.post(form_url(keys[0]), GOOD)

    assert response.status_code == 303 and response["Location"] == reverse("feedback-thanks")
    answer = FeedbackResponse.objects.get()
    assert (answer.group, answer.overall, answer.useful, answer.atmosphere) == (group, 4, 5, None)
    assert (answer.would_recommend, answer.liked, answer.improve, answer.language) == (True, "Vertaistuki", "", "en")
    fields = {f.name for f in FeedbackResponse._meta.concrete_fields}
    assert fields == {
        "id",
        "group",
        "language",
        "overall",
        "useful",
        "atmosphere",
        "would_recommend",
        "liked",
        "improve",
        "created_at",
    }  # nothing that points to a family or an invite
    assert FeedbackInvite.objects.filter(used_at__isnull=False).count() == 1
    thanks = english.get(response["Location"])
    assert thanks.status_code == 200 and "Thank you for your feedback" in thanks.content.decode()


def test_a_used_link_says_so_and_stores_nothing_more(english, group, keys):
    english.post(form_url(keys[0]), GOOD)

    again = english.get(form_url(keys[0]))
    assert again.status_code == 410 and "You have already answered" in again.content.decode()
    posted = english.post(form_url(keys[0]), {**GOOD, "overall": "1"})
    assert posted.status_code == 410
    assert FeedbackResponse.objects.count() == 1
    # The other families' links still work.
    assert english.get(form_url(keys[1])).status_code == 200


def test_an_unknown_link_is_not_found(english, group, keys):
    response = english.get(form_url("not-a-key"))
    assert response.status_code == 404 and "Feedback form not found" in response.content.decode()
    assert english.post(form_url("not-a-key"), GOOD).status_code == 404
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"overall": ""}, "overall"),
        ({"overall": "6"}, "overall"),
        ({"useful": "0"}, "useful"),
        ({"would_recommend": "maybe"}, "would_recommend"),
        ({"liked": "x" * 2001}, "liked"),
    ],
)
def test_bad_input_on_the_page_is_an_error_and_nothing_is_stored(english, group, keys, changes, field):
    response = english.post(form_url(keys[0]), {**GOOD, **changes})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and f'href="#id_{field}' in page
    assert not FeedbackResponse.objects.exists()
    assert not FeedbackInvite.objects.filter(used_at__isnull=False).exists()


# --- API ------------------------------------------------------------------------------------------


def api_url(key: str) -> str:
    return f"/api/v1/feedback/{key}/"


def test_api_answer_201_then_410(calendar, group, keys):
    client = client_for(calendar, None)
    body = {"overall": 5, "useful": 4, "would_recommend": "no", "improve": "Iltaisin"}

    first = client.post(api_url(keys[0]), body, format="json")
    second = client.post(api_url(keys[0]), body, format="json")

    assert first.status_code == 201, first.content
    assert second.status_code == 410 and "answered already" in second.json()["detail"]
    answer = FeedbackResponse.objects.get()
    assert (answer.overall, answer.useful, answer.would_recommend, answer.improve) == (5, 4, False, "Iltaisin")


def test_api_unknown_key_is_404(calendar, group, keys):
    assert client_for(calendar, None).post(api_url("nope"), {"overall": 3}, format="json").status_code == 404


def test_api_bad_input_is_400_per_field_and_stores_nothing(calendar, group, keys):
    client = client_for(calendar, None)
    response = client.post(
        api_url(keys[0]),
        {"useful": 9, "atmosphere": "hyvä", "would_recommend": "maybe", "liked": "x" * 2001, "colour": "blue"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"overall", "useful", "atmosphere", "would_recommend", "liked", "colour"}
    assert not FeedbackResponse.objects.exists()
    assert client.post(api_url(keys[0]), {"overall": 3}, format="json").status_code == 201  # the key still works


def test_the_service_refuses_a_second_answer(group, keys):
    feedback.feedback_submit(keys[2], {"overall": 3}, language="sv")
    with pytest.raises(feedback.FeedbackUsed):
        feedback.feedback_submit(keys[2], {"overall": 5})
    assert list(FeedbackResponse.objects.values_list("overall", "language")) == [(3, "sv")]
    assert FeedbackInvite.objects.get(used_at__isnull=False).used_at <= datetime.now(UTC)
