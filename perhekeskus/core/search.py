"""Text search shared by every list: one implementation for SQLite and PostgreSQL.

(Placeholder analysis: lower-cased words. Replaced by the Finnish-aware analyser.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet

from perhekeskus.core.models import SearchTerm

M = TypeVar("M", bound=Model)

WEIGHT_NAME = 10
WEIGHT_TYPE = 5
WEIGHT_DESCRIPTION = 2

_WORD = re.compile(r"\w+", re.UNICODE)


def analyse(text: str, lang: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "") if len(w) > 1}


def index_object(kind: str, object_id: int, docs: Iterable[tuple[str, str, int]]) -> None:
    best: dict[str, int] = {}
    for text, lang, weight in docs:
        for term in analyse(text, lang):
            term = term[:80]
            best[term] = max(best.get(term, 0), weight)
    SearchTerm.objects.filter(kind=kind, object_id=object_id).delete()
    SearchTerm.objects.bulk_create(
        [SearchTerm(kind=kind, object_id=object_id, term=t, weight=w) for t, w in best.items()]
    )


def remove_object(kind: str, object_id: int) -> None:
    SearchTerm.objects.filter(kind=kind, object_id=object_id).delete()


def rank(qs: QuerySet[M], kind: str, q: str) -> QuerySet[M]:
    """`qs` narrowed to objects matching every word of `q`, best first."""
    words = [analyse(w, "fi") for w in _WORD.findall(q)]
    for terms in words:
        if terms:
            qs = qs.filter(pk__in=SearchTerm.objects.filter(kind=kind, term__in=terms).values("object_id"))
    return qs.order_by("name_fi", "id")
