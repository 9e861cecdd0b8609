"""The editor's dashboard: roles, content waiting to be checked, one-click checking, recent changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network import services
from perhekeskus.network.models import Place, Service


@pytest.fixture
def content(network):
    orgs, types = network["orgs"], network["types"]
    mll_cafe = services.service_create(
        actor=None,
        data={"provider": orgs["mll"], "name_fi": "MLL:n perhekahvila", "service_type": types["family_cafe"]},
    )
    city_group = services.service_create(
        actor=None, data={"provider": orgs["city"], "name_fi": "Perhevalmennus", "service_type": types["family_cafe"]}
    )
    fresh = services.service_create(
        actor=None, data={"provider": orgs["mll"], "name_fi": "Tuore kerho", "service_type": types["family_cafe"]}
    )
    Service.objects.filter(pk=fresh.pk).update(last_checked_at=timezone.now() - dt.timedelta(days=10))
    old = services.place_create(
        actor=None,
        data={
            "organisation": orgs["mll"],
            "kind": "family_cafe",
            "name_fi": "Kahvilan tila",
            "street_address": "K 1",
            "city": "Espoo",
        },
    )
    Place.objects.filter(pk=old.pk).update(last_checked_at=timezone.now() - dt.timedelta(days=400))
    return {"mll_cafe": mll_cafe, "city_group": city_group, "fresh": fresh, "old_place": old}


def test_the_dashboard_needs_a_login(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_editor_sees_roles_and_only_their_own_stale_content(client, network, content):
    client.force_login(network["people"]["eddie"])
    response = client.get("/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "MLL Espoo" in page
    # the city's Perhevalmennus is not Eddie's; Tuore kerho was checked ten days ago
    assert list(response.context["stale_services"]) == [content["mll_cafe"]]
    assert list(response.context["stale_places"]) == [content["old_place"]]
    assert f"/admin/network/service/{content['mll_cafe'].pk}/change/" in page
    assert f"/dashboard/checked/service/{content['mll_cafe'].uuid}/" in page


def test_a_coordinator_sees_the_whole_area(client, network, content):
    client.force_login(network["people"]["cora"])
    stale = set(client.get("/dashboard/").context["stale_services"])
    assert stale == {content["mll_cafe"], content["city_group"]}


def test_a_professional_sees_roles_but_no_editing_lists(client, network, content):
    client.force_login(network["people"]["pia"])
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert "checked/service" not in response.content.decode()
    assert "Espoon kaupunki" in response.content.decode()


def test_checked_still_correct_marks_the_item_and_logs_it(client, network, content):
    eddie = network["people"]["eddie"]
    client.force_login(eddie)
    cafe = content["mll_cafe"]
    response = client.post(f"/dashboard/checked/service/{cafe.uuid}/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    cafe.refresh_from_db()
    assert cafe.last_checked_by == eddie
    assert timezone.now() - cafe.last_checked_at < dt.timedelta(minutes=1)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(cafe.uuid))
    assert entry.actor == eddie and entry.source == "dashboard" and "last_checked_at" in entry.changes
    assert cafe not in client.get("/dashboard/").context["stale_services"]


def test_a_place_can_be_marked_checked_too(client, network, content):
    client.force_login(network["people"]["eddie"])
    place = content["old_place"]
    assert client.post(f"/dashboard/checked/place/{place.uuid}/").status_code == 302
    place.refresh_from_db()
    assert place.last_checked_by == network["people"]["eddie"]


def test_someone_elses_content_cannot_be_marked_checked(client, network, content):
    client.force_login(network["people"]["eddie"])
    group = content["city_group"]
    assert client.post(f"/dashboard/checked/service/{group.uuid}/").status_code == 403
    group.refresh_from_db()
    assert group.last_checked_at is None
    assert not AuditEntry.objects.filter(object_id=str(group.uuid), action=AuditAction.UPDATE).exists()


def test_marking_checked_needs_a_post_and_a_known_item(client, network, content):
    client.force_login(network["people"]["eddie"])
    cafe = content["mll_cafe"]
    assert client.get(f"/dashboard/checked/service/{cafe.uuid}/").status_code == 405
    assert client.post(f"/dashboard/checked/event/{cafe.uuid}/").status_code == 404
    assert client.post("/dashboard/checked/service/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_recent_changes_show_the_organisations_own_records_only(client, network, content):
    services.service_update(actor=network["people"]["eddie"], service=content["mll_cafe"], data={"phone": "09 555"})
    services.service_update(actor=network["people"]["elsa"], service=content["city_group"], data={"phone": "09 777"})
    client.force_login(network["people"]["eddie"])
    entries = list(client.get("/dashboard/").context["audit_entries"])
    labels = {e.object_label for e in entries}
    assert "MLL:n perhekahvila" in labels
    assert "Perhevalmennus" not in labels
