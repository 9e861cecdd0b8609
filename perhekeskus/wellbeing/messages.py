"""The e-mail with a parent's form links, to an address the nurse types at that moment.

The address is not kept with the family: it lives only in the outbox row, which is
cleared MESSAGE_KEEP_DAYS after sending like every message. The links travel in the
message's context until the text is written. The kind is our own string (the outbox
takes any kind with a registered composer), so the outbox's table needs no change.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from perhekeskus.messaging import compose
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import OutgoingMessage

KIND = "wellbeing_link"


def queue_links(*, to: str, language: str, clinic: str, links: list[dict[str, str]]) -> OutgoingMessage:
    """Queue the links [{"title", "url"}] (absolute) to `to` inside the caller's transaction."""
    return messaging.queue_plain(KIND, to=to, language=language, context={"clinic": clinic, "links": links})


def compose_links(message: OutgoingMessage) -> None:
    context: dict[str, Any] = message.context
    with translation.override(message.language):
        data = {"clinic": context.get("clinic", ""), "links": context.get("links", [])}
        message.subject = _("Your questionnaire from the clinic")[:200]
        message.body = compose.tidy(render_to_string("wellbeing/link_message.txt", data))


compose.register(KIND, compose_links)
