"""Facilitators as a pair (`groups.facilitators.facilitators_set`): a professional and a
volunteer, or two professionals of different professions, from different organisations.

One facilitator or none is allowed while the partner is being found (the group page says
a partner is missing). Every bad list is refused whole, with the field named, and
nothing is saved; a change is written in the audit log.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from perhekeskus.core.models import AuditEntry
from perhekeskus.groups import access, facilitators
from perhekeskus.groups.models import Facilitator

pytestmark = pytest.mark.django_db


def person(org: Any, kind: str = "professional", profession: str = "", user: Any = None, name: str = "X") -> dict:
    return {"name": name, "organisation": org, "kind": kind, "profession": profession, "user": user}


@pytest.fixture
def orgs(calendar):
    return calendar["orgs"]


def test_a_professional_and_a_volunteer_from_two_organisations_lead(calendar, group, orgs):
    people = calendar["people"]
    rows = facilitators.facilitators_set(
        actor=people["elsa"],
        group=group,
        facilitators=[
            person(orgs["city"], profession="family worker", user=people["pia"], name="Pia"),
            person(orgs["mll"], kind="volunteer", user=people["vilja"], name="Vilja"),
        ],
    )
    assert [(f.name, f.organisation, f.user) for f in rows] == [
        ("Pia", orgs["city"], people["pia"]),
        ("Vilja", orgs["mll"], people["vilja"]),
    ]
    assert not facilitators.partner_missing(group)
    # With their accounts they see the participant list; Eddie does not.
    assert access.can_see_signups(people["vilja"], group) and not access.can_see_signups(people["eddie"], group)
    entry = AuditEntry.objects.get(object_id=str(group.uuid), changes__has_key="facilitators")
    assert entry.actor == people["elsa"]


def test_two_professionals_of_different_professions_lead(group, orgs):
    facilitators.facilitators_set(
        actor=None,
        group=group,
        facilitators=[
            person(orgs["clinic"], profession="public health nurse"),
            person(orgs["parish"], profession="deacon"),
        ],
    )
    assert group.facilitators.count() == 2


def test_one_or_none_is_allowed_while_the_partner_is_found(group, orgs):
    facilitators.facilitators_set(actor=None, group=group, facilitators=[person(orgs["city"])])
    assert facilitators.partner_missing(group)
    facilitators.facilitators_set(actor=None, group=group, facilitators=[])
    assert not group.facilitators.exists()


@pytest.mark.parametrize(
    ("rows", "field", "says"),
    [
        (
            lambda o, p: [person(o["city"], profession="nurse"), person(o["city"], kind="volunteer")],
            "facilitators",
            "A group is led by a pair from different organisations.",
        ),
        (
            lambda o, p: [person(o["city"], kind="volunteer"), person(o["mll"], kind="volunteer")],
            "facilitators",
            "not by volunteers alone",
        ),
        (
            lambda o, p: [person(o["city"], profession="Nurse"), person(o["mll"], profession="nurse")],
            "facilitators",
            "Two professionals leading together have different professions.",
        ),
        (
            lambda o, p: [person(o["city"], profession="nurse"), person(o["mll"])],
            "facilitators[1].profession",
            "Give the profession",
        ),
        (
            lambda o, p: [person(o["mll"], kind="volunteer", user=p["pia"]), person(o["city"], profession="nurse")],
            "facilitators[0].user",
            "This person is not a member of the organisation named.",
        ),
        (lambda o, p: [person(None)], "facilitators[0].organisation", "Choose the facilitator's organisation."),
        (lambda o, p: [{**person(o["city"]), "name": ""}], "facilitators[0].name", ""),
        (lambda o, p: [{**person(o["city"]), "kind": "boss"}], "facilitators[0].kind", ""),
        (lambda o, p: [{**person(o["city"]), "age": 40}], "facilitators[0]", "Unknown field: age."),
    ],
)
def test_bad_lists_are_refused_whole(calendar, group, orgs, rows, field, says):
    facilitators.facilitators_set(actor=None, group=group, facilitators=[person(orgs["city"], name="Kept")])
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        facilitators.facilitators_set(actor=None, group=group, facilitators=rows(orgs, calendar["people"]))
    assert field in exc.value.message_dict
    assert says in " ".join(exc.value.message_dict[field])
    assert list(Facilitator.objects.values_list("name", flat=True)) == ["Kept"]


@pytest.mark.parametrize("who", ["eddie", "pia", "vilja", "otto"])
def test_only_those_who_run_the_group_set_its_facilitators(calendar, group, orgs, who):
    with pytest.raises(PermissionDenied):
        facilitators.facilitators_set(actor=calendar["people"][who], group=group, facilitators=[person(orgs["city"])])
    assert not group.facilitators.exists()
