"""Feedback after a group's last session: the families' one-time link, their anonymous
answers, and the summary those who run the group see.

The answers are anonymous: the one-time key (`FeedbackInvite`) knows the group only,
not the family, and only its hash is stored; the key itself travels in the family's
message. An answer is stored with its group, language and day, nothing else, and the
key is marked used in the same transaction, so each family answers once however many
times the form is sent. Small groups are not broken down: with fewer than
`SUMMARY_MINIMUM` answers the summary shows the number of answers only, as a breakdown
of three answers could tell who said what.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.activities.models import ActivityStatus, Session
from perhekeskus.core import audit
from perhekeskus.groups import feedback_messages
from perhekeskus.groups.models import (
    Attendance,
    FeedbackInvite,
    FeedbackResponse,
    Group,
    GroupStatus,
    Signup,
    SignupStatus,
)

SUMMARY_MINIMUM = 5
TEXT_MAX = 2000
SCALE = (1, 2, 3, 4, 5)
SCALES = ("overall", "useful", "atmosphere")
FIELDS = (*SCALES, "would_recommend", "liked", "improve")
LANGUAGES = ("fi", "sv", "en")
# A group that did not meet asks for no feedback.
NOT_ASKED = (GroupStatus.PLANNED, GroupStatus.POSTPONED, GroupStatus.CANCELLED, GroupStatus.MERGED)
# The families are asked the day after the last session, when the command runs.
ASK_AFTER = timedelta(days=1)


class FeedbackUnknown(Exception):
    """No feedback key with this token: a page or API answers 404."""


class FeedbackUsed(Exception):
    """The family has already answered with this key: 410."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_by_token(token: str) -> FeedbackInvite:
    invite = FeedbackInvite.objects.select_related("group__activity__organisation").filter(token_hash=token_hash(token))
    found = invite.first()
    if found is None:
        raise FeedbackUnknown
    return found


def last_session_end(group: Group) -> datetime | None:
    ends = Session.objects.filter(activity_id=group.activity_id, cancelled=False).order_by("-end")
    last = ends.values_list("end", flat=True).first()
    return last or group.activity.series_end


def _families(group: Group) -> QuerySet[Signup]:
    """Who is asked: every family that came at least once; if no attendance was recorded,
    every family that had a place. Erased sign-ups have no address left to ask."""
    rows = Signup.objects.filter(group=group, erased_at__isnull=True).exclude(email="")
    came = Attendance.objects.filter(signup=OuterRef("pk"), present=True)
    if Attendance.objects.filter(session__activity_id=group.activity_id, present=True).exists():
        return rows.filter(Exists(came)).order_by("created_at", "id")
    return rows.filter(status=SignupStatus.CONFIRMED).order_by("created_at", "id")


def feedback_request(*, group: Group, now: datetime | None = None, source: str = "") -> int:
    """Send each family of an ended group its one-time link to the feedback form, once.

    Returns the number of families asked (0 when the group was asked already).
    """
    now = now or timezone.now()
    with transaction.atomic():
        group = Group.objects.select_for_update().select_related("activity").get(pk=group.pk)
        if group.feedback_requested_at is not None:
            return 0
        if group.status in NOT_ASKED or group.activity.status == ActivityStatus.CANCELLED:
            raise ValidationError({"group": [_("This group did not meet: there is no feedback to ask.")]})
        last = last_session_end(group)
        if last is None or last > now:
            raise ValidationError({"group": [_("Feedback is asked after the group's last session.")]})
        asked = 0
        for signup in _families(group):
            token = secrets.token_urlsafe(24)
            FeedbackInvite.objects.create(group=group, token_hash=token_hash(token))
            feedback_messages.queue_feedback_request(
                group=group, to=signup.email, language=signup.language, token=token, dedupe=f"{signup.pk}"
            )
            asked += 1
        before = audit.snapshot(group)
        group.feedback_requested_at = now
        group.save(update_fields=["feedback_requested_at", "updated_at"])
        audit.record_update(None, group, before, source=source, extra={"feedback_invites": asked})
    return asked


def groups_to_ask(now: datetime) -> QuerySet[Group]:
    """Groups whose last session ended at least a day ago and that have not been asked."""
    return (
        Group.objects.filter(feedback_requested_at__isnull=True, activity__series_end__lte=now - ASK_AFTER)
        .exclude(status__in=NOT_ASKED)
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .select_related("activity")
        .order_by("activity__series_end", "id")
    )


def request_due(*, now: datetime | None = None, source: str = "") -> tuple[int, int]:
    """Ask every group due (`manage.py request_feedback`): (groups asked, families asked)."""
    now = now or timezone.now()
    groups = families = 0
    for group in groups_to_ask(now):
        last = last_session_end(group)
        if last is None or last > now - ASK_AFTER:  # a session later than the series' end
            continue
        families += feedback_request(group=group, now=now, source=source)
        groups += 1
    return groups, families


# --- Answers ---------------------------------------------------------------------------------


def _scale(data: Mapping[str, Any], name: str, errors: dict[str, list[str]], *, required: bool) -> int | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            errors[name] = [_("Choose a number from 1 to 5.")]
        return None
    try:
        number = int(value) if not isinstance(value, bool) else 0
    except (TypeError, ValueError):
        number = 0
    if number not in SCALE or (isinstance(value, float) and value != number):
        errors[name] = [_("Choose a number from 1 to 5.")]
        return None
    return number


def _yes_no(value: Any, errors: dict[str, list[str]]) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if value in ("yes", "no"):
        return value == "yes"
    errors["would_recommend"] = [_('Answer "yes" or "no", or leave it empty.')]
    return None


def _text(data: Mapping[str, Any], name: str, errors: dict[str, list[str]]) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = [_("Give a text.")]
        return ""
    if len(value) > TEXT_MAX:
        errors[name] = [_("Keep the answer under %(max)s characters.") % {"max": TEXT_MAX}]
    return value.strip()


def validate_answer(data: Mapping[str, Any]) -> dict[str, Any]:
    """The answer's fields, or ValidationError with a message per bad field."""
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - set(FIELDS)):
        errors[name] = [_("Unknown field.")]
    clean: dict[str, Any] = {
        "overall": _scale(data, "overall", errors, required=True),
        "useful": _scale(data, "useful", errors, required=False),
        "atmosphere": _scale(data, "atmosphere", errors, required=False),
        "would_recommend": _yes_no(data.get("would_recommend"), errors),
        "liked": _text(data, "liked", errors),
        "improve": _text(data, "improve", errors),
    }
    if errors:
        raise ValidationError(errors)
    return clean


def feedback_submit(token: str, data: Mapping[str, Any], *, language: str = "fi") -> FeedbackResponse:
    """Store one family's anonymous answer and use up its key (FeedbackUnknown, FeedbackUsed)."""
    invite = invite_by_token(token)  # an unknown key is told before any field is checked
    if invite.used_at is not None:
        raise FeedbackUsed
    clean = validate_answer(data)
    with transaction.atomic():
        # The key is taken with one conditional UPDATE: of two answers sent at once, only
        # one finds it unused, and the other's transaction stores nothing.
        taken = FeedbackInvite.objects.filter(pk=invite.pk, used_at__isnull=True).update(used_at=timezone.now())
        if not taken:
            raise FeedbackUsed
        response = FeedbackResponse.objects.create(
            group_id=invite.group_id, language=language if language in LANGUAGES else "fi", **clean
        )
    return response


# --- Summary ---------------------------------------------------------------------------------


def _scale_summary(rows: list[FeedbackResponse], name: str) -> dict[str, Any]:
    values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
    return {
        "answered": len(values),
        "counts": {str(n): values.count(n) for n in SCALE},
        "average": round(sum(values) / len(values), 1) if values else None,
    }


def feedback_summary(group: Group) -> dict[str, Any]:
    """Counts per answer and averages; with fewer than SUMMARY_MINIMUM answers, only how many."""
    rows = list(FeedbackResponse.objects.filter(group=group).order_by("id"))
    summary: dict[str, Any] = {
        "requested_at": group.feedback_requested_at,
        "invited": FeedbackInvite.objects.filter(group=group).count(),
        "responses": len(rows),
        "minimum": SUMMARY_MINIMUM,
        "enough": len(rows) >= SUMMARY_MINIMUM,
    }
    if not summary["enough"]:
        return summary
    recommend = [r.would_recommend for r in rows]
    summary.update(
        {
            **{name: _scale_summary(rows, name) for name in SCALES},
            "would_recommend": {
                "yes": recommend.count(True),
                "no": recommend.count(False),
                "no_answer": recommend.count(None),
            },
            # In alphabetical order, not the order of answering, which could tell who wrote what.
            "liked": sorted(r.liked for r in rows if r.liked),
            "improve": sorted(r.improve for r in rows if r.improve),
        }
    )
    return summary
