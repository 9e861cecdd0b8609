"""The calendar page's filters each narrow what is listed, bad parameters give a 400 page
with the messages and no results, drafts are never listed, and the number of queries
does not grow with the number of activities."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from perhekeskus.activities.models import ActivityStatus
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network.models import Language, LifeStage, ServiceType, TargetGroup

# Monday 2 March 2026, 9:00 in Helsinki: the list shows the week 2.–8.3. when asked.
NOW = helsinki(2026, 3, 2, 9)
WEEK = {"start": "2026-03-02", "end": "2026-03-08"}


@pytest.fixture(name="cast")
def cast_fixture(calendar: dict[str, Any]) -> dict[str, Any]:
    """Two more activities in the week of 2 March beside the fixture's café and fathers' evening.

    - Vauvaryhmä: Espoo-wide (online), Wednesdays 10–11, the clinic's, ages 0–12 months,
      in Finnish and Swedish, for first-time parents, by invitation, a baby group.
    - Seurakunnan perhekerho: in Salo, Saturday 7.3. 10–12, the parish's, ages 3–7,
      in Swedish, for Swedish-speaking families, a family club.
    """
    areas, orgs = calendar["areas"], calendar["orgs"]
    baby = make_activity(
        orgs["clinic"],
        title_fi="Vauvaryhmä",
        area=areas["espoo"],
        start=helsinki(2026, 3, 4, 10),
        end=helsinki(2026, 3, 4, 11),
        rrule="FREQ=WEEKLY",
        age_min_months=0,
        age_max_months=12,
        languages=list(Language.objects.filter(code__in=["fi", "sv"])),
        target_groups=list(TargetGroup.objects.filter(code="first_time_parents")),
        life_stages=list(LifeStage.objects.filter(code="age_0_1")),
        participation="targeted",
        service_type=ServiceType.objects.get(code="baby_group"),
    )
    club = make_activity(
        orgs["parish"],
        title_fi="Seurakunnan perhekerho",
        area=areas["salo"],
        start=helsinki(2026, 3, 7, 10),
        end=helsinki(2026, 3, 7, 12),
        age_min_months=36,
        age_max_months=84,
        languages=list(Language.objects.filter(code="sv")),
        target_groups=list(TargetGroup.objects.filter(code="swedish_speaking")),
        service_type=ServiceType.objects.get(code="family_club"),
    )
    return {**calendar, "baby": baby, "club": club}


def titles(response: Any) -> list[str]:
    return re.findall(
        r'<h4 class="occ-title"><a href="/activities/[0-9a-f-]+/"[^>]*>([^<]+)</a>', response.content.decode()
    )


def get_calendar(client: Any, lang: str = "en", **params: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(reverse("calendar"), params)


@time_machine.travel(NOW, tick=False)
def test_without_filters_the_week_lists_every_public_activity(client, cast):
    response = get_calendar(client, **WEEK)
    assert response.status_code == 200
    assert titles(response) == ["Perhekahvila", "Vauvaryhmä", "Isien ilta", "Seurakunnan perhekerho"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # A district shows its own activities and what its municipality runs for all.
        ({"area": "matinkyla"}, ["Vauvaryhmä", "Isien ilta"]),
        ({"area": "leppavaara"}, ["Perhekahvila", "Vauvaryhmä"]),
        ({"area": "espoo"}, ["Perhekahvila", "Vauvaryhmä", "Isien ilta"]),
        ({"area": "salo"}, ["Seurakunnan perhekerho"]),
        # A baby: activities for any age and those whose range includes the first year.
        ({"age": "0"}, ["Perhekahvila", "Vauvaryhmä", "Isien ilta"]),
        ({"age": "4"}, ["Perhekahvila", "Isien ilta", "Seurakunnan perhekerho"]),
        ({"life_stage": "age_0_1"}, ["Vauvaryhmä"]),
        ({"language": "sv"}, ["Vauvaryhmä", "Seurakunnan perhekerho"]),
        ({"audience": "first_time_parents"}, ["Vauvaryhmä"]),
        ({"audience": "swedish_speaking"}, ["Seurakunnan perhekerho"]),
        # The city co-organises the fathers' evening: it is listed as the city's too.
        ({"organisation": "espoo"}, ["Isien ilta"]),
        ({"organisation": "mll-espoo"}, ["Perhekahvila", "Isien ilta"]),
        # Thursday 18:00 is an evening, Saturday is the weekend; mornings on weekdays are not.
        ({"evenings_weekends": "1"}, ["Isien ilta", "Seurakunnan perhekerho"]),
        # A service-type group includes its children (baby group is under peer support).
        ({"service_type": "peer_support"}, ["Vauvaryhmä"]),
        ({"service_type": "family_club"}, ["Seurakunnan perhekerho"]),
        ({"participation": "targeted"}, ["Vauvaryhmä"]),
        ({"participation": "open"}, ["Perhekahvila", "Isien ilta", "Seurakunnan perhekerho"]),
        ({"q": "kerho"}, ["Seurakunnan perhekerho"]),
        ({"area": "espoo", "age": "0", "evenings_weekends": "1"}, ["Isien ilta"]),
    ],
)
def test_each_filter_narrows_the_list(client, cast, params, expected):
    response = get_calendar(client, **WEEK, **params)
    assert response.status_code == 200
    assert titles(response) == expected


@time_machine.travel(NOW, tick=False)
def test_organiser_filter_finds_co_organised_activities_in_another_window(client, cast):
    # In the week of 11 May the city runs the spring party and co-runs the fathers' evening.
    response = get_calendar(client, organisation="espoo", start="2026-05-11", end="2026-05-17")
    assert titles(response) == ["Isien ilta", "Kevätjuhla"]


@time_machine.travel(NOW, tick=False)
def test_chosen_filters_keep_their_state_in_the_form(client, cast):
    html = get_calendar(client, **WEEK, area="matinkyla", age="2", evenings_weekends="1", q="ilta").content.decode()
    assert '<option value="matinkyla" selected>' in html
    assert '<option value="2" selected>' in html
    assert re.search(r'<input type="checkbox" name="evenings_weekends" value="1"[^>]* checked', html)
    assert 'value="ilta"' in html
    assert 'value="2026-03-02"' in html and 'value="2026-03-08"' in html


@time_machine.travel(NOW, tick=False)
def test_drafts_are_never_listed(client, cast):
    make_activity(
        cast["orgs"]["mll"],
        title_fi="Luonnos",
        status=ActivityStatus.DRAFT,
        start=helsinki(2026, 3, 3, 14),
        end=helsinki(2026, 3, 3, 15),
    )
    client.force_login(cast["people"]["eddie"])  # not even to its own editor: the calendar is public
    assert "Luonnos" not in titles(get_calendar(client, **WEEK))


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"area": "atlantis"}, "Area", "Unknown value: atlantis."),
        ({"organisation": "nobody"}, "Organiser", "Unknown value: nobody."),
        ({"language": "xx"}, "Language", "Unknown value: xx."),
        ({"participation": "sometimes"}, "Who can take part", "Unknown value: sometimes."),
        ({"age": "40"}, "Child&#x27;s age", "Give a whole number from 0 to 17."),
        ({"age": "two"}, "Child&#x27;s age", "Give a whole number from 0 to 17."),
        ({"start": "2026-13-01"}, "From", "Give a date as YYYY-MM-DD or a time in ISO 8601."),
        ({"start": "2026-03-08", "end": "2026-03-01"}, "To", "The end must be after the start."),
        ({"start": "2026-01-01", "end": "2027-12-31"}, "To", "Ask for at most 400 days at a time."),
    ],
)
def test_bad_parameters_give_400_with_the_message_and_no_results(client, cast, params, field, message):
    response = get_calendar(client, **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{field}: {message}" in html
    assert 'class="error-summary" role="alert"' in html
    assert titles(response) == []


@time_machine.travel(NOW, tick=False)
def test_an_unknown_view_is_an_error_too(client, cast):
    response = get_calendar(client, view="month")
    assert response.status_code == 400
    assert "Unknown view: choose the list or the week." in response.content.decode()
    assert titles(response) == []


@time_machine.travel(NOW, tick=False)
def test_several_errors_are_shown_together(client, cast):
    html = get_calendar(client, area="atlantis", age="99", end="yesterday").content.decode()
    assert "Area: Unknown value: atlantis." in html
    assert "Child&#x27;s age: Give a whole number from 0 to 17." in html
    assert "To: Give a date as YYYY-MM-DD or a time in ISO 8601." in html


def _queries_for_list(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = get_calendar(client, start="2026-03-02", end="2026-03-15")
    assert response.status_code == 200
    return len(captured.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_query_count_does_not_grow_with_the_number_of_activities(client, cast, django_assert_max_num_queries):
    orgs = cast["orgs"]
    languages = list(Language.objects.filter(code__in=["fi", "sv", "en"]))
    _queries_for_list(client)  # warm the per-language choice caches, as a running site has them
    few = _queries_for_list(client)
    for n in range(30):
        make_activity(
            orgs["mll"],
            title_fi=f"Kerho {n}",
            place=cast["park"],
            online=False,
            online_url="",
            start=helsinki(2026, 3, 2 + n % 7, 9),
            end=helsinki(2026, 3, 2 + n % 7, 10),
            rrule="FREQ=WEEKLY",
            co_organisers=[orgs["city"], orgs["clinic"]],
            languages=languages,
            signup_required=True,
            age_min_months=12,
            age_max_months=36,
        )
    with django_assert_max_num_queries(few):
        response = get_calendar(client, start="2026-03-02", end="2026-03-15")
    # Every occurrence was rendered: 30 weekly clubs twice, the café and the baby group
    # twice, the fortnightly fathers' evening and the Salo club once.
    assert len(titles(response)) == 30 * 2 + 2 + 2 + 1 + 1
