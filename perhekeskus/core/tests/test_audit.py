"""The audit log itself: its records, and its read-only page in the admin."""

from __future__ import annotations

import datetime as dt
import decimal

from django.contrib.auth.models import AnonymousUser

from perhekeskus.core import audit
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.models import Place
from perhekeskus.network.tests.admin_forms import make_staff


def test_snapshot_is_json_safe_and_diff_lists_only_changes(network):
    place = Place(
        organisation=network["orgs"]["mll"],
        kind="family_cafe",
        name_fi="Kahvila",
        street_address="Tie 1",
        city="Espoo",
        latitude=decimal.Decimal("60.1"),
    )
    before = audit.snapshot(place)
    assert before["organisation_id"] == network["orgs"]["mll"].pk
    assert before["latitude"] == "60.1"
    place.city = "Esbo"
    assert audit.diff(before, audit.snapshot(place)) == {"city": ["Espoo", "Esbo"]}


def test_an_anonymous_or_system_actor_is_recorded_as_system(network):
    org = network["orgs"]["mll"]
    entry = audit.record(actor=AnonymousUser(), action=AuditAction.UPDATE, obj=org)
    assert entry.actor is None and entry.actor_label == "system"
    entry = audit.record(actor=None, action=AuditAction.UPDATE, obj=org)
    assert entry.actor_label == "system" and entry.object_id == str(org.uuid)


def test_the_log_keeps_the_email_when_the_account_is_erased(network):
    eddie = network["people"]["eddie"]
    audit.record_read(eddie, network["orgs"]["mll"], source="test")
    eddie.delete()
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert entry.actor is None and entry.actor_label == "eddie@example.fi"


def test_admins_read_and_filter_the_log_but_nobody_changes_it(client, network):
    entry = audit.record(actor=network["people"]["eddie"], action=AuditAction.LOGIN, obj=network["people"]["eddie"])
    audit.record(actor=network["people"]["elsa"], action=AuditAction.UPDATE, obj=network["orgs"]["city"])
    client.force_login(make_staff(network["people"]["ada"]))
    listing = client.get("/admin/core/auditentry/", {"action__exact": "login"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [entry]
    assert client.get(f"/admin/core/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "create"})
    client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    entry.refresh_from_db()
    assert entry.action == AuditAction.LOGIN


def test_editors_do_not_see_the_whole_log(client, network):
    client.force_login(make_staff(network["people"]["elsa"]))
    assert client.get("/admin/core/auditentry/").status_code == 403


def test_entries_are_newest_first(network):
    first = audit.record(actor=None, action=AuditAction.CREATE, obj=network["orgs"]["mll"])
    second = audit.record(actor=None, action=AuditAction.UPDATE, obj=network["orgs"]["mll"])
    AuditEntry.objects.filter(pk=first.pk).update(at=second.at - dt.timedelta(seconds=1))
    assert list(AuditEntry.objects.all()[:2]) == [second, first]
