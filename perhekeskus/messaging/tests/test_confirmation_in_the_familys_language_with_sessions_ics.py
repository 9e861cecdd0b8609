"""A sign-up sends, right after it is saved, a confirmation in the family's language with
the sessions in Helsinki time and as an .ics file a calendar reads correctly on both
sides of the March clock change."""

from __future__ import annotations

from datetime import UTC, datetime

import recurring_ical_events
import time_machine
from icalendar import Calendar

from perhekeskus.groups.models import Signup
from perhekeskus.messaging.models import MessageKind, MessageStatus, OutgoingMessage
from perhekeskus.messaging.tests.conftest import NOW, sign


@time_machine.travel(NOW, tick=False)
def test_a_swedish_family_gets_its_confirmation_in_swedish(training, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup, secret = sign(training, 1, language="sv")
    assert signup.status == "confirmed"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["perhe1@example.fi"]
    assert "Familjeförberedelse" in mail.subject
    # Swedish weekday names and date format from Django's Swedish locale, Swedish topics.
    assert "tis 2027-03-23 10:00–12:00  Graviditeten" in mail.body
    assert "tis 2027-03-30 10:00–12:00  Förlossningen" in mail.body
    assert "Perhevalmennus" not in mail.body
    assert "Mattby invånarpark, Matinkatu 1" in mail.body
    assert "perhevalmennus@espoo.example" in mail.body
    # The family's own link, with the secret that is stored nowhere else.
    assert f"/signups/{signup.uuid}/{secret}/" in mail.body
    message = OutgoingMessage.objects.get()
    assert (message.kind, message.status, message.attempts) == (MessageKind.CONFIRMATION, MessageStatus.SENT, 1)
    assert message.signup == signup


@time_machine.travel(NOW, tick=False)
def test_a_finnish_family_gets_finnish_dates(training, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign(training, 1, language="fi")
    body = mailoutbox[0].body
    assert "ti 23.3.2027 10:00–12:00  Raskausaika" in body
    assert "Graviditeten" not in body


@time_machine.travel(NOW, tick=False)
def test_the_ics_attachment_has_each_session_at_its_true_moment(
    training, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign(training, 1, language="sv")
    [(filename, content, mimetype)] = mailoutbox[0].attachments
    assert filename == "sessions.ics"
    assert mimetype == "text/calendar"
    assert 'Content-Type: text/calendar; charset="utf-8"' in mailoutbox[0].message().as_string()
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART").astimezone(UTC) for e in events] == [
        datetime(2027, 3, 23, 8, tzinfo=UTC),  # EET, +2
        datetime(2027, 3, 30, 7, tzinfo=UTC),  # EEST, +3 after 28 March
        datetime(2027, 4, 6, 7, tzinfo=UTC),
    ]
    assert [str(e["SUMMARY"]) for e in events] == [
        "Familjeförberedelse: Graviditeten",
        "Familjeförberedelse: Förlossningen",
        "Familjeförberedelse: Babyn hemma",
    ]
    assert len({str(e["UID"]) for e in events}) == 3
    # An independent reader expands the file to the same wall-clock times.
    found = recurring_ical_events.of(calendar).between(datetime(2027, 3, 1), datetime(2027, 5, 1))
    assert sorted((e.decoded("DTSTART").hour, e.decoded("DTEND").hour) for e in found) == [(10, 12)] * 3


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_session_is_marked_in_the_text_and_left_out_of_the_ics(
    training, mailoutbox, django_capture_on_commit_callbacks
):
    session = training.activity.sessions.order_by("start")[1]
    session.cancelled = True
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        sign(training, 1, language="en")
    assert "Synnytys  – cancelled" in mailoutbox[0].body
    calendar = Calendar.from_ical(mailoutbox[0].attachments[0][1])
    assert len(calendar.walk("VEVENT")) == 2
    assert Signup.objects.count() == 1
