"""An invitation e-mail carries the personal link and the code, in the family's language."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from perhekeskus.groups import codes, invitations
from perhekeskus.groups.invitation_messages import queue_invitation
from perhekeskus.messaging.models import MessageStatus, OutgoingMessage

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-12-01 09:00 +02:00", tick=False)
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "Kutsu"), ("sv", "Inbjudan"), ("en", "Invitation")],
)
def test_invitation_is_sent_with_link_and_code(
    group: Any, calendar: dict[str, Any], lang: str, expected: str, django_capture_on_commit_callbacks: Any
) -> None:
    _batch, issued = invitations.invitations_issue(
        actor=None, group=group, count=1, organisation=calendar["orgs"]["clinic"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_invitation(group=group, to="perhe@example.fi", language=lang, code=issued[0], inviter="Terhi")
    message = OutgoingMessage.objects.get()
    assert message.status == MessageStatus.SENT and message.signup is None
    [email] = mail.outbox
    assert email.to == ["perhe@example.fi"]
    assert email.subject.startswith(expected)
    assert codes.printed(issued[0]) in email.body
    link = next(line for line in email.body.splitlines() if f"code={issued[0]}" in line)
    # The link opens the group's sign-up page.
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert Client().get("/" + path).status_code == 200
