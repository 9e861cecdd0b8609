"""Opening-hours logic: today's hours, dated exceptions, holiday closures and "open now",
always judged in Europe/Helsinki wall-clock time – also across the clock changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from perhekeskus.network import hours, services
from perhekeskus.network.models import Place

UTC = dt.UTC
HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def place(network) -> Place:
    weekly = [{"weekday": d, "opens": dt.time(9), "closes": dt.time(16)} for d in range(5)]
    sunday = [{"weekday": 6, "opens": dt.time(10), "closes": dt.time(14)}]
    tuesday_evening = [{"weekday": 1, "opens": dt.time(17), "closes": dt.time(19)}]
    created = services.place_create(
        actor=None,
        data={
            "organisation": network["orgs"]["mll"],
            "kind": "family_cafe",
            "name_fi": "Perhekahvila",
            "street_address": "Katu 1",
            "city": "Espoo",
            "opening_hours": weekly + sunday + tuesday_evening,
            "opening_exceptions": [
                # Holiday closure over Christmas.
                {"start_date": dt.date(2026, 12, 24), "end_date": dt.date(2026, 12, 26), "reason_fi": "Joulu"},
                # Shorter hours on one day.
                {
                    "start_date": dt.date(2026, 12, 23),
                    "end_date": dt.date(2026, 12, 23),
                    "closed": False,
                    "opens": dt.time(9),
                    "closes": dt.time(12),
                    "reason_fi": "Aatonaatto",
                },
            ],
        },
    )
    return Place.objects.prefetch_related("opening_hours", "opening_exceptions").get(pk=created.pk)


def at(y, m, d, hh, mm=0, tz=HELSINKI):
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


def test_regular_weekday(place):
    monday = dt.date(2026, 12, 14)
    day = hours.hours_on(place, monday)
    assert [(i.opens, i.closes) for i in day.intervals] == [(dt.time(9), dt.time(16))]
    assert hours.is_open(place, at(2026, 12, 14, 9, 0))
    assert hours.is_open(place, at(2026, 12, 14, 15, 59))
    assert not hours.is_open(place, at(2026, 12, 14, 16, 0))  # closing time is exclusive
    assert not hours.is_open(place, at(2026, 12, 14, 8, 59))


def test_two_intervals_on_one_day_are_both_kept_in_order(place):
    day = hours.hours_on(place, dt.date(2026, 12, 15))  # Tuesday
    assert [(i.opens, i.closes) for i in day.intervals] == [(dt.time(9), dt.time(16)), (dt.time(17), dt.time(19))]
    assert not hours.is_open(place, at(2026, 12, 15, 16, 30))
    assert hours.is_open(place, at(2026, 12, 15, 18, 0))


def test_day_without_hours_is_closed(place):
    saturday = hours.hours_on(place, dt.date(2026, 12, 19))
    assert saturday.closed and saturday.exception is None


def test_exception_with_other_hours(place):
    day = hours.hours_on(place, dt.date(2026, 12, 23))
    assert [(i.opens, i.closes) for i in day.intervals] == [(dt.time(9), dt.time(12))]
    assert day.reason == "Aatonaatto"
    assert hours.is_open(place, at(2026, 12, 23, 11, 0))
    assert not hours.is_open(place, at(2026, 12, 23, 13, 0))  # a normal Wednesday would be open


def test_holiday_closure_closes_a_normal_weekday(place):
    day = hours.hours_on(place, dt.date(2026, 12, 24))  # Thursday
    assert day.closed and day.reason == "Joulu"
    assert not hours.is_open(place, at(2026, 12, 24, 10, 0))
    assert hours.hours_on(place, dt.date(2026, 12, 28)).intervals  # open again after


def test_open_now_uses_helsinki_time_not_utc(place):
    # 07:30 UTC on a winter Monday is 09:30 in Helsinki (UTC+2): open.
    with time_machine.travel(dt.datetime(2026, 12, 14, 7, 30, tzinfo=UTC), tick=False):
        assert hours.is_open(place)
        assert hours.today(place).day == dt.date(2026, 12, 14)
    # 22:30 UTC on Sunday is already Monday 00:30 in Helsinki: Monday's hours are "today".
    with time_machine.travel(dt.datetime(2026, 12, 13, 22, 30, tzinfo=UTC), tick=False):
        assert hours.today(place).day == dt.date(2026, 12, 14)
        assert not hours.is_open(place)


def test_spring_forward_day(place):
    # Sunday 29 March 2026: clocks go from 03:00 to 04:00, Helsinki becomes UTC+3.
    # 07:30 UTC is 10:30 local (with the old offset it would wrongly be 09:30): open.
    with time_machine.travel(dt.datetime(2026, 3, 29, 7, 30, tzinfo=UTC), tick=False):
        assert hours.is_open(place)
    # 06:30 UTC is 09:30 local: not yet open.
    with time_machine.travel(dt.datetime(2026, 3, 29, 6, 30, tzinfo=UTC), tick=False):
        assert not hours.is_open(place)
    # 10:59 UTC is 13:59 local: still open; 11:00 UTC is 14:00 local: closed.
    assert hours.is_open(place, dt.datetime(2026, 3, 29, 10, 59, tzinfo=UTC))
    assert not hours.is_open(place, dt.datetime(2026, 3, 29, 11, 0, tzinfo=UTC))


def test_fall_back_day(place):
    # Sunday 25 October 2026: clocks go from 04:00 back to 03:00, Helsinki becomes UTC+2.
    # 08:00 UTC is 10:00 local: open exactly at opening time; 07:59 UTC is 09:59: closed.
    assert hours.is_open(place, dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC))
    assert not hours.is_open(place, dt.datetime(2026, 10, 25, 7, 59, tzinfo=UTC))


def test_weekly_schedule_lists_every_day_monday_first(place):
    week = hours.weekly(place)
    assert [w.weekday for w in week] == list(range(7))
    assert week[5].intervals == []  # Saturday closed
    assert [(i.opens, i.closes) for i in week[6].intervals] == [(dt.time(10), dt.time(14))]


def test_upcoming_exceptions_skip_the_past_and_the_far_future(place):
    services.place_update(
        actor=None,
        place=place,
        data={
            "opening_exceptions": [
                {"start_date": dt.date(2026, 6, 19), "end_date": dt.date(2026, 6, 20)},  # past
                {"start_date": dt.date(2026, 12, 24), "end_date": dt.date(2026, 12, 26)},
                {"start_date": dt.date(2027, 6, 25), "end_date": dt.date(2027, 6, 26)},  # far
            ]
        },
    )
    fresh = Place.objects.prefetch_related("opening_exceptions").get(pk=place.pk)
    upcoming = hours.upcoming_exceptions(fresh, at(2026, 12, 1, 12))
    assert [e.start_date for e in upcoming] == [dt.date(2026, 12, 24)]
    # An exception already under way still counts as upcoming until it ends.
    assert [e.start_date for e in hours.upcoming_exceptions(fresh, at(2026, 12, 25, 12))] == [dt.date(2026, 12, 24)]
