"""Survey results: the organisation sees every count per question and option; the public
results (only when the link says so) hide counts under 5 and show no breakdown at all
under 5 responses. Counts come from responses sent through the filling services."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires.tests.test_survey_start_by_link_and_code import answer, make_link

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<th scope="row"[^>]*>([^<]+)</th>\s*<td class="num (?:count|hidden-count)">([^<]+)</td>')


def counts(page: Any) -> dict[str, str]:
    assert page.status_code == 200, page.status_code
    return {html.unescape(label): value for label, value in ROW.findall(page.content.decode())}


def seven(link: Any) -> None:
    for n in range(7):
        answers: dict[str, list[Any]] = {
            "visits": ["weekly" if n < 5 else "first"],
            "overall": ["5" if n < 6 else "4"],
            "gets": ["company", "play"] if n < 3 else ["company"] if n < 5 else [],
        }
        answer(link, {k: v for k, v in answers.items() if v})


def test_the_organisation_sees_every_count_in_the_page_language(network: dict[str, Any]) -> None:
    link = make_link(network)
    seven(link)
    other = make_link(network, questionnaire=link.questionnaire)
    answer(other, {"visits": ["monthly"]})  # another link's answers are not counted here
    client = Client()
    client.force_login(network["people"]["elsa"])

    page = client.get(f"/surveys/{link.uuid}/results/")

    found = counts(page)
    assert re.search(r'class="result-count">\s*7 ', page.content.decode())
    assert found["Lähes joka viikko"] == "5"
    assert found["Olen täällä ensimmäistä kertaa"] == "2"
    assert found["Noin kerran kuukaudessa"] == "0"
    assert found["5 – erinomainen"] == "6"
    assert found["4"] == "1"
    assert found["Seuraa ja juttuseuraa"] == "5"
    assert found["Leikkiä ja kavereita lapselle"] == "3"
    assert AuditEntry.objects.filter(object_id=str(link.uuid), action="read").count() == 1
    assert '<dd class="responses">7</dd>' in client.get(f"/surveys/{link.uuid}/").content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = counts(client.get(f"/surveys/{link.uuid}/results/"))
    assert english["Almost every week"] == "5" and english["About once a month"] == "0"


def english() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_public_results_hide_counts_under_five(network: dict[str, Any]) -> None:
    link = make_link(network, results_public=True)
    seven(link)

    page = english().get(f"/s/{link.token}/results/")

    found = counts(page)
    assert "7 responses." in page.content.decode()
    assert found["Almost every week"] == "5"
    assert found["5 – excellent"] == "6"
    assert found["Company and someone to talk to"] == "5"
    # 2, 0, 1 and 3: all alike, so that a small group's answers cannot be told apart.
    for label in ("This is my first time", "About once a month", "4", "Play and friends for my child"):
        assert found[label] == "fewer than 5", label


def test_public_results_under_five_responses_show_no_breakdown(network: dict[str, Any]) -> None:
    link = make_link(network, results_public=True)
    for _n in range(4):
        answer(link, {"visits": ["weekly"], "overall": ["5"]})

    page = english().get(f"/s/{link.token}/results/")

    assert page.status_code == 200
    assert "Fewer than 5 responses so far." in page.content.decode()
    assert counts(page) == {}
    assert "<table" not in page.content.decode()
    answer(link, {"visits": ["weekly"], "overall": ["5"]})
    assert counts(english().get(f"/s/{link.token}/results/"))["Almost every week"] == "5"


def test_results_not_made_public_are_not_shown(network: dict[str, Any]) -> None:
    link = make_link(network)
    seven(link)
    page = Client().get(f"/s/{link.token}/results/")
    assert page.status_code == 404
    assert "<table" not in page.content.decode()
    assert f"/s/{link.token}/results/" not in Client().get(f"/s/{link.token}/").content.decode()
    public = make_link(network, results_public=True)
    assert f"/s/{public.token}/results/" in Client().get(f"/s/{public.token}/").content.decode()
