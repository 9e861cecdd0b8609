"""The feedback request: a family's one-time link to the group's feedback form.

Queued by `feedback.feedback_request` after the group's last session. The key travels
only in the message's context until the text is written (only its hash is stored), and
the context and text are cleared after MESSAGE_KEEP_DAYS like every message's.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from perhekeskus.groups.models import Group
from perhekeskus.messaging import compose
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import MessageKind, OutgoingMessage


def feedback_link(token: str, language: str) -> str:
    """The form's address; `lang` opens it in the language of the family's messages."""
    try:
        path = reverse("feedback-form", args=[token])
    except NoReverseMatch:  # the pages are not installed: the address they will have
        path = f"/feedback/{token}/"
    return compose.absolute(f"{path}?{urlencode({'lang': language})}")


def queue_feedback_request(*, group: Group, to: str, language: str, token: str, dedupe: str) -> OutgoingMessage:
    """Queue the request to `to` (inside the caller's transaction); once per group and `dedupe`."""
    return messaging.queue_plain(
        MessageKind.FEEDBACK_REQUEST,
        to=to,
        language=language,
        context={"group": str(group.uuid), "token": token},
        dedupe_key=f"feedback:{group.pk}:{dedupe}",
    )


def compose_feedback_request(message: OutgoingMessage) -> None:
    context = message.context
    group = Group.objects.select_related("activity__organisation").filter(uuid=context.get("group")).first()
    if group is None or not context.get("token"):
        raise compose.CannotCompose("the group or the key is gone")
    activity = group.activity
    with translation.override(message.language):
        data = {
            "title": activity.title,
            "organiser": activity.organisation.name,
            "feedback_url": feedback_link(context["token"], message.language),
            "contact": compose.contact(activity),
            "page_url": "",
        }
        message.subject = (_("How was %(group)s? Your feedback") % {"group": activity.title})[:200]
        message.body = compose.tidy(render_to_string("messaging/feedback_request.txt", data))


compose.register(MessageKind.FEEDBACK_REQUEST, compose_feedback_request)
