"""A feedback link sent twice at the same moment (a double click, two tabs) stores exactly
one response: the first of the parallel requests starts the family's response (the
others find it), the key is taken by one conditional UPDATE inside the sending
transaction, so one request gets 201 and the rest 410, on SQLite and PostgreSQL.
Real parallel HTTP requests, each on its own database connection (see
`test_parallel_signups` for the server).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine

from perhekeskus.groups import feedback, services
from perhekeskus.groups.models import FeedbackInvite
from perhekeskus.groups.tests.test_parallel_signups import (  # noqa: F401
    ON_EACH_DATABASE,
    all_at_once,
    call,
    make_group,
    server,
)
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.questionnaires.models import Response, ResponseStatus

pytestmark = [pytest.mark.django_db(transaction=True), ON_EACH_DATABASE]
CLIENTS = 12


def ended_group_keys() -> list[str]:
    group = make_group(capacity=3, waiting=0)
    with time_machine.travel(datetime(2030, 1, 1, 9, tzinfo=UTC), tick=False):
        for n in range(3):
            services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"p{n}@example.fi"})
    feedback.feedback_request(group=group, now=datetime(2030, 3, 1, tzinfo=UTC))
    return [m.context["token"] for m in OutgoingMessage.objects.filter(kind=MessageKind.FEEDBACK_REQUEST)]


def test_the_same_link_sent_at_once_stores_one_answer(server: str, vendor: str) -> None:  # noqa: F811
    keys = ended_group_keys()
    calls = [
        (lambda n=n: call("POST", f"{server}/api/v1/feedback/{keys[0]}/", {"answers": {"overall": [str(1 + n % 5)]}}))
        for n in range(CLIENTS)
    ]
    # Another family answering at the same moment is not disturbed.
    calls.append(lambda: call("POST", f"{server}/api/v1/feedback/{keys[1]}/", {"overall": 5}))

    answers = all_at_once(calls)

    assert Counter(code for code, _body in answers[:CLIENTS]) == {201: 1, 410: CLIENTS - 1}, answers
    assert answers[CLIENTS][0] == 201
    assert Response.objects.count() == 2
    assert Response.objects.filter(status=ResponseStatus.COMPLETED).count() == 2
    assert FeedbackInvite.objects.filter(used_at__isnull=False).count() == 2
