""" "New in the area" keeps nothing: no row written, no session, no cookie but the
language (and the CSRF token the header's language form needs), no caching."""

from __future__ import annotations

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from perhekeskus.core.models import AuditEntry, SearchTerm

QUERIES = [
    {"district": "matinkyla", "age_1": "0", "age_2": "4", "due_date": "2026-05-01"},
    {"district": "matinkyla", "age_1": "40"},  # refused input is not kept either
    {},
]
WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP")


@pytest.mark.parametrize("query", QUERIES, ids=["answer", "error", "empty"])
@time_machine.travel("2026-03-20 12:00 +02:00", tick=False)
def test_no_database_write_no_session_and_no_cookie_holds_the_input(client, calendar, query):
    sessions, audit_rows, terms = Session.objects.count(), AuditEntry.objects.count(), SearchTerm.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("newcomer"), query)
    assert response.status_code in (200, 400)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert Session.objects.count() == sessions == 0
    assert AuditEntry.objects.count() == audit_rows and SearchTerm.objects.count() == terms
    # The only cookie that may be set is the CSRF token of the language switcher in the
    # header: a random value, never the family's answers.
    assert set(response.cookies) <= {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    for cookie in response.cookies.values():
        for value in (query.get("district"), query.get("due_date")):
            assert not value or value not in cookie.value
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_page_only_answers_reads(client, calendar):
    response = client.post(reverse("newcomer"), {"district": "matinkyla", "age_1": "2"})
    assert response.status_code == 405
    assert Session.objects.count() == 0
