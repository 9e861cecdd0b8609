"""The activity form: plain-word choices become the stored times and RRULE, saved through the services."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from perhekeskus.activities.models import Activity, ActivityStatus
from perhekeskus.activities.queries import next_occurrences
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.models import Language, TargetGroup

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
NEW_URL = "/editor/activities/new/"


def form_data(organisation: Any, place: Any = None, /, **changes: Any) -> dict[str, Any]:
    """A complete POST of the activity form: a one-off on Tuesday 2026-09-01 10:00–12:00."""
    data: dict[str, Any] = {
        "organisation": str(organisation.pk),
        "title_fi": "Vauvakahvila",
        "title_sv": "Babycafé",
        "place": str(place.pk) if place is not None else "",
        "participation": "open",
        "age_unit": "years",
        "cost": "free",
        "date": "2026-09-01",
        "start_time": "10:00",
        "end_time": "12:00",
        "repeat": "none",
        "repeat_end": "never",
        "status_action": "publish",
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture
def eddie_client(client: Any, calendar: dict[str, Any]) -> Any:
    client.force_login(calendar["people"]["eddie"])
    return client


def _created(client: Any, data: dict[str, Any]) -> Activity:
    before = set(Activity.objects.values_list("pk", flat=True))
    response = client.post(NEW_URL, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return Activity.objects.exclude(pk__in=before).get()


@time_machine.travel(NOW, tick=False)
def test_every_two_weeks_until_a_date_stays_at_ten_across_the_october_change(eddie_client, calendar):
    data = form_data(
        calendar["orgs"]["mll"],
        calendar["cafe_place"],
        repeat="biweekly",
        weekdays=["TU"],
        repeat_end="until",
        until="2026-11-10",
    )
    activity = _created(eddie_client, data)
    assert activity.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20261110T235959"
    assert activity.start == helsinki(2026, 9, 1, 10) and activity.end == helsinki(2026, 9, 1, 12)
    assert activity.status == ActivityStatus.PUBLISHED
    starts = [o.start for o in next_occurrences(activity, NOW, limit=50)]
    assert starts == [
        helsinki(2026, 9, 1, 10),
        helsinki(2026, 9, 15, 10),
        helsinki(2026, 9, 29, 10),
        helsinki(2026, 10, 13, 10),
        helsinki(2026, 10, 27, 10),
        helsinki(2026, 11, 10, 10),
    ]
    # 10:00 in Helsinki is 07:00 UTC in summer time and 08:00 UTC after the clocks go back.
    assert [s.astimezone(UTC).hour for s in starts] == [7, 7, 7, 7, 8, 8]
    assert activity.series_end == helsinki(2026, 11, 10, 12)


@pytest.mark.parametrize(
    ("day", "changes", "rule"),
    [
        ("2026-09-01", {"repeat": "weekly"}, "FREQ=WEEKLY;BYDAY=TU"),
        ("2026-09-01", {"repeat": "weekly", "weekdays": ["TU", "TH"]}, "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("2026-09-08", {"repeat": "monthly_weekday"}, "FREQ=MONTHLY;BYDAY=2TU"),
        ("2026-09-29", {"repeat": "monthly_weekday"}, "FREQ=MONTHLY;BYDAY=-1TU"),
        (
            "2026-09-15",
            {"repeat": "monthly_date", "repeat_end": "count", "count": "5"},
            "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=5",
        ),
        ("2026-09-01", {"repeat": "none"}, ""),
        (
            "2026-09-01",
            {"repeat": "weekly", "rrule": "RRULE:freq=weekly;byday=TU,FR;count=4"},
            "FREQ=WEEKLY;BYDAY=TU,FR;COUNT=4",
        ),
    ],
    ids=["weekly", "two-days", "2nd-tuesday", "last-tuesday", "date-count", "one-off", "advanced"],
)
@time_machine.travel(NOW, tick=False)
def test_the_repeat_builder_writes_the_rule(eddie_client, calendar, day, changes, rule):
    data = form_data(calendar["orgs"]["mll"], calendar["cafe_place"], date=day, **changes)
    assert _created(eddie_client, data).rrule == rule


@time_machine.travel(NOW, tick=False)
def test_the_second_tuesday_rule_gives_the_second_tuesdays(eddie_client, calendar):
    data = form_data(calendar["orgs"]["mll"], calendar["cafe_place"], date="2026-09-08", repeat="monthly_weekday")
    activity = _created(eddie_client, data)
    days = [o.local_start.date().isoformat() for o in next_occurrences(activity, NOW, limit=4)]
    assert days == ["2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08"]


@time_machine.travel(NOW, tick=False)
def test_ages_in_years_include_the_last_year_and_months_are_kept_as_given(eddie_client, calendar):
    mll, place = calendar["orgs"]["mll"], calendar["cafe_place"]
    years = _created(eddie_client, form_data(mll, place, age_from="1", age_to="3"))
    assert (years.age_min_months, years.age_max_months) == (12, 47)
    months = _created(eddie_client, form_data(mll, place, age_unit="months", age_from="0", age_to="9"))
    assert (months.age_min_months, months.age_max_months) == (0, 9)


@time_machine.travel(NOW, tick=False)
def test_all_fields_are_saved_with_an_audit_line(eddie_client, calendar):
    fathers = TargetGroup.objects.get(code="fathers")
    finnish, swedish = Language.objects.get(code="fi"), Language.objects.get(code="sv")
    data = form_data(
        calendar["orgs"]["mll"],
        calendar["park"],
        co_organisers=[str(calendar["orgs"]["city"].pk)],
        description_fi="Isät ja lapset",
        participation="targeted",
        target_groups=[str(fathers.pk)],
        languages=[str(finnish.pk), str(swedish.pk)],
        cost="fee",
        cost_note_fi="5 € perhe",
        signup_required="on",
        signup_url="https://example.fi/ilmo",
        contact_name="Perhetyöntekijä",
        contact_email="perhe@example.fi",
        runs_on_closures="on",
        online="on",
        online_url="https://example.fi/meet",
        status_action="draft",
    )
    activity = _created(eddie_client, data)
    assert activity.status == ActivityStatus.DRAFT
    assert list(activity.co_organisers.all()) == [calendar["orgs"]["city"]]
    assert list(activity.target_groups.all()) == [fathers]
    assert set(activity.languages.all()) == {finnish, swedish}
    assert activity.place == calendar["park"] and activity.area == calendar["areas"]["matinkyla"]
    assert (activity.participation, activity.cost, activity.cost_note_fi) == ("targeted", "fee", "5 € perhe")
    assert activity.signup_required and activity.runs_on_closures and activity.online
    assert activity.contact_email == "perhe@example.fi"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(activity.uuid))
    assert entry.actor == calendar["people"]["eddie"] and entry.source == "editor"


@time_machine.travel(NOW, tick=False)
def test_the_edit_form_shows_the_rule_in_the_builder_and_saves_it_unchanged(eddie_client, calendar):
    fathers = calendar["fathers"]  # every second Thursday 18–20 until 2026-12-17
    page = eddie_client.get(f"/editor/activities/{fathers.uuid}/edit/")
    assert page.status_code == 200
    initial = page.context["form"].initial
    assert (initial["repeat"], initial["weekdays"], initial["repeat_end"]) == ("biweekly", ["TH"], "until")
    assert initial["until"].isoformat() == "2026-12-17"
    assert (initial["date"].isoformat(), initial["start_time"].hour, initial["end_time"].hour) == ("2026-01-08", 18, 20)
    data = form_data(
        calendar["orgs"]["mll"],
        calendar["park"],
        title_fi="Isien ilta (uusi nimi)",
        date="2026-01-08",
        start_time="18:00",
        end_time="20:00",
        repeat="biweekly",
        weekdays=["TH"],
        repeat_end="until",
        until="2026-12-17",
        co_organisers=[str(calendar["orgs"]["city"].pk)],
    )
    response = eddie_client.post(f"/editor/activities/{fathers.uuid}/edit/", data)
    assert response.status_code == 302
    fathers.refresh_from_db()
    assert fathers.title_fi == "Isien ilta (uusi nimi)"
    assert fathers.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20261217T235959"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(fathers.uuid))
    assert entry.changes["title_fi"] == ["Isien ilta", "Isien ilta (uusi nimi)"]
    assert "rrule" not in entry.changes


def test_a_rule_the_builder_cannot_say_stays_in_the_advanced_field(eddie_client, calendar):
    from perhekeskus.activities.tests.conftest import make_activity

    odd = make_activity(calendar["orgs"]["mll"], rrule="FREQ=DAILY;INTERVAL=3;COUNT=10")
    initial = eddie_client.get(f"/editor/activities/{odd.uuid}/edit/").context["form"].initial
    assert (initial["repeat"], initial["rrule"]) == ("none", "FREQ=DAILY;INTERVAL=3;COUNT=10")
