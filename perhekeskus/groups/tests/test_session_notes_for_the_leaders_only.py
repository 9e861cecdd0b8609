"""Notes per session: kept with the session's record for the group's leaders, shown on the
session's page and in the sessions API to those who run the group only. The notes' text
never goes into the audit log (kept for years), only that they changed; notes too long
are refused with nothing saved.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.core.models import AuditEntry
from perhekeskus.groups import running, services
from perhekeskus.groups.models import SessionRecord
from perhekeskus.network.tests.api_support import client_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
SECRET_NOTE = "Perhe 1:n isä kertoi jaksamisesta"


@pytest.fixture
def family(group):
    with time_machine.travel(NOW, tick=False):
        return services.signup_create(group=group, data={"name": "Perhe 1", "email": "p1@example.fi"})[0]


@pytest.fixture
def first(group):
    return group.activity.sessions.order_by("start").first()


def test_notes_are_kept_and_shown_on_the_sessions_page(client, calendar, group, family, first):
    client.force_login(calendar["people"]["elsa"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("group-session", args=[group.uuid, first.pk])

    client.post(url, {f"present_{family.pk}": "on", f"adults_{family.pk}": "1", "notes": f"  {SECRET_NOTE}  "})

    assert SessionRecord.objects.get(session=first).notes == SECRET_NOTE
    assert SECRET_NOTE in client.get(url).content.decode()


def test_the_notes_text_stays_out_of_the_audit_log(calendar, group, family, first):
    running.attendance_record(actor=calendar["people"]["elsa"], session=first, present={}, notes=SECRET_NOTE)
    running.attendance_record(actor=calendar["people"]["elsa"], session=first, present={}, notes=SECRET_NOTE + "!")

    entries = AuditEntry.objects.filter(object_type="groups.sessionrecord").order_by("id")
    assert [e.changes.get("notes") for e in entries] == ["changed", "changed"]
    assert all(SECRET_NOTE not in json.dumps(e.changes) + e.object_label for e in AuditEntry.objects.all())


def test_the_sessions_api_gives_the_notes_to_those_who_run_the_group(calendar, group, family, first):
    running.attendance_record(actor=calendar["people"]["elsa"], session=first, present={}, notes=SECRET_NOTE)

    for person, status in (("cora", 200), ("eddie", 403), (None, 401)):
        response = client_for(calendar, person).get(f"/api/v1/groups/{group.uuid}/sessions/")
        assert response.status_code == status
        assert (SECRET_NOTE in response.content.decode()) is (status == 200)


def test_notes_too_long_are_refused_and_nothing_is_saved(calendar, group, family, first):
    response = client_for(calendar, "elsa").put(
        f"/api/v1/groups/{group.uuid}/sessions/{first.pk}/attendance/",
        {"present": [{"signup": str(family.uuid)}], "notes": "x" * (running.NOTES_MAX + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["notes"]
    assert not SessionRecord.objects.exists()


def test_notes_left_out_of_the_api_call_stay_as_they_were(calendar, group, family, first):
    running.attendance_record(actor=calendar["people"]["elsa"], session=first, present={}, notes=SECRET_NOTE)
    response = client_for(calendar, "elsa").put(
        f"/api/v1/groups/{group.uuid}/sessions/{first.pk}/attendance/",
        {"present": [{"signup": str(family.uuid)}]},
        format="json",
    )
    assert response.status_code == 200 and response.json()["notes"] == SECRET_NOTE
    assert response.json()["families_present"] == 1
