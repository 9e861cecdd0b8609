"""After a group's last session each family that came at least once (or, if no attendance
was recorded, each family with a place) gets its own one-time link to the feedback form,
in its own language, once. Only the key's hash is stored. `manage.py request_feedback`
asks every group whose last session ended at least a day ago, and only once.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from perhekeskus.activities import services as activity_services
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.groups import feedback, running, services
from perhekeskus.groups.models import FeedbackInvite, Group, GroupStatus
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.questionnaires.models import Response

pytestmark = pytest.mark.django_db
SIGNED = datetime(2026, 12, 1, 9, tzinfo=UTC)
LAST_END = helsinki(2027, 1, 26, 12)  # the conftest group's third session ends
AFTER = datetime(2027, 1, 28, 9, tzinfo=UTC)
LINK = re.compile(r"https?://\S+/feedback/([\w-]+)/")


def sign_families(group: Group, languages=("fi", "en", "sv", "fi")) -> list:
    with time_machine.travel(SIGNED, tick=False):
        return [
            services.signup_create(
                group=group, data={"name": f"Perhe {n}", "email": f"p{n}@example.fi", "language": lang}
            )[0]
            for n, lang in enumerate(languages)
        ]


def ended_group_with_answers_open(calendar, group: Group) -> list[str]:
    """Three families with a place asked for feedback; returns their keys (from the messages)."""
    sign_families(group, ("fi", "en", "sv"))
    feedback.feedback_request(group=group, now=AFTER)
    return [m.context["token"] for m in OutgoingMessage.objects.filter(kind=MessageKind.FEEDBACK_REQUEST)]


def tokens_in(messages) -> list[str]:
    return [LINK.search(m.body).group(1) for m in messages]


def test_the_families_who_came_get_their_own_link_in_their_language(
    calendar, group, django_capture_on_commit_callbacks
):
    a, b, c, waiting = sign_families(group)
    elsa = calendar["people"]["elsa"]
    first, second = group.activity.sessions.order_by("start")[:2]
    running.attendance_record(actor=elsa, session=first, present={a.pk: {}})
    running.attendance_record(actor=elsa, session=second, present={b.pk: {}})

    with django_capture_on_commit_callbacks(execute=True):
        asked = feedback.feedback_request(group=group, now=AFTER)

    assert asked == 2  # c never came; the waiting family had no place
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"p0@example.fi", "p1@example.fi"}
    english = sent["p1@example.fi"]
    assert "Your personal link to the feedback form" in english.body
    assert "Ekavauva-ryhmä" in english.subject
    assert OutgoingMessage.objects.get(to="p0@example.fi", kind=MessageKind.FEEDBACK_REQUEST).language == "fi"
    tokens = tokens_in(sent.values())
    assert len(set(tokens)) == 2
    stored = set(FeedbackInvite.objects.filter(group=group).values_list("token_hash", flat=True))
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    assert not any(t in stored for t in tokens)  # the key itself is not kept
    group.refresh_from_db()
    assert group.feedback_requested_at == AFTER


def test_without_attendance_every_family_with_a_place_is_asked(calendar, group):
    sign_families(group)  # three confirmed, one waiting
    assert feedback.feedback_request(group=group, now=AFTER) == 3
    assert sorted(OutgoingMessage.objects.filter(kind=MessageKind.FEEDBACK_REQUEST).values_list("to", flat=True)) == [
        "p0@example.fi",
        "p1@example.fi",
        "p2@example.fi",
    ]


def test_a_group_is_asked_once(calendar, group):
    sign_families(group)
    feedback.feedback_request(group=group, now=AFTER)
    assert feedback.feedback_request(group=group, now=AFTER) == 0
    assert FeedbackInvite.objects.count() == 3
    assert OutgoingMessage.objects.filter(kind=MessageKind.FEEDBACK_REQUEST).count() == 3


def test_not_before_the_last_session_has_ended(calendar, group):
    sign_families(group)
    with pytest.raises(ValidationError):
        feedback.feedback_request(group=group, now=LAST_END - timedelta(minutes=1))
    assert not FeedbackInvite.objects.exists()
    assert Group.objects.get(pk=group.pk).feedback_requested_at is None


def test_a_cancelled_group_is_not_asked(calendar, group):
    sign_families(group)
    services.group_update_status(actor=None, group=group, status=GroupStatus.CANCELLED)
    with pytest.raises(ValidationError):
        feedback.feedback_request(group=group, now=AFTER)
    assert not FeedbackInvite.objects.exists()


def run_command() -> str:
    out = StringIO()
    call_command("request_feedback", stdout=out)
    return out.getvalue().strip()


def test_the_command_asks_groups_ended_a_day_ago_once(calendar, group):
    sign_families(group)
    later = make_group(calendar["orgs"]["city"], calendar["park"])
    with time_machine.travel(SIGNED, tick=False):
        services.signup_create(group=later, data={"name": "Myöhäinen", "email": "late@example.fi"})
    # The other group's last session ends on 27 January at 20:00: less than a day before the run.
    activity_services.sessions_replace(
        actor=None,
        activity=later.activity,
        sessions=[{"start": helsinki(2027, 1, 27, 18), "end": helsinki(2027, 1, 27, 20)}],
    )

    with time_machine.travel(datetime(2027, 1, 28, 9, tzinfo=UTC), tick=False):
        assert run_command() == "feedback requested: 1 groups, 3 families"
        assert run_command() == "feedback requested: 0 groups, 0 families"
    assert Group.objects.get(pk=later.pk).feedback_requested_at is None
    with time_machine.travel(datetime(2027, 1, 29, 9, tzinfo=UTC), tick=False):
        assert run_command() == "feedback requested: 1 groups, 1 families"
        assert run_command() == "feedback requested: 0 groups, 0 families"
    assert OutgoingMessage.objects.filter(kind=MessageKind.FEEDBACK_REQUEST).count() == 4


def test_the_link_opens_the_form_in_the_familys_language(client, calendar, group, django_capture_on_commit_callbacks):
    sign_families(group, ("sv",))
    with django_capture_on_commit_callbacks(execute=True):
        feedback.feedback_request(group=group, now=AFTER)
    token = LINK.search(mail.outbox[0].body).group(1)
    link = LINK.search(mail.outbox[0].body).group(0) + "?lang=sv"
    assert link in mail.outbox[0].body
    path = link.split("://", 1)[1].split("/", 1)[1]

    response = client.get("/" + path)

    assert response.status_code == 303 and response["Location"] == "/" + path.split("?")[0]
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    opened = client.get(response["Location"])
    started = Response.objects.get()
    assert started.language == "sv"
    assert opened.status_code == 303 and opened["Location"] == reverse("questionnaire-fill", args=[started.uuid, token])
    page = client.get(opened["Location"])
    assert page.status_code == 200 and '<html lang="sv">' in page.content.decode()
