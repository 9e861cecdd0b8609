"""Granting and removing roles, and managing accounts, in the admin."""

from __future__ import annotations

from perhekeskus.accounts import services
from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.tests.admin_forms import make_staff

ADD = "/admin/accounts/membership/add/"


def grant(client, user, organisation, role, area=""):
    return client.post(ADD, {"user": user.pk, "organisation": organisation.pk, "role": role, "area": area})


def test_a_coordinator_grants_an_editor_role_in_their_area(client, network):
    cora = make_staff(network["people"]["cora"])
    newcomer = services.user_get_or_create(actor=None, email="uusi@example.fi")
    client.force_login(cora)
    response = grant(client, newcomer, network["orgs"]["mll"], Role.EDITOR)
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.organisation == network["orgs"]["mll"] and membership.role == Role.EDITOR
    newcomer.refresh_from_db()
    assert newcomer.is_staff  # editors work in the admin
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="accounts.membership")
    assert entry.actor == cora and entry.source == "admin"


def test_a_professional_role_does_not_open_the_admin(client, network):
    client.force_login(make_staff(network["people"]["cora"]))
    newcomer = services.user_get_or_create(actor=None, email="uusi@example.fi")
    grant(client, newcomer, network["orgs"]["city"], Role.PROFESSIONAL)
    newcomer.refresh_from_db()
    assert Membership.objects.filter(user=newcomer).exists() and not newcomer.is_staff
    client.force_login(newcomer)
    assert client.get("/admin/").status_code == 302


def test_a_coordinator_cannot_grant_admin_or_roles_outside_their_area(client, network):
    client.force_login(make_staff(network["people"]["cora"]))
    newcomer = services.user_get_or_create(actor=None, email="uusi@example.fi")
    refused_admin = grant(client, newcomer, network["orgs"]["mll"], Role.ADMIN)
    assert refused_admin.status_code == 200 and "role" in refused_admin.context["adminform"].form.errors
    refused_salo = grant(client, newcomer, network["orgs"]["parish"], Role.EDITOR)
    assert refused_salo.status_code == 200 and "organisation" in refused_salo.context["adminform"].form.errors
    refused_area = grant(client, newcomer, network["orgs"]["mll"], Role.COORDINATOR, network["areas"]["salo"].pk)
    assert refused_area.status_code == 200 and "area" in refused_area.context["adminform"].form.errors
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not AuditEntry.objects.filter(object_type="accounts.membership").exists()


def test_an_admin_grants_any_role_anywhere(client, network):
    client.force_login(make_staff(network["people"]["ada"]))
    newcomer = services.user_get_or_create(actor=None, email="uusi@example.fi")
    assert grant(client, newcomer, network["orgs"]["parish"], Role.ADMIN).status_code == 302
    assert Membership.objects.filter(user=newcomer, role=Role.ADMIN).exists()


def test_editors_do_not_manage_roles(client, network):
    client.force_login(make_staff(network["people"]["elsa"]))
    newcomer = services.user_get_or_create(actor=None, email="uusi@example.fi")
    assert grant(client, newcomer, network["orgs"]["city"], Role.EDITOR).status_code == 403
    assert client.get("/admin/accounts/membership/").status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_removing_the_last_editing_role_closes_the_admin(client, network):
    elsa = make_staff(network["people"]["elsa"])
    membership = Membership.objects.get(user=elsa, role=Role.EDITOR)
    client.force_login(make_staff(network["people"]["cora"]))
    response = client.post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    elsa.refresh_from_db()
    assert not elsa.is_staff
    assert AuditEntry.objects.get(action=AuditAction.DELETE).actor == network["people"]["cora"]


def test_a_coordinator_cannot_remove_roles_outside_their_area(client, network):
    otto_role = Membership.objects.get(user=network["people"]["otto"])
    client.force_login(make_staff(network["people"]["cora"]))
    client.post(f"/admin/accounts/membership/{otto_role.pk}/delete/", {"post": "yes"})
    assert Membership.objects.filter(pk=otto_role.pk).exists()


def test_a_coordinator_adds_a_person_who_then_can_be_granted_a_role(client, network):
    client.force_login(make_staff(network["people"]["cora"]))
    response = client.post(
        "/admin/accounts/user/add/", {"email": "Uusi.Ihminen@Example.fi", "first_name": "Uusi", "last_name": "Ihminen"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="uusi.ihminen@example.fi")
    assert user.get_full_name() == "Uusi Ihminen" and not user.has_usable_password()
    assert (
        AuditEntry.objects.get(action=AuditAction.CREATE, object_type="accounts.user").actor
        == network["people"]["cora"]
    )


def test_only_admins_deactivate_accounts(client, network):
    eddie = network["people"]["eddie"]
    data = {"first_name": "Eddie", "last_name": "", "is_active": ""}
    client.force_login(make_staff(network["people"]["cora"]))
    client.post(f"/admin/accounts/user/{eddie.pk}/change/", data)
    eddie.refresh_from_db()
    assert eddie.is_active
    client.force_login(make_staff(network["people"]["ada"]))
    assert client.post(f"/admin/accounts/user/{eddie.pk}/change/", data).status_code == 302
    eddie.refresh_from_db()
    assert not eddie.is_active and eddie.first_name == "Eddie"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="accounts.user")
    assert entry.changes["is_active"] == [True, False]


def test_a_coordinator_sees_the_people_of_their_area_only(client, network):
    client.force_login(make_staff(network["people"]["cora"]))
    emails = {u.email for u in client.get("/admin/accounts/user/").context["cl"].result_list}
    assert "eddie@example.fi" in emails and "elsa@example.fi" in emails
    assert "otto@example.fi" not in emails
