"""Two families type the same invitation code at the same moment: real parallel HTTP
requests to a threaded server (see test_parallel_signups.py for how each request gets its
own database connection). Exactly one family is signed up with each code; the other gets
a 400 saying the invitation has already been used, and nothing of theirs is stored.
On SQLite in the normal run and on PostgreSQL when DATABASE_URL points to it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import pytest

from perhekeskus.activities import services as activity_services
from perhekeskus.groups import codes, invitations
from perhekeskus.groups.models import Invitation, InvitationStatus, Signup
from perhekeskus.groups.tests.test_parallel_signups import (  # noqa: F401 (fixture)
    ON_EACH_DATABASE,
    all_at_once,
    make_group,
    server,
)

pytestmark = [pytest.mark.django_db(transaction=True), ON_EACH_DATABASE]
CODES = 10


def post_in_english(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST JSON asking for English answers (the installation's default is Finnish)."""
    headers = {"Content-Type": "application/json", "Accept-Language": "en"}
    # Only ever the test server's own http:// address.
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_each_code_signs_up_exactly_one_of_two_families_typing_it_at_once(server: str, vendor: str) -> None:  # noqa: F811
    group = make_group(capacity=2 * CODES, waiting=0)
    activity_services.activity_update(actor=None, activity=group.activity, data={"participation": "targeted"})
    _batch, issued = invitations.invitations_issue(
        actor=None, group=group, count=CODES, organisation=group.activity.organisation
    )

    def family(n: int, code: str) -> Any:
        body = {"name": f"Perhe {n}", "email": f"perhe{n}@example.fi", "language": "en", "invitation": code}
        return lambda: post_in_english(f"{server}/api/v1/groups/{group.uuid}/signups/", body)

    # Each code twice: once as printed in the letter, once as typed in small letters.
    calls = [family(2 * i, codes.printed(code)) for i, code in enumerate(issued)]
    calls += [family(2 * i + 1, code.lower()) for i, code in enumerate(issued)]
    answers = all_at_once(calls)

    assert Counter(status for status, _body in answers) == {201: CODES, 400: CODES}, answers
    refused = [body for status, body in answers if status == 400]
    assert all(body == {"invitation": ["This invitation has already been used."]} for body in refused), refused
    assert Signup.objects.filter(group=group).count() == CODES
    used = Invitation.objects.filter(group=group, status=InvitationStatus.USED)
    assert used.count() == CODES
    # One code, one family: every sign-up holds a code of its own.
    assert len({i.signup_id for i in used}) == CODES
    signed = set(Signup.objects.filter(group=group).values_list("email", flat=True))
    pairs = [{f"perhe{2 * i}@example.fi", f"perhe{2 * i + 1}@example.fi"} for i in range(CODES)]
    assert all(len(pair & signed) == 1 for pair in pairs)
