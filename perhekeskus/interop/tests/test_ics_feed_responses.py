"""The feeds over HTTP: headers, stable UIDs, the time zone, languages, caching, bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from icalendar import Calendar

from perhekeskus.activities import services
from perhekeskus.activities.models import ActivityStatus, ChangeKind
from perhekeskus.activities.tests.conftest import calendar, helsinki, make_activity  # noqa: F401
from perhekeskus.network import services as network_services
from perhekeskus.network.models import TargetGroup

NOW = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def parse(response: Any) -> Calendar:
    assert response.status_code == 200, response.content
    return Calendar.from_ical(response.content)


def masters(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e}


def test_the_calendar_feed_is_a_subscribable_calendar(calendar, client):  # noqa: F811
    response = client.get("/calendar.ics")
    cal = parse(response)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="perhekeskus-calendar.ics"'
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert str(cal["PRODID"]) == "-//Perhekeskus//Activity calendar//FI"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert cal["REFRESH-INTERVAL"].to_ical() == b"PT12H"
    assert b"X-PUBLISHED-TTL:PT12H" in response.content
    uids = set(masters(cal))
    assert uids == {f"{calendar[k].uuid}@perhekeskus" for k in ("cafe", "fathers", "party")}


def test_uids_stay_the_same_between_requests_and_feeds(calendar, client):  # noqa: F811
    first = set(masters(parse(client.get("/calendar.ics"))))
    services.activity_update(actor=None, activity=calendar["cafe"], data={"title_fi": "Perhekahvila Lepakko"})
    second = set(masters(parse(client.get("/calendar.ics?lang=sv"))))
    single = set(masters(parse(client.get(f"/api/v1/activities/{calendar['cafe'].uuid}/calendar.ics"))))
    assert first == second
    assert single == {f"{calendar['cafe'].uuid}@perhekeskus"}
    assert single <= first


def test_the_uid_domain_comes_from_the_settings(calendar, client, settings):  # noqa: F811
    settings.ICAL_UID_DOMAIN = "perhe.espoo.fi"
    uids = set(masters(parse(client.get("/calendar.ics"))))
    assert f"{calendar['party'].uuid}@perhe.espoo.fi" in uids


def test_the_helsinki_time_zone_is_described_with_both_seasons(calendar, client):  # noqa: F811
    cal = parse(client.get("/calendar.ics"))
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Helsinki"]
    kinds = {c.name for c in zones[0].subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}
    # The real 2026 transitions are listed (03:00 EET → 04:00 EEST on 29 March).
    assert b"20260329T040000" in zones[0].to_ical()
    cafe = masters(cal)[f"{calendar['cafe'].uuid}@perhekeskus"]
    assert cafe["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert cafe["DTSTART"].dt == helsinki(2026, 1, 6, 10)
    assert cafe["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"


def test_until_in_the_feed_is_utc(calendar, client):  # noqa: F811
    fathers = masters(parse(client.get("/calendar.ics")))[f"{calendar['fathers'].uuid}@perhekeskus"]
    # Stored as 23:59:59 Helsinki wall time on 17 December (winter, UTC+2).
    assert b"UNTIL=20261217T215959Z" in fathers["RRULE"].to_ical()


def test_the_language_comes_from_lang_or_accept_language(calendar, client):  # noqa: F811
    cafe_uid = f"{calendar['cafe'].uuid}@perhekeskus"
    swedish = masters(parse(client.get("/calendar.ics?lang=sv")))[cafe_uid]
    assert str(swedish["SUMMARY"]) == "Familjecafé"
    assert "Mattby" in str(
        masters(parse(client.get("/calendar.ics?lang=sv")))[f"{calendar['fathers'].uuid}@perhekeskus"]["LOCATION"]
    )
    negotiated = masters(parse(client.get("/calendar.ics", HTTP_ACCEPT_LANGUAGE="sv")))[cafe_uid]
    assert str(negotiated["SUMMARY"]) == "Familjecafé"
    finnish = masters(parse(client.get("/calendar.ics?lang=fi", HTTP_ACCEPT_LANGUAGE="sv")))[cafe_uid]
    assert str(finnish["SUMMARY"]) == "Perhekahvila"
    english = masters(parse(client.get("/calendar.ics?lang=en")))[cafe_uid]
    assert str(english["SUMMARY"]) == "Perhekahvila"  # no English title: Finnish is the fallback


def test_an_event_carries_place_organiser_categories_and_links(calendar, client):  # noqa: F811
    network_services.place_update(
        actor=None, place=calendar["cafe_place"], data={"latitude": "60.219300", "longitude": "24.813600"}
    )
    family_cafe = calendar["types"].get("family_cafe")
    services.activity_update(
        actor=None,
        activity=calendar["cafe"],
        data={"service_type": family_cafe, "contact_email": "kahvila@example.fi", "description_fi": "Tervetuloa!"},
    )
    cafe = masters(parse(client.get("/calendar.ics")))[f"{calendar['cafe'].uuid}@perhekeskus"]
    assert str(cafe["LOCATION"]) == "MLL:n perhekahvila, Leppävaarankatu 2, Espoo"
    assert (cafe["GEO"].latitude, cafe["GEO"].longitude) == (60.2193, 24.8136)
    assert str(cafe["ORGANIZER"]) == "mailto:kahvila@example.fi"
    assert cafe["ORGANIZER"].params["CN"] == "MLL Espoo"
    assert str(cafe["DESCRIPTION"]) == "Tervetuloa!"
    assert family_cafe is not None and family_cafe.name_fi in [str(c) for c in cafe["CATEGORIES"].cats]
    try:
        page = "http://testserver" + reverse("activity-detail", kwargs={"uuid": calendar["cafe"].uuid})
    except NoReverseMatch:  # without the activity page the feed leaves URL out
        page = ""
    assert str(cafe.get("URL", "")) == page
    assert int(cafe["SEQUENCE"]) >= 0
    calendar["cafe"].refresh_from_db()
    assert cafe["DTSTAMP"].dt == calendar["cafe"].updated_at.replace(microsecond=0)


def test_the_sequence_grows_when_the_activity_changes(calendar, client):  # noqa: F811
    uid = f"{calendar['party'].uuid}@perhekeskus"
    before = int(masters(parse(client.get("/calendar.ics")))[uid]["SEQUENCE"])
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        services.activity_update(actor=None, activity=calendar["party"], data={"title_fi": "Kevätjuhla puistossa"})
        after = masters(parse(client.get("/calendar.ics")))[uid]
    assert int(after["SEQUENCE"]) > before
    assert str(after["SUMMARY"]) == "Kevätjuhla puistossa"


def test_a_whole_cancelled_activity_is_cancelled_in_the_feed(calendar, client):  # noqa: F811
    services.activity_update(actor=None, activity=calendar["party"], data={"status": ActivityStatus.CANCELLED})
    party = masters(parse(client.get("/calendar.ics")))[f"{calendar['party'].uuid}@perhekeskus"]
    assert str(party["STATUS"]) == "CANCELLED"


def test_a_moved_one_off_is_written_at_its_new_time(calendar, client):  # noqa: F811
    services.occurrence_change(
        actor=None,
        activity=calendar["party"],
        original_start=helsinki(2026, 5, 16, 12),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 5, 23, 12),
        new_end=helsinki(2026, 5, 23, 15),
        notes={"fi": "Sateen vuoksi viikkoa myöhemmin"},
    )
    cal = parse(client.get(f"/api/v1/activities/{calendar['party'].uuid}/calendar.ics"))
    events = cal.walk("VEVENT")
    assert len(events) == 1 and "RRULE" not in events[0] and "RECURRENCE-ID" not in events[0]
    assert events[0]["DTSTART"].dt == helsinki(2026, 5, 23, 12)
    assert str(events[0]["COMMENT"]) == "Sateen vuoksi viikkoa myöhemmin"


def test_a_second_request_with_the_etag_gets_not_modified(calendar, client):  # noqa: F811
    first = client.get("/calendar.ics?area=matinkyla")
    etag = first["ETag"]
    again = client.get("/calendar.ics?area=matinkyla", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    services.activity_update(actor=None, activity=calendar["fathers"], data={"title_fi": "Isien ilta puistossa"})
    changed = client.get("/calendar.ics?area=matinkyla", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_cancelled_occurrence_changes_the_etag(calendar, client):  # noqa: F811
    etag = client.get("/calendar.ics")["ETag"]
    services.occurrence_change(
        actor=None, activity=calendar["cafe"], original_start=helsinki(2026, 3, 10, 10), kind=ChangeKind.CANCELLED
    )
    assert client.get("/calendar.ics", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [("area=atlantis", "area"), ("age=40", "age"), ("participation=sometimes", "participation"), ("lang=de", "lang")],
)
def test_bad_filters_get_400_in_plain_text(calendar, client, query, field):  # noqa: F811
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith(f"{field}: ")


def test_filters_choose_the_activities(calendar, client):  # noqa: F811
    uids = set(masters(parse(client.get("/calendar.ics?organisation=espoo"))))
    # The city organises the party and co-organises the fathers' evenings.
    assert uids == {f"{calendar[k].uuid}@perhekeskus" for k in ("fathers", "party")}
    assert set(masters(parse(client.get("/calendar.ics?area=salo")))) == set()


def test_activities_outside_the_window_are_left_out(calendar, client):  # noqa: F811
    old = make_activity(
        calendar["orgs"]["mll"], title_fi="Syksyn kerho", start=helsinki(2025, 9, 1, 10), end=helsinki(2025, 9, 1, 11)
    )
    later = make_activity(
        calendar["orgs"]["mll"],
        title_fi="Ensi vuoden juhla",
        start=helsinki(2027, 6, 1, 10),
        end=helsinki(2027, 6, 1, 11),
    )
    uids = set(masters(parse(client.get("/calendar.ics"))))
    assert f"{old.uuid}@perhekeskus" not in uids
    assert f"{later.uuid}@perhekeskus" not in uids
    # The activity's own feed has it whatever its date.
    assert set(masters(parse(client.get(f"/api/v1/activities/{old.uuid}/calendar.ics")))) == {f"{old.uuid}@perhekeskus"}


@pytest.mark.parametrize("status", [ActivityStatus.DRAFT, None])
def test_the_activity_feed_is_404_for_drafts_and_unknown_ids(calendar, client, status):  # noqa: F811
    if status is None:
        url = "/api/v1/activities/00000000-0000-4000-8000-000000000000/calendar.ics"
    else:
        draft = make_activity(calendar["orgs"]["mll"], title_fi="Luonnos", status=status)
        url = f"/api/v1/activities/{draft.uuid}/calendar.ics"
        assert f"{draft.uuid}@perhekeskus" not in masters(parse(client.get("/calendar.ics")))
    assert client.get(url).status_code == 404


def test_the_activity_feed_is_named_for_the_activity(calendar, client):  # noqa: F811
    response = client.get(f"/api/v1/activities/{calendar['cafe'].uuid}/calendar.ics?lang=sv")
    cal = parse(response)
    assert str(cal["X-WR-CALNAME"]) == "Familjecafé"
    assert response["Content-Disposition"] == f'inline; filename="activity-{calendar["cafe"].uuid}.ics"'


def test_feeds_refuse_writes(calendar, client):  # noqa: F811
    assert client.post("/calendar.ics").status_code == 405


def test_the_feed_costs_the_same_queries_for_more_activities(calendar, client):  # noqa: F811
    def queries_for_feed() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get("/calendar.ics").status_code == 200
        return len(seen)

    few = queries_for_feed()
    for n in range(10):
        extra = make_activity(
            calendar["orgs"]["mll"],
            title_fi=f"Kerho {n}",
            place=calendar["park"],
            online=False,
            online_url="",
            start=helsinki(2026, 3, 2 + n, 9),
            end=helsinki(2026, 3, 2 + n, 10),
            rrule="FREQ=WEEKLY;COUNT=20",
            service_type=calendar["types"]["family_club"],
            target_groups=list(TargetGroup.objects.all()[:2]),
        )
        services.occurrence_change(
            actor=None, activity=extra, original_start=helsinki(2026, 3, 9 + n, 9), kind=ChangeKind.CANCELLED
        )
    assert queries_for_feed() == few
