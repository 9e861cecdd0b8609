"""Programme templates through their services: what is checked, who may keep which, and
that every write is audited and all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.groups import programmes
from perhekeskus.groups.models import Programme, ProgrammeSession

pytestmark = pytest.mark.django_db


def data(**overrides: Any) -> dict[str, Any]:
    return {
        "slug": "vauvaryhma",
        "kind": "baby_group",
        "name_fi": "Vauvaryhmä",
        "capacity": 8,
        "minimum": 4,
    } | overrides


def steps(*offsets: int) -> list[dict[str, Any]]:
    return [{"number": i + 1, "offset_days": d, "topic_fi": f"Aihe {i + 1}"} for i, d in enumerate(offsets)]


def test_create_saves_template_and_sessions_and_audits(network):
    programme = programmes.programme_create(actor=network["people"]["cora"], data=data(), sessions=steps(0, 7, 14))
    assert list(programme.sessions.values_list("number", "offset_days")) == [(1, 0), (2, 7), (3, 14)]
    entry = AuditEntry.objects.get(object_type="groups.programme")
    assert (entry.action, entry.actor) == (AuditAction.CREATE, network["people"]["cora"])


@pytest.mark.parametrize(
    ("fields", "sessions", "error"),
    [
        ({"slug": "Not a slug!"}, steps(0, 7), "slug"),
        ({"minimum": 9}, steps(0, 7), "minimum"),
        ({}, [], "sessions"),
        (
            {},
            [{"number": 1, "offset_days": 0, "topic_fi": "A"}, {"number": 1, "offset_days": 7, "topic_fi": "B"}],
            "sessions",
        ),
        ({}, steps(3, 10), "sessions"),
        ({}, steps(0, 14, 7), "sessions"),
        ({}, [{"number": 1, "offset_days": 0, "topic_fi": "  "}], "sessions[0].topic_fi"),
    ],
    ids=["slug", "minimum-over-capacity", "no-sessions", "number-twice", "not-from-zero", "not-ascending", "no-topic"],
)
def test_bad_template_is_refused_and_nothing_saved(network, fields, sessions, error):
    with pytest.raises(ValidationError) as caught:
        programmes.programme_create(actor=None, data=data(**fields), sessions=sessions)
    assert error in caught.value.message_dict
    assert not Programme.objects.exists() and not ProgrammeSession.objects.exists()
    assert not AuditEntry.objects.filter(object_type="groups.programme").exists()


def test_slug_is_unique(network):
    programmes.programme_create(actor=None, data=data(), sessions=steps(0))
    with pytest.raises(ValidationError) as caught:
        programmes.programme_create(actor=None, data=data(name_fi="Toinen"), sessions=steps(0))
    assert "slug" in caught.value.message_dict
    assert Programme.objects.count() == 1


# Shared templates: admins and coordinators. An organisation's own: those who edit it.
SHARED = {"ada": True, "cora": True, "elsa": False, "eddie": False, "pia": False, "vilja": False, "otto": False}
CITY_OWN = {"ada": True, "cora": True, "elsa": True, "eddie": False, "pia": False, "vilja": False, "otto": False}


@pytest.mark.parametrize("person", sorted(SHARED))
@pytest.mark.parametrize("owner", [None, "city"], ids=["shared", "city"])
def test_who_may_create_update_and_delete(network, person, owner):
    allowed = (SHARED if owner is None else CITY_OWN)[person]
    actor = network["people"][person]
    organisation = network["orgs"][owner] if owner else None
    if allowed:
        made = programmes.programme_create(actor=actor, data=data(organisation=organisation), sessions=steps(0))
        programmes.programme_update(actor=actor, programme=made, data={"name_fi": "Uusi"}, sessions=steps(0, 7))
        assert made.sessions.count() == 2
        programmes.programme_delete(actor=actor, programme=made)
        assert not Programme.objects.exists()
        return
    with pytest.raises(PermissionDenied):
        programmes.programme_create(actor=actor, data=data(organisation=organisation), sessions=steps(0))
    assert not Programme.objects.exists()
    kept = programmes.programme_create(actor=None, data=data(organisation=organisation), sessions=steps(0))
    with pytest.raises(PermissionDenied):
        programmes.programme_update(actor=actor, programme=kept, data={"name_fi": "Uusi"})
    with pytest.raises(PermissionDenied):
        programmes.programme_delete(actor=actor, programme=kept)
    kept.refresh_from_db()
    assert kept.name_fi == "Vauvaryhmä"


def test_editor_cannot_move_own_template_to_the_whole_network(network):
    elsa = network["people"]["elsa"]
    own = programmes.programme_create(actor=elsa, data=data(organisation=network["orgs"]["city"]), sessions=steps(0))
    with pytest.raises(PermissionDenied):
        programmes.programme_update(actor=elsa, programme=own, data={"organisation": None})
    own.refresh_from_db()
    assert own.organisation == network["orgs"]["city"]


def test_update_with_bad_sessions_keeps_the_old_ones(network):
    made = programmes.programme_create(actor=None, data=data(), sessions=steps(0, 7))
    with pytest.raises(ValidationError):
        programmes.programme_update(actor=None, programme=made, data={"name_fi": "Muutettu"}, sessions=steps(5))
    made.refresh_from_db()
    assert made.name_fi == "Vauvaryhmä"
    assert list(made.sessions.values_list("offset_days", flat=True)) == [0, 7]


def test_update_audits_the_session_change(network):
    made = programmes.programme_create(actor=None, data=data(), sessions=steps(0, 7))
    programmes.programme_update(actor=network["people"]["ada"], programme=made, data={}, sessions=steps(0, 7, 21))
    entry = AuditEntry.objects.get(object_type="groups.programme", action=AuditAction.UPDATE)
    assert "sessions" in entry.changes
