"""What the form offers each editor, the activity list's filters, and the pages in three languages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from perhekeskus.activities.models import ActivityStatus
from perhekeskus.activities.tests.conftest import make_activity

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)


def _place_ids(form: Any) -> set[str]:
    return {value for _group, options in form.fields["place"].choices[1:] for value, _label in options}


def test_an_espoo_editor_gets_espoos_places_and_partners(client, calendar):
    client.force_login(calendar["people"]["eddie"])
    form = client.get("/editor/activities/new/").context["form"]
    orgs = calendar["orgs"]
    assert list(form.fields["organisation"].queryset) == [orgs["mll"]]
    assert set(form.fields["co_organisers"].queryset) == {orgs["city"], orgs["clinic"], orgs["mll"]}
    assert _place_ids(form) == {str(calendar["park"].pk), str(calendar["cafe_place"].pk)}
    # Grouped by district: each group is an area's name.
    assert {group for group, _options in form.fields["place"].choices[1:]} == {"Matinkylä-Olari", "Leppävaara"}


def test_a_salo_editor_gets_nothing_of_espoo(client, calendar):
    client.force_login(calendar["people"]["otto"])
    form = client.get("/editor/activities/new/").context["form"]
    assert list(form.fields["organisation"].queryset) == [calendar["orgs"]["parish"]]
    assert list(form.fields["co_organisers"].queryset) == [calendar["orgs"]["parish"]]
    assert _place_ids(form) == set()


def test_an_activity_keeps_its_far_away_place_and_partner_as_choices(client, calendar):
    parish = calendar["orgs"]["parish"]
    away = make_activity(parish, place=calendar["park"], online=False, co_organisers=[calendar["orgs"]["mll"]])
    client.force_login(calendar["people"]["otto"])
    form = client.get(f"/editor/activities/{away.uuid}/edit/").context["form"]
    assert str(calendar["park"].pk) in _place_ids(form)
    assert calendar["orgs"]["mll"] in form.fields["co_organisers"].queryset


@time_machine.travel(NOW, tick=False)
def test_the_list_filters_by_organisation_and_status_and_shows_the_next_time(client, calendar):
    make_activity(calendar["orgs"]["mll"], title_fi="Luonnos", status=ActivityStatus.DRAFT)
    client.force_login(calendar["people"]["cora"])

    def titles(query: str) -> list[str]:
        return [a.title_fi for a, _next in client.get("/editor/activities/" + query).context["rows"]]

    assert titles("") == ["Isien ilta", "Kevätjuhla", "Luonnos", "Perhekahvila"]
    assert titles("?organisation=espoo") == ["Kevätjuhla"]
    assert titles("?status=draft") == ["Luonnos"]
    assert titles("?organisation=mll-espoo&status=published") == ["Isien ilta", "Perhekahvila"]
    rows = {a.title_fi: n for a, n in client.get("/editor/activities/").context["rows"]}
    assert rows["Kevätjuhla"] is None  # in May: nothing coming
    assert rows["Perhekahvila"].local_start.isoformat() == "2026-08-25T10:00:00+03:00"
    assert rows["Isien ilta"].local_start.isoformat() == "2026-08-20T18:00:00+03:00"


@pytest.mark.parametrize(("lang", "word"), [("fi", 'lang="fi"'), ("sv", 'lang="sv"'), ("en", 'lang="en"')])
def test_the_editor_pages_render_in_each_language(client, calendar, settings, lang, word):
    client.force_login(calendar["people"]["eddie"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    cafe = calendar["cafe"]
    for url in (
        "/editor/activities/",
        "/editor/activities/new/",
        f"/editor/activities/{cafe.uuid}/",
        f"/editor/activities/{cafe.uuid}/edit/",
        f"/editor/activities/{cafe.uuid}/delete/",
        f"/editor/activities/{cafe.uuid}/cancel/",
        f"/editor/activities/{cafe.uuid}/occurrences/20260106T080000Z/move/",
        "/dashboard/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert word in response.content.decode()[:200]
