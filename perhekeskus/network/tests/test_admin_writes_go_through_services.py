"""Saves and deletes in the admin are the service functions' saves: audited and indexed."""

import pytest

from perhekeskus.core.models import AuditAction, AuditEntry, SearchTerm
from perhekeskus.network import services
from perhekeskus.network.models import LifeStage, OpeningHours, Organisation, Place, Service
from perhekeskus.network.tests.admin_forms import (
    add_url,
    change_url,
    changelist_url,
    delete_url,
    make_staff,
    post_data,
)


@pytest.fixture
def content(network):
    orgs, types = network["orgs"], network["types"]
    place = services.place_create(
        actor=None,
        data={
            "organisation": orgs["clinic"],
            "kind": "clinic",
            "name_fi": "Neuvola",
            "street_address": "Tie 1",
            "city": "Espoo",
        },
    )
    service = services.service_create(
        actor=None, data={"provider": orgs["mll"], "name_fi": "Perhekahvila", "service_type": types["family_cafe"]}
    )
    return {"place": place, "service": service}


def test_an_editor_changes_a_place_and_its_hours_in_one_audited_save(client, network, content):
    elsa = make_staff(network["people"]["elsa"])
    client.force_login(elsa)
    place = content["place"]
    data = post_data(place, name_fi="Matinkylän neuvola")
    data.update(
        {
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "15:00",
        }
    )
    response = client.post(change_url(place), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    place.refresh_from_db()
    assert place.name_fi == "Matinkylän neuvola"
    assert [(h.weekday, str(h.opens)) for h in OpeningHours.objects.filter(place=place)] == [(0, "09:00:00")]
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(place.uuid))
    assert entry.actor == elsa and entry.source == "admin"
    assert entry.changes["name_fi"] == ["Neuvola", "Matinkylän neuvola"]
    assert "opening_hours" in entry.changes


def test_hours_that_close_before_they_open_are_refused_and_nothing_changes(client, network, content):
    client.force_login(make_staff(network["people"]["elsa"]))
    place = content["place"]
    data = post_data(place, name_fi="Uusi nimi")
    data.update(
        {
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens": "15:00",
            "opening_hours-0-closes": "09:00",
        }
    )
    response = client.post(change_url(place), data)
    assert response.status_code == 200
    place.refresh_from_db()
    assert place.name_fi == "Neuvola"
    assert not OpeningHours.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_an_editor_adds_a_service_which_is_audited_and_searchable(client, network):
    eddie = make_staff(network["people"]["eddie"])
    client.force_login(eddie)
    stage = (
        LifeStage.objects.get(code="0-1")
        if LifeStage.objects.filter(code="0-1").exists()
        else LifeStage.objects.first()
    )
    blank = Service(provider=network["orgs"]["mll"], service_type=network["types"]["family_cafe"], tier="community")
    data = post_data(blank, name_fi="Vauvakahvila", life_stages=[str(stage.pk)])
    response = client.post(add_url(Service), data)
    assert response.status_code == 302
    service = Service.objects.get(name_fi="Vauvakahvila")
    assert list(service.life_stages.all()) == [stage]
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(service.uuid))
    assert entry.actor == eddie and entry.source == "admin"
    assert SearchTerm.objects.filter(kind="service", object_id=service.pk).exists()


def test_an_editor_cannot_pick_another_organisation_as_provider(client, network):
    client.force_login(make_staff(network["people"]["eddie"]))
    page = client.get(add_url(Service))
    providers = list(page.context["adminform"].form.fields["provider"].queryset)
    assert providers == [network["orgs"]["mll"]]
    blank = Service(provider=network["orgs"]["city"], service_type=network["types"]["family_cafe"], tier="basic")
    response = client.post(add_url(Service), post_data(blank, name_fi="Väärä"))
    assert response.status_code == 200
    assert "provider" in response.context["adminform"].form.errors
    assert not Service.objects.filter(name_fi="Väärä").exists()
    assert not AuditEntry.objects.exists()


def test_a_service_without_a_name_is_refused_and_nothing_is_saved(client, network, content):
    client.force_login(make_staff(network["people"]["eddie"]))
    service = content["service"]
    response = client.post(change_url(service), post_data(service, name_fi=""))
    assert response.status_code == 200
    assert "name_fi" in response.context["adminform"].form.errors
    service.refresh_from_db()
    assert service.name_fi == "Perhekahvila"
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_deleting_an_organisation_that_still_has_services_is_refused_naming_them(client, network, content):
    client.force_login(make_staff(network["people"]["ada"]))
    mll = network["orgs"]["mll"]
    response = client.post(delete_url(mll), {"post": "yes"})
    assert response.status_code == 200
    assert "Perhekahvila" in response.content.decode()
    assert Organisation.objects.filter(pk=mll.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.DELETE).exists()


def test_deleting_places_from_the_list_audits_each(client, network, content):
    client.force_login(make_staff(network["people"]["cora"]))
    place = content["place"]
    response = client.post(
        changelist_url(Place), {"action": "delete_selected", "_selected_action": [place.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Place.objects.filter(pk=place.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_id=str(place.uuid))
    assert entry.actor == network["people"]["cora"]
    assert not SearchTerm.objects.filter(kind="place", object_id=place.pk).exists()


def test_a_unit_can_be_edited_although_its_parent_belongs_to_someone_else(client, network):
    # Otto edits a parish unit whose parent (the city) he does not edit: the current parent stays valid.
    unit = Organisation.objects.create(
        slug="salo-unit",
        kind="parish",
        name_fi="Yksikkö",
        publisher=network["orgs"]["parish"],
        parent=network["orgs"]["city"],
    )
    client.force_login(make_staff(network["people"]["otto"]))
    response = client.post(change_url(unit), post_data(unit, name_fi="Perhetyön yksikkö"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_fi == "Perhetyön yksikkö"
