"""Each write of the service network is logged: who, what, which fields; failures log and save nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network import services
from perhekeskus.network.models import Area, ContactPerson, LifeStage, Organisation, Place, Service, TargetGroup


def only_entry(**filters):
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


def service_data(network, **extra):
    return {
        "provider": network["orgs"]["mll"],
        "name_fi": "Perhekahvila",
        "service_type": network["types"]["family_cafe"],
        **extra,
    }


def place_data(network, **extra):
    return {
        "organisation": network["orgs"]["mll"],
        "kind": "family_cafe",
        "name_fi": "Kahvila",
        "street_address": "Tie 1",
        "city": "Espoo",
        **extra,
    }


def test_organisation_create_update_delete_are_logged(network):
    cora = network["people"]["cora"]
    org = services.organisation_create(
        actor=cora,
        data={"slug": "vaesto", "kind": "ngo", "name_fi": "Väestöliitto", "area": network["areas"]["espoo"]},
        source="test",
    )
    created = only_entry(action=AuditAction.CREATE, object_id=str(org.uuid))
    assert created.actor == cora and created.actor_label == "cora@example.fi" and created.source == "test"
    assert created.object_type == "network.organisation" and created.changes["name_fi"] == "Väestöliitto"

    services.organisation_update(
        actor=cora, organisation=org, data={"name_sv": "Befolkningsförbundet", "phone": "09 1"}
    )
    updated = only_entry(action=AuditAction.UPDATE, object_id=str(org.uuid))
    assert set(updated.changes) == {"name_sv", "phone", "updated_at"}
    assert updated.changes["name_sv"] == ["", "Befolkningsförbundet"]

    services.organisation_delete(actor=cora, organisation=org)
    deleted = only_entry(action=AuditAction.DELETE, object_id=str(org.uuid))
    assert deleted.actor == cora and deleted.changes["slug"] == "vaesto"
    assert not Organisation.objects.filter(slug="vaesto").exists()


def test_service_create_update_delete_are_logged_with_many_to_many_changes(network):
    eddie = network["people"]["eddie"]
    stage = LifeStage.objects.first()
    service = services.service_create(actor=eddie, data=service_data(network, life_stages=[stage]))
    assert only_entry(action=AuditAction.CREATE).actor == eddie

    group = TargetGroup.objects.get(code="fathers")
    services.service_update(actor=eddie, service=service, data={"name_fi": "Isäkahvila", "target_groups": [group]})
    updated = only_entry(action=AuditAction.UPDATE)
    assert updated.changes["name_fi"] == ["Perhekahvila", "Isäkahvila"]
    assert updated.changes["target_groups"] == [[], [str(group.uuid)]]

    services.service_delete(actor=eddie, service=service)
    assert only_entry(action=AuditAction.DELETE).object_label == "Isäkahvila"
    assert not Service.objects.exists()


def test_place_create_update_delete_are_logged_with_hours(network):
    eddie = network["people"]["eddie"]
    place = services.place_create(actor=eddie, data=place_data(network))
    assert only_entry(action=AuditAction.CREATE).object_id == str(place.uuid)
    services.place_update(
        actor=eddie,
        place=place,
        data={"city": "Esbo", "opening_hours": [{"weekday": 2, "opens": dt.time(10), "closes": dt.time(14)}]},
    )
    updated = only_entry(action=AuditAction.UPDATE)
    assert updated.changes["city"] == ["Espoo", "Esbo"]
    assert updated.changes["opening_hours"] == ["1 rows"]
    services.place_delete(actor=eddie, place=place)
    assert only_entry(action=AuditAction.DELETE).actor == eddie


def test_contact_create_update_delete_are_logged(network):
    otto = network["people"]["otto"]
    contact = services.contact_create(
        actor=otto, data={"organisation": network["orgs"]["parish"], "full_name": "Pirkko", "email": "p@example.fi"}
    )
    assert only_entry(action=AuditAction.CREATE).changes["email"] == "p@example.fi"
    services.contact_update(actor=otto, contact=contact, data={"public": True})
    assert only_entry(action=AuditAction.UPDATE).changes["public"] == [False, True]
    services.contact_delete(actor=otto, contact=contact)
    assert only_entry(action=AuditAction.DELETE).object_type == "network.contactperson"


def test_area_create_update_delete_are_logged(network):
    ada = network["people"]["ada"]
    area = services.area_create(actor=ada, data={"slug": "olari", "kind": "district", "name_fi": "Olari"})
    services.area_update(actor=ada, area=area, data={"name_sv": "Olars"})
    services.area_delete(actor=ada, area=area)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert not Area.objects.filter(slug="olari").exists()


def test_lookup_save_and_delete_are_logged(network):
    cora = network["people"]["cora"]
    group = services.lookup_save(
        actor=cora, model=TargetGroup, data={"code": "test-grandparents-x", "name_fi": "Isovanhemmat"}
    )
    services.lookup_save(actor=cora, model=TargetGroup, obj=group, data={"name_sv": "Morföräldrar"})
    services.lookup_delete(actor=cora, obj=group)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]


def test_an_update_that_changes_nothing_logs_nothing(network):
    eddie = network["people"]["eddie"]
    service = services.service_create(actor=eddie, data=service_data(network))
    before = AuditEntry.objects.count()
    services.service_update(actor=eddie, service=service, data={"name_fi": "Perhekahvila"})
    # updated_at moves on every save, so exactly one entry, listing only that field
    after = list(AuditEntry.objects.filter(action=AuditAction.UPDATE))
    assert AuditEntry.objects.count() - before == len(after)
    assert all(set(e.changes) <= {"updated_at"} for e in after)


@pytest.mark.parametrize(
    ("write", "model"),
    [
        (
            lambda n, a: services.organisation_create(actor=a, data={"slug": "x", "kind": "planet", "name_fi": "X"}),
            Organisation,
        ),
        (lambda n, a: services.service_create(actor=a, data=service_data(n, name_fi="")), Service),
        (lambda n, a: services.service_create(actor=a, data=service_data(n, colour="red")), Service),
        (lambda n, a: services.place_create(actor=a, data=place_data(n, street_address="")), Place),
        (
            lambda n, a: services.place_create(
                actor=a, data=place_data(n, opening_hours=[{"weekday": 0, "opens": dt.time(12), "closes": dt.time(9)}])
            ),
            Place,
        ),
        (
            lambda n, a: services.contact_create(
                actor=a, data={"organisation": n["orgs"]["mll"], "full_name": "", "email": "x"}
            ),
            ContactPerson,
        ),
        (
            lambda n, a: services.area_create(
                actor=a, data={"slug": "espoo", "kind": "district", "name_fi": "Toinen Espoo"}
            ),
            Area,
        ),
    ],
    ids=[
        "bad organisation kind",
        "service without name",
        "unknown field",
        "place without address",
        "hours backwards",
        "bad contact",
        "duplicate area slug",
    ],
)
def test_failed_validation_saves_and_logs_nothing(network, write, model):
    ada = network["people"]["ada"]
    rows_before = model.objects.count()
    with pytest.raises(ValidationError):
        write(network, ada)
    assert model.objects.count() == rows_before
    assert not AuditEntry.objects.exists()


def test_a_failed_update_leaves_the_row_and_the_log_as_they_were(network):
    eddie = network["people"]["eddie"]
    service = services.service_create(actor=eddie, data=service_data(network))
    with pytest.raises(ValidationError):
        services.service_update(actor=eddie, service=service, data={"name_fi": "Uusi", "email": "not-an-email"})
    service.refresh_from_db()
    assert service.name_fi == "Perhekahvila"
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_deleting_a_lookup_in_use_is_refused(network):
    service = services.service_create(actor=None, data=service_data(network))
    with pytest.raises(ValidationError):
        services.lookup_delete(actor=network["people"]["ada"], obj=service.service_type)
    assert not AuditEntry.objects.filter(action=AuditAction.DELETE).exists()
