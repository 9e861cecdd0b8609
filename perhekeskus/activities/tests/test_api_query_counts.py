"""The activity and occurrence lists ask the database the same number of questions for
a few activities as for many: relations, changes and closures are read once per page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from perhekeskus.activities import services
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network import services as network_services
from perhekeskus.network.models import Language, LifeStage, TargetGroup
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db

NOW = helsinki(2026, 3, 2, 8)


def add_activities(network: dict[str, Any], count: int) -> None:
    """`count` weekly activities, each fully filled, with a cancelled and a moved occurrence
    and a place with a holiday closure."""
    orgs, areas = network["orgs"], network["areas"]
    stages = LifeStage.objects.filter(code__in=["age_0_1", "age_1_3"])
    groups = TargetGroup.objects.filter(code__in=["fathers", "all_families"])
    langs = Language.objects.filter(code__in=["fi", "sv"])
    for i in range(count):
        place = network_services.place_create(
            actor=None,
            data={
                "organisation": orgs["mll"],
                "kind": "family_cafe",
                "name_fi": f"Kahvila {i}",
                "area": areas["leppavaara"],
                "street_address": f"Katu {i}",
                "city": "Espoo",
                "opening_exceptions": [{"start_date": dt.date(2026, 3, 10), "end_date": dt.date(2026, 3, 10)}],
            },
        )
        activity = make_activity(
            orgs["mll"],
            title_fi=f"Kerho {i}",
            place=place,
            online=False,
            online_url="",
            start=helsinki(2026, 1, 6, 9 + i % 8),
            end=helsinki(2026, 1, 6, 10 + i % 8),
            rrule="FREQ=WEEKLY;BYDAY=TU",
            co_organisers=[orgs["city"]],
            life_stages=list(stages),
            target_groups=list(groups),
            languages=list(langs),
            service_type=network["types"]["family_cafe"],
        )
        services.occurrence_change(
            actor=None, activity=activity, original_start=helsinki(2026, 3, 3, 9 + i % 8), kind="cancelled"
        )
        services.occurrence_change(
            actor=None,
            activity=activity,
            original_start=helsinki(2026, 3, 17, 9 + i % 8),
            kind="moved",
            new_start=helsinki(2026, 3, 18, 9),
            new_end=helsinki(2026, 3, 18, 10),
        )


def queries_for(client: Any, url: str, params: dict[str, str]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response.json()


PATHS = [
    ("/api/v1/activities/", {}),
    ("/api/v1/activities/", {"area": "espoo", "audience": "fathers,all_families", "language": "fi,sv"}),
    ("/api/v1/activities/", {"start": "2026-03-01", "end": "2026-03-31"}),
    ("/api/v1/occurrences/", {"start": "2026-03-01", "end": "2026-03-31"}),
    ("/api/v1/occurrences/", {"start": "2026-03-01", "end": "2026-03-31", "area": "espoo", "age": "1"}),
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("path", "params"), PATHS)
def test_list_query_count_does_not_grow_with_the_number_of_activities(
    network, django_assert_max_num_queries, path, params
):
    client = client_for(network, None)
    query = {**params, "page_size": "100"}
    add_activities(network, 3)
    few, few_body = queries_for(client, path, query)
    add_activities(network, 30)
    with django_assert_max_num_queries(few):
        many, many_body = queries_for(client, path, query)
    assert many == few
    assert many_body["meta"]["count"] > few_body["meta"]["count"] > 0
    assert few < 20


@time_machine.travel(NOW, tick=False)
def test_the_counted_pages_hold_what_they_should(network):
    add_activities(network, 12)
    client = client_for(network, None)
    activities = client.get("/api/v1/activities/", {"page_size": "100"}).json()["data"]
    assert len(activities) == 12
    assert all(len(a["next_occurrences"]) == 5 and len(a["changes"]) == 2 and a["languages"] for a in activities)
    # From 2 March: 3 March cancelled, 10 March closed, 17 March moved to the 18th.
    first = activities[0]["next_occurrences"]
    assert [(o["start"][:10], o["status"], o["moved"]) for o in first[:4]] == [
        ("2026-03-03", "cancelled", False),
        ("2026-03-10", "cancelled", False),
        ("2026-03-18", "scheduled", True),
        ("2026-03-24", "scheduled", False),
    ]
    occurrences = client.get("/api/v1/occurrences/", {"start": "2026-03-01", "end": "2026-03-31", "page_size": "100"})
    # Five Tuesdays in March 2026, one of them moved to a Wednesday: 5 per activity.
    assert occurrences.json()["meta"]["count"] == 60
