"""The "New in the area" page: a GET form and its answer; nothing is stored.

The view reads the form and renders; it never touches the session and writes no row,
so the family's district and children's ages leave no trace in the database. The
answer must not be kept by shared caches either: the page is marked `never_cache`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from perhekeskus.activities import newcomer
from perhekeskus.network.hours import local_now


def _calendar_links(answer: newcomer.Answer) -> list[tuple[str, str]]:
    """(query string, what it shows) for the calendar, one per child and for the expected baby.

    The calendar takes one age at a time, so each child gets a link of its own.
    """
    slug = answer.family.district.slug
    links = [("", urlencode({"area": slug}))]
    for years in dict.fromkeys(answer.family.ages):
        links.append((str(years), urlencode({"area": slug, "age": years})))
    if answer.family.expecting:
        links.append(("expecting", urlencode({"area": slug, "life_stage": newcomer.EXPECTING})))
    return links


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the calendar page may not be installed
        return ""


@require_safe
@never_cache
def newcomer_page(request: HttpRequest) -> HttpResponse:
    now = local_now()
    form = newcomer.NewcomerForm(request.GET or None, today=now.date())
    context: dict[str, object] = {"form": form, "answer": None}
    if not form.is_bound:
        return render(request, "activities/newcomer.html", context)
    if not form.is_valid():
        return render(request, "activities/newcomer.html", context, status=400)
    answer = newcomer.answer(form.family(), now)
    calendar_url = _url("calendar")
    finder_query = urlencode({"area": answer.family.district.slug, "tier": "basic"})
    context.update(
        answer=answer,
        calendar_links=[(what, f"{calendar_url}?{query}") for what, query in _calendar_links(answer)]
        if calendar_url
        else [],
        finder_url=f"{reverse('finder')}?{finder_query}",
        horizon_weeks=newcomer.HORIZON.days // 7,
    )
    return render(request, "activities/newcomer.html", context)
