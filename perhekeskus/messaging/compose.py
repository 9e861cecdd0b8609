"""The texts of messages to families, in the family's language and Helsinki time.

A message is composed when it is first sent, not when it is queued: queuing happens
while the group's row is locked, and rendering texts and a calendar file there would
hold up other families' sign-ups. What only the moment of queuing knows (the link with
the secret, the place on the waiting list, the offer's deadline) travels in the
message's `context`; everything else is read from the group as it is at sending time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from perhekeskus.activities import recurrence
from perhekeskus.activities.models import Activity, Session
from perhekeskus.groups.models import Group, Signup
from perhekeskus.interop.ics.export import uid_for, vtimezone
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.network.models import Place

ICS_FILENAME = "sessions.ics"
ICS_CONTENT_TYPE = "text/calendar"


class CannotCompose(Exception):
    """The message can no longer be written (e.g. its sign-up was erased)."""


# Writers of messages that concern no sign-up (invitations, notices to coordinators):
# kind -> a function that fills in the message's subject, body and attachments. Each is
# registered by the module that queues such messages, so the texts live next to it.
COMPOSERS: dict[str, Callable[[OutgoingMessage], None]] = {}


def register(kind: str, composer: Callable[[OutgoingMessage], None]) -> None:
    COMPOSERS[kind] = composer


def absolute(path: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def manage_url(signup: Signup, secret: str) -> str:
    """The family's own page for their sign-up (see, cancel, accept an offer)."""
    try:
        path = reverse("signup-manage", args=[signup.uuid, secret])
    except NoReverseMatch:  # the pages are not installed: the address they will have
        path = f"/signups/{signup.uuid}/{secret}/"
    return absolute(path)


def activity_url(activity: Activity) -> str:
    try:
        return absolute(reverse("activity-detail", kwargs={"uuid": activity.uuid}))
    except NoReverseMatch:
        return ""


def place_text(place: Place | None) -> str:
    if place is None:
        return ""
    address = ", ".join(x for x in (place.street_address, f"{place.postal_code} {place.city}".strip()) if x)
    return f"{place.name}, {address}" if address else place.name


def sessions_of(activity: Activity) -> list[Session]:
    return list(activity.sessions.select_related("place").order_by("start", "id"))


def session_rows(activity: Activity, sessions: list[Session]) -> list[dict[str, Any]]:
    total = len(sessions)
    return [
        {
            "number": i,
            "total": total,
            "start": s.start,
            "end": s.end,
            "topic": s.topic,
            # A session elsewhere than the group's usual place names its own.
            "place": place_text(s.place) if s.place_id and s.place_id != activity.place_id else "",
            "cancelled": s.cancelled,
        }
        for i, s in enumerate(sessions, start=1)
    ]


def contact(activity: Activity) -> dict[str, str]:
    organisation = activity.organisation
    return {
        "organisation": organisation.name,
        "name": activity.contact_name,
        "email": activity.contact_email or organisation.email,
        "phone": activity.contact_phone or organisation.phone,
    }


def sessions_ics(activity: Activity, sessions: list[Session], *, stamp: datetime) -> str:
    """The group's sessions as an iCalendar file: one VEVENT per session still on.

    Times are written in the activity's zone with its VTIMEZONE, so a calendar keeps a
    10:00 session at 10:00 on either side of a clock change.
    """
    zone = recurrence.zone(activity.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//Perhekeskus//Group sessions//FI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    on = [s for s in sessions if not s.cancelled]
    last_year = max((s.end for s in on), default=stamp).year + 2
    calendar.add_component(vtimezone(activity.time_zone, last_year))
    base = uid_for(activity)
    url = activity_url(activity)
    for session in on:
        event = Event()
        # The same session keeps its UID in every message, so a calendar updates it.
        event.add("uid", f"{session.start.astimezone(UTC):%Y%m%dT%H%M%SZ}-{base}")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", session.start.astimezone(zone))
        event.add("dtend", session.end.astimezone(zone))
        title = activity.title
        event.add("summary", f"{title}: {session.topic}" if session.topic else title)
        location = place_text(session.place or activity.place) or activity.online_url
        if location:
            event.add("location", location)
        if url:
            event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical().decode()


def tidy(text: str) -> str:
    # Templates leave blank lines where blocks are skipped: at most one empty line.
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _subject(kind: str, title: str) -> str:
    subjects = {
        MessageKind.CONFIRMATION: _("Your place in %(group)s is confirmed"),
        MessageKind.WAITING: _("You are on the waiting list of %(group)s"),
        MessageKind.OFFER: _("A place in %(group)s is offered to you"),
        MessageKind.OFFER_EXPIRED: _("The place offered in %(group)s has passed on"),
        MessageKind.CANCELLED: _("Your cancellation for %(group)s was received"),
        MessageKind.GROUP_CANCELLED: _("%(group)s is cancelled"),
        MessageKind.GROUP_POSTPONED: _("%(group)s is postponed"),
        MessageKind.GROUP_MERGED: _("%(group)s is joined with another group"),
        MessageKind.GROUP_STARTED: _("%(group)s starts"),
        MessageKind.REMINDER: _("Reminder: %(group)s"),
    }
    return subjects[MessageKind(kind)] % {"group": title}


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def compose(message: OutgoingMessage) -> None:
    """Fill in the subject, text and attachments of `message` (not saved here)."""
    if message.kind in COMPOSERS:
        COMPOSERS[message.kind](message)
        return
    signup = message.signup
    if signup is None or signup.erased_at is not None:
        raise CannotCompose("the sign-up was erased")
    group: Group = signup.group
    activity = group.activity
    sessions = sessions_of(activity)
    context = dict(message.context)
    stamp = timezone.now()
    extra: dict[str, Any] = {}
    if message.kind == MessageKind.REMINDER:
        session = next((s for s in sessions if s.pk == context.get("session")), None)
        if session is None or session.cancelled:
            raise CannotCompose("the session is no longer on")
        extra["session"] = session_rows(activity, sessions)[sessions.index(session)]
    merged = group.merged_into
    with translation.override(message.language), timezone.override(recurrence.zone(activity.time_zone)):
        data = {
            "kind": message.kind,
            "name": signup.name,
            "title": activity.title,
            "status": signup.status,
            "sessions": session_rows(activity, sessions),
            "place": place_text(activity.place) or activity.online_url,
            "contact": contact(activity),
            "page_url": activity_url(activity),
            "manage_url": context.get("manage_url", ""),
            "position": context.get("position"),
            "offer_hours": group.offer_hours,
            "deadline": _moment(context.get("deadline")),
            "merged_title": merged.activity.title if merged else "",
            "merged_url": activity_url(merged.activity) if merged else "",
            # Where the sign-up's group stands when sent: a postponed group open again has
            # new dates to tell; a merged family's sign-up has moved to the joined group.
            "group_status": group.status,
            **extra,
        }
        template = "group_status" if message.kind.startswith("group_") else message.kind
        message.subject = _subject(message.kind, activity.title)[:200]
        message.body = tidy(render_to_string(f"messaging/{template}.txt", data))
        if message.kind == MessageKind.CONFIRMATION:
            message.attachments = [
                {
                    "filename": ICS_FILENAME,
                    "content_type": ICS_CONTENT_TYPE,
                    "content": sessions_ics(activity, sessions, stamp=stamp),
                }
            ]
