"""Who may make each write: every write × every person of the cast, through the services
and (a smaller table) through the admin's HTTP views.

Targets: MLL Espoo (NGO in Leppävaara, Espoo), Matinkylä clinic (unit of Espoo city),
Salo parish (outside Espoo). Cora coordinates Espoo, Elsa edits Espoo city and its units,
Eddie edits MLL Espoo, Otto edits Salo parish; Pia and Vilja only read.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from perhekeskus.core.models import AuditEntry
from perhekeskus.network import services
from perhekeskus.network.models import Area, ContactPerson, Organisation, Place, Service
from perhekeskus.network.tests.admin_forms import add_url, change_url, delete_url, make_staff, post_data

PEOPLE = ("ada", "cora", "elsa", "eddie", "pia", "vilja", "otto", "anonymous")


@pytest.fixture
def world(network):
    orgs, types = network["orgs"], network["types"]
    empty_unit = Organisation.objects.create(
        slug="clinic-unit",
        kind="municipality",
        name_fi="Tyhjä yksikkö",
        parent=orgs["clinic"],
        area=network["areas"]["matinkyla"],
    )
    mll_service = services.service_create(
        actor=None, data={"provider": orgs["mll"], "name_fi": "Perhekahvila", "service_type": types["family_cafe"]}
    )
    clinic_place = services.place_create(
        actor=None,
        data={
            "organisation": orgs["clinic"],
            "kind": "clinic",
            "name_fi": "Neuvola",
            "street_address": "Tie 1",
            "city": "Espoo",
        },
    )
    parish_contact = services.contact_create(
        actor=None, data={"organisation": orgs["parish"], "full_name": "Pirkko Pappila", "email": "pirkko@example.fi"}
    )
    return {**network, "unit": empty_unit, "service": mll_service, "place": clinic_place, "contact": parish_contact}


def person(world, key):
    return AnonymousUser() if key == "anonymous" else world["people"][key]


# Each write: (name, function(actor, world), people allowed). Everyone else gets PermissionDenied.
WRITES = [
    (
        "organisation_create in Matinkylä",
        lambda a, w: services.organisation_create(
            actor=a, data={"slug": "new-org", "kind": "ngo", "name_fi": "Uusi", "area": w["areas"]["matinkyla"]}
        ),
        {"ada", "cora"},
    ),
    (
        "organisation_create in Salo",
        lambda a, w: services.organisation_create(
            actor=a, data={"slug": "new-org", "kind": "ngo", "name_fi": "Uusi", "area": w["areas"]["salo"]}
        ),
        {"ada"},
    ),
    (
        "organisation_create unit under MLL",
        lambda a, w: services.organisation_create(
            actor=a, data={"slug": "new-unit", "kind": "ngo", "name_fi": "Yksikkö", "parent": w["orgs"]["mll"]}
        ),
        {"ada", "cora", "eddie"},
    ),
    (
        "organisation_update MLL",
        lambda a, w: services.organisation_update(actor=a, organisation=w["orgs"]["mll"], data={"phone": "09 123"}),
        {"ada", "cora", "eddie"},
    ),
    (
        "organisation_update clinic",
        lambda a, w: services.organisation_update(actor=a, organisation=w["orgs"]["clinic"], data={"phone": "09 1"}),
        {"ada", "cora", "elsa"},
    ),
    (
        "organisation_delete empty unit",
        lambda a, w: services.organisation_delete(actor=a, organisation=w["unit"]),
        {"ada", "cora", "elsa"},
    ),
    (
        "service_create for MLL",
        lambda a, w: services.service_create(
            actor=a,
            data={"provider": w["orgs"]["mll"], "name_fi": "Isäryhmä", "service_type": w["types"]["family_cafe"]},
        ),
        {"ada", "cora", "eddie"},
    ),
    (
        "service_update MLL's",
        lambda a, w: services.service_update(actor=a, service=w["service"], data={"name_fi": "Kahvila"}),
        {"ada", "cora", "eddie"},
    ),
    (
        "service_update moves it to the parish",
        lambda a, w: services.service_update(actor=a, service=w["service"], data={"provider": w["orgs"]["parish"]}),
        {"ada"},
    ),
    (
        "service_delete MLL's",
        lambda a, w: services.service_delete(actor=a, service=w["service"]),
        {"ada", "cora", "eddie"},
    ),
    (
        "place_create for clinic",
        lambda a, w: services.place_create(
            actor=a,
            data={
                "organisation": w["orgs"]["clinic"],
                "kind": "clinic",
                "name_fi": "N2",
                "street_address": "T",
                "city": "E",
            },
        ),
        {"ada", "cora", "elsa"},
    ),
    (
        "place_update clinic's",
        lambda a, w: services.place_update(actor=a, place=w["place"], data={"name_fi": "Neuvola 2"}),
        {"ada", "cora", "elsa"},
    ),
    (
        "place_update hours",
        lambda a, w: services.place_update(
            actor=a,
            place=w["place"],
            data={"opening_hours": [{"weekday": 0, "opens": dt.time(9), "closes": dt.time(12)}]},
        ),
        {"ada", "cora", "elsa"},
    ),
    (
        "place_delete clinic's",
        lambda a, w: services.place_delete(actor=a, place=w["place"]),
        {"ada", "cora", "elsa"},
    ),
    (
        "contact_create for parish",
        lambda a, w: services.contact_create(actor=a, data={"organisation": w["orgs"]["parish"], "full_name": "Uusi"}),
        {"ada", "otto"},
    ),
    (
        "contact_update parish's",
        lambda a, w: services.contact_update(actor=a, contact=w["contact"], data={"phone": "02 1"}),
        {"ada", "otto"},
    ),
    (
        "contact_delete parish's",
        lambda a, w: services.contact_delete(actor=a, contact=w["contact"]),
        {"ada", "otto"},
    ),
    (
        "content_mark_checked MLL's service",
        lambda a, w: services.content_mark_checked(actor=a, obj=w["service"]),
        {"ada", "cora", "eddie"},
    ),
    (
        "content_mark_checked clinic's place",
        lambda a, w: services.content_mark_checked(actor=a, obj=w["place"]),
        {"ada", "cora", "elsa"},
    ),
    (
        "area_create",
        lambda a, w: services.area_create(
            actor=a, data={"slug": "olari", "kind": "district", "name_fi": "Olari", "parent": w["areas"]["espoo"]}
        ),
        {"ada"},
    ),
]

CASES = [
    pytest.param(write, who, who in allowed, id=f"{name} · {who}") for name, write, allowed in WRITES for who in PEOPLE
]


@pytest.mark.parametrize(("write", "who", "allowed"), CASES)
def test_service_write(world, write, who, allowed):
    actor = person(world, who)
    before = AuditEntry.objects.count()
    if allowed:
        write(actor, world)
        assert AuditEntry.objects.count() == before + 1
        entry = AuditEntry.objects.first()
        assert entry.actor == actor
    else:
        with pytest.raises(PermissionDenied):
            write(actor, world)
        assert AuditEntry.objects.count() == before


# --- The admin: change, add and delete through HTTP ----------------------------------------------


def admin_client(client, world, who):
    if who != "anonymous":
        client.force_login(make_staff(world["people"][who]))
    return client


ADMIN_WRITES = [
    (
        "change MLL's service",
        lambda c, w: c.post(change_url(w["service"]), post_data(w["service"], name_fi="Muutettu")),
        lambda w: Service.objects.filter(name_fi="Muutettu").exists(),
        {"ada", "cora", "eddie"},
    ),
    (
        "change clinic's place",
        lambda c, w: c.post(change_url(w["place"]), post_data(w["place"], name_fi="Muutettu")),
        lambda w: Place.objects.filter(name_fi="Muutettu").exists(),
        {"ada", "cora", "elsa"},
    ),
    (
        "delete parish's contact",
        lambda c, w: c.post(delete_url(w["contact"]), {"post": "yes"}),
        lambda w: not ContactPerson.objects.filter(pk=w["contact"].pk).exists(),
        {"ada", "otto"},
    ),
    (
        "add an organisation in Matinkylä",
        lambda c, w: c.post(
            add_url(Organisation),
            post_data(Organisation(slug="uusi", kind="ngo", name_fi="Uusi", area=w["areas"]["matinkyla"])),
        ),
        lambda w: Organisation.objects.filter(slug="uusi").exists(),
        {"ada", "cora"},
    ),
    (
        "add an area",
        lambda c, w: c.post(add_url(Area), post_data(Area(slug="olari", kind="district", name_fi="Olari"))),
        lambda w: Area.objects.filter(slug="olari").exists(),
        {"ada"},
    ),
]

ADMIN_CASES = [
    pytest.param(write, done, who, who in allowed, id=f"{name} · {who}")
    for name, write, done, allowed in ADMIN_WRITES
    for who in PEOPLE
]


@pytest.mark.parametrize(("write", "done", "who", "allowed"), ADMIN_CASES)
def test_admin_write(client, world, write, done, who, allowed):
    response = write(admin_client(client, world, who), world)
    if allowed:
        assert response.status_code == 302, getattr(response, "context", None) and response.context.get("errors")
        assert done(world)
        assert AuditEntry.objects.filter(source="admin").count() == 1
    else:
        # Refused as a login redirect, a 403, "no such object" for rows outside one's reach,
        # or a form error when the person may add such rows but not there (editors add units).
        if response.status_code == 200:
            assert response.context["adminform"].form.non_field_errors()
        else:
            assert response.status_code in (302, 403)
        assert not done(world)
        assert not AuditEntry.objects.filter(source="admin").exists()
