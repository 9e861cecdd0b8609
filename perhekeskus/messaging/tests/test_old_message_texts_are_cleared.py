"""An outbox row holds a family's address and text (with their link) only for a while:
`send_messages` clears them MESSAGE_KEEP_DAYS after sending; the row stays as a count."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command

from perhekeskus.messaging.models import MessageStatus, OutgoingMessage
from perhekeskus.messaging.tests.conftest import NOW, sign


def run_at(moment, *args: str) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("send_messages", *args, stdout=out)
    return out.getvalue().strip()


def test_texts_are_cleared_after_the_keeping_time(training, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        sign(training, 1)
    with time_machine.travel(NOW + timedelta(days=20), tick=False), django_capture_on_commit_callbacks(execute=True):
        sign(training, 2)
    assert run_at(NOW + timedelta(days=29)).endswith("texts cleared 0")
    assert run_at(NOW + timedelta(days=31)).endswith("texts cleared 1")
    old, recent = OutgoingMessage.objects.order_by("id")
    assert (old.status, old.to, old.body, old.attachments, old.context) == (MessageStatus.SENT, "", "", [], {})
    assert old.cleared_at == NOW + timedelta(days=31)
    assert recent.to == "perhe2@example.fi" and "Perhe 2" in recent.body
    # A shorter keeping time from the command line.
    assert run_at(NOW + timedelta(days=31), "--keep-days", "5").endswith("texts cleared 1")
    assert OutgoingMessage.objects.filter(cleared_at__isnull=True).count() == 0


def test_an_erased_signups_messages_are_cleared_at_once(training, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        signup, _ = sign(training, 1)
    signup.erased_at = NOW + timedelta(days=1)
    signup.save()
    assert run_at(NOW + timedelta(days=2)).endswith("texts cleared 1")
    assert OutgoingMessage.objects.get().body == ""
