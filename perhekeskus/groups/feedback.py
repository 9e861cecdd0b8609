"""Feedback after a group's last session: the families' one-time link, their anonymous
answers, and the summary those who run the group see.

The answers are responses of the shipped `group-feedback` questionnaire, filled in on
the questionnaire engine's page and filed with the group (context "group:<uuid>"). The
one-time key (`FeedbackInvite`) knows the group only, not the family, and only its hash
is stored; the key itself travels in the family's message. The first time the key is
opened it starts the family's response, with the key as the response's secret and the
key's hash as its respondent key, so the same link continues the form later and, once
sent, shows the family its own answers; a second response for the key cannot exist.
Small groups are not broken down: with fewer than `SUMMARY_MINIMUM` answers the summary
shows the number of answers only, as a breakdown of three answers could tell who said
what.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.activities.models import ActivityStatus, Session
from perhekeskus.core import audit
from perhekeskus.groups import feedback_messages
from perhekeskus.groups.models import (
    Attendance,
    FeedbackInvite,
    Group,
    GroupStatus,
    Signup,
    SignupStatus,
)
from perhekeskus.questionnaires import definition, filling, instruments, services, surveys
from perhekeskus.questionnaires.models import Purpose, Questionnaire, Response, ResponseStatus

QUESTIONNAIRE = "group-feedback"
SOURCE = "group feedback"
SUMMARY_MINIMUM = 5
TEXT_MAX = 2000
SCALE = (1, 2, 3, 4, 5)
SCALES = ("overall", "useful", "atmosphere")
# The fields of the API's first answer format and the questions they answer.
FLAT_FIELDS = {
    "overall": "overall",
    "useful": "useful",
    "atmosphere": "atmosphere",
    "would_recommend": "recommend",
    "liked": "good",
    "improve": "better",
}
LANGUAGES = ("fi", "sv", "en")
# A group that did not meet asks for no feedback.
NOT_ASKED = (GroupStatus.PLANNED, GroupStatus.POSTPONED, GroupStatus.CANCELLED, GroupStatus.MERGED)
# The families are asked the day after the last session, when the command runs.
ASK_AFTER = timedelta(days=1)


class FeedbackUnknown(Exception):
    """No feedback key with this token: a page or API answers 404."""


class FeedbackUsed(Exception):
    """The family has already answered with this key: 410."""


class FeedbackClosed(Exception):
    """The form takes no answers (the questionnaire is retired, or the unsent answers were
    erased): 410."""


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


# --- The family's response -------------------------------------------------------------------


def context_of(group: Group) -> str:
    return f"group:{group.uuid}"


def respondent_key(invite: FeedbackInvite) -> str:
    # The key's hash, which the invite already stores: it finds the family's response
    # again and lets the engine refuse a second one, and says nothing of the family.
    return f"invite:{invite.token_hash}"


def questionnaire() -> Questionnaire:
    """The group feedback questionnaire; loaded from the shipped file if it is missing, so
    that the families' links work even where `load_questionnaires` was not run."""
    found = Questionnaire.objects.filter(identifier=QUESTIONNAIRE).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            data = instruments.read_shipped(QUESTIONNAIRE)
            found, _created = services.questionnaire_import(data, purpose=Purpose.FEEDBACK, source=SOURCE)
    except IntegrityError:  # loaded at the same moment for another family
        found = Questionnaire.objects.get(identifier=QUESTIONNAIRE)
    return found


def _response_of(questionnaire: Questionnaire, key: str) -> Response | None:
    return Response.objects.filter(questionnaire=questionnaire, respondent_key=key).first()


def feedback_open(token: str, *, language: str = "fi") -> Response:
    """The family's response to the group's feedback, started the first time the key is
    opened. Raises FeedbackUnknown, FeedbackUsed (answered with the groups' earlier form,
    whose answers are not linked to the key) or FeedbackClosed."""
    invite = invite_by_token(token)
    form = questionnaire()
    key = respondent_key(invite)
    found = _response_of(form, key)
    if found is None:
        if invite.used_at is not None:
            raise FeedbackUsed
        try:
            found, _secret = filling.response_start(
                form,
                language=language,
                source=SOURCE,
                context=context_of(invite.group),
                respondent_key=key,
                secret=token,
            )
        except filling.QuestionnaireClosed:
            raise FeedbackClosed from None
        except filling.AlreadyAnswered:  # the link opened twice at the same moment
            found = _response_of(form, key)
            if found is None:  # pragma: no cover - the other start was rolled back
                raise FeedbackClosed from None
    if found.erased_at is not None:
        if found.status == ResponseStatus.COMPLETED:
            raise FeedbackClosed
        # Opened once (perhaps by a mail scanner) and erased unsent after
        # UNFINISHED_RESPONSE_KEEP_DAYS: the family's key opens it again, empty.
        filling.new_secret(found, secret=token, source=SOURCE)
        found.refresh_from_db()
    return found


def is_answered(invite: FeedbackInvite) -> bool:
    """Whether the family has sent its answer (on the page, through the API, or earlier)."""
    if invite.used_at is not None:
        return True
    form = Questionnaire.objects.filter(identifier=QUESTIONNAIRE).first()
    found = _response_of(form, respondent_key(invite)) if form is not None else None
    return found is not None and found.status == ResponseStatus.COMPLETED


# --- Answers through the API -----------------------------------------------------------------


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


def _yes_no(value: Any, errors: dict[str, list[str]]) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value in ("yes", "no"):
        return str(value)
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


def answers_from_flat(data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The API's first format (`{"overall": 4, "would_recommend": "yes", "liked": "…"}`) as
    the questionnaire's answers, or ValidationError with a message per bad field."""
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - set(FLAT_FIELDS)):
        errors[name] = [_("Unknown field.")]
    values: dict[str, Any] = {
        "overall": _scale(data, "overall", errors, required=True),
        "useful": _scale(data, "useful", errors, required=False),
        "atmosphere": _scale(data, "atmosphere", errors, required=False),
        "would_recommend": _yes_no(data.get("would_recommend"), errors),
        "liked": _text(data, "liked", errors),
        "improve": _text(data, "improve", errors),
    }
    if errors:
        raise ValidationError(errors)
    return {FLAT_FIELDS[name]: [str(value)] for name, value in values.items() if value not in (None, "")}


def check(answers: Any) -> dict[str, list[Any]]:
    """The answers checked whole as a sent response, before anything is stored."""
    _clean, errors = definition.check_answers(definition.parse(questionnaire().definition), answers, complete=True)
    if errors:
        raise filling.AnswerError(errors)
    return dict(answers)


def feedback_submit(token: str, answers: Mapping[str, Any], *, language: str = "fi") -> Response:
    """Send one family's answers `{linkId: [values]}` in one go (the API).

    Raises FeedbackUnknown, FeedbackUsed, FeedbackClosed, or AnswerError (nothing stored).
    """
    invite = invite_by_token(token)  # an unknown key is told before any field is checked
    if is_answered(invite):
        raise FeedbackUsed
    checked = check(answers)  # bad answers start no response
    response = feedback_open(token, language=language)
    with transaction.atomic():
        # The key is taken with one conditional UPDATE: of two answers sent at once, only
        # one finds it unused, and the other's transaction stores nothing.
        taken = FeedbackInvite.objects.filter(pk=invite.pk, used_at__isnull=True).update(used_at=timezone.now())
        if not taken:
            raise FeedbackUsed
        try:
            return filling.response_save(response, checked, complete=True, language=language, source=f"{SOURCE} api")
        except filling.ResponseClosed:  # sent on the page in the meantime
            raise FeedbackUsed from None


# --- Summary ---------------------------------------------------------------------------------


def _scale_summary(counted: Mapping[str, int]) -> dict[str, Any]:
    counts = {str(n): counted.get(str(n), 0) for n in SCALE}
    answered = sum(counts.values())
    total = sum(n * counts[str(n)] for n in SCALE)
    return {
        "answered": answered,
        "counts": counts,
        "average": round(total / answered, 1) if answered else None,
    }


def _texts(form: Questionnaire, group: Group, link_id: str) -> list[str]:
    sent = Response.objects.filter(
        questionnaire=form, context=context_of(group), status=ResponseStatus.COMPLETED, erased_at__isnull=True
    )
    found = [str(v).strip() for answers in sent.values_list("answers", flat=True) for v in answers.get(link_id) or []]
    # In alphabetical order, not the order of answering, which could tell who wrote what.
    return sorted(text for text in found if text)


def feedback_summary(group: Group) -> dict[str, Any]:
    """Counts per answer and averages; with fewer than SUMMARY_MINIMUM answers, only how many."""
    form = Questionnaire.objects.filter(identifier=QUESTIONNAIRE).first()
    counted: dict[str, Any] = (
        surveys.summary(form, context=context_of(group)) if form is not None else {"responses": 0, "items": {}}
    )
    responses = counted["responses"]
    summary: dict[str, Any] = {
        "requested_at": group.feedback_requested_at,
        "invited": FeedbackInvite.objects.filter(group=group).count(),
        "responses": responses,
        "minimum": SUMMARY_MINIMUM,
        "enough": responses >= SUMMARY_MINIMUM,
    }
    if not summary["enough"] or form is None:
        return summary
    items: dict[str, dict[str, int]] = counted["items"]
    recommend = items.get("recommend", {})
    yes, no = recommend.get("yes", 0), recommend.get("no", 0)
    summary.update(
        {
            **{name: _scale_summary(items.get(name, {})) for name in SCALES},
            "would_recommend": {"yes": yes, "no": no, "no_answer": responses - yes - no},
            "liked": _texts(form, group, "good"),
            "improve": _texts(form, group, "better"),
        }
    )
    return summary
