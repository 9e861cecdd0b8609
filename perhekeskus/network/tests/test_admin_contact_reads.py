"""Reading non-public contact persons in the admin is logged; public ones are not."""

from __future__ import annotations

import pytest

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network import services
from perhekeskus.network.tests.admin_forms import change_url, changelist_url, make_staff


@pytest.fixture
def contacts(network):
    parish = network["orgs"]["parish"]
    hidden = services.contact_create(
        actor=None, data={"organisation": parish, "full_name": "Salainen", "phone": "040 1"}
    )
    shown = services.contact_create(actor=None, data={"organisation": parish, "full_name": "Julkinen", "public": True})
    AuditEntry.objects.all().delete()
    return hidden, shown


def test_opening_a_non_public_contact_is_logged_as_a_read(client, network, contacts):
    hidden, shown = contacts
    otto = make_staff(network["people"]["otto"])
    client.force_login(otto)
    assert client.get(change_url(hidden)).status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert entry.actor == otto and entry.object_id == str(hidden.uuid) and entry.source == "admin"
    client.get(change_url(shown))
    assert AuditEntry.objects.filter(action=AuditAction.READ).count() == 1


def test_the_contact_list_logs_each_non_public_contact_shown(client, network, contacts):
    hidden, _ = contacts
    client.force_login(make_staff(network["people"]["otto"]))
    assert client.get(changelist_url(type(hidden))).status_code == 200
    assert list(AuditEntry.objects.values_list("action", "object_id")) == [(AuditAction.READ, str(hidden.uuid))]


def test_people_outside_the_organisation_neither_see_nor_cause_reads(client, network, contacts):
    hidden, _ = contacts
    client.force_login(make_staff(network["people"]["eddie"]))
    response = client.get(change_url(hidden))
    assert response.status_code == 302  # "no such object" for rows outside one's reach
    assert list(client.get(changelist_url(type(hidden))).context["cl"].result_list) == []
    assert not AuditEntry.objects.exists()
