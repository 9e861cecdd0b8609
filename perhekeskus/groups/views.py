"""The families' sign-up pages: sign up for a group, and see, accept or cancel one's own sign-up.

No login: the family's own page is opened with the secret link given once at sign-up
(only its hash is stored). Both pages carry personal data or a form for it, so they are
never cached or indexed. Every change goes through `groups.services`; the pages only
show places left as numbers and never another family's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.activities import access as activity_access
from perhekeskus.activities.models import ActivityStatus, Participation, Session
from perhekeskus.activities.views import HELSINKI, PARTICIPATION_HELP, age_text
from perhekeskus.core.private_pages import private as _private
from perhekeskus.groups import codes, services
from perhekeskus.groups.forms import SignupForm
from perhekeskus.groups.models import PLACE_STATUSES, Group, GroupStatus, Signup, SignupStatus

SOURCE = "signup_page"
# The session key that tells the family's page it was just created (show the link to keep).
NEW_SIGNUP_KEY = "groups_new_signup"


class State:
    """Why a group does or does not take sign-ups now; the templates word each one."""

    OPEN = "open"
    FULL = "full"
    INVITATION = "invitation"  # open, but a targeted group: joining needs an invitation code
    NOT_YET = "not_yet"
    CLOSED = "closed"
    NOT_OPEN = "not_open"  # the group's status: planned, started, postponed, …
    CANCELLED = "cancelled"
    ENDED = "ended"


@dataclass(frozen=True)
class Availability:
    """A group's places as numbers only: what a family needs to decide, nothing personal."""

    group: Group
    places_left: int
    waiting: int
    waiting_left: int
    state: str

    @property
    def can_sign_up(self) -> bool:
        return self.state in (State.OPEN, State.INVITATION)

    @property
    def by_invitation(self) -> bool:
        return self.state == State.INVITATION


def retention_days() -> int:
    return int(settings.SIGNUP_RETENTION_DAYS)


def availability(group: Group, now: datetime | None = None) -> Availability:
    """Places and waiting-list places left (one query), and whether sign-up is open now."""
    counts = group.signups.aggregate(
        places=Count("id", filter=Q(status__in=PLACE_STATUSES)),
        waiting=Count("id", filter=Q(status=SignupStatus.WAITING)),
    )
    # While anyone waits, a free place is theirs (the service offers it on), not a newcomer's.
    places_left = 0 if counts["waiting"] else max(group.capacity - counts["places"], 0)
    waiting_left = max(group.waiting_list_capacity - counts["waiting"], 0)
    return Availability(
        group, places_left, counts["waiting"], waiting_left, _state(group, places_left + waiting_left, now)
    )


def _state(group: Group, room: int, now: datetime | None) -> str:
    now = now or timezone.now()
    activity = group.activity
    if group.status == GroupStatus.CANCELLED or activity.status == ActivityStatus.CANCELLED:
        return State.CANCELLED
    if group.status == GroupStatus.FINISHED or activity.status == ActivityStatus.ENDED:
        return State.ENDED
    if group.status != GroupStatus.OPEN:
        return State.NOT_OPEN
    if group.enrolment_opens and now < group.enrolment_opens:
        return State.NOT_YET
    if group.enrolment_closes and now >= group.enrolment_closes:
        return State.CLOSED
    if room <= 0:
        return State.FULL
    # A targeted group takes sign-ups too, but only with a code from an invitation.
    return State.INVITATION if activity.participation == Participation.TARGETED else State.OPEN


def _group_or_404(request: HttpRequest, uuid: UUID) -> Group:
    group = get_object_or_404(
        Group.objects.select_related("activity__organisation", "activity__place", "merged_into__activity"), uuid=uuid
    )
    # A draft's group is not found for the public, as the draft itself is not.
    if not activity_access.can_view_activity(request.user, group.activity):
        raise Http404
    return group


def _sessions(group: Group) -> list[Session]:
    return list(group.activity.sessions.select_related("place").order_by("start", "id"))


def group_context(group: Group) -> dict[str, Any]:
    """What the sign-up page and the activity page's sign-up box show of a group."""
    activity = group.activity
    return {
        "group": group,
        "activity": activity,
        "sessions": _sessions(group),
        "availability": availability(group),
        "ages": age_text(activity.age_min_months, activity.age_max_months),
        "participation_help": PARTICIPATION_HELP[Participation(activity.participation)],
        "retention_days": retention_days(),
    }


def signup(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = _group_or_404(request, uuid)
    today = timezone.now().astimezone(HELSINKI).date()
    context = group_context(group)
    found: Availability = context["availability"]
    invited = group.activity.participation == Participation.TARGETED
    if request.method != "POST":
        # The link in an invitation e-mail carries the code: the family need not type it.
        code = codes.printed(request.GET.get("code", "")[:40])
        context["form"] = (
            SignupForm(today=today, by_invitation=invited, initial={"invitation": code}) if found.can_sign_up else None
        )
        return _private(render(request, "groups/signup.html", context))
    if not found.can_sign_up:
        # The page explains why (full, closed, cancelled); nothing is stored.
        status = 409 if found.state == State.FULL else 400
        return _private(render(request, "groups/signup.html", {**context, "form": None}, status=status))

    form = SignupForm(request.POST, today=today, by_invitation=invited)
    if form.is_valid():
        try:
            new, secret = services.signup_create(
                group=group, data=form.service_data(), invitation_code=form.invitation_code(), source=SOURCE
            )
        except services.GroupFull:
            # The last place went while the family filled the form: say so, keep nothing.
            context.update({"availability": availability(group), "form": None, "full_now": True})
            return _private(render(request, "groups/signup.html", context, status=409))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            request.session[NEW_SIGNUP_KEY] = str(new.uuid)
            return _private(HttpResponseRedirect(manage_url(new, secret), status=303))
    form.mark_invalid()
    return _private(render(request, "groups/signup.html", {**context, "form": form}, status=400))


def manage_url(signup: Signup, secret: str) -> str:
    return reverse("signup-manage", args=[signup.uuid, secret])


def _own_signup_or_404(uuid: UUID, secret: str) -> Signup:
    found = services.signup_by_secret(secret)
    # The uuid must match too: a secret is good for its own sign-up only. An erased
    # sign-up has nothing left to show.
    if found is None or found.uuid != uuid or found.erased_at is not None:
        raise Http404
    return found


def waiting_position(signup: Signup) -> int:
    """The family's number on the waiting list: counted, no other family's data read."""
    ahead = signup.group.signups.filter(status=SignupStatus.WAITING).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, id__lt=signup.id)
    )
    return ahead.count() + 1


def manage(request: HttpRequest, uuid: UUID, secret: str) -> HttpResponse:
    own = _own_signup_or_404(uuid, secret)
    url = manage_url(own, secret)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.signup_cancel(signup=own, source=SOURCE)
                messages.success(request, _("Your sign-up has been cancelled. You do not need to do anything else."))
            elif action == "accept":
                services.signup_accept(signup=own, source=SOURCE)
                messages.success(request, _("Thank you: the place is yours. See you in the group!"))
            else:
                return _private(HttpResponse(_("Unknown action."), status=400, content_type="text/plain"))
        except ValidationError:
            # Cancelled twice, or an offer that has passed on: the page shows the status as it is.
            messages.error(request, _("That could not be done: the status of your sign-up has changed."))
        return _private(HttpResponseRedirect(url, status=303))

    now = timezone.now()
    group = own.group
    offer_open = own.status == SignupStatus.OFFERED and own.offer_expires_at is not None and own.offer_expires_at > now
    context = {
        "signup": own,
        "group": group,
        "activity": group.activity,
        "sessions": _sessions(group),
        "position": waiting_position(own) if own.status == SignupStatus.WAITING else None,
        "offer_open": offer_open,
        "offer_passed": own.status == SignupStatus.OFFERED and not offer_open,
        "is_new": request.session.pop(NEW_SIGNUP_KEY, None) == str(own.uuid),
        "manage_link": request.build_absolute_uri(url),
        "can_sign_up_again": availability(group, now).can_sign_up,
        "retention_days": retention_days(),
    }
    return _private(render(request, "groups/manage.html", context))


def signup_box(activity: Any) -> dict[str, Any] | None:
    """The activity page's sign-up box when the activity is a group; None otherwise."""
    group = Group.objects.filter(activity=activity).select_related("merged_into").first()
    if group is None:
        return None
    group.activity = activity  # already loaded with what the box shows
    return group_context(group)
