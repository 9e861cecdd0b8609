"""When `manage.py erase_signups` erases a group's sign-ups (SIGNUP_RETENTION_DAYS after its
last session), the attendance rows go and the session notes are cleared with them; each
session keeps its counts of families, adults and children present, and the anonymous
feedback stays. The participant list then shows no one, and the records cannot be
rewritten with the families gone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from perhekeskus.activities import services as activity_services
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.groups import feedback, running, services
from perhekeskus.groups.models import Attendance, SessionRecord
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.groups.tests.test_feedback_request_after_the_last_session import AFTER, LAST_END, sign_families
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.network.tests.api_support import client_for
from perhekeskus.questionnaires.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(calendar, group):
    a, b, c, _waiting = sign_families(group)
    elsa = calendar["people"]["elsa"]
    first, second, _third = group.activity.sessions.order_by("start")
    running.attendance_record(
        actor=elsa, session=first, present={a.pk: {"children": 1}, b.pk: {"adults": 2}}, notes="Perhe 0 väsynyt"
    )
    running.attendance_record(actor=elsa, session=second, present={c.pk: {"children": 2}}, notes="Uni")
    feedback.feedback_request(group=group, now=AFTER)
    keys = [m.context["token"] for m in OutgoingMessage.objects.filter(kind=MessageKind.FEEDBACK_REQUEST)]
    feedback.feedback_submit(keys[0], {"overall": ["5"], "good": ["Hyvä ryhmä"]})
    return {"first": first, "second": second}


def erase(days_after: int) -> str:
    out = StringIO()
    with time_machine.travel(LAST_END + timedelta(days=days_after), tick=False):
        call_command("erase_signups", stdout=out)
    return out.getvalue()


def counts(group):
    return [(c.families, c.adults, c.children) for c in running.session_counts(group)]


def test_erasure_removes_attendance_and_notes_and_keeps_counts_and_feedback(client, calendar, group, recorded):
    before = counts(group)
    assert before == [(2, 3, 1), (1, 1, 2), (None, None, None)]

    erase(settings.SIGNUP_RETENTION_DAYS - 1)  # not yet
    assert Attendance.objects.count() == 3

    erase(settings.SIGNUP_RETENTION_DAYS + 1)

    assert not Attendance.objects.exists()
    assert list(SessionRecord.objects.values_list("notes", flat=True)) == ["", ""]
    assert not SessionRecord.objects.filter(notes_erased_at__isnull=True).exists()
    assert counts(group) == before
    kept = Response.objects.get()
    assert kept.answers["good"] == ["Hyvä ryhmä"] and kept.erased_at is None
    assert feedback.feedback_summary(group)["responses"] == 1

    client.force_login(calendar["people"]["elsa"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("group-participants", args=[group.uuid])).content.decode()
    assert "No families are signed up." in page
    assert "Perhe 0" not in page and "@example.fi" not in page
    assert "<td>2</td><td>3</td><td>1</td>" in page  # the counts are still shown

    session_page = client.get(reverse("group-session", args=[group.uuid, recorded["first"].pk])).content.decode()
    assert "only the counts are kept" in session_page and "Perhe 0 väsynyt" not in session_page

    rows = client_for(calendar, "elsa").get(f"/api/v1/groups/{group.uuid}/sessions/").json()["data"]
    assert [(r["families_present"], r["notes"]) for r in rows] == [(2, None), (1, None), (None, "")]


def test_erased_records_cannot_be_rewritten_and_a_second_run_changes_nothing(calendar, group, recorded):
    erase(settings.SIGNUP_RETENTION_DAYS + 1)
    with pytest.raises(ValidationError):
        running.attendance_record(actor=calendar["people"]["elsa"], session=recorded["first"], present={}, notes="")
    stamps = list(SessionRecord.objects.order_by("id").values_list("notes_erased_at", flat=True))

    erase(settings.SIGNUP_RETENTION_DAYS + 30)

    assert list(SessionRecord.objects.order_by("id").values_list("notes_erased_at", flat=True)) == stamps
    assert counts(group)[0] == (2, 3, 1)


def test_groups_still_within_the_retention_keep_their_records(calendar, group, recorded):
    later = make_group(calendar["orgs"]["city"], calendar["park"])
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False):
        family = services.signup_create(group=later, data={"name": "Myöhempi", "email": "m@example.fi"})[0]
    activity_services.sessions_replace(
        actor=None,
        activity=later.activity,
        sessions=[{"start": helsinki(2027, 6, 1, 10), "end": helsinki(2027, 6, 1, 12)}],
    )
    running.attendance_record(
        actor=calendar["people"]["elsa"], session=later.activity.sessions.get(), present={family.pk: {}}, notes="n"
    )

    erase(settings.SIGNUP_RETENTION_DAYS + 1)

    assert Attendance.objects.filter(session__activity=later.activity).count() == 1
    assert SessionRecord.objects.get(session__activity=later.activity).notes == "n"
    assert not Attendance.objects.filter(session__activity=group.activity).exists()
