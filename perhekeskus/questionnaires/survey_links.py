"""Surveys by link: every change to survey links and their codes, and starting a response.

An organisation asks a questionnaire through a public address `/s/<token>/`:

- an **open** link takes any number of anonymous responses: nothing about the respondent
  is stored (no address, no cookie, no account), only the answers;
- a **personal** link takes one response per one-time code. The organisation makes the
  codes and prints them (they are shown once; only their SHA-256 is kept). A response
  started with a code carries the code's hash as its `respondent_key`, which the database
  keeps unique per questionnaire: two people typing the same code at once get exactly one
  response. A code whose response was sent is used up; a code whose response is still
  being filled in opens it again (the holder closed the browser and comes back), with a
  fresh link — the old one stops working.

Responses are started with `filling.response_start` and filed with `context =
"survey:<link uuid>"`; the filling-in itself is the questionnaire's fill page.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.core import audit, writes
from perhekeskus.groups import codes
from perhekeskus.questionnaires import access, filling, surveys
from perhekeskus.questionnaires.models import (
    Questionnaire,
    QuestionnaireStatus,
    Response,
    ResponseStatus,
    SurveyCode,
    SurveyKind,
    SurveyLink,
    SurveyStatus,
)

SOURCE = "survey"
MAX_CODES = 500  # one batch: what fits a printing job; make another batch for more
TOKEN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$")
# Addresses of our own under /s/ (the results page) that a chosen address must not shadow.
RESERVED_TOKENS = {"results", "new"}
NULLABLE = ("minutes", "opens_on", "closes_on")
FIELDS = (
    "title_fi",
    "title_sv",
    "title_en",
    "intro_fi",
    "intro_sv",
    "intro_en",
    "minutes",
    "kind",
    "opens_on",
    "closes_on",
    "results_public",
)


class SurveyClosed(Exception):
    """The link takes no answers now: closed, not open yet, or past its last day."""


class CodeUnknown(Exception):
    """No such code on this link."""


class CodeUsed(Exception):
    """The code's response was sent already (or erased): one response per code."""


class CodeLapsed(CodeUsed):
    """The code's response was never sent and was erased as unfinished: the code is spent
    (the response's row, and so the code's place, stays for the counts)."""


class CodeBusy(Exception):
    """Someone started answering with this code at the very same moment."""


def new_token() -> str:
    # Lower case letters and digits: read aloud and typed from paper without mistakes.
    return "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(data) - set(FIELDS) - {"questionnaire", "organisation", "token"})
    for name in unknown:
        errors[name] = [_("Unknown field.")]
    kind = data.get("kind", SurveyKind.OPEN)
    if kind not in SurveyKind.values:
        errors["kind"] = [_("Choose an open link or one response per code.")]
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if isinstance(opens, date) and isinstance(closes, date) and closes < opens:
        errors["closes_on"] = [_("The last day comes before the first day.")]
    minutes = data.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or not 1 <= minutes <= 240):
        errors["minutes"] = [_("Give the minutes as a whole number from 1 to 240.")]
    token = str(data.get("token") or "").strip().lower()
    if token:
        if not TOKEN.match(token) or token in RESERVED_TOKENS:
            errors["token"] = [
                _("Use 3–40 small letters (a–z), digits and dashes, starting and ending with a letter or digit.")
            ]
        elif SurveyLink.objects.filter(token=token).exists():
            errors["token"] = [_("This address is in use already: choose another.")]
    if errors:
        raise ValidationError(errors)
    return {**data, "token": token}


def survey_link_create(*, actor: Any, data: dict[str, Any], source: str = "") -> SurveyLink:
    """A new survey link of `data["organisation"]` asking `data["questionnaire"]`.

    The questionnaire must be one the organisation may ask (`access.survey_questionnaires`).
    `token`: a readable address; empty gives a random one. Raises ValidationError per field.
    """
    organisation = data.get("organisation")
    writes.require(access.can_make_survey_for(actor, organisation))
    clean = _checked(data)
    questionnaire: Questionnaire | None = clean.get("questionnaire")
    if questionnaire is None or not access.survey_questionnaires(organisation).filter(pk=questionnaire.pk).exists():
        raise ValidationError(
            {"questionnaire": [_("Choose an active survey or feedback questionnaire of this organisation's.")]}
        )
    with transaction.atomic():
        link = SurveyLink(
            questionnaire=questionnaire,
            organisation=organisation,
            token=clean["token"] or new_token(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for name in FIELDS:
            if name in clean:
                value = clean[name]
                # Empty texts are "", empty days and minutes None (the columns' own "none").
                setattr(link, name, "" if value is None and name not in NULLABLE else value)
        link.full_clean(exclude=["questionnaire", "organisation", "created_by"])
        link.save()
        audit.record_create(actor, link, source=source)
    return link


def survey_link_close(*, actor: Any, link: SurveyLink, source: str = "") -> SurveyLink:
    """Stop taking answers (the counts stay). Closing a closed link changes nothing."""
    writes.require(access.can_manage_survey(actor, link))
    with transaction.atomic():
        locked = SurveyLink.objects.select_for_update().get(pk=link.pk)
        if locked.status == SurveyStatus.CLOSED:
            return locked
        before = audit.snapshot(locked)
        locked.status = SurveyStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record_update(actor, locked, before, source=source)
    return locked


def survey_codes_make(*, actor: Any, link: SurveyLink, count: int, source: str = "") -> list[str]:
    """`count` new one-time codes for a personal link, as printed (shown once, never stored)."""
    writes.require(access.can_manage_survey(actor, link))
    if link.kind != SurveyKind.PERSONAL:
        raise ValidationError({"count": [_("Codes are made for links with one response per code only.")]})
    if link.status == SurveyStatus.CLOSED:
        raise ValidationError({"count": [_("The survey is closed.")]})
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": [_("Make 1–%(max)s codes at a time.") % {"max": MAX_CODES}]})
    made: list[str] = []
    with transaction.atomic():
        for _n in range(count):
            code = codes.new_code()
            SurveyCode.objects.create(link=link, code_hash=codes.code_hash(code))
            made.append(codes.printed(code))
        audit.record(actor=actor, action=audit.AuditAction.UPDATE, obj=link, changes={"codes": count}, source=source)
    return made


def is_closed(link: SurveyLink) -> bool:
    """Closed for good: by the organisation, or its questionnaire is no longer in use."""
    return link.status != SurveyStatus.OPEN or link.questionnaire.status != QuestionnaireStatus.ACTIVE


def takes_answers(link: SurveyLink, today: date | None = None) -> bool:
    if is_closed(link):
        return False
    today = today or timezone.localdate()
    if link.opens_on and today < link.opens_on:
        return False
    return not (link.closes_on and today > link.closes_on)


def _respondent_key(code: str) -> str:
    return f"code:{codes.code_hash(code)}"


def survey_start(link: SurveyLink, *, language: str, code: str = "") -> tuple[Response, str]:
    """A response to the link and its secret (for the fill page's address).

    Personal links need `code`: CodeUnknown, CodeUsed (sent already), CodeLapsed (left
    unfinished and erased), CodeBusy (started
    by someone else this very moment); a code whose response is unfinished opens it again
    with a new secret. SurveyClosed when the link takes no answers.
    """
    if not takes_answers(link):
        raise SurveyClosed(link.token)
    key = ""
    if link.kind == SurveyKind.PERSONAL:
        if (
            not codes.normalise(code)
            or not SurveyCode.objects.filter(link=link, code_hash=codes.code_hash(code)).exists()
        ):
            raise CodeUnknown
        key = _respondent_key(code)
        earlier = Response.objects.filter(questionnaire=link.questionnaire, respondent_key=key).first()
        if earlier is not None:
            if earlier.status == ResponseStatus.COMPLETED:
                raise CodeUsed
            if earlier.erased_at is not None:
                raise CodeLapsed
            return earlier, filling.new_secret(earlier, source=SOURCE)
    try:
        return filling.response_start(
            link.questionnaire,
            language=language,
            source=SOURCE,
            respondent_key=key,
            context=link.context,
        )
    except filling.QuestionnaireClosed as exc:
        raise SurveyClosed(link.token) from exc
    except filling.AlreadyAnswered as exc:
        raise CodeBusy from exc


def link_summary(link: SurveyLink, *, full: bool) -> dict[str, Any]:
    """The counts of the link's answers: every count (`full`) or small ones hidden."""
    if full:
        return surveys.summary(link.questionnaire, context=link.context)
    return surveys.public_summary(link.questionnaire, context=link.context)


def responses_sent(link: SurveyLink) -> int:
    """The link's completed responses, as its summary counts them."""
    return Response.objects.filter(
        context=link.context, status=ResponseStatus.COMPLETED, erased_at__isnull=True
    ).count()


def codes_given(link: SurveyLink) -> dict[str, int]:
    """How many codes the link has and how many were used to send a response."""
    sent = (
        Response.objects.filter(context=link.context, status=ResponseStatus.COMPLETED)
        .exclude(respondent_key="")
        .count()
    )
    return {"codes": link.codes.count(), "sent": sent}
