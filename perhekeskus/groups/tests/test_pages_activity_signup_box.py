"""The activity page of a group shows a sign-up box: places left as a number, the waiting
list, the sign-up link (or why there is none), and the sessions with their topics."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.activities import services as activity_services
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.groups import services

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def page_of(client, activity) -> str:
    response = client.get(reverse("activity-detail", args=[activity.uuid]))
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_groups_activity_page_has_the_sign_up_box_with_places_and_sessions(client, group):
    activity_services.sessions_replace(
        actor=None,
        activity=group.activity,
        sessions=[
            {"start": helsinki(2027, 1, 12, 10), "end": helsinki(2027, 1, 12, 12), "topic_fi": "Tutustuminen"},
            {"start": helsinki(2027, 1, 19, 10), "end": helsinki(2027, 1, 19, 12), "topic_fi": "Vauvan uni"},
        ],
    )
    services.signup_create(group=group, data={"name": "A", "email": "a@example.fi"})
    page = page_of(client, group.activity)
    assert 'id="signup-box-heading"' in page
    assert '<strong class="count">2</strong> / 3' in page
    assert "2 places left" in page  # the waiting list's
    assert f'href="{reverse("group-signup", args=[group.uuid])}"' in page
    box = page.split('id="signup-box-heading"')[1].split("</section>")[0]
    assert "Tutustuminen" in box and "Vauvan uni" in box
    assert 'datetime="2027-01-19T10:00:00+02:00"' in box
    assert "a@example.fi" not in page


@time_machine.travel(NOW, tick=False)
def test_a_full_group_shows_no_sign_up_link_but_says_it_is_full(client, group):
    for n in range(5):
        services.signup_create(group=group, data={"name": f"P{n}", "email": f"p{n}@example.fi"})
    page = page_of(client, group.activity)
    assert "This group is full, and so is its waiting list." in page
    assert reverse("group-signup", args=[group.uuid]) not in page


def test_an_activity_that_is_not_a_group_has_no_sign_up_box(client, calendar):
    page = page_of(client, calendar["cafe"])
    assert 'id="signup-box-heading"' not in page
