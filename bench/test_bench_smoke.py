"""The benchmark at a tiny scale: the generator builds a searchable network and one
round of the benchmark measures every query on the page and the API.

No timing is asserted (this is not a timed test); the figures only have to exist.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import run
from bench.generate import Sizes, generate
from perhekeskus.network.models import Area, AreaKind, OpeningHours, Organisation, Place, Service

SCALE = 0.005


@pytest.fixture
def tiny_network(db: Any) -> dict[str, int]:
    return generate(scale=SCALE, seed=7, progress=False)


def test_generator_builds_the_network_at_the_asked_scale(tiny_network: dict[str, int]) -> None:
    sizes = Sizes.at(SCALE)
    assert Organisation.objects.count() == sizes.organisations == tiny_network["organisations"]
    assert Service.objects.count() == sizes.services
    assert Place.objects.count() == sizes.places
    assert Area.objects.filter(kind=AreaKind.COUNTY).count() == sizes.counties
    assert Area.objects.filter(kind=AreaKind.DISTRICT, parent__kind=AreaKind.MUNICIPALITY).count() == (
        sizes.municipalities * 3
    )
    assert OpeningHours.objects.exists()
    # Every service has a type, a provider and at least one life stage and area.
    assert not Service.objects.filter(life_stages=None).exists()
    assert not Service.objects.filter(areas=None).exists()


def test_generator_refuses_a_database_that_already_has_a_network(tiny_network: dict[str, int]) -> None:
    with pytest.raises(RuntimeError, match="already has"):
        generate(scale=SCALE, seed=7, progress=False)
    assert Organisation.objects.count() == tiny_network["organisations"]


def test_one_benchmark_round_gives_figures_for_every_query(tiny_network: dict[str, int]) -> None:
    queries = run.queries()
    results = run.measure(queries, repeat=1)

    assert {(r.label, r.target) for r in results} == {(q.label, t) for q in queries for t in run.TARGETS}
    assert all(len(r.samples_ms) == 1 and r.samples_ms[0] > 0 and r.sql_queries > 0 for r in results)
    hits = {r.label: r.hits for r in results if r.target == "api"}
    # The search index was built: plain, inflected and compound-part words all find services.
    assert hits["single word"] and hits["inflected word"] and hits["compound part"]
    assert hits["everything"] == Service.objects.filter(status="active").count()
    table = run.table(results)
    assert "| single word |" in table and "| page |" in table and "| API |" in table
