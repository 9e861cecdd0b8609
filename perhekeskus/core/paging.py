"""API paging in the Linked Events shape: {"meta": {count, next, previous}, "data": [...]}."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

SCORE = "search_score"  # the annotation `core.search.rank` puts on each hit


def _fetch_ranked_page(sliced: QuerySet[Any]) -> list[Any]:
    """The rows of one page of a ranked search, ordered and sorted by ids only.

    Ranking must sort every hit to find the page. Sorting just (id, score, name) and
    then reading the page's twenty full rows by primary key is about half the work of
    sorting thousands of full rows, texts in three languages included.
    """
    ranked = list(sliced.values_list("pk", SCORE))
    fresh = sliced.model._default_manager.filter(pk__in=[pk for pk, _ in ranked])
    fresh.query.select_related = sliced.query.select_related  # the same joins as the page asked for
    fresh = fresh.prefetch_related(*sliced._prefetch_related_lookups)  # type: ignore[attr-defined]
    by_pk = {row.pk: row for row in fresh}
    rows = []
    for pk, score in ranked:
        row = by_pk.get(pk)
        if row is not None:  # deleted between the two reads
            setattr(row, SCORE, score)
            rows.append(row)
    return rows


class RankedPaginator(Paginator):
    """Django's paginator, with ranked search pages read in two narrow steps."""

    def page(self, number: Any) -> Page:
        page = super().page(number)
        if isinstance(page.object_list, QuerySet) and SCORE in page.object_list.query.annotations:
            page.object_list = _fetch_ranked_page(page.object_list)
        return page


class DataPagination(PageNumberPagination):
    django_paginator_class = RankedPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None
        return Response(
            {
                "meta": {
                    "count": self.page.paginator.count,
                    "next": self.get_next_link(),
                    "previous": self.get_previous_link(),
                },
                "data": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["meta", "data"],
            "properties": {
                "meta": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": "string", "nullable": True, "format": "uri"},
                        "previous": {"type": "string", "nullable": True, "format": "uri"},
                    },
                },
                "data": schema,
            },
        }
