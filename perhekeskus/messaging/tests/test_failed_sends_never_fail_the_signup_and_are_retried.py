"""A mail server that is down never fails or blocks a sign-up: the message is recorded
as failed and `send_messages` retries it after a pause, up to MESSAGE_MAX_ATTEMPTS."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from perhekeskus.groups.models import Signup
from perhekeskus.messaging.models import MessageStatus, OutgoingMessage
from perhekeskus.messaging.tests.conftest import FAILING, NOW, sign


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_messages", *args, stdout=out)
    return out.getvalue().strip()


def test_a_failed_first_attempt_leaves_the_signup_saved_and_is_sent_later(
    training, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        signup, _secret = sign(training, 1)
    assert Signup.objects.get(pk=signup.pk).status == "confirmed"
    message = OutgoingMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert message.last_error == "ConnectionRefusedError: mail server down"
    assert mailoutbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The pause after the first failure (MESSAGE_RETRY_MINUTES) is not over yet.
    with time_machine.travel(NOW + timedelta(minutes=4), tick=False):
        assert run().startswith("sent 0, failed 0")
    with time_machine.travel(NOW + timedelta(minutes=6), tick=False):
        assert run().startswith("sent 1, failed 0")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments[0][0] == "sessions.ics"


def test_retries_stop_at_the_maximum_number_of_attempts(
    training, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    settings.MESSAGE_MAX_ATTEMPTS = 3
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        sign(training, 1)
    lines = []
    for hours in (1, 2, 3, 4):
        with time_machine.travel(NOW + timedelta(hours=hours), tick=False):
            lines.append(run())
    assert [line.split(",")[:2] for line in lines] == [
        ["sent 0", " failed 1 (of which gave up 0)"],
        ["sent 0", " failed 1 (of which gave up 1)"],
        ["sent 0", " failed 0 (of which gave up 0)"],
        ["sent 0", " failed 0 (of which gave up 0)"],
    ]
    message = OutgoingMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert mailoutbox == []


def test_the_pause_between_attempts_grows(training, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        sign(training, 1)
    message = OutgoingMessage.objects.get()
    assert message.next_attempt_at == NOW + timedelta(minutes=5)
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        run()
    message.refresh_from_db()
    assert message.next_attempt_at == NOW + timedelta(minutes=5 + 10)


def test_a_message_already_sent_is_not_sent_again(training, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        sign(training, 1)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert run().startswith("sent 0, failed 0")
    assert len(mailoutbox) == 1


def test_bad_keep_days_is_refused(db):
    with pytest.raises(CommandError, match="--keep-days must be at least 1"):
        run("--keep-days", "0")


def test_a_message_of_an_erased_signup_is_never_retried(
    training, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        signup, _secret = sign(training, 1)
    Signup.objects.filter(pk=signup.pk).update(erased_at=NOW + timedelta(minutes=1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert run() == "sent 0, failed 1 (of which gave up 1), reminders queued 0, texts cleared 1"
    message = OutgoingMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, settings.MESSAGE_MAX_ATTEMPTS)
    assert message.last_error == "CannotCompose: the sign-up was erased"
    assert (message.to, message.body) == ("", "")
    assert mailoutbox == []
