"""A small calendar on top of the shared `network` cast.

- Places: Matinkylä resident park (Espoo city, district Matinkylä) and MLL's family
  café in Leppävaara (MLL Espoo).
- Activities (published): the weekly family café on Tuesdays 10:00–12:00 Helsinki time
  from 2026-01-06, open-ended; a fathers' evening every second Thursday 18:00–20:00 from
  2026-01-08 until 2026-12-17, co-organised by the city; a one-off spring party on
  Saturday 2026-05-16 12:00–15:00 in the resident park.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from perhekeskus.activities import services
from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.network import services as network_services

HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki(*args: int) -> datetime:
    """An aware datetime in Helsinki wall-clock time: helsinki(2026, 3, 31, 10)."""
    return datetime(*args, tzinfo=HELSINKI)  # type: ignore[misc]


def make_activity(organisation: Any, **fields: Any) -> Activity:
    data: dict[str, Any] = {
        "organisation": organisation,
        "status": ActivityStatus.PUBLISHED,
        "title_fi": "Toiminta",
        "start": helsinki(2026, 1, 6, 10),
        "end": helsinki(2026, 1, 6, 12),
        "online": True,
        "online_url": "https://example.fi/meet",
    }
    data.update(fields)
    return services.activity_create(actor=None, data=data)


@pytest.fixture
def calendar(network: dict[str, Any]) -> dict[str, Any]:
    areas, orgs = network["areas"], network["orgs"]
    park = network_services.place_create(
        actor=None,
        data={
            "organisation": orgs["city"],
            "kind": "resident_park",
            "name_fi": "Matinkylän asukaspuisto",
            "name_sv": "Mattby invånarpark",
            "area": areas["matinkyla"],
            "street_address": "Matinkatu 1",
            "city": "Espoo",
        },
    )
    cafe_place = network_services.place_create(
        actor=None,
        data={
            "organisation": orgs["mll"],
            "kind": "family_cafe",
            "name_fi": "MLL:n perhekahvila",
            "area": areas["leppavaara"],
            "street_address": "Leppävaarankatu 2",
            "city": "Espoo",
        },
    )
    cafe = make_activity(
        orgs["mll"],
        title_fi="Perhekahvila",
        title_sv="Familjecafé",
        place=cafe_place,
        online=False,
        online_url="",
        start=helsinki(2026, 1, 6, 10),
        end=helsinki(2026, 1, 6, 12),
        rrule="FREQ=WEEKLY;BYDAY=TU",
    )
    fathers = make_activity(
        orgs["mll"],
        title_fi="Isien ilta",
        title_sv="Pappakväll",
        place=park,
        online=False,
        online_url="",
        start=helsinki(2026, 1, 8, 18),
        end=helsinki(2026, 1, 8, 20),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20261217T235959",
        co_organisers=[orgs["city"]],
    )
    party = make_activity(
        orgs["city"],
        title_fi="Kevätjuhla",
        place=park,
        online=False,
        online_url="",
        start=helsinki(2026, 5, 16, 12),
        end=helsinki(2026, 5, 16, 15),
    )
    return {"park": park, "cafe_place": cafe_place, "cafe": cafe, "fathers": fathers, "party": party, **network}
