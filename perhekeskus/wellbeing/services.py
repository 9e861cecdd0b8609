"""The wellbeing clinic's one home for writes: families, links, the birth date, erasure.

Every function checks its input whole and raises Django's ValidationError (per field)
with nothing saved; the pages, the API, the demo and the commands call these. Access
is the caller's (`access.py`). The answers themselves are written only by
`questionnaires.filling` (the parent's fill page): here responses are started, given
new links and erased.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.core import audit
from perhekeskus.core.translation import translated_value
from perhekeskus.messaging.compose import absolute
from perhekeskus.questionnaires import filling
from perhekeskus.questionnaires.models import Questionnaire, QuestionnaireStatus, Response, ResponseStatus
from perhekeskus.wellbeing import access, schedule
from perhekeskus.wellbeing.messages import queue_links
from perhekeskus.wellbeing.models import Family, FamilyStatus, Form, FormLanguage, Parent, ParentLabel, Point

SOURCE = "wellbeing"
# A Finnish personal identity code (ddmmyy, century sign, number, check character):
# the label must not be one (see the model).
IDENTITY_CODE = re.compile(r"\d{6}\s*[-+A-FU-Y]\s*\d{3}[0-9A-Y]", re.IGNORECASE)
# The dates a family can be added with: expected within ~10 months, or born within a year.
DUE_AHEAD = timedelta(days=300)
DUE_BEHIND = timedelta(days=366)
# A birth can come at the earliest ~18 weeks before the due date (22+0 weeks) and at the
# latest ~4 weeks after it (the clinics induce by 42 weeks).
BORN_BEFORE_DUE = timedelta(weeks=18)
BORN_AFTER_DUE = timedelta(weeks=4)


@dataclass
class Link:
    """A form's secret link, shown or sent once (only the secret's hash is stored)."""

    form: Form
    secret: str

    @property
    def url(self) -> str:
        return fill_path(self.form.response, self.secret)

    @property
    def absolute_url(self) -> str:
        return absolute(self.url)


def fill_path(response: Response, secret: str) -> str:
    """The parent's fill page for a response (`questionnaire-fill`)."""
    try:
        return reverse("questionnaire-fill", args=[response.uuid, secret])
    except NoReverseMatch:  # the fill pages are not installed: the address they will have
        return f"/answer/{response.uuid}/{secret}/"


def _label(value: Any) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError({"label": [_("Give the family a label you recognise.")]})
    if len(text) > 60:
        raise ValidationError({"label": [_("At most 60 characters.")]})
    if IDENTITY_CODE.search(text):
        raise ValidationError(
            {"label": [_("Do not use a personal identity code: a name or street is enough to recognise the family.")]}
        )
    return text


def _birth_errors(due_date: date, birth_date: date | None, today: date) -> list[str]:
    if birth_date is None:
        return []
    if birth_date > today:
        return [_("The birth date cannot be in the future.")]
    if birth_date < due_date - BORN_BEFORE_DUE:
        return [_("The birth date cannot be more than 18 weeks before the due date.")]
    if birth_date > due_date + BORN_AFTER_DUE:
        return [_("The birth date cannot be more than 4 weeks after the due date.")]
    return []


def _parents(rows: Any) -> list[dict[str, str]]:
    if not isinstance(rows, list) or not 1 <= len(rows) <= 2:
        raise ValidationError({"parents": [_("Give one or two parents.")]})
    clean = []
    for i, row in enumerate(rows):
        label = str(row.get("label") or "") if isinstance(row, dict) else ""
        language = str(row.get("language") or "fi") if isinstance(row, dict) else ""
        if label not in ParentLabel.values:
            raise ValidationError({f"parents[{i}].label": [_("Choose mother, father or parent.")]})
        if language not in FormLanguage.values:
            raise ValidationError({f"parents[{i}].language": [_("Choose Finnish, Swedish or English.")]})
        clean.append({"label": label, "language": language})
    return clean


def family_create(
    *,
    actor: Any,
    clinic: Any,
    nurse: Any,
    label: str,
    due_date: date,
    birth_date: date | None = None,
    parents: list[dict[str, str]],
    source: str = SOURCE,
) -> Family:
    """Put a family on `nurse`'s schedule with its parents (one or two)."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    try:
        clean_label = _label(label)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not (today - DUE_BEHIND <= due_date <= today + DUE_AHEAD):
        errors["due_date"] = [_("The due date must be within the past year or the next ten months.")]
    elif birth_errors := _birth_errors(due_date, birth_date, today):
        errors["birth_date"] = birth_errors
    try:
        clean_parents = _parents(parents)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if clinic is None or not access.can_add_family(nurse, clinic):
        errors["clinic"] = [_("The nurse must be a professional of this organisation.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        family = Family.objects.create(
            clinic=clinic, nurse=nurse, label=clean_label, due_date=due_date, birth_date=birth_date
        )
        audit.record_create(actor, family, source=source)
        for position, row in enumerate(clean_parents, start=1):
            parent = Parent.objects.create(family=family, position=position, **row)
            audit.record_create(actor, parent, source=source)
    return family


def _open(family: Family) -> None:
    if family.status != FamilyStatus.ACTIVE or family.erased_at is not None:
        raise ValidationError({"family": [_("The family's schedule is closed.")]})


def family_birth_record(*, actor: Any, family: Family, birth_date: date | None, source: str = SOURCE) -> Family:
    """Record the baby's birth date: the later points are due from it."""
    _open(family)
    if birth_date is None:
        raise ValidationError({"birth_date": [_("Give the birth date.")]})
    errors = _birth_errors(family.due_date, birth_date, timezone.localdate())
    if errors:
        raise ValidationError({"birth_date": errors})
    with transaction.atomic():
        before = audit.snapshot(family)
        family.birth_date = birth_date
        family.save(update_fields=["birth_date", "updated_at"])
        audit.record_update(actor, family, before, source=source)
    return family


def _parent(family: Family, parent: Parent | uuid.UUID | str) -> Parent:
    if isinstance(parent, Parent):
        if parent.family_id != family.pk:
            raise ValidationError({"parent": [_("Not a parent of this family.")]})
        return parent
    found = family.parents.filter(uuid=parent).first() if _is_uuid(parent) else None
    if found is None:
        raise ValidationError({"parent": [_("Not a parent of this family.")]})
    return found


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _point(family: Family, point: str) -> Point:
    if point not in Point.values:
        raise ValidationError({"point": [_("Choose a point of the schedule.")]})
    if point != Point.PREGNANCY and family.birth_date is None:
        raise ValidationError({"point": [_("Record the baby's birth date first: this point follows the baby's age.")]})
    return Point(point)


def _questionnaires(point: Point) -> list[Questionnaire]:
    ids = schedule.questionnaires_for(point)
    found = {q.identifier: q for q in Questionnaire.objects.filter(identifier__in=ids)}
    missing = [i for i in ids if i not in found or found[i].status != QuestionnaireStatus.ACTIVE]
    if missing or not ids:
        raise ValidationError(
            {"point": [_("The questionnaires of this point are not in use: %(ids)s.") % {"ids": ", ".join(missing)}]}
        )
    return [found[i] for i in ids]


def respondent_key(parent: Parent, point: str) -> str:
    """One response per parent, point and questionnaire (the response's unique key)."""
    return f"wellbeing:{parent.uuid}:{point}"


def forms_start(
    *, actor: Any, family: Family, parent: Parent | uuid.UUID | str, point: str, source: str = SOURCE, how: str = "link"
) -> list[Link]:
    """Start the parent's forms of a point and give their links (shown or sent once).

    Refused when the parent already has them: a lost link is renewed (`links_renew`).
    `how`: "link" (handed over or e-mailed) or "clinic" (filled in on the clinic's device).
    """
    _open(family)
    found = _parent(family, parent)
    at = _point(family, point)
    questionnaires = _questionnaires(at)
    if Form.objects.filter(parent=found, point=at).exists():
        raise ValidationError(
            {"point": [_("This parent's forms for this point were made already; give a new link if it was lost.")]}
        )
    links: list[Link] = []
    try:
        with transaction.atomic():
            for questionnaire in questionnaires:
                form_uuid = uuid.uuid4()
                response, secret = filling.response_start(
                    questionnaire,
                    language=found.language,
                    source=f"{SOURCE}:{how}",
                    respondent_key=respondent_key(found, at),
                    context=f"wellbeing:{form_uuid}",
                    actor=actor,
                )
                form = Form.objects.create(
                    uuid=form_uuid,
                    parent=found,
                    point=at,
                    questionnaire=questionnaire,
                    response=response,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
                audit.record_create(actor, form, source=source)
                links.append(Link(form, secret))
    except (filling.AlreadyAnswered, filling.QuestionnaireClosed) as exc:
        # A parallel start of the same forms got there first (the respondent key is unique).
        raise ValidationError({"point": [_("This parent's forms for this point were made already.")]}) from exc
    return links


def links_renew(
    *, actor: Any, family: Family, parent: Parent | uuid.UUID | str, point: str, source: str = SOURCE
) -> list[Link]:
    """New links for the parent's forms of a point (the old ones stop working).

    Sent forms get one too: through it the parent reads their own answers.
    """
    _open(family)
    found = _parent(family, parent)
    # A form left unsent until it was erased (UNFINISHED_RESPONSE_KEEP_DAYS) opens again
    # empty with its new link; a sent one whose answers were erased does not.
    forms = list(
        Form.objects.filter(parent=found, point=point)
        .exclude(response__erased_at__isnull=False, response__status=ResponseStatus.COMPLETED)
        .select_related("response", "questionnaire")
    )
    if not forms:
        raise ValidationError({"point": [_("This parent has no forms for this point yet.")]})
    return [Link(form, filling.new_secret(form.response, actor=actor, source=source)) for form in forms]


def clinic_start(
    *, actor: Any, family: Family, parent: Parent | uuid.UUID | str, point: str, source: str = SOURCE
) -> Link:
    """The next form the parent fills in at the clinic, opened on the clinic's device.

    Starts the point's forms if needed; a form started earlier gets a new link (its
    secret is not kept, and the old link stops working).
    """
    _open(family)
    found = _parent(family, parent)
    at = _point(family, point)
    if not Form.objects.filter(parent=found, point=at).exists():
        return forms_start(actor=actor, family=family, parent=found, point=at, source=source, how="clinic")[0]
    waiting = (
        Form.objects.filter(parent=found, point=at, response__status=ResponseStatus.IN_PROGRESS)
        .select_related("response")
        .first()
    )
    if waiting is None:
        raise ValidationError({"point": [_("This parent has sent every form of this point.")]})
    return Link(waiting, filling.new_secret(waiting.response, actor=actor, source=source))


def family_close(*, actor: Any, family: Family, source: str = SOURCE) -> Family:
    """Take the family off the schedule; its answers are erased after the retention time."""
    _open(family)
    with transaction.atomic():
        before = audit.snapshot(family)
        family.status = FamilyStatus.CLOSED
        family.closed_at = timezone.now()
        family.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record_update(actor, family, before, source=source)
    return family


def family_hand_over(*, actor: Any, family: Family, nurse: Any, source: str = SOURCE) -> Family:
    """Give the family to another professional of its clinic (she alone sees it after)."""
    if family.erased_at is not None:
        raise ValidationError({"nurse": [_("The family's answers have been erased.")]})
    if nurse is None or nurse.pk == family.nurse_id or not access.can_add_family(nurse, family.clinic):
        raise ValidationError({"nurse": [_("Choose another professional of the family's clinic.")]})
    with transaction.atomic():
        before = audit.snapshot(family)
        family.nurse = nurse
        family.save(update_fields=["nurse", "updated_at"])
        audit.record_update(actor, family, before, source=source, extra={"handed_over": True})
    return family


# --- Erasure ---------------------------------------------------------------------------------


def schedule_ended_at(family: Family) -> datetime | None:
    """When the family's schedule ended: closed, or every parent's one-year forms sent."""
    if family.closed_at is not None:
        return family.closed_at
    wanted = len(schedule.questionnaires_for(Point.YEAR_1))
    last: datetime | None = None
    for parent in family.parents.all():
        sent = Form.objects.filter(parent=parent, point=Point.YEAR_1, response__status=ResponseStatus.COMPLETED)
        found = sent.aggregate(n=Count("id"), at=Max("response__submitted_at"))
        if found["n"] < wanted or found["at"] is None:
            return None
        last = max(last, found["at"]) if last else found["at"]
    return last


def erase_due(*, now: datetime | None = None, source: str = "erase_wellbeing") -> tuple[int, int]:
    """Erase the answers and labels of families whose schedule ended WELLBEING_RETENTION_DAYS ago.

    Returns (families, responses) erased; a second run finds nothing (idempotent).
    """
    now = now or timezone.now()
    limit = now - timedelta(days=settings.WELLBEING_RETENTION_DAYS)
    families = responses = 0
    candidates = Family.objects.filter(erased_at__isnull=True).filter(
        Q(closed_at__lte=limit) | Q(status=FamilyStatus.ACTIVE)
    )
    for family in candidates.order_by("id").iterator():
        ended = schedule_ended_at(family)
        if ended is None or ended > limit:
            continue
        with transaction.atomic():
            for form in Form.objects.filter(parent__family=family).select_related("response"):
                if form.response.erased_at is None:
                    filling.response_erase(form.response, source=source, now=now)
                    responses += 1
            before = audit.snapshot(family)
            family.label = ""
            family.erased_at = now
            if family.status == FamilyStatus.ACTIVE:
                family.status, family.closed_at = FamilyStatus.CLOSED, family.closed_at or ended
            family.save()
            audit.record_update(None, family, before, source=source, extra={"erased": True})
        families += 1
    return families, responses


def links_send(*, actor: Any, family: Family, links: list[Link], to: str, source: str = SOURCE) -> None:
    """E-mail the links to `to`, an address given now and kept only in the outbox."""
    address = (to or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    if not links:
        raise ValidationError({"point": [_("No links to send.")]})
    language = links[0].form.parent.language
    rows = [
        {"title": translated_value(link.form.questionnaire, "title", language), "url": link.absolute_url}
        for link in links
    ]
    with transaction.atomic():
        queue_links(to=address, language=language, clinic=translated_value(family.clinic, "name", language), links=rows)
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=links[0].form.parent,
            changes={"links_sent": [str(link.form.uuid) for link in links]},
            source=source,
        )
