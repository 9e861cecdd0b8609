"""Our feed imported into another organisation gives the same occurrences, and again unchanged."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import time_machine
from django.core.management import call_command

from perhekeskus.activities import params, queries
from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.occurrences import occurrences_for

from .test_ics_feeds_agree_with_the_calendar import NOW, WINDOWS, busy, calendar  # noqa: F401

ORIGINAL = {"organisation": "mll-espoo,espoo"}


def occurrences(query: dict[str, str], key: str) -> list[tuple[str, dt.datetime, dt.datetime, str]]:
    start, end = WINDOWS["whole-feed"]
    found = queries.occurrences_find(params.filters_from_query(query), start, end)
    return sorted(
        (str(o.activity.uuid) if key == "uuid" else o.activity.source_uid.split("@")[0], o.start, o.end, o.status)
        for o in found
    )


def run(path: Path) -> list[str]:
    out = StringIO()
    call_command("import_ics", str(path), "--organisation", "salo-parish", stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


def test_the_whole_calendar_survives_a_round_trip(busy, client, tmp_path):  # noqa: F811
    with time_machine.travel(NOW, tick=False):
        feed = client.get("/calendar.ics?" + "organisation=mll-espoo,espoo")
        assert feed.status_code == 200
        (tmp_path / "feed.ics").write_bytes(feed.content)
        lines = run(tmp_path / "feed.ics")
        assert lines[-1] == "created 4, updated 0, unchanged 0, skipped 0"
        again = run(tmp_path / "feed.ics")
        original = occurrences(ORIGINAL, "uuid")
        copied = occurrences({"organisation": "salo-parish"}, "source_uid")
    assert again[-1] == "created 0, updated 0, unchanged 4, skipped 0"
    assert {s for *_rest, s in original} == {"scheduled", "cancelled"}
    assert copied == original
    gone = Activity.objects.get(organisation__slug="salo-parish", source_uid__startswith=str(busy["gone"].uuid))
    assert gone.status == ActivityStatus.CANCELLED


def test_one_activitys_feed_survives_a_round_trip(busy, client, tmp_path):  # noqa: F811
    cafe = busy["cafe"]
    with time_machine.travel(NOW, tick=False):
        feed = client.get(f"/api/v1/activities/{cafe.uuid}/calendar.ics?lang=sv")
        (tmp_path / "cafe.ics").write_bytes(feed.content)
        call_command(
            "import_ics",
            str(tmp_path / "cafe.ics"),
            "--organisation",
            "salo-parish",
            "--language",
            "sv",
            stdout=StringIO(),
        )
        copy = Activity.objects.get(organisation__slug="salo-parish")
        start, end = WINDOWS["whole-feed"]
        ours = [(o.start, o.end, o.status) for o in occurrences_for([cafe], start, end)]
        theirs = [(o.start, o.end, o.status) for o in occurrences_for([copy], start, end)]
    assert copy.title_sv == "Familjecafé"
    assert copy.place == busy["cafe_place"]
    assert theirs == ours
