"""A family training group whose sessions cross the March 2027 clock change.

Sessions on Tuesdays 23 March, 30 March and 6 April 2027, 10:00–12:00 Helsinki time:
08:00 UTC before the change (28 March), 07:00 UTC after it. Three places, two on the
waiting list; sign-ups are made on 1 March 2027.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from perhekeskus.activities.tests.conftest import calendar, helsinki  # noqa: F401
from perhekeskus.groups import services
from perhekeskus.groups.models import Group

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
SESSION_DAYS = [(2027, 3, 23), (2027, 3, 30), (2027, 4, 6)]
TOPICS = [("Raskausaika", "Graviditeten"), ("Synnytys", "Förlossningen"), ("Vauva kotona", "Babyn hemma")]


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")


FAILING = "perhekeskus.messaging.tests.conftest.FailingBackend"


def make_training(calendar: dict[str, Any], **group_data: Any) -> Group:  # noqa: F811
    data = {"capacity": 3, "waiting_list_capacity": 2, "minimum": 2, **group_data}
    return services.group_create(
        actor=None,
        activity_data={
            "organisation": calendar["orgs"]["city"],
            "title_fi": "Perhevalmennus",
            "title_sv": "Familjeförberedelse",
            "place": calendar["park"],
            "contact_email": "perhevalmennus@espoo.example",
        },
        group_data=data,
        sessions=[
            {"start": helsinki(*day, 10), "end": helsinki(*day, 12), "topic_fi": fi, "topic_sv": sv}
            for day, (fi, sv) in zip(SESSION_DAYS, TOPICS, strict=True)
        ],
    )


@pytest.fixture
def training(calendar: dict[str, Any]) -> Group:  # noqa: F811
    return make_training(calendar)


def sign(group: Group, n: int, **data: Any) -> Any:
    return services.signup_create(
        group=group, data={"name": f"Perhe {n}", "email": f"perhe{n}@example.fi", "language": "fi", **data}
    )
