"""Places are confirmed in sign-up order, then the waiting list fills, then the group is full;
a cancelled place goes to the first on the waiting list, never to a newcomer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from perhekeskus.groups import services
from perhekeskus.groups.models import Signup, SignupStatus

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def sign(group, n: int):
    return services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"p{n}@example.fi"})


@time_machine.travel(NOW, tick=False)
def test_places_then_waiting_list_then_full(group):
    statuses = [sign(group, n)[0].status for n in range(5)]
    assert statuses == ["confirmed"] * 3 + ["waiting"] * 2
    with pytest.raises(services.GroupFull):
        sign(group, 5)
    assert Signup.objects.count() == 5


@time_machine.travel(NOW, tick=False)
def test_a_freed_place_is_offered_to_the_first_waiting_and_not_to_a_newcomer(group):
    signups = [sign(group, n) for n in range(5)]
    services.signup_cancel(signup=signups[0][0])
    first_waiting = Signup.objects.get(pk=signups[3][0].pk)
    assert first_waiting.status == SignupStatus.OFFERED
    assert first_waiting.offer_expires_at == NOW + timedelta(hours=48)
    newcomer, _secret = sign(group, 9)
    assert newcomer.status == SignupStatus.WAITING
    services.signup_accept(signup=first_waiting)
    assert Signup.objects.get(pk=first_waiting.pk).status == SignupStatus.CONFIRMED


def test_an_offer_not_accepted_in_time_passes_on(group):
    with time_machine.travel(NOW, tick=False):
        signups = [sign(group, n)[0] for n in range(5)]
        services.signup_cancel(signup=signups[0])
    with time_machine.travel(NOW + timedelta(hours=49), tick=False):
        services.expire_offers(group=group)
    assert Signup.objects.get(pk=signups[3].pk).status == SignupStatus.EXPIRED
    assert Signup.objects.get(pk=signups[4].pk).status == SignupStatus.OFFERED


@time_machine.travel(NOW, tick=False)
def test_the_same_email_cannot_sign_up_twice_but_may_again_after_cancelling(group):
    signup, _ = sign(group, 1)
    with pytest.raises(ValidationError) as caught:
        services.signup_create(group=group, data={"name": "Toinen", "email": "P1@example.fi"})
    assert "email" in caught.value.message_dict
    services.signup_cancel(signup=signup)
    assert sign(group, 1)[0].status == SignupStatus.CONFIRMED


@time_machine.travel(NOW, tick=False)
def test_the_secret_finds_the_signup_and_only_its_hash_is_stored(group):
    signup, secret = sign(group, 1)
    assert services.signup_by_secret(secret) == signup
    assert secret not in signup.secret_hash and services.signup_by_secret("wrong") is None


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "A", "email": "not-an-address"}, "email"),
        ({"name": "", "email": "a@example.fi"}, "name"),
        ({"name": "A", "email": "a@example.fi", "language": "de"}, "language"),
        ({"name": "A", "email": "a@example.fi", "due_date": "2026-11-01"}, "due_date"),
        ({"name": "A", "email": "a@example.fi", "children_birth_years": [1990]}, "children_birth_years"),
        ({"name": "A", "email": "a@example.fi", "shoe_size": 42}, "shoe_size"),
    ],
)
def test_bad_signups_store_nothing(group, data, field):
    with pytest.raises(ValidationError) as caught:
        services.signup_create(group=group, data=data)
    assert field in caught.value.message_dict
    assert not Signup.objects.exists()
