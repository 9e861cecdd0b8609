"""Issuing an API token on its own page (shown once) and revoking it in the admin."""

from __future__ import annotations

from perhekeskus.accounts.models import ApiToken
from perhekeskus.accounts.tokens import user_for_token
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.tests.admin_forms import make_staff


def issue(client, name="Kalenterisynkronointi"):
    response = client.post("/tokens/new/", {"name": name})
    assert response.status_code == 200
    return response


def test_the_token_is_shown_once_and_only_its_hash_is_kept(client, network):
    eddie = network["people"]["eddie"]
    client.force_login(eddie)
    response = issue(client)
    raw = response.context["raw_token"]
    assert raw.startswith("pk_") and raw in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=eddie)
    assert token.name == "Kalenterisynkronointi" and raw not in (token.key_hash, token.prefix)
    assert user_for_token(raw)[0] == eddie
    assert raw not in client.get("/tokens/new/").content.decode()
    assert AuditEntry.objects.get(action=AuditAction.TOKEN).actor == eddie


def test_a_token_needs_a_name_and_a_login(client, network):
    assert client.get("/tokens/new/").status_code == 302
    client.force_login(network["people"]["eddie"])
    response = client.post("/tokens/new/", {"name": ""})
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_and_the_revocation_is_logged(client, network):
    eddie = make_staff(network["people"]["eddie"])
    client.force_login(eddie)
    raw = issue(client).context["raw_token"]
    token = ApiToken.objects.get(user=eddie)
    response = client.post("/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert user_for_token(raw) is None
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="accounts.apitoken")
    assert entry.actor == eddie and "revoked_at" in entry.changes


def test_editors_see_and_revoke_only_their_own_tokens_admins_all(client, network):
    for key in ("eddie", "elsa"):
        client.force_login(network["people"][key])
        issue(client, name=key)
    eddie, elsa = make_staff(network["people"]["eddie"]), network["people"]["elsa"]
    elsas = ApiToken.objects.get(user=elsa)
    client.force_login(eddie)
    listing = client.get("/admin/accounts/apitoken/")
    assert [t.name for t in listing.context["cl"].result_list] == ["eddie"]
    client.post("/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [elsas.pk]})
    elsas.refresh_from_db()
    assert elsas.revoked_at is None
    client.force_login(make_staff(network["people"]["ada"]))
    assert len(client.get("/admin/accounts/apitoken/").context["cl"].result_list) == 2
    client.post("/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [elsas.pk]})
    elsas.refresh_from_db()
    assert elsas.revoked_at is not None


def test_tokens_are_read_only_in_the_admin_and_adding_leads_to_the_page(client, network):
    eddie = make_staff(network["people"]["eddie"])
    client.force_login(eddie)
    issue(client)
    token = ApiToken.objects.get(user=eddie)
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and token.key_hash in page.content.decode()
    client.post(f"/admin/accounts/apitoken/{token.pk}/change/", {"name": "changed"})
    token.refresh_from_db()
    assert token.name == "Kalenterisynkronointi"
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    add = client.get("/admin/accounts/apitoken/add/")
    assert add.status_code == 302 and add["Location"] == "/tokens/new/"
