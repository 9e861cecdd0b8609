"""Search over the demo network: a table of queries and the services each must find.

Finnish inflections and compound parts, Swedish and English forms, several words,
typing a prefix, and queries that find nothing. The demo is loaded once for the
module (`manage.py load_demo`, as `make run` does) and rolled back at the end. The
same table runs on SQLite and PostgreSQL; `test_order_is_the_stored_one` pins the
exact order of several result lists so both databases must rank identically.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from perhekeskus.network.models import Service
from perhekeskus.network.queries import Filters, services_find


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def top(q: str, n: int = 10) -> list[str]:
    return [s.name_fi for s in services_find(Filters(q=q))[:n]]


# (query, services that must be among the first `n` results, n)
TABLE: list[tuple[str, list[str], int]] = [
    # Finnish: inflected forms find the base form
    ("perhekahvilaan", ["Perhekahvila Pikkuväki", "Perhekahvila Leppis", "Perhekahvila Grani"], 10),
    ("perhekahvilassa", ["Perhekahvila Halikon Helmi", "Perniön perhekahvila"], 10),
    ("isille", ["Isäryhmä Leppävaara", "Isäryhmä ruotsiksi (Pappagrupp)", "Isien saunailta Matinkylässä"], 10),
    ("neuvolasta", ["Halikon neuvola", "Kauniaisten neuvola", "Leppävaaran lastenneuvola"], 10),
    ("neuvolaan", ["Matinkylän lastenneuvola", "Salon äitiysneuvola"], 15),
    ("äitiysneuvolassa", ["Leppävaaran äitiysneuvola", "Matinkylän äitiysneuvola", "Salon äitiysneuvola"], 3),
    ("lastenneuvolat", ["Leppävaaran lastenneuvola", "Tapiolan lastenneuvola", "Salon lastenneuvola"], 4),
    ("perhevalmennukseen", ["Perhevalmennus Salossa", "Perhevalmennus nuorille vanhemmille"], 5),
    ("perhekerhoon", ["Perhekerho Leppäkerttu", "Salon seurakunnan perhekerho"], 4),
    ("asukaspuistossa", ["Asukaspuisto Kuunkehrä", "Asukaspuisto Leppäpirtti"], 2),
    ("vauvaryhmään", ["Vauvaryhmä Ekavauva"], 1),
    ("Ekavauvaan", ["Vauvaryhmä Ekavauva"], 1),  # a name the dictionary does not know
    ("Matinkylässä", ["Matinkylän lastenneuvola", "Isien saunailta Matinkylässä", "Matinkylän koulu"], 10),
    ("Leppävaarassa", ["Isäryhmä Leppävaara", "Leppävaaran äitiysneuvola"], 4),
    ("Tapiolassa", ["Vauvakahvila Tapiola", "Tapiolan lastenneuvola"], 5),
    ("maahanmuuttajille", ["Maahanmuuttajaäitien ryhmä"], 1),
    ("parisuhteeseen", ["Parisuhteen lataamislauantai", "Parisuhdeneuvonta"], 6),
    ("kotipalvelua", ["Lapsiperheiden kotipalvelu", "Lapsiperheiden kotipalvelu Salossa"], 2),
    ("lastensuojelusta", ["Lastensuojelun avohuolto", "Lastensuojelun perhetyö"], 2),
    ("palveluohjausta", ["Lapsiperheiden palveluohjaus", "Perheiden palveluohjaus Salossa"], 2),
    ("satutunnille", ["Ruotsinkielinen satutunti", "Satutunti Salon pääkirjastossa"], 2),
    ("avoimeen päiväkotiin", ["Avoin päiväkoti Omenapuu", "Avoin päiväkoti Lekstugan"], 2),
    # Finnish: a compound part finds the compound
    ("kahvila", ["Vauvakahvila Tapiola", "Perhekahvila Pikkuväki", "Vauvakahvila Salon perhekeskuksessa"], 15),
    ("puisto", ["Perhepuisto Veturi", "Asukaspuisto Kuunkehrä"], 3),
    ("valmennus", ["Perhevalmennus esikoistaan odottaville", "Monikulttuurinen perhevalmennus"], 5),
    ("kerho", ["Leikkikerho Touhutassut", "Päiväkerho 3–5-vuotiaille", "Perhekerho Olarin kirkolla"], 10),
    ("imetys", ["Imetysohjaus ja imetystukiryhmä"], 1),
    ("päiväkoti", ["Päiväkoti Pikkupiha", "Avoin päiväkoti Omenapuu"], 3),
    ("neuvottelukeskukseen", ["Perheasiain neuvottelukeskus"], 1),
    # Swedish
    ("familjecaféet", ["Familjecafé Tapiola", "Perhekahvila Grani"], 10),
    ("familjecafé", ["Perhekahvila Leppis"], 10),
    ("pappagrupper", ["Isäryhmä ruotsiksi (Pappagrupp)", "Isä-pappa-dad-ryhmä Salo", "Isäryhmä Leppävaara"], 3),
    ("rådgivningen", ["Halikon neuvola", "Kauniaisten neuvola"], 5),
    ("barnrådgivning", ["Matinkylän lastenneuvola", "Salon lastenneuvola"], 4),
    ("mödrarådgivningen", ["Leppävaaran äitiysneuvola", "Matinkylän äitiysneuvola", "Salon äitiysneuvola"], 3),
    ("familjeklubben", ["Perhekerho Leppäkerttu", "Ruotsinkielinen perhekerho Tapiolassa"], 4),
    ("förskoleundervisning esbo", ["Esiopetus Espoossa"], 1),
    ("hembesök", ["Neuvolan kotikäynnit"], 1),
    # English
    ("fathers", ["Isäryhmä Leppävaara", "Isäryhmä ruotsiksi (Pappagrupp)"], 3),
    ("clinics", ["Matinkylän lastenneuvola", "Salon äitiysneuvola"], 20),
    ("groups", ["Maahanmuuttajaäitien ryhmä", "Isäryhmä Leppävaara"], 10),
    ("family cafés", ["Perhekahvila Leppis", "Monikulttuurinen perhekahvila Silta"], 10),
    ("maternity clinic", ["Leppävaaran äitiysneuvola", "Matinkylän äitiysneuvola", "Salon äitiysneuvola"], 3),
    ("breastfeeding", ["Imetysohjaus ja imetystukiryhmä"], 1),
    ("couples counselling", ["Parisuhdeneuvonta"], 1),
    ("day-care", ["Päiväkoti Pikkupiha", "Avoin päiväkoti Omenapuu"], 3),
    # Several words: every one must match, more matching words rank higher
    ("isä lapsi retki", ["Isä–lapsi-retket ja -leirit"], 1),
    ("perhekahvila halikko", ["Perhekahvila Halikon Helmi"], 1),
    ("vauva kahvila tapiola", ["Vauvakahvila Tapiola"], 1),
    ("seurakunnan perhekerho", ["Salon seurakunnan perhekerho"], 1),
    ("Salossa neuvola", ["Salon lastenneuvola", "Salon äitiysneuvola", "Salon seudun perheneuvola"], 3),
    # The last word as a prefix, while typing
    ("perhekah", ["Perhekahvila Pikkuväki", "Perhekahvila Grani"], 10),
    ("vauvaloru", ["Vauvaloruhetki Sellon kirjastossa"], 1),
    ("isä lapsi ret", ["Isä–lapsi-retket ja -leirit"], 1),
]

# Queries that must find nothing at all.
EMPTY = ["xyzzy", "kahvila xyzzy", "ja och the", "perhekahvila tapiola salo"]


@pytest.mark.parametrize(("query", "expected", "n"), TABLE, ids=[row[0] for row in TABLE])
def test_query_finds_expected_services(demo: None, db: Any, query: str, expected: list[str], n: int) -> None:
    found = top(query, n)
    missing = [name for name in expected if name not in found]
    assert not missing, f"{query!r}: {missing} not in the first {n}: {found}"


@pytest.mark.parametrize("query", EMPTY)
def test_query_finds_nothing(demo: None, db: Any, query: str) -> None:
    assert top(query, 50) == []


def test_table_is_big_enough() -> None:
    assert len(TABLE) + len(EMPTY) >= 40


def test_query_word_does_not_match_through_a_shared_compound_part(demo: None, db: Any) -> None:
    # 81 services say "perhe" somewhere; "perhekahvila" finds the 13 that mention a family café.
    found = top("perhekahvila", 100)
    assert len(found) == 13 and len(top("perhe", 100)) > 50
    assert "Perhevalmennus nuorille vanhemmille" not in found
    assert "Perhekerho Leppäkerttu" not in found


# The exact order of whole result lists, the same on SQLite and PostgreSQL: best score
# first, then the Finnish name compared by code point, then id.
STORED_ORDER: dict[str, list[str]] = {
    "Salossa neuvola": [
        "Salon lastenneuvola",
        "Salon seudun perheneuvola",
        "Salon äitiysneuvola",
        "Perhevalmennus Salossa",
        "Vauvakahvila Salon perhekeskuksessa",
        "Halikon neuvola",
    ],
    "maternity clinic": [
        "Leppävaaran äitiysneuvola",
        "Matinkylän äitiysneuvola",
        "Salon äitiysneuvola",
        "Kauniaisten neuvola",
        "Hyvinvointineuvola Espoon keskus",
        "Leppävaaran lastenneuvola",
    ],
    "seurakunnan perhekerho": [
        "Salon seurakunnan perhekerho",
        "Ruotsinkielinen perhekerho Tapiolassa",
        "Perhekerho Leppäkerttu",
        "Perhekerho Olarin kirkolla",
    ],
    "parisuhteeseen": [
        "Parisuhteen lataamislauantai",
        "Parista perheeksi -ilta",
        "Parista perheeksi Salossa",
        "Parisuhdeneuvonta",
        "Perheasiain neuvottelukeskus",
        "Tahdolla ja taidolla – parisuhdekurssi",
    ],
    "asukaspuistossa": [
        "Asukaspuisto Kuunkehrä",
        "Asukaspuisto Leppäpirtti",
        "Perhepuisto Veturi",
        "Matinkylä-Olarin perheiden toimintakalenteri",
        "Perhekahvila Leppis",
        "Leikkikerho Touhutassut",
    ],
}


@pytest.mark.parametrize("query", list(STORED_ORDER))
def test_order_is_the_stored_one(demo: None, db: Any, query: str) -> None:
    assert top(query, len(STORED_ORDER[query])) == STORED_ORDER[query]


def test_api_lists_the_same_matches_best_first(demo: None, db: Any, client: Any) -> None:
    response = client.get("/api/v1/services/", {"q": "neuvolasta", "page_size": 100})
    assert response.status_code == 200
    body = response.json()
    expected = [str(s.uuid) for s in services_find(Filters(q="neuvolasta"))]
    assert [item["id"] for item in body["data"]] == expected
    assert body["meta"]["count"] == len(expected) > 5
    assert Service.objects.get(uuid=expected[0]).name_fi == top("neuvolasta", 1)[0]


@pytest.mark.parametrize("q", ["neuvolasta", "perhekahvila", "ryhmä"])
def test_api_pages_of_a_ranked_search_follow_the_ranking(demo: None, db: Any, client: Any, q: str) -> None:
    expected = [str(s.uuid) for s in services_find(Filters(q=q))]
    seen: list[str] = []
    page = 1
    while True:
        body = client.get("/api/v1/services/", {"q": q, "page_size": 3, "page": page}).json()
        seen += [item["id"] for item in body["data"]]
        if not body["meta"]["next"]:
            break
        page += 1
    assert seen == expected and len(expected) > 3


def test_finder_page_two_continues_the_ranking(demo: None, db: Any, client: Any) -> None:
    expected = [s.name for s in services_find(Filters(q="ryhmä"))]
    assert len(expected) > 20
    second = client.get("/", {"q": "ryhmä", "page": 2}).context["services"]
    assert [s.name for s in second] == expected[20:40]
