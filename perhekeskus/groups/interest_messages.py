"""Messages of this part of groups that concern no sign-up: queued here, composed here.

- INTEREST_RECEIVED to the family: what they are on the list for, and the link that
  takes them off it (the link travels only in the message's context until the text is
  written; texts are cleared after MESSAGE_KEEP_DAYS like every message's).
- INTEREST_GATHERED to each coordinator of the area: counts per district and time and a
  link to the coordinators' page. Never an address or anything else about a family.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from perhekeskus.groups.models import InterestTime, ProgrammeKind
from perhekeskus.messaging import compose
from perhekeskus.messaging.models import MessageKind, OutgoingMessage
from perhekeskus.network.models import Area

ANY_TIME = "any"


def kind_label(kind: str) -> str:
    return str(ProgrammeKind(kind).label) if kind in ProgrammeKind.values else kind


def time_label(time: str) -> str:
    if time == ANY_TIME:
        return _("any time")
    return str(InterestTime(time).label) if time in InterestTime.values else time


def _area_name(area_id: Any) -> str:
    area = Area.objects.filter(pk=area_id).first()
    return area.name if area is not None else ""


def compose_received(message: OutgoingMessage) -> None:
    context = message.context
    with translation.override(message.language):
        data = {
            "kind": kind_label(context.get("kind", "")),
            "area": _area_name(context.get("area")),
            "times": [time_label(t) for t in context.get("times") or []],
            "withdraw_url": compose.absolute(context.get("withdraw_url", "")),
        }
        message.subject = _("You are on the list: we will tell you when a group starts")[:200]
        message.body = compose.tidy(render_to_string("messaging/interest_received.txt", data))


def compose_gathered(message: OutgoingMessage) -> None:
    context = message.context
    with translation.override(message.language):
        rows = []
        for row in context.get("rows") or []:
            times = row.get("times") or {}
            rows.append(
                {
                    "area": _area_name(row.get("area")),
                    "whole": row.get("whole", False),
                    "total": row.get("total", 0),
                    "times": [(time_label(t), times[t]) for t in [*InterestTime.values, ANY_TIME] if times.get(t)],
                }
            )
        data = {
            "kind": kind_label(context.get("kind", "")),
            "area": _area_name(context.get("area")),
            "count": context.get("count", 0),
            "rows": rows,
            "summary_url": compose.absolute(context.get("summary_url", "")),
        }
        message.subject = (
            _("%(count)s families would join: %(kind)s in %(area)s")
            % {"count": data["count"], "kind": data["kind"], "area": data["area"]}
        )[:200]
        message.body = compose.tidy(render_to_string("messaging/interest_gathered.txt", data))


compose.register(MessageKind.INTEREST_RECEIVED, compose_received)
compose.register(MessageKind.INTEREST_GATHERED, compose_gathered)
