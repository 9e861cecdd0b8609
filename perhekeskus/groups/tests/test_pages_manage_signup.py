"""The family's own page, opened with the secret link: its status, cancel in one click (the
freed place is offered to the first on the waiting list), accept an offered place in time;
a wrong secret finds nothing, and no other family's data is ever shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.groups import services
from perhekeskus.groups.models import Signup, SignupStatus

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def sign(group, n: int):
    return services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"p{n}@example.fi", "phone": "040"})


def url(signup, secret: str) -> str:
    return reverse("signup-manage", args=[signup.uuid, secret])


def status_of(signup) -> str:
    return Signup.objects.get(pk=signup.pk).status


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_the_familys_own_sign_up_and_sessions_and_is_kept_nowhere(client, group):
    mine, secret = sign(group, 1)
    sign(group, 2)
    response = client.get(url(mine, secret))
    assert response.status_code == 200
    page = response.content.decode()
    assert "You have a place in the group." in page
    assert "Perhe 1" in page and "p1@example.fi" in page
    assert "Perhe 2" not in page and "p2@example.fi" not in page
    assert page.count('<li class="session') == 3 and "Ekavauva-ryhmä" in page
    assert "Cancel my sign-up" in page
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex">' in page


@time_machine.travel(NOW, tick=False)
def test_a_wrong_secret_or_another_signups_secret_finds_nothing(client, group):
    mine, secret = sign(group, 1)
    other, other_secret = sign(group, 2)
    assert client.get(url(mine, "wrong-" + secret)).status_code == 404
    assert client.get(url(mine, other_secret)).status_code == 404
    assert client.post(url(mine, other_secret), {"action": "cancel"}).status_code == 404
    assert status_of(mine) == status_of(other) == SignupStatus.CONFIRMED


@time_machine.travel(NOW, tick=False)
def test_cancelling_in_one_click_offers_the_freed_place_to_the_first_waiting(client, group):
    signups = [sign(group, n) for n in range(5)]  # 3 places, then 2 waiting
    first, secret = signups[0]
    response = client.post(url(first, secret), {"action": "cancel"})
    assert response.status_code == 303 and response["Location"] == url(first, secret)
    assert status_of(first) == SignupStatus.CANCELLED
    assert [status_of(s) for s, _ in signups[1:]] == ["confirmed", "confirmed", "offered", "waiting"]
    page = client.get(response["Location"]).content.decode()
    assert "Your sign-up has been cancelled. You do not need to do anything else." in page
    assert "Cancel my sign-up" not in page

    second_waiting, secret_2 = signups[4]
    assert "You are number 1 on the waiting list." in client.get(url(second_waiting, secret_2)).content.decode()


@time_machine.travel(NOW, tick=False)
def test_cancelling_twice_changes_nothing_and_says_so(client, group):
    mine, secret = sign(group, 1)
    client.post(url(mine, secret), {"action": "cancel"})
    response = client.post(url(mine, secret), {"action": "cancel"}, follow=True)
    assert "That could not be done: the status of your sign-up has changed." in response.content.decode()
    assert status_of(mine) == SignupStatus.CANCELLED


@time_machine.travel(NOW, tick=False)
def test_an_offered_place_is_accepted_before_its_deadline(client, group):
    signups = [sign(group, n) for n in range(4)]
    services.signup_cancel(signup=signups[0][0])
    offered, secret = signups[3]
    page = client.get(url(offered, secret)).content.decode()
    assert "A place has been freed for you." in page
    assert "Accept the place" in page
    assert '<time datetime="2026-12-03T11:00:00+02:00">' in page  # 48 hours, in Helsinki time
    response = client.post(url(offered, secret), {"action": "accept"}, follow=True)
    assert status_of(offered) == SignupStatus.CONFIRMED
    page = response.content.decode()
    assert "Thank you: the place is yours." in page and "You have a place in the group." in page


def test_an_offer_past_its_deadline_cannot_be_accepted(client, group):
    with time_machine.travel(NOW, tick=False):
        signups = [sign(group, n) for n in range(5)]
        services.signup_cancel(signup=signups[0][0])
    offered, secret = signups[3]
    with time_machine.travel(NOW + timedelta(hours=49), tick=False):
        page = client.get(url(offered, secret)).content.decode()
        assert "The time to accept the place has passed." in page and "Accept the place" not in page
        response = client.post(url(offered, secret), {"action": "accept"}, follow=True)
    assert "That could not be done: the status of your sign-up has changed." in response.content.decode()
    assert status_of(offered) != SignupStatus.CONFIRMED
    assert Signup.objects.filter(status=SignupStatus.CONFIRMED).count() == 2


@time_machine.travel(NOW, tick=False)
def test_an_unknown_action_is_refused(client, group):
    mine, secret = sign(group, 1)
    assert client.post(url(mine, secret), {"action": "delete-everything"}).status_code == 400
    assert status_of(mine) == SignupStatus.CONFIRMED


@time_machine.travel(NOW, tick=False)
def test_an_erased_signup_is_not_found(client, group):
    mine, secret = sign(group, 1)
    Signup.objects.filter(pk=mine.pk).update(erased_at=NOW)
    assert client.get(url(mine, secret)).status_code == 404
