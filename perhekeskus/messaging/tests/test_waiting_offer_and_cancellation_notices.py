"""Each change of a family's sign-up tells them what happened: the waiting list with their
number, a freed place offered with its deadline, the offer passing on, a cancellation
received, an accepted place confirmed with the sessions. A sign-up that fails sends
nothing and leaves no message behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction

from perhekeskus.groups import services
from perhekeskus.groups.models import Signup, SignupStatus
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.messaging.tests.conftest import NOW, make_training, sign


def kinds_by_family() -> list[tuple[str, str]]:
    return [(m.signup.name, m.kind) for m in OutgoingMessage.objects.select_related("signup").order_by("id")]


@pytest.fixture
def small(calendar):
    return make_training(calendar, capacity=1, minimum=1, waiting_list_capacity=2)


@time_machine.travel(NOW, tick=False)
def test_waiting_families_hear_their_number_and_get_their_link(small, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign(small, 1, language="en")
        second, secret = sign(small, 2, language="en")
        sign(small, 3, language="en")
    assert [m.to[0] for m in mailoutbox] == ["perhe1@example.fi", "perhe2@example.fi", "perhe3@example.fi"]
    assert "You are number 1 on its waiting list." in mailoutbox[1].body
    assert "You are number 2 on its waiting list." in mailoutbox[2].body
    assert "for 48 hours" in mailoutbox[1].body
    assert f"/signups/{second.uuid}/{secret}/" in mailoutbox[1].body
    # Only a family with a place gets the sessions as a calendar file.
    assert [len(m.attachments) for m in mailoutbox] == [1, 0, 0]


def test_a_freed_place_is_offered_then_passes_on_when_not_accepted(
    small, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        first, _ = sign(small, 1, language="en")
        sign(small, 2, language="en")
        sign(small, 3, language="en")
        services.signup_cancel(signup=first)
    assert kinds_by_family()[3:] == [("Perhe 1", MessageKind.CANCELLED), ("Perhe 2", MessageKind.OFFER)]
    cancelled, offer = mailoutbox[3], mailoutbox[4]
    assert cancelled.to == ["perhe1@example.fi"]
    assert "We have received your cancellation for Perhevalmennus." in cancelled.body
    assert offer.to == ["perhe2@example.fi"]
    # 1 March 09:00 UTC + 48 h = 3 March 11:00 in Helsinki (EET).
    assert "It is held for you until 03/03/2027 11:00 (Finnish time)." in offer.body
    assert "open the link in the first message" in offer.body

    with time_machine.travel(NOW + timedelta(hours=49), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.expire_offers(group=small)
    assert kinds_by_family()[5:] == [("Perhe 2", MessageKind.OFFER_EXPIRED), ("Perhe 3", MessageKind.OFFER)]
    assert "was not accepted by 03/03/2027 11:00" in mailoutbox[5].body
    assert mailoutbox[6].to == ["perhe3@example.fi"]


def test_an_accepted_place_is_confirmed_with_the_sessions(small, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        first, _ = sign(small, 1, language="sv")
        second, _ = sign(small, 2, language="sv")
        services.signup_cancel(signup=first)
        services.signup_accept(signup=Signup.objects.get(pk=second.pk))
    last = mailoutbox[-1]
    assert kinds_by_family()[-1] == ("Perhe 2", MessageKind.CONFIRMATION)
    assert last.to == ["perhe2@example.fi"]
    assert "tis 2027-03-23 10:00–12:00  Graviditeten" in last.body
    assert last.attachments[0][0] == "sessions.ics"
    # The link's secret is not stored: the family is pointed to their first message.
    assert "/signups/" not in last.body
    assert "länken i det första meddelandet" in last.body  # the family wrote in Swedish


@time_machine.travel(NOW, tick=False)
def test_a_full_group_or_bad_input_queues_and_sends_nothing(small, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign(small, 0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            sign(small, 0)  # the same e-mail again
        with pytest.raises(ValidationError):
            sign(small, 10, language="de")
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        sign(small, 1)
        sign(small, 2)
    assert OutgoingMessage.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(services.GroupFull):
        sign(small, 9)
    assert callbacks == []
    assert OutgoingMessage.objects.count() == 3
    assert len(mailoutbox) == 3


@pytest.mark.django_db(transaction=True)
def test_a_signup_rolled_back_after_it_was_made_leaves_no_message(calendar, mailoutbox):
    group = make_training(calendar)

    class Undo(Exception):
        pass

    with time_machine.travel(NOW, tick=False):
        with pytest.raises(Undo), transaction.atomic():
            sign(group, 1)
            raise Undo
        assert OutgoingMessage.objects.count() == 0
        assert mailoutbox == []
        # Committed for real: the message is sent after the commit, without a test hook.
        sign(group, 2)
    assert OutgoingMessage.objects.get().status == "sent"
    assert [m.to for m in mailoutbox] == [["perhe2@example.fi"]]


@time_machine.travel(NOW, tick=False)
def test_every_family_still_signed_up_hears_that_the_group_is_cancelled(
    training, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            sign(training, n, language="en")
        services.signup_cancel(signup=Signup.objects.get(name="Perhe 0"))
    before = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.group_update_status(actor=None, group=training, status="cancelled")
    told = mailoutbox[before:]
    # Perhe 0 cancelled earlier; Perhe 3 was offered Perhe 0's place.
    assert sorted(m.to[0] for m in told) == ["perhe1@example.fi", "perhe2@example.fi", "perhe3@example.fi"]
    assert all("Perhevalmennus is cancelled and will not meet" in m.body for m in told)
    assert {m.subject for m in told} == {"Perhevalmennus is cancelled"}
    # Saving the same status again tells nobody anything new.
    with django_capture_on_commit_callbacks(execute=True):
        services.group_update_status(actor=None, group=training, status="cancelled")
    assert len(mailoutbox) == before + 3


@time_machine.travel(NOW, tick=False)
def test_a_waiting_family_hears_the_group_starts_but_keeps_waiting(
    small, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign(small, 1, language="en")
        sign(small, 2, language="en")
        services.group_update_status(actor=None, group=small, status="started")
    started = {m.to[0]: m.body for m in mailoutbox[2:]}
    assert "starts as planned" in started["perhe1@example.fi"]
    assert "Sessions" in started["perhe1@example.fi"]
    assert "still on the waiting list" in started["perhe2@example.fi"]
    assert Signup.objects.filter(status=SignupStatus.WAITING).count() == 1


@pytest.mark.parametrize(
    ("status", "subject", "says"),
    [
        ("postponed", "Perhevalmennus is postponed", "We will tell you the new dates"),
        ("merged", "Perhevalmennus is joined with another group", "joined with another group"),
        ("planned", None, None),  # not news for families
    ],
)
@time_machine.travel(NOW, tick=False)
def test_postponed_and_merged_groups_are_told_and_other_changes_are_not(
    training, mailoutbox, django_capture_on_commit_callbacks, status, subject, says
):
    with django_capture_on_commit_callbacks(execute=True):
        sign(training, 1, language="en")
        services.group_update_status(actor=None, group=training, status=status)
    told = mailoutbox[1:]
    if subject is None:
        assert told == []
        return
    [mail] = told
    assert mail.subject == subject
    assert says in mail.body
    assert "open the link in the first message" in mail.body
