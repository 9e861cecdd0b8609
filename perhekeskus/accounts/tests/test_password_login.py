"""Password login for development, and the admin's way in."""

from __future__ import annotations

from django.test import override_settings

from perhekeskus.core.models import AuditAction, AuditEntry


@override_settings(PASSWORD_LOGIN=True)
def test_signing_in_with_a_password_lands_on_the_dashboard_and_is_logged(client, network):
    response = client.post("/login/", {"username": "elsa@example.fi", "password": "test-pass-123"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor == network["people"]["elsa"] and entry.source == "password"


@override_settings(PASSWORD_LOGIN=True)
def test_a_wrong_password_shows_an_error_and_signs_nobody_in(client, network):
    response = client.post("/login/", {"username": "elsa@example.fi", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
    assert not AuditEntry.objects.exists()


@override_settings(PASSWORD_LOGIN=True)
def test_the_email_is_matched_whatever_its_case(client, network):
    response = client.post("/login/", {"username": " ELSA@Example.fi ", "password": "test-pass-123"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == network["people"]["elsa"].pk


@override_settings(PASSWORD_LOGIN=False)
def test_with_password_login_off_the_form_is_hidden_and_posts_are_refused(client, network):
    page = client.get("/login/")
    assert page.status_code == 200
    assert 'name="password"' not in page.content.decode()
    response = client.post("/login/", {"username": "elsa@example.fi", "password": "test-pass-123"})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


@override_settings(PASSWORD_LOGIN=True)
def test_logout_is_a_post(client, network):
    client.force_login(network["people"]["elsa"])
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_people_to_our_login_page(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    again = client.get(response["Location"])
    assert again.status_code == 302
    assert again["Location"].startswith("/login/?next=/admin/")


@override_settings(PASSWORD_LOGIN=False)
def test_the_admin_login_takes_no_password_when_password_login_is_off(client, network):
    client.post("/admin/login/", {"username": "ada@example.fi", "password": "test-pass-123", "next": "/admin/"})
    assert "_auth_user_id" not in client.session
