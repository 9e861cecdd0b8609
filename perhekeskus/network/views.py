"""Public pages of the service network: the finder and one page per service, place,
organisation and area, plus the accessibility statement. No login needed.

Views stay thin: the finder asks `queries.services_find`, detail pages load one object
with what its template shows prefetched, and opening-hours logic lives in `hours.py`.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from perhekeskus.core.paging import RankedPaginator
from perhekeskus.core.translation import current_language
from perhekeskus.network import hours
from perhekeskus.network.forms import FinderForm
from perhekeskus.network.models import Area, ContactPerson, Organisation, Place, Service, ServiceStatus
from perhekeskus.network.queries import Filters, services_find

PAGE_SIZE = 20


def _with_card_data(qs: QuerySet[Service]) -> QuerySet[Service]:
    """What a service card shows, fetched in a fixed number of queries for any page size."""
    return qs.select_related("provider", "service_type").prefetch_related("life_stages", "languages")


def _places_with_hours(qs: QuerySet[Place]) -> QuerySet[Place]:
    return qs.select_related("area").prefetch_related("opening_hours", "opening_exceptions")


def _active_services() -> QuerySet[Service]:
    return Service.objects.filter(status=ServiceStatus.ACTIVE).select_related("service_type").order_by("name_fi")


def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors are shown beside their fields; the valid filters still apply
    results = _with_card_data(services_find(form.filters()))
    paginator = RankedPaginator(results, PAGE_SIZE)
    notice = ""
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
        notice = _("The page number was not understood, so the first page is shown.")
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
        notice = _("There is no such page, so the last page is shown.")
    context = {
        "form": form,
        "page": page,
        # First and last page and two on each side of the current one, with gaps:
        # a national search can have thousands of pages.
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": paginator.ELLIPSIS,
        "services": page.object_list,
        "notice": notice,
        "has_filters": form.has_filters,
    }
    return render(request, "network/finder.html", context)


def service_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.select_related("provider", "service_type", "last_checked_by").prefetch_related(
            "life_stages",
            "target_groups",
            "languages",
            Prefetch("areas", queryset=Area.objects.order_by("name_fi")),
            Prefetch("places", queryset=_places_with_hours(Place.objects.order_by("name_fi"))),
        ),
        uuid=uuid,
    )
    places = [(place, hours.today(place), hours.is_open(place)) for place in service.places.all()]
    context = {"service": service, "places": places, "checked_by": _display_name(service.last_checked_by)}
    return render(request, "network/service_detail.html", context)


def place_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    place = get_object_or_404(
        _places_with_hours(Place.objects.select_related("organisation", "last_checked_by")), uuid=uuid
    )
    now = hours.local_now()
    context = {
        "place": place,
        "open_now": hours.is_open(place, now),
        "today": hours.hours_on(place, now.date()),
        "week": hours.weekly(place),
        "today_weekday": now.weekday(),
        "exceptions": hours.upcoming_exceptions(place, now),
        "services": _active_services().filter(places=place),
        "checked_by": _display_name(place.last_checked_by),
        "map_url": _map_url(place),
    }
    return render(request, "network/place_detail.html", context)


def organisation_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("parent", "area"), uuid=uuid)
    # Only contact persons who agreed to be shown publicly (ContactPerson.public).
    contacts = ContactPerson.objects.filter(organisation=organisation, public=True).select_related("topic")
    context = {
        "organisation": organisation,
        "units": organisation.units.order_by("name_fi"),
        "services": _active_services().filter(provider=organisation),
        "places": organisation.places.select_related("area").order_by("name_fi"),
        "contacts": contacts.order_by("full_name"),
    }
    return render(request, "network/organisation_detail.html", context)


def area_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("parent"), uuid=uuid)
    services = _with_card_data(services_find(Filters(area=[area.slug])))
    context = {
        "area": area,
        "children": area.children.order_by("name_fi"),
        "services": services[:PAGE_SIZE],
        "service_count": services.count(),
        "places": area.places.order_by("name_fi"),
    }
    return render(request, "network/area_detail.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    # The statement is legal text, kept whole per language rather than cut into msgids.
    template = f"network/accessibility/{current_language()}.html"
    # Where accessibility feedback goes: its own setting if the installation has one.
    feedback = getattr(settings, "ACCESSIBILITY_FEEDBACK_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    return render(request, "network/accessibility.html", {"statement_template": template, "feedback_email": feedback})


def _display_name(user: Any) -> str:
    """The checker's name for the public page; never the e-mail (personal contact data)."""
    return user.get_full_name() if user is not None else ""


def _map_url(place: Place) -> str:
    if place.latitude is None or place.longitude is None:
        return ""
    lat, lon = place.latitude, place.longitude
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
