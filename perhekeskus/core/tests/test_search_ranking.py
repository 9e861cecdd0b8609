"""The finder ranks by where a word occurs, needs every word, and stays one SQL query.

A small network of our own (on top of the shared `network` cast), written through
the service functions so the index is kept exactly as in real use.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from perhekeskus.core.models import SearchTerm
from perhekeskus.network import search_index, services
from perhekeskus.network.models import Place, Service
from perhekeskus.network.queries import Filters, organisations_find, places_find, services_find


def names(q: str, **filters: Any) -> list[str]:
    return [s.name_fi for s in services_find(Filters(q=q, **filters))]


@pytest.fixture
def directory(network: dict[str, Any]) -> dict[str, Any]:
    orgs, types = network["orgs"], network["types"]
    place = services.place_create(
        actor=None,
        data={
            "organisation": orgs["mll"],
            "kind": "family_cafe",
            "name_fi": "Perhetalo Kaari",
            "street_address": "Kuitinmäentie 1",
            "postal_code": "02230",
            "city": "Espoo",
            "area": network["areas"]["matinkyla"],
        },
    )

    def add(name: str, type_code: str, org: str = "mll", **data: Any) -> Service:
        places = data.pop("places", [])
        return services.service_create(
            actor=None,
            data={"provider": orgs[org], "name_fi": name, "service_type": types[type_code], "places": places, **data},
        )

    made = {
        "cafe": add(
            "Perhekahvila Kaari",
            "family_cafe",
            name_sv="Familjecafé Kaari",
            name_en="Family café Kaari",
            places=[place],
        ),
        "baby": add("Vauvakahvila", "baby_cafe", description_fi="Vauvaperheiden kohtaamispaikka."),
        "dads": add("Isäryhmä", "fathers_group", name_sv="Pappagrupp", name_en="Fathers' group"),
        "park": add(
            "Asukaspuisto Pikkulaiva", "resident_park", description_fi="Sisätiloissa kahvila ja kerho vanhemmille."
        ),
        "clinic": add("Lastenneuvola", "child_health_clinic", org="clinic", name_sv="Barnrådgivning"),
        "training": add("Perhevalmennus", "family_training", org="clinic"),
    }
    # The shared cast creates its organisations directly, not through the services.
    search_index.reindex_all("organisation")
    return {**network, "services": made, "place": place}


def test_name_outranks_type_and_type_outranks_description(directory: dict[str, Any]) -> None:
    # Vauvakahvila: "kahvila" in the name; Perhekahvila Kaari: in the name too;
    # Asukaspuisto: only in the description, so last.
    assert names("kahvila") == ["Perhekahvila Kaari", "Vauvakahvila", "Asukaspuisto Pikkulaiva"]
    found = services_find(Filters(q="kahvila"))
    assert [s.search_score for s in found] == [10, 10, 2]


def test_score_adds_up_over_query_words(directory: dict[str, Any]) -> None:
    # Both are named "...kahvila"; only Perhekahvila Kaari is at a place in Matinkylä.
    found = list(services_find(Filters(q="kahvila matinkylässä")))
    assert [s.name_fi for s in found] == ["Perhekahvila Kaari"]
    assert found[0].search_score == 10 + 1


def test_every_query_word_must_match(directory: dict[str, Any]) -> None:
    assert names("isä kahvila") == []
    assert names("isille ryhmä") == ["Isäryhmä"]


def test_inflected_finnish_swedish_and_english_queries(directory: dict[str, Any]) -> None:
    assert names("perhekahvilaan")[0] == "Perhekahvila Kaari"
    assert names("isille") == ["Isäryhmä"]
    assert names("neuvolasta")[0] == "Lastenneuvola"
    assert names("familjecaféet")[0] == "Perhekahvila Kaari"
    assert names("pappagrupper") == ["Isäryhmä"]
    assert names("rådgivningen")[0] == "Lastenneuvola"
    assert names("fathers") == ["Isäryhmä"]


def test_last_word_is_matched_as_a_prefix_while_typing(directory: dict[str, Any]) -> None:
    assert names("perhekah") == ["Perhekahvila Kaari"]
    assert names("perheval") == ["Perhevalmennus"]
    assert names("perhekah vauva") == []  # only the last word is a prefix


def test_nothing_found_and_only_stop_words(directory: dict[str, Any]) -> None:
    assert names("xyzzyplugh") == []
    assert names("ja och the") == []


def test_ties_break_by_name_then_id(directory: dict[str, Any]) -> None:
    org, stype = directory["orgs"]["parish"], directory["types"]["family_club"]
    for name in ["Perhekerho Öö", "Perhekerho Aa", "Perhekerho Ää", "Perhekerho Aa"]:
        services.service_create(actor=None, data={"provider": org, "name_fi": name, "service_type": stype})
    found = list(services_find(Filters(q="perhekerho")))
    assert [s.name_fi for s in found] == ["Perhekerho Aa", "Perhekerho Aa", "Perhekerho Ää", "Perhekerho Öö"]
    assert found[0].id < found[1].id


def test_search_combines_with_filters(directory: dict[str, Any]) -> None:
    assert names("kahvila", organisation=["espoo-clinic"]) == []
    # Perhevalmennus is found through its type's group, "Neuvolat ja terveys", below the named clinic.
    assert names("neuvola", organisation=["espoo-clinic"]) == ["Lastenneuvola", "Perhevalmennus"]


def test_results_page_and_count_like_a_queryset(directory: dict[str, Any]) -> None:
    found = services_find(Filters(q="kahvila"))
    assert found.count() == 3
    assert [s.name_fi for s in found[1:3]] == ["Vauvakahvila", "Asukaspuisto Pikkulaiva"]


def test_query_count_does_not_grow_with_matches(directory: dict[str, Any]) -> None:
    def queries_for(q: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            hits = len(list(services_find(Filters(q=q))[:50]))
        return hits, len(ctx.captured_queries)

    few = queries_for("isäryhmä")
    org, stype = directory["orgs"]["mll"], directory["types"]["fathers_group"]
    Service.objects.bulk_create(
        [Service(provider=org, name_fi=f"Isäryhmä {i}", service_type=stype, tier="community") for i in range(40)]
    )
    search_index.reindex_all("service")
    many = queries_for("isäryhmä")
    assert few == (1, 1)
    assert many == (41, 1)
    assert queries_for("isäryhmä isille perhekah") == (0, 1)


def test_editing_reindexes_the_service(directory: dict[str, Any]) -> None:
    park = directory["services"]["park"]
    services.service_update(actor=None, service=park, data={"name_fi": "Asukaspuisto Majakka"})
    assert names("pikkulaiva") == []
    assert names("majakalle") == ["Asukaspuisto Majakka"]
    services.service_delete(actor=None, service=park)
    assert not SearchTerm.objects.filter(kind="service", object_id=park.pk).exists()
    assert names("majakka") == []


def test_renaming_a_provider_or_place_reindexes_its_services(directory: dict[str, Any]) -> None:
    services.organisation_update(
        actor=None, organisation=directory["orgs"]["mll"], data={"name_fi": "Mannerheimin Lastensuojeluliitto"}
    )
    assert "Isäryhmä" in names("lastensuojeluliitto")
    services.place_update(actor=None, place=directory["place"], data={"name_fi": "Olarin perhetalo"})
    assert names("olarin") == ["Perhekahvila Kaari"]


def test_places_and_organisations_are_searched_too(directory: dict[str, Any]) -> None:
    assert [p.name_fi for p in places_find(Filters(q="perhetalossa"))] == ["Perhetalo Kaari"]
    assert [p.name_fi for p in places_find(Filters(q="02230"))] == ["Perhetalo Kaari"]
    assert [p.name_fi for p in places_find(Filters(q="family café"))] == ["Perhetalo Kaari"]  # kind label
    assert [o.name_fi for o in organisations_find(Filters(q="seurakunnan"))] == ["Salon seurakunta"]


def test_rebuild_command_restores_the_index(directory: dict[str, Any], capsys: Any) -> None:
    SearchTerm.objects.all().delete()
    SearchTerm.objects.create(kind="service", object_id=directory["services"]["dads"].pk, term="stale", weight=10)
    assert names("isille") == []
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "service: 6 indexed" in out and "place: 1 indexed" in out and "organisation: 4 indexed" in out
    assert names("isille") == ["Isäryhmä"]
    assert names("stale") == []
    assert Place.objects.count() == 1


def test_rebuild_command_one_kind_and_bad_kind(directory: dict[str, Any], capsys: Any) -> None:
    call_command("rebuild_search_index", "--kind", "place")
    out = capsys.readouterr().out
    assert "place: 1 indexed" in out and out.strip().endswith("statistics updated")
    with pytest.raises(CommandError, match="Unknown kind 'event'"):
        call_command("rebuild_search_index", "--kind", "event")


def test_importing_search_does_not_load_the_finnish_dictionary() -> None:
    # Loading Voikko takes over a second; importing the project must not pay for it.
    code = (
        "import django, sys; django.setup(); import perhekeskus.core.search, perhekeskus.network.queries; "
        "print('pyvoikko' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "perhekeskus.settings", "DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "False"
