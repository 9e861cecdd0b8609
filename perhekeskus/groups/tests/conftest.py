"""Groups on top of the shared `network` cast and the calendar fixture's places."""

from __future__ import annotations

from typing import Any

import pytest

from perhekeskus.activities.tests.conftest import calendar, helsinki  # noqa: F401
from perhekeskus.groups import services
from perhekeskus.groups.models import Group


def make_group(organisation: Any, place: Any, **group_data: Any) -> Group:
    data = {"capacity": 3, "waiting_list_capacity": 2, "minimum": 2, **group_data}
    return services.group_create(
        actor=None,
        activity_data={"organisation": organisation, "title_fi": "Ekavauva-ryhmä", "place": place},
        group_data=data,
        sessions=[
            {"start": helsinki(2027, 1, 12 + 7 * i, 10), "end": helsinki(2027, 1, 12 + 7 * i, 12)} for i in range(3)
        ],
    )


@pytest.fixture
def group(calendar: dict[str, Any]) -> Group:  # noqa: F811
    return make_group(calendar["orgs"]["city"], calendar["park"])
