"""`manage.py issue_token`: a working API token for a machine client, printed alone on stdout."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIRequestFactory

from perhekeskus.accounts.models import ApiToken, Membership, Role, User
from perhekeskus.accounts.tokens import BearerTokenAuthentication, user_for_token


def issue(*args: str) -> str:
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue()


def test_new_user_gets_membership_and_a_token_that_authenticates(network):
    output = issue("--email", "Client@Example.fi", "--organisation", "mll-espoo", "--role", "editor")

    raw = output.strip()
    assert output == raw + "\n"  # the token alone, so `TOKEN=$(manage.py issue_token …)` works
    user = User.objects.get(email="client@example.fi")
    assert Membership.objects.filter(user=user, organisation__slug="mll-espoo", role=Role.EDITOR).count() == 1
    found = user_for_token(raw)
    assert found is not None and found[0] == user
    request = APIRequestFactory().get("/api/v1/services/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    authenticated = BearerTokenAuthentication().authenticate(request)
    assert authenticated is not None and authenticated[0] == user
    assert not user.has_usable_password()  # a machine client signs in with the token only


def test_existing_user_keeps_one_membership_and_gets_another_working_token(network):
    eddie = network["people"]["eddie"]
    first = issue("--email", eddie.email, "--organisation", "mll-espoo", "--role", "editor").strip()
    second = issue("--email", eddie.email, "--organisation", "mll-espoo", "--role", "editor").strip()

    assert first != second
    assert Membership.objects.filter(user=eddie).count() == 1
    assert User.objects.filter(email=eddie.email).count() == 1
    assert user_for_token(first)[0] == eddie
    assert user_for_token(second)[0] == eddie
    assert ApiToken.objects.filter(user=eddie).count() == 2


@pytest.mark.parametrize("role", Role.values)
def test_every_role_word_is_accepted(network, role):
    raw = issue("--email", f"{role}@client.example.fi", "--organisation", "espoo", "--role", role).strip()

    assert user_for_token(raw)[0].memberships.get().role == role


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            ["--email", "new@example.fi", "--organisation", "nowhere", "--role", "editor"],
            "unknown organisation 'nowhere'",
        ),
        (["--email", "new@example.fi", "--organisation", "espoo", "--role", "boss"], "unknown role 'boss'"),
        (["--email", "new@example.fi", "--organisation", "espoo", "--role", "Editor"], "unknown role 'Editor'"),
        (["--email", "not-an-email", "--organisation", "espoo", "--role", "editor"], "valid e-mail"),
        (["--email", "", "--organisation", "espoo", "--role", "editor"], "valid e-mail"),
    ],
)
def test_bad_input_exits_non_zero_and_saves_nothing(network, args, reason):
    before = (User.objects.count(), Membership.objects.count(), ApiToken.objects.count())

    with pytest.raises(CommandError, match=reason) as excinfo:
        issue(*args)

    assert "\n" not in str(excinfo.value)
    assert (User.objects.count(), Membership.objects.count(), ApiToken.objects.count()) == before
