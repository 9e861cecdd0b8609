"""iCalendar feeds: the calendar for any filters (`/calendar.ics?...`) and one activity's.

Both are public and read filters the way the calendar pages and the API do
(`params.filters_from_query`). The language is `?lang=fi|sv|en`, else the one the
request negotiated (Accept-Language or the language cookie). The body is deterministic,
so its hash is the ETag and a client that sends it back gets 304.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from perhekeskus.activities import params
from perhekeskus.activities.models import PUBLIC_STATUSES, Activity
from perhekeskus.activities.occurrences import occurrences_for
from perhekeskus.activities.queries import activities_in_window, evening_or_weekend
from perhekeskus.interop.ics.export import build_calendar, feed_window

CONTENT_TYPE = "text/calendar; charset=utf-8"
MAX_AGE = 3600  # an hour: calendar apps poll far less often, editors' changes show up soon


def _language(request: HttpRequest) -> str:
    wanted = (request.GET.get("lang") or "").strip().lower()
    codes = [code for code, _name in settings.LANGUAGES]
    if wanted and wanted not in codes:
        raise ValidationError({"lang": [_("Give one of: %(codes)s.") % {"codes": ", ".join(codes)}]})
    return wanted or (translation.get_language() or "fi")[:2]


def _bad_request(exc: ValidationError) -> HttpResponse:
    lines = [f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _with_feed_data(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("organisation", "place", "service_type").prefetch_related("changes", "target_groups")


def _respond(request: HttpRequest, body: bytes, filename: str, language: str) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Content-Language"] = language
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The activities matching the filters that have occurrences in the feed's window."""
    try:
        language = _language(request)
        filters = params.filters_from_query(request.GET)
    except ValidationError as exc:
        return _bad_request(exc)
    window = feed_window(timezone.now())
    with translation.override(language):
        activities = list(_with_feed_data(activities_in_window(filters, *window)))
        # A series is in the feed whole; "evenings and weekends" picks the series that
        # have such occurrences, as a client cannot be given only some of a rule's dates.
        occurrences = occurrences_for(activities, *window)
        keep = {o.activity.pk for o in occurrences if not filters.evenings_weekends or evening_or_weekend(o)}
        chosen = [a for a in activities if a.pk in keep]
        calendar = build_calendar(
            chosen,
            window=window,
            base_url=_base_url(request),
            occurrences=[o for o in occurrences if o.activity.pk in keep],
        )
        body = calendar.to_ical()
    return _respond(request, body, "perhekeskus-calendar.ics", language)


@require_safe
def activity_feed(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """One public activity: its whole series, closures within the feed's window."""
    try:
        language = _language(request)
    except ValidationError as exc:
        return _bad_request(exc)
    activity = _with_feed_data(Activity.objects.filter(uuid=uuid, status__in=PUBLIC_STATUSES)).first()
    if activity is None:
        raise Http404("No such activity.")
    window = feed_window(timezone.now())
    with translation.override(language):
        calendar = build_calendar([activity], window=window, base_url=_base_url(request), name=activity.title)
        body = calendar.to_ical()
    return _respond(request, body, f"activity-{activity.uuid}.ics", language)
