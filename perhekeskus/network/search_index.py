"""What of each network object is searchable, and with which weight.

The analysis itself (Finnish base forms and compound parts, Swedish and English
lemmas) lives in `perhekeskus.core.search`; this module only says which texts of a
service, place or organisation feed it, and re-indexes in bulk.

- service: names (10), service type names (5), the type's group, target groups (3),
  descriptions and life stages (2), provider, places, their districts and the areas
  served (1) — "kahvila matinkylä" finds the café in Matinkylä;
- place: names (10), kind (5), descriptions (2), street address, postal code, city
  and district (1);
- organisation: names (10), descriptions (2).

Languages served are a filter, not search words. The texts are read with plain
`values_list` joins, a handful of queries per batch of objects, because building
model instances with their relations costs more than the analysis at 60 000 services.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.utils import translation

from perhekeskus.core import search
from perhekeskus.core.models import SearchTerm
from perhekeskus.network.models import Organisation, Place, PlaceKind, Service

KINDS: dict[str, type[models.Model]] = {"service": Service, "place": Place, "organisation": Organisation}

Doc = tuple[str, str, int]  # (text, language, weight)
Progress = Callable[[int, int], None]  # (done, total)

BATCH = 1000  # objects analysed per round: bounds memory and the size of each query
LANGS = search.LANGUAGES


def kind_of(obj: models.Model) -> str:
    return obj._meta.model_name or ""


def _fields(prefix: str = "", field: str = "name") -> list[str]:
    return [f"{prefix}{field}_{lang}" for lang in LANGS]


def _docs(texts: Sequence[Any], weight: int) -> list[Doc]:
    """Three texts in fi, sv, en order → documents of one weight."""
    return [(text or "", lang, weight) for text, lang in zip(texts, LANGS, strict=True)]


def _service_documents(pks: Sequence[int]) -> dict[int, list[Doc]]:
    docs: dict[int, list[Doc]] = defaultdict(list)
    columns = [
        *_fields(),
        *_fields(field="description"),
        *_fields("service_type__"),
        *_fields("service_type__parent__"),
        *_fields("provider__"),
    ]
    for pk, *texts in Service.objects.filter(pk__in=pks).values_list("pk", *columns):
        docs[pk] += (
            _docs(texts[0:3], search.WEIGHT_NAME)
            + _docs(texts[3:6], search.WEIGHT_DESCRIPTION)
            + _docs(texts[6:9], search.WEIGHT_TYPE)
            + _docs(texts[9:12], search.WEIGHT_GROUP)
            + _docs(texts[12:15], search.WEIGHT_CONTEXT)
        )
    related = [
        ("target_groups", "targetgroup", search.WEIGHT_GROUP),
        ("life_stages", "lifestage", search.WEIGHT_DESCRIPTION),
        ("areas", "area", search.WEIGHT_CONTEXT),
    ]
    for relation, target, weight in related:
        through = getattr(Service, relation).through
        for pk, *texts in through.objects.filter(service_id__in=pks).values_list("service_id", *_fields(f"{target}__")):
            docs[pk] += _docs(texts, weight)
    places = Service.places.through.objects.filter(service_id__in=pks)
    for pk, *texts in places.values_list("service_id", *_fields("place__"), *_fields("place__area__")):
        docs[pk] += _docs(texts[0:3], search.WEIGHT_CONTEXT) + _docs(texts[3:6], search.WEIGHT_CONTEXT)
    return docs


def _kind_labels() -> dict[str, list[str]]:
    labels: dict[str, list[str]] = defaultdict(list)
    for lang in LANGS:
        with translation.override(lang):
            for kind in PlaceKind:
                labels[kind.value].append(str(kind.label))
    return labels


def _place_documents(pks: Sequence[int]) -> dict[int, list[Doc]]:
    labels = _kind_labels()
    docs: dict[int, list[Doc]] = {}
    columns = [*_fields(), *_fields(field="description"), *_fields("area__")]
    rows = Place.objects.filter(pk__in=pks).values_list("pk", "kind", "street_address", "postal_code", "city", *columns)
    for pk, kind, street, postal_code, city, *texts in rows:
        docs[pk] = (
            _docs(texts[0:3], search.WEIGHT_NAME)
            + _docs(texts[3:6], search.WEIGHT_DESCRIPTION)
            + _docs(labels[kind], search.WEIGHT_TYPE)
            + _docs(texts[6:9], search.WEIGHT_CONTEXT)
            + [(f"{street} {postal_code} {city}", "fi", search.WEIGHT_CONTEXT)]
        )
    return docs


def _organisation_documents(pks: Sequence[int]) -> dict[int, list[Doc]]:
    rows = Organisation.objects.filter(pk__in=pks).values_list("pk", *_fields(), *_fields(field="description"))
    return {
        pk: _docs(texts[0:3], search.WEIGHT_NAME) + _docs(texts[3:6], search.WEIGHT_DESCRIPTION) for pk, *texts in rows
    }


_BUILDERS: dict[str, Callable[[Sequence[int]], dict[int, list[Doc]]]] = {
    "service": _service_documents,
    "place": _place_documents,
    "organisation": _organisation_documents,
}


def documents(obj: models.Model) -> list[Doc]:
    """(text, language, weight) triples of one saved object."""
    kind = kind_of(obj)
    if kind not in _BUILDERS:
        raise TypeError(f"{type(obj).__name__} is not searchable")
    return _BUILDERS[kind]([obj.pk]).get(obj.pk, [])


def _insert(rows: list[tuple[str, int, str, int]]) -> None:
    # A plain executemany: bulk_create compiles SQL per ~250 rows on SQLite and spends
    # more time on that than on the insert (60 000 services are ~4 million terms).
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    sql = f"INSERT INTO {table} (kind, object_id, term, weight) VALUES (%s, %s, %s, %s)"  # noqa: S608 (no user input)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@contextmanager
def _large_cache(rows_expected: int) -> Iterator[None]:
    """On SQLite, a bigger page cache while inserting millions of terms.

    The (kind, term) index takes inserts in random order; with SQLite's default 2 MB
    cache most of them touch the disk. Per connection, put back afterwards.
    """
    if connection.vendor != "sqlite" or rows_expected < BATCH:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB at most, used only as needed
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


@transaction.atomic
def reindex_all(
    kind: str, *, ids: Iterable[int] | models.QuerySet[Any] | None = None, progress: Progress | None = None
) -> int:
    """Re-index every object of `kind` (or those in `ids`) in bulk; returns how many.

    Objects are read in primary-key batches and their terms replaced batch by batch,
    so memory stays flat at any scale. One transaction: searches see the old terms
    until the new ones are all in (and SQLite in autocommit mode would sync to disk
    after every inserted row).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown search kind {kind!r}; choose from {', '.join(KINDS)}")
    qs = KINDS[kind]._default_manager.all()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    total = qs.count()
    with _large_cache(total):
        return _reindex_batches(kind, qs, total, full=ids is None, progress=progress)


def _reindex_batches(kind: str, qs: models.QuerySet[Any], total: int, *, full: bool, progress: Progress | None) -> int:
    if full:
        SearchTerm.objects.filter(kind=kind).delete()
    done = last_pk = 0
    while pks := list(qs.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:BATCH]):
        last_pk = pks[-1]
        docs = _BUILDERS[kind](pks)
        rows = [(kind, pk, term, weight) for pk in pks for term, weight in search.terms_for(docs.get(pk, [])).items()]
        if not full:
            SearchTerm.objects.filter(kind=kind, object_id__in=pks).delete()
        _insert(rows)
        done += len(pks)
        if progress is not None:
            progress(done, total)
    return done


def reindex(obj: models.Model) -> None:
    """Re-index one object, and the services whose terms carry its name."""
    search.index_object(kind_of(obj), obj.pk, documents(obj))
    if isinstance(obj, Organisation):
        reindex_all("service", ids=Service.objects.filter(provider=obj).values("pk"))
    elif isinstance(obj, Place):
        reindex_all("service", ids=Service.objects.filter(places=obj).values("pk"))


def remove(obj: models.Model) -> None:
    search.remove_object(kind_of(obj), obj.pk)
