"""`send_messages --reminders` reminds each family with a place of a session starting in
24–48 hours, once, however often it runs; waiting families and cancelled sessions get none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import time_machine
from django.core.management import call_command

from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.messaging.tests.conftest import NOW, sign

# 26 hours before the first session (23 March 10:00 Helsinki = 08:00 UTC).
DAY_BEFORE_FIRST = datetime(2027, 3, 22, 6, tzinfo=UTC)
# 24 hours before the second session (30 March 10:00 Helsinki = 07:00 UTC, after the change).
DAY_BEFORE_SECOND = datetime(2027, 3, 29, 7, tzinfo=UTC)


def run_at(moment: datetime) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("send_messages", "--reminders", stdout=out)
    return out.getvalue().strip()


def signed_up(training, django_capture_on_commit_callbacks, mailoutbox) -> None:
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        for n in range(4):  # three places, the fourth waits
            sign(training, n, language="en")
    mailoutbox.clear()


def test_each_family_with_a_place_is_reminded_once_the_day_before(
    training, mailoutbox, django_capture_on_commit_callbacks
):
    signed_up(training, django_capture_on_commit_callbacks, mailoutbox)
    assert run_at(DAY_BEFORE_FIRST) == "sent 3, failed 0 (of which gave up 0), reminders queued 3, texts cleared 0"
    assert sorted(m.to[0] for m in mailoutbox) == [f"perhe{n}@example.fi" for n in range(3)]
    body = mailoutbox[0].body
    assert "A reminder: Perhevalmennus meets on Tuesday 03/23/2027 at 10:00–12:00 (Finnish time)." in body
    assert "Session 1/3: Raskausaika" in body
    # Again an hour later, and again the next morning: nobody is reminded twice.
    assert run_at(DAY_BEFORE_FIRST + timedelta(hours=1)).startswith(
        "sent 0, failed 0 (of which gave up 0), reminders queued 0"
    )
    assert run_at(DAY_BEFORE_FIRST + timedelta(hours=3)).startswith(
        "sent 0, failed 0 (of which gave up 0), reminders queued 0"
    )
    assert len(mailoutbox) == 3
    assert OutgoingMessage.objects.filter(kind=MessageKind.REMINDER).count() == 3


def test_the_next_session_after_the_clock_change_is_reminded_in_its_own_window(
    training, mailoutbox, django_capture_on_commit_callbacks
):
    signed_up(training, django_capture_on_commit_callbacks, mailoutbox)
    run_at(DAY_BEFORE_FIRST)
    assert "reminders queued 3" in run_at(DAY_BEFORE_SECOND)
    assert "on Tuesday 03/30/2027 at 10:00–12:00" in mailoutbox[-1].body
    assert "Session 2/3: Synnytys" in mailoutbox[-1].body


def test_no_reminder_outside_the_window_or_for_a_cancelled_session(
    training, mailoutbox, django_capture_on_commit_callbacks
):
    signed_up(training, django_capture_on_commit_callbacks, mailoutbox)
    assert "reminders queued 0" in run_at(DAY_BEFORE_FIRST - timedelta(days=2))
    assert "reminders queued 0" in run_at(DAY_BEFORE_FIRST + timedelta(hours=3))  # less than 24 h left
    first = training.activity.sessions.order_by("start").first()
    first.cancelled = True
    first.save()
    assert "reminders queued 0" in run_at(DAY_BEFORE_FIRST)
    assert mailoutbox == []


def test_without_the_option_no_reminders_are_queued(training, mailoutbox, django_capture_on_commit_callbacks):
    signed_up(training, django_capture_on_commit_callbacks, mailoutbox)
    out = StringIO()
    with time_machine.travel(DAY_BEFORE_FIRST, tick=False):
        call_command("send_messages", stdout=out)
    assert "reminders queued 0" in out.getvalue()
    assert mailoutbox == []
