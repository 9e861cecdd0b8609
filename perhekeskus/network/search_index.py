"""What of each network object is searchable, and with which weight.

The analysis itself (Finnish base forms and compound parts, Swedish and English
lemmas) lives in `perhekeskus.core.search`; this module only says which texts of a
service, place or organisation feed it, and re-indexes in bulk.

- service: names (10), service type names (5) and its parent group's (3), target
  groups (3), descriptions and life stages (2), provider, places, their districts,
  areas served and languages (1);
- place: names (10), kind (5), descriptions (2), street address, postal code, city
  and district (1);
- organisation: names (10), descriptions (2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.utils import translation

from perhekeskus.core import search
from perhekeskus.core.models import SearchTerm
from perhekeskus.network.models import Organisation, Place, PlaceKind, Service

KINDS: dict[str, type[models.Model]] = {"service": Service, "place": Place, "organisation": Organisation}

Doc = tuple[str, str, int]  # (text, language, weight)
Progress = Callable[[int, int], None]  # (done, total)

BATCH = 1000  # objects analysed per round: bounds memory and the size of each delete


def kind_of(obj: models.Model) -> str:
    return obj._meta.model_name or ""


def _translated(obj: Any, field: str, weight: int) -> list[Doc]:
    return [(getattr(obj, f"{field}_{lang}", "") or "", lang, weight) for lang in search.LANGUAGES]


def _names_of(objs: Iterable[Any], weight: int) -> list[Doc]:
    out: list[Doc] = []
    for obj in objs:
        out += _translated(obj, "name", weight)
    return out


def service_documents(service: Service) -> list[Doc]:
    docs = _translated(service, "name", search.WEIGHT_NAME) + _translated(
        service, "description", search.WEIGHT_DESCRIPTION
    )
    stype = service.service_type
    docs += _translated(stype, "name", search.WEIGHT_TYPE)
    if stype.parent is not None:
        docs += _translated(stype.parent, "name", search.WEIGHT_GROUP)
    docs += _names_of(service.target_groups.all(), search.WEIGHT_GROUP)
    docs += _names_of(service.life_stages.all(), search.WEIGHT_DESCRIPTION)
    docs += _names_of([service.provider], search.WEIGHT_CONTEXT)
    docs += _names_of(service.languages.all(), search.WEIGHT_CONTEXT)
    docs += _names_of(service.areas.all(), search.WEIGHT_CONTEXT)
    for place in service.places.all():
        docs += _names_of([place], search.WEIGHT_CONTEXT)
        if place.area is not None:
            docs += _names_of([place.area], search.WEIGHT_CONTEXT)
    return docs


def place_documents(place: Place) -> list[Doc]:
    docs = _translated(place, "name", search.WEIGHT_NAME) + _translated(place, "description", search.WEIGHT_DESCRIPTION)
    for lang in search.LANGUAGES:
        with translation.override(lang):
            docs.append((str(PlaceKind(place.kind).label), lang, search.WEIGHT_TYPE))
    address = f"{place.street_address} {place.postal_code} {place.city}"
    docs.append((address, "fi", search.WEIGHT_CONTEXT))
    if place.area is not None:
        docs += _names_of([place.area], search.WEIGHT_CONTEXT)
    return docs


def organisation_documents(org: Organisation) -> list[Doc]:
    return _translated(org, "name", search.WEIGHT_NAME) + _translated(org, "description", search.WEIGHT_DESCRIPTION)


def documents(obj: models.Model) -> list[Doc]:
    """(text, language, weight) triples for `obj`."""
    if isinstance(obj, Service):
        return service_documents(obj)
    if isinstance(obj, Place):
        return place_documents(obj)
    if isinstance(obj, Organisation):
        return organisation_documents(obj)
    raise TypeError(f"{type(obj).__name__} is not searchable")


def _queryset(kind: str) -> models.QuerySet[Any]:
    if kind == "service":
        return Service.objects.select_related("service_type__parent", "provider").prefetch_related(
            "target_groups", "life_stages", "languages", "areas", "places__area"
        )
    if kind == "place":
        return Place.objects.select_related("area")
    if kind == "organisation":
        return Organisation.objects.all()
    raise ValueError(f"unknown search kind {kind!r}; choose from {', '.join(KINDS)}")


def reindex_all(
    kind: str, *, ids: Iterable[int] | models.QuerySet[Any] | None = None, progress: Progress | None = None
) -> int:
    """Re-index every object of `kind` (or those in `ids`) in bulk; returns how many.

    Objects are read in primary-key batches with their related rows prefetched, and
    their terms replaced batch by batch, so memory stays flat at any scale.
    """
    qs = _queryset(kind)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    total = qs.count()
    if ids is None:
        SearchTerm.objects.filter(kind=kind).delete()
    done = 0
    last_pk = 0
    while True:
        batch = list(qs.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        rows = [
            SearchTerm(kind=kind, object_id=obj.pk, term=term, weight=weight)
            for obj in batch
            for term, weight in search.terms_for(documents(obj)).items()
        ]
        if ids is not None:
            SearchTerm.objects.filter(kind=kind, object_id__in=[obj.pk for obj in batch]).delete()
        SearchTerm.objects.bulk_create(rows, batch_size=5000)
        done += len(batch)
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
