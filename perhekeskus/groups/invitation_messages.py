"""The invitation e-mail: a personal one-time link to a group's sign-up.

Queued by the inviting professional's batch and by a group opened for an interest
list. The code travels only in the message's context until the text is written and
the text is cleared after MESSAGE_KEEP_DAYS like every message's.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from perhekeskus.activities import recurrence
from perhekeskus.groups import codes
from perhekeskus.groups.models import Group
from perhekeskus.messaging import compose
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import MessageKind, OutgoingMessage


def signup_link(group: Group, code: str) -> str:
    """The sign-up page with the code filled in."""
    return compose.absolute(reverse("group-signup", args=[group.uuid]) + "?" + urlencode({"code": code}))


def queue_invitation(
    *, group: Group, to: str, language: str, code: str, inviter: str = "", note: str = "", interest: bool = False
) -> OutgoingMessage:
    """Queue an invitation to `to` (inside the caller's transaction).

    `interest` says the family asked to hear of such a group (an interest list).
    """
    return messaging.queue_plain(
        MessageKind.INVITATION,
        to=to,
        language=language,
        context={"group": str(group.uuid), "code": code, "inviter": inviter, "note": note, "interest": interest},
    )


def compose_invitation(message: OutgoingMessage) -> None:
    context = message.context
    group = (
        Group.objects.select_related("activity__place", "activity__organisation")
        .filter(uuid=context.get("group"))
        .first()
    )
    if group is None:
        raise compose.CannotCompose("the group no longer exists")
    activity = group.activity
    sessions = compose.sessions_of(activity)
    with translation.override(message.language), timezone.override(recurrence.zone(activity.time_zone)):
        data = {
            "title": activity.title,
            "organiser": activity.organisation.name,
            "inviter": context.get("inviter", ""),
            "note": context.get("note", ""),
            "interest": context.get("interest", False),
            "sessions": compose.session_rows(activity, sessions),
            "place": compose.place_text(activity.place) or activity.online_url,
            "contact": compose.contact(activity),
            "page_url": compose.activity_url(activity),
            "signup_url": signup_link(group, context.get("code", "")),
            # Where a family types the code if the link does not open (e.g. another device).
            "enter_url": compose.absolute(reverse("invitation-enter")),
            "code": codes.printed(context.get("code", "")),
        }
        message.subject = (_("Invitation: %(group)s") % {"group": activity.title})[:200]
        message.body = compose.tidy(render_to_string("messaging/invitation.txt", data))


compose.register(MessageKind.INVITATION, compose_invitation)
