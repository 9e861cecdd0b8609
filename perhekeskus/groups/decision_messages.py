"""The organiser's reminder at a group's go/no-go date (`group_decisions`, run daily).

Sent to the group's contact address (the organisation's if the activity has none) and
to the area's coordinators: how many families signed up against the minimum, the
nearby groups the families could join, and the link to the group's page where the
decision is taken. One message per recipient, group and decision date.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from perhekeskus.accounts.models import Membership, Role
from perhekeskus.activities import recurrence
from perhekeskus.groups import access
from perhekeskus.groups.decisions import nearby_groups
from perhekeskus.groups.models import PLACE_STATUSES, Group, SignupStatus
from perhekeskus.messaging import compose
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.network.models import Area


def organiser_language() -> str:
    """The installation's language: organisers work in it (a coordinator has no language of their own)."""
    code = (settings.LANGUAGE_CODE or "fi")[:2]
    return code if code in ("fi", "sv", "en") else "fi"


def recipients(group: Group) -> list[str]:
    """The organiser's contact and the coordinators whose area covers the group's municipality."""
    activity = group.activity
    found: list[str] = []
    contact = activity.contact_email or activity.organisation.email
    if contact:
        found.append(contact.strip().lower())
    home: Area | None = access.group_municipality(group)
    covering: list[int] = []
    seen = 0
    while home is not None and seen < 6:
        covering.append(home.pk)
        home = home.parent
        seen += 1
    if covering:
        coordinators = Membership.objects.filter(role=Role.COORDINATOR, user__is_active=True).filter(
            Q(area_id__in=covering) | Q(area__isnull=True, organisation__area_id__in=covering)
        )
        for email in coordinators.values_list("user__email", flat=True).order_by("user__email"):
            if email and email.lower() not in found:
                found.append(email.lower())
    return found


def manage_link(group: Group) -> str:
    return compose.absolute(reverse("group-manage", args=[group.uuid]))


def queue_decision_due(group: Group) -> list[OutgoingMessage]:
    """Queue the reminder to each recipient, once per group and decision date."""
    queued = []
    day = group.decision_date.isoformat() if group.decision_date else ""
    for to in recipients(group):
        key = f"decision:{group.uuid}:{day}:{to}"[:120]
        if OutgoingMessage.objects.filter(dedupe_key=key).exists():
            continue
        queued.append(
            messaging.queue_plain(
                MessageKind.DECISION_DUE,
                to=to,
                language=organiser_language(),
                context={"group": str(group.uuid), "decision_date": day},
                dedupe_key=key,
            )
        )
    return queued


def compose_decision_due(message: OutgoingMessage) -> None:
    group = (
        Group.objects.select_related("activity__organisation", "activity__place")
        .filter(uuid=message.context.get("group"))
        .first()
    )
    if group is None:
        raise compose.CannotCompose("the group no longer exists")
    activity = group.activity
    signups = group.signups
    nearby = nearby_groups(group)
    with translation.override(message.language), timezone.override(recurrence.zone(activity.time_zone)):
        data = {
            "title": activity.title,
            "organiser": activity.organisation.name,
            "decision_date": group.decision_date,
            "taken": signups.filter(status__in=PLACE_STATUSES).count(),
            "waiting": signups.filter(status=SignupStatus.WAITING).count(),
            "minimum": group.minimum,
            "capacity": group.capacity,
            "nearby": [
                {
                    "title": g.activity.title,
                    "start": g.activity.start,
                    "free": g.free,  # type: ignore[attr-defined]
                    "organiser": g.activity.organisation.name,
                }
                for g in nearby
            ],
            "manage_url": manage_link(group),
            "sessions": compose.session_rows(activity, compose.sessions_of(activity)),
            "place": compose.place_text(activity.place) or activity.online_url,
        }
        message.subject = (_("Go or no-go: %(group)s") % {"group": activity.title})[:200]
        message.body = compose.tidy(render_to_string("messaging/decision_due.txt", data))


compose.register(MessageKind.DECISION_DUE, compose_decision_due)
