"""Filling in a questionnaire: start a response, save answers page by page, send it.

A response is reached by its own secret link (`/answer/<uuid>/<secret>/`): only the
SHA-256 of the secret is stored, so the link is the respondent's key to continue later
and, once sent, to read their own answers. Answers are checked with
`definition.check_answers` (the same check a file import and the API get); a page saves
only its own questions and leaves the others as they were. Sending scores the answers
with the questionnaire's scoring and stores the score, the level and the alert with the
response in the same transaction, so the nurse's work list sees an alert at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from perhekeskus.core import audit
from perhekeskus.questionnaires import definition, scoring
from perhekeskus.questionnaires.models import Questionnaire, QuestionnaireStatus, Response, ResponseStatus

LANGUAGES = ("fi", "sv", "en")
# The answers themselves stay out of the audit log: the log is kept longer than they are.
NOT_LOGGED = ("answers", "score", "secret_hash")
NOTHING_ANSWERED = "nothing is answered"


class ResponseUnknown(Exception):
    """No response with this id and secret (or it was erased): 404."""


class ResponseClosed(Exception):
    """The response was sent already and takes no more answers: 409."""


class QuestionnaireClosed(Exception):
    """The questionnaire is not in use (draft or retired): no new responses."""


class AlreadyAnswered(Exception):
    """This respondent has a response already (one per respondent)."""


class AnswerError(ValueError):
    """Answers refused whole: `errors` maps linkId to a reason; nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _logged(response: Response) -> dict[str, Any]:
    return {k: v for k, v in audit.snapshot(response).items() if k not in NOT_LOGGED}


def response_start(
    questionnaire: Questionnaire,
    *,
    language: str = "fi",
    source: str = "link",
    respondent_key: str = "",
    context: str = "",
    secret: str | None = None,
    actor: Any = None,
) -> tuple[Response, str]:
    """A new, empty response and its secret (shown once, in the link; never stored).

    `respondent_key` makes the response the only one of that respondent (a personal
    survey code's hash, a parent's place on the clinic schedule): a second start raises
    AlreadyAnswered. `context` files it with the others of the same (see the model).
    `secret`: a key the respondent already holds (a group's one-time feedback key), so
    the same key opens the response again; by default a new random one.
    """
    if questionnaire.status != QuestionnaireStatus.ACTIVE:
        raise QuestionnaireClosed(questionnaire.identifier)
    secret = secret or secrets.token_urlsafe(24)
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            response = Response.objects.create(
                questionnaire=questionnaire,
                language=language if language in LANGUAGES else "fi",
                respondent_key=respondent_key,
                context=context[:80],
                secret_hash=secret_hash(secret),
                source=source[:120],
                created_by=user,
            )
            audit.record(
                actor=actor, action=audit.AuditAction.CREATE, obj=response, changes=_logged(response), source=source
            )
    except IntegrityError as exc:
        raise AlreadyAnswered(respondent_key) from exc
    return response, secret


def response_by_secret(uuid: UUID | str, secret: str) -> Response:
    """The response this link opens; ResponseUnknown for a wrong id or secret or an erased one."""
    response = Response.objects.select_related("questionnaire").filter(uuid=uuid, erased_at__isnull=True).first()
    if response is None or not response.secret_hash:
        raise ResponseUnknown
    if not hmac.compare_digest(response.secret_hash, secret_hash(secret)):
        raise ResponseUnknown
    return response


def new_secret(response: Response, *, secret: str | None = None, actor: Any = None, source: str = "") -> str:
    """A fresh link for the response (the old one stops working): a nurse hands a parent
    whose link was lost a new one.

    A form left unsent and erased after UNFINISHED_RESPONSE_KEEP_DAYS opens again, empty:
    the respondent starts afresh (what was erased stays erased). A sent response that was
    erased opens no more (ResponseUnknown). `secret`: a key the respondent already holds.
    """
    secret = secret or secrets.token_urlsafe(24)
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        changes: dict[str, Any] = {"link": "renewed"}
        if locked.erased_at is not None:
            if locked.status == ResponseStatus.COMPLETED:
                raise ResponseUnknown
            locked.erased_at = None
            changes["reopened"] = True
        locked.secret_hash = secret_hash(secret)
        locked.save()
        audit.record(actor=actor, action=audit.AuditAction.UPDATE, obj=locked, changes=changes, source=source)
    response.refresh_from_db()
    return secret


def page_questions(defn: definition.Definition, link_ids: Iterable[str]) -> set[str]:
    """The questions under these items (a page is a top-level item and its children)."""
    wanted = set(link_ids)
    found: set[str] = set()
    for item in defn.items:  # groups come before their children
        if item.link_id in wanted or (item.parent is not None and item.parent in found | wanted):
            found.add(item.link_id)
    return {i for i in found if (it := defn.item(i)) is not None and it.answerable}


def response_save(
    response: Response,
    answers: dict[str, Any],
    *,
    questions: Iterable[str] | None = None,
    complete: bool = False,
    language: str | None = None,
    actor: Any = None,
    source: str = "",
) -> Response:
    """Save answers; with `complete`, send the response (required answers checked, scored).

    `questions`: the linkIds this save answers (a page of the form); their old answers are
    replaced, answers to other questions stay. None replaces all answers (the API).
    Raises AnswerError (nothing saved) or ResponseClosed.
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("questionnaire").get(pk=response.pk)
        if locked.erased_at is not None:
            raise ResponseUnknown
        if locked.status == ResponseStatus.COMPLETED:
            raise ResponseClosed
        defn = definition.parse(locked.questionnaire.definition)
        if questions is None:
            merged = dict(answers)
        else:
            page = set(questions)
            merged = {k: v for k, v in (locked.answers or {}).items() if k not in page}
            merged.update({k: v for k, v in answers.items() if k in page})
            outside = sorted(set(answers) - page)
            if outside:
                raise AnswerError(dict.fromkeys(outside, "not a question on this page"))
        clean, errors = definition.check_answers(defn, merged, complete=complete)
        if complete and not clean and not errors:
            # A form with no required question could be sent blank: that is a click, not an answer.
            errors = {"answers": NOTHING_ANSWERED}
        if errors:
            raise AnswerError(errors)
        before = _logged(locked)
        locked.answers = clean
        if language in LANGUAGES:
            locked.language = language
        if complete:
            result = scoring.score(defn, clean)
            locked.score = result
            locked.alert = bool(result.get("alerts"))
            locked.status = ResponseStatus.COMPLETED
            locked.submitted_at = timezone.now()
        locked.save()
        after = _logged(locked)
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v and k != "updated_at"}
        changes["answered"] = [None, len(clean)]
        audit.record(actor=actor, action=audit.AuditAction.UPDATE, obj=locked, changes=changes, source=source)
    return locked


def level(response: Response) -> str | None:
    """The response's level ("none", "watch", "discuss") once sent and scored."""
    return (response.score or {}).get("level")


def response_erase(response: Response, *, actor: Any = None, source: str = "", now: datetime | None = None) -> None:
    """Erase the answers and the link; the row stays (with its questionnaire and day) for counts."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.erased_at is not None:
            return
        locked.answers = {}
        locked.score = {}
        locked.secret_hash = ""
        locked.erased_at = now or timezone.now()
        locked.save()
        audit.record(actor=actor, action=audit.AuditAction.UPDATE, obj=locked, changes={"erased": True}, source=source)


def erase_unfinished(*, now: datetime | None = None, source: str = "erase_unfinished_responses") -> int:
    """Erase forms saved to continue later and not touched for UNFINISHED_RESPONSE_KEEP_DAYS."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.UNFINISHED_RESPONSE_KEEP_DAYS)
    stale = Response.objects.filter(status=ResponseStatus.IN_PROGRESS, erased_at__isnull=True, updated_at__lt=limit)
    erased = 0
    for response in stale.order_by("id").iterator():
        response_erase(response, source=source, now=now)
        erased += 1
    return erased
