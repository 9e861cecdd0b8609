"""The first attempt to send never holds up the family's answer.

In production ("background") the message goes to a thread of the web process once
the sign-up is committed: here the mail server holds every message until released,
and the sign-up is answered and saved before the message leaves. In "worker" mode
nothing is sent until `manage.py send_messages` runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client

from perhekeskus.groups.models import Signup
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import MessageStatus, OutgoingMessage
from perhekeskus.messaging.tests.conftest import NOW


class HeldBackend(BaseEmailBackend):
    """A mail server that answers only when the test releases it."""

    started = threading.Event()
    release = threading.Event()
    sent: list[Any] = []

    def send_messages(self, email_messages: Any) -> int:
        HeldBackend.started.set()
        assert HeldBackend.release.wait(60), "the test never released the mail server"
        HeldBackend.sent.extend(email_messages)
        return len(email_messages)


def sign_up(group: Any) -> Any:
    return Client().post(
        f"/api/v1/groups/{group.uuid}/signups/",
        {"name": "Perhe", "email": "perhe@example.fi", "language": "fi"},
        content_type="application/json",
    )


@pytest.mark.django_db(transaction=True)
def test_background_send_answers_the_family_before_the_mail_server_does(training: Any, settings: Any) -> None:
    settings.MESSAGE_FIRST_SEND = "background"
    settings.EMAIL_BACKEND = "perhekeskus.messaging.tests.test_first_send_modes.HeldBackend"
    HeldBackend.started.clear()
    HeldBackend.release.clear()
    HeldBackend.sent.clear()
    try:
        with time_machine.travel(NOW, tick=True):
            response = sign_up(training)
            assert response.status_code == 201
            # The background thread holds the message inside the mail server now; reading
            # the database before that could meet its write (SQLite's in-memory test
            # database locks whole tables between connections).
            assert HeldBackend.started.wait(60)
            assert Signup.objects.get().status == "confirmed"
            message = OutgoingMessage.objects.get()
            # The answer came while the mail server still held the message.
            assert HeldBackend.sent == []
            assert message.sent_at is None
    finally:
        HeldBackend.release.set()
        messaging.wait_for_background_sends()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in HeldBackend.sent] == [["perhe@example.fi"]]


@pytest.mark.django_db(transaction=True)
def test_worker_mode_leaves_sending_to_send_messages(training: Any, settings: Any, mailoutbox: Any) -> None:
    settings.MESSAGE_FIRST_SEND = "worker"
    with time_machine.travel(NOW, tick=False):
        assert sign_up(training).status_code == 201
        assert mailoutbox == []
        assert OutgoingMessage.objects.get().status == MessageStatus.PENDING
        out = StringIO()
        call_command("send_messages", stdout=out)
    assert out.getvalue().startswith("sent 1, failed 0")
    assert len(mailoutbox) == 1


def test_an_unknown_mode_stops_the_start() -> None:
    setup = "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'perhekeskus.settings'; django.setup()"
    env = {**os.environ, "MESSAGE_FIRST_SEND": "pigeon", "SECRET_KEY": "t"}
    result = subprocess.run([sys.executable, "-c", setup], env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "MESSAGE_FIRST_SEND must be background, inline or worker" in result.stderr
