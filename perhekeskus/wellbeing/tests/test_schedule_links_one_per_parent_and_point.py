"""A nurse puts a family on the schedule and makes each parent's links through the pages:
one set per parent and point, shown once or e-mailed, renewed when lost, or opened on
the clinic's device."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from perhekeskus.messaging.models import OutgoingMessage
from perhekeskus.questionnaires import filling
from perhekeskus.questionnaires.models import Response
from perhekeskus.wellbeing.models import Family, Form

from .conftest import make_family

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def nurse_client(clinic):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clinic["people"]["pia"])
    return client


def secret_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


@time_machine.travel(NOW, tick=False)
def test_a_family_added_on_the_page_gets_two_parents(clinic):
    response = nurse_client(clinic).post(
        "/wellbeing/families/new/",
        {
            "clinic": clinic["orgs"]["city"].pk,
            "label": "Virtanen, Kotikatu",
            "due_date": "2027-03-01",
            "parent1_label": "mother",
            "parent1_language": "fi",
            "parent2_label": "father",
            "parent2_language": "sv",
        },
    )
    family = Family.objects.get()
    assert response.status_code == 303 and response["Location"] == f"/wellbeing/families/{family.uuid}/"
    assert family.nurse == clinic["people"]["pia"] and family.label == "Virtanen, Kotikatu"
    assert [(p.label, p.language) for p in family.parents.all()] == [("mother", "fi"), ("father", "sv")]


@time_machine.travel(NOW, tick=False)
def test_links_for_a_point_are_made_once_and_shown_once(clinic):
    family = make_family(clinic)
    mother = family.parents.get(position=1)
    client = nurse_client(clinic)
    url = f"/wellbeing/families/{family.uuid}/links/"
    data = {"parent": str(mother.uuid), "point": "pregnancy", "delivery": "show", "action": "make"}
    shown = client.post(url, data)
    assert shown.status_code == 200 and shown["Cache-Control"] == "private, no-store"
    forms = list(Form.objects.filter(parent=mother).select_related("response", "questionnaire"))
    # In pregnancy: EPDS and AUDIT-C, each its own response filed with its place on the schedule.
    assert sorted(f.questionnaire.identifier for f in forms) == ["audit-c", "epds"]
    page = shown.content.decode()
    for form in forms:
        assert form.response.context == f"wellbeing:{form.uuid}"
        assert form.response.respondent_key == f"wellbeing:{mother.uuid}:pregnancy"
        assert form.response.language == "fi" and form.response.source == "wellbeing:link"
        start = page.index(f"/answer/{form.response.uuid}/")
        secret = secret_of(page[start : page.index('"', start)])
        assert filling.response_by_secret(form.response.uuid, secret).pk == form.response.pk
    # A second start of the same point is refused; nothing new is made.
    again = client.post(url, data)
    assert again.status_code == 400
    assert "were made already" in again.content.decode()
    assert Form.objects.filter(parent=mother).count() == 2 and Response.objects.count() == 2
    # The other parent's forms are their own.
    father = family.parents.get(position=2)
    assert client.post(url, {**data, "parent": str(father.uuid)}).status_code == 200
    assert Form.objects.filter(parent=father).count() == 2
    assert Response.objects.get(wellbeing_form__parent=father, questionnaire__identifier="epds").language == "sv"


@time_machine.travel(NOW, tick=False)
def test_points_after_birth_wait_for_the_birth_date(clinic):
    family = make_family(clinic, due=date(2026, 11, 20))
    mother = family.parents.get(position=1)
    client = nurse_client(clinic)
    url = f"/wellbeing/families/{family.uuid}/links/"
    data = {"parent": str(mother.uuid), "point": "2-3-months", "delivery": "show", "action": "make"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "birth date first" in refused.content.decode()
    assert not Form.objects.exists()
    saved = client.post(f"/wellbeing/families/{family.uuid}/birth/", {"birth_date": "2026-11-18"})
    assert saved.status_code == 303
    family.refresh_from_db()
    assert family.birth_date == date(2026, 11, 18)
    assert client.post(url, data).status_code == 200
    assert [f.questionnaire.identifier for f in Form.objects.filter(point="2-3-months")] == ["epds"]


@time_machine.travel(NOW, tick=False)
def test_a_lost_link_is_renewed_and_the_old_one_stops(clinic):
    family = make_family(clinic)
    mother = family.parents.get(position=1)
    client = nurse_client(clinic)
    url = f"/wellbeing/families/{family.uuid}/links/"
    data = {"parent": str(mother.uuid), "point": "pregnancy", "delivery": "show"}
    first = client.post(url, {**data, "action": "make"}).content.decode()
    epds = Form.objects.get(parent=mother, questionnaire__identifier="epds").response
    start = first.index(f"/answer/{epds.uuid}/")
    old = secret_of(first[start : first.index('"', start)])
    renewed = client.post(url, {**data, "action": "renew"})
    assert renewed.status_code == 200
    page = renewed.content.decode()
    start = page.index(f"/answer/{epds.uuid}/")
    new = secret_of(page[start : page.index('"', start)])
    assert new != old
    assert filling.response_by_secret(epds.uuid, new).pk == epds.pk
    with pytest.raises(filling.ResponseUnknown):
        filling.response_by_secret(epds.uuid, old)


@time_machine.travel(NOW, tick=False)
def test_a_form_left_unsent_until_erased_gets_a_working_link_again_but_a_sent_one_does_not(clinic):
    family = make_family(clinic)
    mother = family.parents.get(position=1)
    client = nurse_client(clinic)
    url = f"/wellbeing/families/{family.uuid}/links/"
    data = {"parent": str(mother.uuid), "point": "pregnancy", "delivery": "show"}
    client.post(url, {**data, "action": "make"})
    epds = Form.objects.get(parent=mother, questionnaire__identifier="epds").response
    audit = Form.objects.get(parent=mother, questionnaire__identifier="audit-c").response
    filling.response_save(epds, {"epds.1": ["1"]})
    filling.response_erase(epds)  # what erase_unfinished_responses does after its keep time
    filling.response_save(audit, {"audit.1": ["0"]}, complete=True)
    filling.response_erase(audit)

    renewed = client.post(url, {**data, "action": "renew"})

    assert renewed.status_code == 200
    page = renewed.content.decode()
    assert f"/answer/{audit.uuid}/" not in page  # sent answers erased: nothing to open
    start = page.index(f"/answer/{epds.uuid}/")
    reopened = filling.response_by_secret(epds.uuid, secret_of(page[start : page.index('"', start)]))
    assert reopened.erased_at is None and reopened.answers == {}  # starts afresh, empty
    assert Client().get(page[start : page.index('"', start)]).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_link_sent_by_email_goes_to_the_address_given_and_is_not_stored(clinic, django_capture_on_commit_callbacks):
    family = make_family(clinic)
    father = family.parents.get(position=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = nurse_client(clinic).post(
            f"/wellbeing/families/{family.uuid}/links/",
            {
                "parent": str(father.uuid),
                "point": "pregnancy",
                "delivery": "email",
                "email": "isa@example.org",
                "action": "make",
            },
        )
    assert response.status_code == 303
    [message] = mail.outbox
    assert message.to == ["isa@example.org"]
    for form in Form.objects.filter(parent=father):
        assert f"/answer/{form.response.uuid}/" in message.body
    # The father's forms are in Swedish: so is his message, which says who sees the answers.
    with translation.override("sv"):
        assert (
            gettext("Your answers are seen only by your own nurse, who goes through them with you at the clinic.")
            in message.body
        )
    assert OutgoingMessage.objects.get().language == "sv"
    family.refresh_from_db()
    stored = str(family.__dict__) + str(father.__dict__)
    assert "isa@example.org" not in stored


@time_machine.travel(NOW, tick=False)
def test_email_delivery_needs_an_address_and_saves_nothing_without_it(clinic):
    family = make_family(clinic)
    mother = family.parents.get(position=1)
    response = nurse_client(clinic).post(
        f"/wellbeing/families/{family.uuid}/links/",
        {"parent": str(mother.uuid), "point": "pregnancy", "delivery": "email", "email": "", "action": "make"},
    )
    assert response.status_code == 400 and "Give the address" in response.content.decode()
    assert not Form.objects.exists() and not mail.outbox


@time_machine.travel(NOW, tick=False)
def test_filling_in_at_the_clinic_opens_the_parents_next_form(clinic):
    family = make_family(clinic)
    mother = family.parents.get(position=1)
    client = nurse_client(clinic)
    url = f"/wellbeing/families/{family.uuid}/clinic/"
    first = client.post(url, {"parent": str(mother.uuid), "point": "pregnancy"})
    assert first.status_code == 303
    epds = Form.objects.get(parent=mother, questionnaire__identifier="epds").response
    assert first["Location"].startswith(f"/answer/{epds.uuid}/")
    assert filling.response_by_secret(epds.uuid, secret_of(first["Location"])).source == "wellbeing:clinic"
    # Started already: the same form opens again with a new key while it is not sent.
    second = client.post(url, {"parent": str(mother.uuid), "point": "pregnancy"})
    assert second["Location"].startswith(f"/answer/{epds.uuid}/") and second["Location"] != first["Location"]
    assert Form.objects.filter(parent=mother).count() == 2
