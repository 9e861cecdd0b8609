"""Two people type the same survey code at the same moment: real parallel HTTP requests to
a threaded server, each on its own database connection (see groups'
test_parallel_signups.py). Exactly one response is started with each code; the other
person is told the code was just taken, and nothing of theirs is stored.
On SQLite in the normal run and on PostgreSQL when DATABASE_URL points to it."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from typing import Any

import pytest

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.groups.tests.test_parallel_signups import (  # noqa: F401 (fixture)
    ON_EACH_DATABASE,
    all_at_once,
    server,
)
from perhekeskus.network.models import Area, AreaKind, Organisation
from perhekeskus.questionnaires import survey_links
from perhekeskus.questionnaires.models import Response
from perhekeskus.questionnaires.tests.test_survey_start_by_link_and_code import cafe

pytestmark = [pytest.mark.django_db(transaction=True), ON_EACH_DATABASE]
CODES = 8


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 303 to the fill page is the answer we look at


def post_code(url: str, code: str) -> tuple[int, dict[str, Any]]:
    """The start page's form as a browser sends it: the page first (for its CSRF token and
    cookie), then the code."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor())
    with opener.open(url, timeout=60) as page:  # noqa: S310 (the test server's own http:// address)
        html = page.read().decode()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={"Referer": url})  # noqa: S310
    try:
        with opener.open(request, timeout=60) as reply:  # noqa: S310
            return reply.status, {}
    except urllib.error.HTTPError as exc:
        return exc.code, {"location": exc.headers.get("Location", "")}


def make_survey() -> Any:
    area = Area.objects.create(slug="tapiola", kind=AreaKind.MUNICIPALITY, name_fi="Tapiola")
    org = Organisation.objects.create(slug="espoo", kind="municipality", sector="social", name_fi="Espoo", area=area)
    editor = User.objects.create_user("editor@example.fi", password="x-pass-123")
    Membership.objects.create(user=editor, organisation=org, role=Role.EDITOR)
    link = survey_links.survey_link_create(
        actor=editor, data={"questionnaire": cafe(), "organisation": org, "kind": "personal"}
    )
    return link, survey_links.survey_codes_make(actor=editor, link=link, count=CODES)


def test_each_code_starts_exactly_one_response_when_typed_twice_at_once(
    server: str,  # noqa: F811
    vendor: str,
    settings: Any,
) -> None:
    # Tests run with DEBUG off, so the CSRF cookie is marked Secure; the server speaks plain HTTP.
    settings.CSRF_COOKIE_SECURE = False
    link, codes = make_survey()
    url = f"{server}/s/{link.token}/"
    calls = [lambda code=code: post_code(url, code) for code in codes]
    calls += [lambda code=code: post_code(url, code.lower()) for code in codes]

    answers = all_at_once(calls)

    statuses = Counter(status for status, _body in answers)
    started = Response.objects.filter(context=link.context)
    assert started.count() == CODES
    assert len({r.respondent_key for r in started}) == CODES
    # Each code: one start (303 to the fill page); the other either lost the race (409)
    # or came a moment later and continued the same unfinished response (303).
    assert statuses[303] + statuses[409] == 2 * CODES, answers
    assert statuses[303] >= CODES
    assert all(body.get("location", "").startswith("/answer/") for status, body in answers if status == 303)
