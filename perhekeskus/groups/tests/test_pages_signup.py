"""A family signs up for a group on its page: a place, or a number on the waiting list; a full
group answers 409 and bad input 400, with nothing stored; a group that takes no sign-ups
says why and shows no form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.activities import services as activity_services
from perhekeskus.groups import services
from perhekeskus.groups.models import Signup, SignupStatus
from perhekeskus.groups.tests.conftest import make_group

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(group) -> str:
    return reverse("group-signup", args=[group.uuid])


def form(n: int = 1, **changes) -> dict:
    data = {
        "name": f"Perhe {n}",
        "email": f"p{n}@example.fi",
        "phone": "",
        "language": "fi",
        "adults": "2",
        "child_year_1": "2025",
        "child_year_2": "",
        "child_year_3": "",
        "child_year_4": "",
        "due_date": "",
        "languages": ["fi", "ar"],
        "needs": "",
    }
    data.update(changes)
    return data


def sign_directly(group, n: int):
    return services.signup_create(group=group, data={"name": f"Suora {n}", "email": f"s{n}@example.fi"})


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_the_group_its_sessions_and_places_left_and_the_form(client, group):
    sign_directly(group, 1)
    response = client.get(url(group))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ekavauva-ryhmä" in page
    # Three sessions on Tuesdays at 10:00 Helsinki time (08:00 UTC in January).
    assert page.count('<li class="session') == 3
    assert 'datetime="2027-01-12T10:00:00+02:00"' in page
    assert '<strong class="count">2</strong> / 3' in page
    assert "Matinkylän asukaspuisto" in page
    for field in ("name", "email", "phone", "language", "adults", "child_year_1", "due_date", "languages", "needs"):
        assert f'name="{field}"' in page
    assert "Suora 1" not in page and "s1@example.fi" not in page
    assert response["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex">' in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_language_of_messages_defaults_to_the_page_language(client, group, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(url(group)).content.decode()
    assert f'<html lang="{lang}">' in page
    checked = [part for part in page.split("<input") if 'name="language"' in part and "checked" in part]
    assert len(checked) == 1 and f'value="{lang}"' in checked[0]


@time_machine.travel(NOW, tick=False)
def test_a_family_gets_a_place_and_its_own_page_says_so_with_the_link_to_keep(client, group):
    response = client.post(url(group), form(1, needs="Tulkki"))
    assert response.status_code == 303
    signup = Signup.objects.get()
    assert signup.status == SignupStatus.CONFIRMED
    assert (signup.name, signup.email, signup.adults) == ("Perhe 1", "p1@example.fi", 2)
    assert (signup.children_birth_years, signup.languages, signup.needs) == ([2025], ["fi", "ar"], "Tulkki")
    manage = response["Location"]
    assert manage.startswith(f"/signups/{signup.uuid}/")
    assert services.signup_by_secret(manage.rstrip("/").rsplit("/", 1)[1]) == signup

    page = client.get(manage).content.decode()
    assert "You have a place in the group." in page
    assert "A confirmation has been sent to p1@example.fi." in page
    assert f"http://testserver{manage}" in page
    # The link to keep is shown once, right after signing up.
    assert "A confirmation has been sent" not in client.get(manage).content.decode()


@time_machine.travel(NOW, tick=False)
def test_when_the_places_are_taken_the_family_learns_its_number_on_the_waiting_list(client, group):
    for n in range(3):
        sign_directly(group, n)
    first = client.post(url(group), form(1))
    second = client.post(url(group), form(2))
    assert [s.status for s in Signup.objects.order_by("created_at", "id")] == ["confirmed"] * 3 + ["waiting"] * 2
    assert "You are number 1 on the waiting list." in client.get(first["Location"]).content.decode()
    page = client.get(second["Location"]).content.decode()
    assert "You are number 2 on the waiting list." in page
    assert "Perhe 1" not in page and "p1@example.fi" not in page


@time_machine.travel(NOW, tick=False)
def test_a_full_group_answers_409_in_the_page_language_and_stores_nothing(client, group):
    for n in range(5):
        sign_directly(group, n)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.post(url(group), form(9))
    assert response.status_code == 409
    page = response.content.decode()
    assert '<html lang="sv">' in page and 'name="email"' not in page
    assert 'class="notice state"' in page
    assert Signup.objects.count() == 5
    assert not Signup.objects.filter(email="p9@example.fi").exists()


@time_machine.travel(NOW, tick=False)
def test_a_full_group_shows_no_form(client, group):
    for n in range(5):
        sign_directly(group, n)
    response = client.get(url(group))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This group is full, and so is its waiting list." in page
    assert 'name="email"' not in page


@time_machine.travel(NOW, tick=False)
def test_the_last_place_taken_while_the_form_was_filled_gives_409(client, group, monkeypatch):
    def full(**kwargs):
        raise services.GroupFull

    monkeypatch.setattr(services, "signup_create", full)
    response = client.post(url(group), form(1))
    assert response.status_code == 409
    assert "This group is full, and so is its waiting list." in response.content.decode()
    assert not Signup.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"due_date": "2026-11-30"}, "due_date", "The due date cannot be in the past."),
        ({"due_date": "30.2.2027"}, "due_date", "Enter a valid date."),
        ({"child_year_1": "1990"}, "child_year_1", "Give a birth year from 2008 to 2026."),
        ({"child_year_2": "2031"}, "child_year_2", "Give a birth year from 2008 to 2026."),
        ({"child_year_1": "twenty"}, "child_year_1", "Give the year as four digits, e.g. 2026."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
        ({"language": "de"}, "language", "Select a valid choice."),
        ({"adults": "7"}, "adults", "Select a valid choice."),
        ({"languages": ["xx"]}, "languages", "Select a valid choice."),
    ],
)
def test_bad_input_gives_400_with_the_error_at_the_field_and_stores_nothing(client, group, changes, field, message):
    response = client.post(url(group), form(1, **changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}' in page  # the error summary links to the field
    assert 'aria-invalid="true"' in page
    assert "p1@example.fi" in page or field == "email"  # what was typed is kept
    assert not Signup.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_same_email_cannot_sign_up_twice(client, group):
    assert client.post(url(group), form(1)).status_code == 303
    response = client.post(url(group), form(2, email="P1@example.fi"))
    assert response.status_code == 400
    assert "This e-mail address has already signed up for the group." in response.content.decode()
    assert Signup.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_targeted_group_explains_joining_by_invitation_and_takes_no_sign_up_without_a_code(client, calendar):
    group = make_group(calendar["orgs"]["city"], calendar["park"])
    activity_services.activity_update(actor=None, activity=group.activity, data={"participation": "targeted"})
    page = client.get(url(group)).content.decode()
    assert "This group is by invitation: enter the code from your letter or e-mail." in page
    # The form is there, with the code asked first (see test_pages_signup_with_invitation_code.py).
    assert 'name="invitation"' in page and 'name="email"' in page
    response = client.post(url(group), form(1))
    assert response.status_code == 400
    assert "Enter the code from your invitation letter or e-mail." in response.content.decode()
    assert not Signup.objects.exists()


@pytest.mark.parametrize(
    ("group_data", "message", "when"),
    [
        ({"enrolment_closes": NOW - timedelta(hours=1)}, "Sign-up for this group has closed.", NOW),
        ({"enrolment_opens": NOW + timedelta(days=2)}, "Sign-up opens on", NOW),
        ({"status": "planned"}, "This group does not take sign-ups at the moment.", NOW),
        ({"status": "cancelled"}, "This group has been cancelled.", NOW),
    ],
)
def test_a_group_not_taking_sign_ups_says_why_and_stores_nothing(client, calendar, group_data, message, when):
    with time_machine.travel(when - timedelta(days=10), tick=False):
        group = make_group(calendar["orgs"]["city"], calendar["park"], **group_data)
    with time_machine.travel(when, tick=False):
        page = client.get(url(group)).content.decode()
        assert message in page and 'name="email"' not in page
        response = client.post(url(group), form(1))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signup.objects.exists()


def test_a_draft_groups_page_is_not_found(client, calendar):
    group = make_group(calendar["orgs"]["city"], calendar["park"])
    activity_services.activity_update(actor=None, activity=group.activity, data={"status": "draft"})
    assert client.get(url(group)).status_code == 404
    assert client.post(url(group), form(1)).status_code == 404
    assert not Signup.objects.exists()
