"""The feedback summary, for those who run the group: counts per answer and averages, and
the free-text answers, worked out from the group's sent responses of the `group-feedback`
questionnaire. Under five answers it shows only how many came — a breakdown of a few
answers could tell who said what. Responses not sent, erased, or filed with another group
are not counted. Page and API, with the role matrix; reading the answers is audited.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.groups import feedback
from perhekeskus.groups.models import Facilitator
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.groups.tests.test_feedback_request_after_the_last_session import AFTER, sign_families
from perhekeskus.network.tests.api_support import client_for
from perhekeskus.questionnaires import filling

pytestmark = pytest.mark.django_db
ANSWERS = [
    {"overall": ["5"], "useful": ["4"], "atmosphere": ["5"], "recommend": ["yes"], "good": ["Vertaistuki"]},
    {"overall": ["4"], "useful": ["4"], "recommend": ["yes"], "better": ["Iltaisin"]},
    {"overall": ["5"], "useful": ["2"], "atmosphere": ["4"], "recommend": ["no"]},
    {"overall": ["3"], "atmosphere": ["4"], "good": ["Kahvi"]},
    {"overall": ["2"], "useful": ["3"], "atmosphere": ["3"], "recommend": ["yes"]},
    {"overall": ["4"], "useful": ["5"], "atmosphere": ["5"], "better": ["Enemmän isille"]},
]


def answer(group, rows, *, send: bool = True) -> None:
    """Responses filed with the group, as the families' links make them."""
    for row in rows:
        response, _secret = filling.response_start(
            feedback.questionnaire(), source=feedback.SOURCE, context=feedback.context_of(group)
        )
        filling.response_save(response, row, complete=send)


def test_five_or_more_answers_are_summed_up(group):
    answer(group, ANSWERS)

    summary = feedback.feedback_summary(group)

    assert (summary["responses"], summary["enough"]) == (6, True)
    assert summary["overall"] == {
        "answered": 6,
        "counts": {"1": 0, "2": 1, "3": 1, "4": 2, "5": 2},
        "average": round(23 / 6, 1),
    }
    assert summary["useful"]["answered"] == 5 and summary["useful"]["average"] == 3.6
    assert summary["atmosphere"]["counts"] == {"1": 0, "2": 0, "3": 1, "4": 2, "5": 2}
    assert summary["would_recommend"] == {"yes": 3, "no": 1, "no_answer": 2}
    assert summary["liked"] == ["Kahvi", "Vertaistuki"]
    assert summary["improve"] == ["Enemmän isille", "Iltaisin"]


def test_only_the_groups_sent_responses_are_counted(calendar, group):
    answer(group, ANSWERS[:4])
    answer(group, ANSWERS[4:], send=False)  # saved to continue later, never sent
    other = make_group(calendar["orgs"]["city"], calendar["park"])
    answer(other, ANSWERS)
    answer(group, ANSWERS[5:])
    erased = filling.Response.objects.filter(context=feedback.context_of(group), status="completed").last()
    filling.response_erase(erased)

    assert feedback.feedback_summary(group)["responses"] == 4
    assert feedback.feedback_summary(other)["responses"] == 6
    assert feedback.feedback_summary(other)["liked"] == ["Kahvi", "Vertaistuki"]


def test_under_five_answers_only_their_number_is_shown(group):
    answer(group, ANSWERS[:4])

    summary = feedback.feedback_summary(group)

    assert (summary["responses"], summary["enough"], summary["minimum"]) == (4, False, 5)
    assert not {"overall", "useful", "atmosphere", "would_recommend", "liked", "improve"} & set(summary)


def test_the_summary_page_says_why_a_small_group_shows_no_breakdown(client, calendar, group):
    sign_families(group)
    feedback.feedback_request(group=group, now=AFTER)
    answer(group, ANSWERS[:4])
    client.force_login(calendar["people"]["elsa"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("group-feedback", args=[group.uuid])).content.decode()

    assert "4 answers so far" in page and "at least 5" in page
    assert "Vertaistuki" not in page and "average" not in page
    assert "from 3 families; 4 answered" in page

    assert not AuditEntry.objects.filter(
        action=AuditAction.READ, object_type="groups.group", object_id=str(group.uuid)
    ).exists()

    answer(group, ANSWERS[4:])
    page = client.get(reverse("group-feedback", args=[group.uuid])).content.decode()
    assert "average 3.8 (6 answered)" in page and "Vertaistuki" in page and "Enemmän isille" in page
    read = AuditEntry.objects.get(action=AuditAction.READ, object_type="groups.group", object_id=str(group.uuid))
    assert read.actor == calendar["people"]["elsa"] and read.source == "page"


PEOPLE = ["ada", "cora", "elsa", "eddie", "pia", "vilja", "otto", "facilitator", None]
ALLOWED = {"ada", "cora", "elsa", "facilitator"}


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_summary_api_matrix(calendar, group, person):
    answer(group, ANSWERS)
    if person == "facilitator":
        Facilitator.objects.create(
            group=group, user=calendar["people"]["vilja"], name="Vilja", organisation=calendar["orgs"]["mll"]
        )
    client = client_for(calendar, "vilja" if person == "facilitator" else person)

    response = client.get(f"/api/v1/groups/{group.uuid}/feedback/")

    assert response.status_code == (401 if person is None else 200 if person in ALLOWED else 403)
    if response.status_code == 200:
        data = response.json()
        assert data["responses"] == 6 and data["overall"]["counts"]["5"] == 2 and "Vertaistuki" in data["liked"]
    else:
        assert "Vertaistuki" not in response.content.decode()
    reads = AuditEntry.objects.filter(action=AuditAction.READ, object_type="groups.group", object_id=str(group.uuid))
    assert list(reads.values_list("source", flat=True)) == (["api"] if response.status_code == 200 else [])


@pytest.mark.parametrize("person", ["elsa", "eddie", "vilja", None])
def test_summary_page_access(client, calendar, group, person):
    answer(group, ANSWERS)
    if person:
        client.force_login(calendar["people"][person])
    response = client.get(reverse("group-feedback", args=[group.uuid]))
    expected = {"elsa": 200, None: 302}.get(person, 403)
    assert response.status_code == expected
    assert ("Vertaistuki" in response.content.decode()) is (expected == 200)
