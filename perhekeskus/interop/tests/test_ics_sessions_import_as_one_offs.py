"""A group's feed imported into another organisation: each session becomes a one-off.

The feed has one event per session with its own UID and no rule tying them, so
`import_ics` cannot tell they were one series; it keeps each as a dated activity of its
own, titled with the topic, at the session's place, cancelled where the session was.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.occurrences import occurrences_for
from perhekeskus.activities.tests.conftest import calendar  # noqa: F401
from perhekeskus.activities.tests.test_sessions_on_the_pages import training_group
from perhekeskus.interop.tests.test_ics_feeds_agree_with_the_calendar import NOW, WINDOWS, busy  # noqa: F401


@pytest.fixture
def training(busy: dict[str, Any]) -> Activity:  # noqa: F811
    return training_group(busy)


def run(path: Path) -> str:
    out = StringIO()
    call_command("import_ics", str(path), "--organisation", "salo-parish", stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()[-1]


def rows(activities: list[Activity]) -> list[tuple[dt.datetime, dt.datetime, str]]:
    start, end = WINDOWS["whole-feed"]
    return [(o.start, o.end, o.status) for o in occurrences_for(activities, start, end)]


def test_a_groups_feed_imports_as_one_off_activities_with_the_same_dates(busy, training, client, tmp_path):  # noqa: F811
    path = tmp_path / "group.ics"
    with time_machine.travel(NOW, tick=False):
        path.write_bytes(client.get(f"/api/v1/activities/{training.uuid}/calendar.ics?lang=fi").content)
        first = run(path)
        again = run(path)
        copies = list(Activity.objects.filter(organisation__slug="salo-parish").order_by("start"))
        assert rows(copies) == rows([training])
    assert first == "created 5, updated 0, unchanged 0, skipped 0"
    assert again == "created 0, updated 0, unchanged 5, skipped 0"
    assert [c.title_fi for c in copies] == [
        "Perhevalmennus: Synnytys",
        "Perhevalmennus: Imetys",
        "Perhevalmennus: Parisuhde",
        "Perhevalmennus: Vauva kotona",
        "Perhevalmennus",
    ]
    assert not any(c.rrule or c.has_sessions for c in copies)
    park, cafe = busy["park"], busy["cafe_place"]
    assert [c.place for c in copies] == [park, park, cafe, cafe, park]
    assert [c.status for c in copies][:2] == [ActivityStatus.PUBLISHED, ActivityStatus.CANCELLED]
    assert len({c.source_uid for c in copies}) == 5
