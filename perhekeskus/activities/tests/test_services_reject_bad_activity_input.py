"""`activity_create` and `activity_update` refuse bad timing and contradictions with a
message on the right field, and save nothing: no row, no change, no audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from perhekeskus.activities import services
from perhekeskus.activities.models import Activity, OccurrenceChange
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.core.models import AuditEntry

# (changed fields, the field the message is on, a piece of the message). The base is a
# weekly café on Tuesday 2026-01-06 10:00–12:00 at a place.
CASES = [
    ({"rrule": "EVERY TUESDAY"}, "rrule", "is not of the form NAME=VALUE"),
    ({"rrule": "FREQ=WEEKLY;BYDAY=TUESDAY"}, "rrule", "could not be read"),
    ({"rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=5;UNTIL=20260601T000000Z"}, "rrule", "COUNT or UNTIL, not both"),
    ({"rrule": "FREQ=HOURLY"}, "rrule", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"),
    ({"rrule": "FREQ=DAILY;BYHOUR=10,14"}, "rrule", "BYHOUR cannot be used"),
    ({"rrule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20251230T000000Z"}, "rrule", "ends (UNTIL) before the first start"),
    ({"rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "rrule", "gives no dates"),
    ({"rrule": "FREQ=WEEKLY;BYDAY=WE"}, "rrule", "is not one of the rule's dates; the first would be 2026-01-07"),
    ({"rrule": "FREQ=WEEKLY;COUNT=0"}, "rrule", "COUNT must be a whole number"),
    ({"rrule": "FREQ=WEEKLY;COLOUR=BLUE"}, "rrule", "Unknown rule part: COLOUR"),
    ({"end": helsinki(2026, 1, 6, 9)}, "end", "The end must be after the start"),
    ({"end": helsinki(2026, 1, 6, 10)}, "end", "The end must be after the start"),
    ({"time_zone": "Europe/Espoo"}, "time_zone", "Unknown time zone: Europe/Espoo"),
    ({"place": None, "online": False}, "place", "Give a place, or mark the activity as online"),
    ({"place": None, "online": True, "online_url": ""}, "online_url", "address of the online meeting"),
    ({"age_min_months": 36, "age_max_months": 12}, "age_max_months", "must not be below the youngest"),
]
IDS = [
    "rule-text",
    "unreadable-part",
    "count-and-until",
    "hourly",
    "byhour",
    "until-before-start",
    "no-dates",
    "start-not-a-rule-date",
    "count-zero",
    "unknown-part",
    "end-before-start",
    "end-equals-start",
    "unknown-time-zone",
    "no-place-not-online",
    "online-without-address",
    "ages-reversed",
]


def base(calendar: dict[str, Any]) -> dict[str, Any]:
    return {
        "organisation": calendar["orgs"]["mll"],
        "status": "published",
        "title_fi": "Uusi perhekahvila",
        "place": calendar["cafe_place"],
        "start": helsinki(2026, 1, 6, 10),
        "end": helsinki(2026, 1, 6, 12),
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
    }


def test_the_base_is_valid(calendar: Any) -> None:
    # So that each case below fails for its own change only.
    before = Activity.objects.count()
    services.activity_create(actor=None, data=base(calendar))
    assert Activity.objects.count() == before + 1


@pytest.mark.parametrize(("change", "field", "message"), CASES, ids=IDS)
def test_create_refuses_and_saves_nothing(calendar: Any, change: dict[str, Any], field: str, message: str) -> None:
    rows, audit = Activity.objects.count(), AuditEntry.objects.count()

    with pytest.raises(ValidationError) as caught:
        services.activity_create(actor=None, data=base(calendar) | change)

    errors = caught.value.message_dict
    assert message in " ".join(errors.get(field, [])), errors
    # One clear message per problem: no generic "constraint violated" beside it.
    assert not any("Constraint" in m for messages in errors.values() for m in messages), errors
    assert Activity.objects.count() == rows
    assert AuditEntry.objects.count() == audit


@pytest.mark.parametrize(("change", "field", "message"), CASES, ids=IDS)
def test_update_refuses_and_changes_nothing(calendar: Any, change: dict[str, Any], field: str, message: str) -> None:
    cafe = calendar["cafe"]
    stored = Activity.objects.filter(pk=cafe.pk).values().get()
    audit = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as caught:
        services.activity_update(actor=None, activity=cafe, data=change)

    assert message in " ".join(caught.value.message_dict.get(field, [])), caught.value.message_dict
    assert Activity.objects.filter(pk=cafe.pk).values().get() == stored
    assert AuditEntry.objects.count() == audit


def test_unknown_fields_are_refused_by_name(calendar: Any) -> None:
    rows = Activity.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.activity_create(actor=None, data=base(calendar) | {"colour": "blue"})
    assert "colour" in caught.value.message_dict
    assert Activity.objects.count() == rows


def test_a_bad_occurrence_change_saves_nothing(calendar: Any) -> None:
    cafe = calendar["cafe"]
    audit = AuditEntry.objects.count()
    bad = [
        ({"original_start": helsinki(2026, 1, 7, 10), "kind": "cancelled"}, "original_start"),
        ({"original_start": helsinki(2026, 1, 13, 10), "kind": "postponed"}, "kind"),
        ({"original_start": helsinki(2026, 1, 13, 10), "kind": "moved"}, "new_start"),
        (
            {
                "original_start": helsinki(2026, 1, 13, 10),
                "kind": "moved",
                "new_start": helsinki(2026, 1, 14, 12),
                "new_end": helsinki(2026, 1, 14, 10),
            },
            "new_end",
        ),
        (
            {
                "original_start": helsinki(2026, 1, 13, 10),
                "kind": "moved",
                "new_start": helsinki(2026, 6, 14, 10),
                "new_end": helsinki(2026, 6, 14, 12),
            },
            "new_start",
        ),
    ]
    for arguments, field in bad:
        with pytest.raises(ValidationError) as caught:
            services.occurrence_change(actor=None, activity=cafe, **arguments)
        assert field in caught.value.message_dict, (arguments, caught.value.message_dict)
    assert OccurrenceChange.objects.count() == 0
    assert AuditEntry.objects.count() == audit
