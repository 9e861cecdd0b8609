"""OpenID Connect login, driven end to end against a fake provider."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import override_settings

from perhekeskus.accounts.models import Membership, User
from perhekeskus.accounts.tests.fake_oidc_provider import FakeProvider
from perhekeskus.core.models import AuditAction, AuditEntry


@pytest.fixture
def provider():
    with FakeProvider() as fake, override_settings(**fake.settings()):
        yield fake


def sign_in(client, provider, next_url="/dashboard/"):
    start = client.get("/oidc/authenticate/", {"next": next_url})
    assert start.status_code == 302
    to_provider = start["Location"]
    assert to_provider.startswith(provider.base + "/authorize?")
    params = parse_qs(urlparse(to_provider).query)
    assert params["state"][0] and params["nonce"][0]
    assert params["redirect_uri"] == ["http://testserver/oidc/callback/"]
    back = requests.get(to_provider, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = urlparse(back.headers["Location"])
    return client.get(callback.path, parse_qs(callback.query))


def test_a_new_person_signs_in_and_gets_an_account_without_roles(client, provider, network):
    provider.claims = {"sub": "subject-123", "email": "Uusi.Henkilo@Example.FI", "name": "Uusi Henkilö"}
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    user = User.objects.get(email="uusi.henkilo@example.fi")
    assert user.oidc_subject == "subject-123"
    assert user.first_name == "Uusi"
    assert not Membership.objects.filter(user=user).exists()
    assert not user.is_staff
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/dashboard/").status_code == 200
    login = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert login.actor == user and login.source == "oidc"


def test_an_existing_person_is_found_by_email_and_keeps_their_roles(client, provider, network):
    elsa = network["people"]["elsa"]
    provider.claims = {"sub": "elsa-at-idp", "email": "ELSA@example.fi"}
    sign_in(client, provider)
    assert int(client.session["_auth_user_id"]) == elsa.pk
    elsa.refresh_from_db()
    assert elsa.oidc_subject == "elsa-at-idp"
    assert User.objects.filter(email__iexact="elsa@example.fi").count() == 1


def test_a_changed_email_still_finds_the_person_by_subject(client, provider, network):
    elsa = network["people"]["elsa"]
    User.objects.filter(pk=elsa.pk).update(oidc_subject="elsa-at-idp")
    provider.claims = {"sub": "elsa-at-idp", "email": "elsa.new@example.fi"}
    sign_in(client, provider)
    assert int(client.session["_auth_user_id"]) == elsa.pk
    assert not User.objects.filter(email="elsa.new@example.fi").exists()


def test_a_token_with_the_wrong_nonce_signs_nobody_in(client, provider, network):
    provider.claims = {"sub": "mallory", "email": "mallory@example.fi"}
    provider.tamper_nonce = True
    client.raise_request_exception = False  # answered as a real server would: 400
    assert sign_in(client, provider).status_code == 400
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="mallory@example.fi").exists()
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_claims_without_email_sign_nobody_in(client, provider, network):
    provider.claims = {"sub": "no-email"}
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == len(network["people"])


def test_a_deactivated_person_cannot_sign_in(client, provider, network):
    User.objects.filter(pk=network["people"]["otto"].pk).update(is_active=False)
    provider.claims = {"sub": "otto", "email": "otto@example.fi"}
    sign_in(client, provider)
    assert "_auth_user_id" not in client.session


def test_oidc_urls_answer_404_when_not_configured(client, db):
    with override_settings(OIDC_ENABLED=False):
        assert client.get("/oidc/authenticate/").status_code == 404
        assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_the_login_page_offers_the_provider_when_configured(client, provider):
    with override_settings(PASSWORD_LOGIN=False):
        page = client.get("/login/").content.decode()
    assert "/oidc/authenticate/" in page
    assert 'name="password"' not in page
