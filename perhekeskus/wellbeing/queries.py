"""Reads the nurse's pages and the API share: the work list and a family's side by side.

The functions here read answers and scores; the callers write the audit row
(`audit.record_read`) for each family whose answers they show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from perhekeskus.accounts.models import Membership, Role
from perhekeskus.core.translation import current_language, translated_value
from perhekeskus.questionnaires import definition
from perhekeskus.questionnaires.models import Questionnaire, ResponseStatus
from perhekeskus.wellbeing import schedule
from perhekeskus.wellbeing.models import POINT_ORDER, Family, FamilyStatus, Form, Parent, Point


class State:
    """A parent's forms at a point, as the nurse sees them."""

    NOT_YET = "not-yet"  # the point has not opened (or waits for the birth date)
    DUE = "due"  # open, no link made yet
    WAITING = "waiting"  # link made, not sent
    SENT = "sent"  # every form of the point sent
    ERASED = "erased"


STATE_WORDS = {
    State.NOT_YET: gettext_noop("not due yet"),
    State.DUE: gettext_noop("due: no link yet"),
    State.WAITING: gettext_noop("link given, not sent"),
    State.SENT: gettext_noop("sent"),
    State.ERASED: gettext_noop("erased"),
}
# Marked for the catalogue here, translated when shown (`level_word`).
LEVEL_WORDS = {"none": gettext_noop("no concern"), "watch": gettext_noop("watch"), "discuss": gettext_noop("discuss")}


def state_word(state: str) -> str:
    return _(STATE_WORDS[state])


def level_word(level: str | None) -> str:
    return _(LEVEL_WORDS[level]) if level in LEVEL_WORDS else _("no level (answers missing)")


def is_alert(form: Form) -> bool:
    """A sent form the nurse must see at once: an alert item, or the level "discuss"."""
    response = form.response
    if response.status != ResponseStatus.COMPLETED or response.erased_at is not None:
        return False
    return response.alert or (response.score or {}).get("level") == "discuss"


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 1)


@dataclass
class Cell:
    """One questionnaire of one parent at one point."""

    form: Form | None
    total: int | float | None = None
    level: str | None = None
    alert: bool = False
    sent_at: datetime | None = None
    trend: str | None = None  # "up", "down", "same" against the parent's previous point
    change: int | float | None = None

    @property
    def sent(self) -> bool:
        return self.sent_at is not None

    @property
    def level_text(self) -> str:
        return level_word(self.level)

    @property
    def trend_text(self) -> str:
        if self.trend is None:
            return ""
        if self.trend == "same":
            return _("same as at the previous point")
        if self.trend == "up":
            return _("up by %(n)s from the previous point") % {"n": self.change}
        return _("down by %(n)s from the previous point") % {"n": abs(self.change or 0)}

    @property
    def trend_symbol(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→"}.get(self.trend or "", "")


def _cell(form: Form | None) -> Cell:
    if form is None:
        return Cell(form=None)
    response = form.response
    if response.status != ResponseStatus.COMPLETED or response.erased_at is not None:
        return Cell(form=form)
    score = response.score or {}
    return Cell(
        form=form,
        total=_number(score.get("total")),
        level=score.get("level"),
        alert=response.alert,
        sent_at=response.submitted_at,
    )


@dataclass
class PointRow:
    point: Point
    cells: list[Cell]  # one per parent

    @property
    def label(self) -> str:
        return str(self.point.label)


@dataclass
class ScoreTable:
    questionnaire: Questionnaire
    rows: list[PointRow]

    @property
    def title(self) -> str:
        return translated_value(self.questionnaire, "title")


@dataclass
class AnswerColumn:
    parent: Parent
    point: Point
    answers: dict[str, list[Any]]


@dataclass
class AnswerTable:
    questionnaire: Questionnaire
    columns: list[AnswerColumn]
    rows: list[dict[str, Any]] = field(default_factory=list)  # {"item": text, "values": [text per column]}

    @property
    def title(self) -> str:
        return translated_value(self.questionnaire, "title")


@dataclass
class PointStatus:
    parent: Parent
    point: Point
    state: str
    opens: date | None
    forms: list[Form]

    @property
    def state_text(self) -> str:
        return state_word(self.state)


def _forms_prefetch() -> Prefetch[Any]:
    return Prefetch("forms", queryset=Form.objects.select_related("response", "questionnaire").order_by("id"))


def parents_of(family: Family) -> list[Parent]:
    return list(family.parents.prefetch_related(_forms_prefetch()).order_by("position"))


def point_statuses(family: Family, parents: list[Parent], today: date) -> list[PointStatus]:
    out = []
    for point in POINT_ORDER:
        due = schedule.due(family, point, today)
        for parent in parents:
            forms = [f for f in parent.forms.all() if f.point == point]
            if any(f.response.erased_at is not None for f in forms):
                state = State.ERASED
            elif forms and all(f.response.status == ResponseStatus.COMPLETED for f in forms):
                state = State.SENT
            elif forms:
                state = State.WAITING
            else:
                state = State.DUE if due.due else State.NOT_YET
            out.append(PointStatus(parent=parent, point=point, state=state, opens=due.opens, forms=forms))
    return out


def score_tables(parents: list[Parent]) -> list[ScoreTable]:
    """A table per questionnaire: a row per point it is used at, a column per parent."""
    forms = [f for p in parents for f in p.forms.all()]
    identifiers = list(dict.fromkeys([i for p in POINT_ORDER for i in schedule.questionnaires_for(p)]))
    identifiers += [f.questionnaire.identifier for f in forms if f.questionnaire.identifier not in identifiers]
    known = {q.identifier: q for q in Questionnaire.objects.filter(identifier__in=identifiers)}
    tables = []
    for identifier in identifiers:
        questionnaire = known.get(identifier)
        if questionnaire is None:
            continue
        used = {f.point for f in forms if f.questionnaire_id == questionnaire.pk}
        points = [p for p in POINT_ORDER if p in used or identifier in schedule.questionnaires_for(p)]
        rows = []
        for point in points:
            cells = []
            for parent in parents:
                form = next(
                    (f for f in parent.forms.all() if f.point == point and f.questionnaire_id == questionnaire.pk),
                    None,
                )
                cells.append(_cell(form))
            rows.append(PointRow(point=point, cells=cells))
        _trends(rows, len(parents))
        tables.append(ScoreTable(questionnaire=questionnaire, rows=rows))
    return tables


def _trends(rows: list[PointRow], parents: int) -> None:
    """Each sent total against the same parent's previous sent total of the questionnaire."""
    for column in range(parents):
        previous: int | float | None = None
        for row in rows:
            cell = row.cells[column]
            if cell.total is None:
                continue
            if previous is not None:
                cell.change = _number(cell.total - previous)
                cell.trend = "same" if cell.change == 0 else ("up" if (cell.change or 0) > 0 else "down")
            previous = cell.total


def answer_tables(parents: list[Parent]) -> list[AnswerTable]:
    """The answers item by item, a column per parent and point with a sent form."""
    language = current_language()
    tables: dict[int, AnswerTable] = {}
    for point in POINT_ORDER:
        for parent in parents:
            for form in parent.forms.all():
                response = form.response
                if form.point != point or response.status != ResponseStatus.COMPLETED or response.erased_at:
                    continue
                table = tables.setdefault(form.questionnaire_id, AnswerTable(form.questionnaire, []))
                table.columns.append(AnswerColumn(parent=parent, point=point, answers=response.answers or {}))
    for table in tables.values():
        defn = definition.parse(table.questionnaire.definition)
        for item in defn.questions:
            values = [_answer_text(item, column.answers.get(item.link_id) or [], language) for column in table.columns]
            table.rows.append(
                {"link_id": item.link_id, "text": _text(item.text, language) or item.link_id, "values": values}
            )
    return list(tables.values())


def _text(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or texts.get("fi") or next(iter(texts.values()), "")


def _answer_text(item: definition.Item, values: list[Any], language: str) -> str:
    shown = []
    for value in values:
        option = item.option(str(value)) if item.options else None
        shown.append(_text(option.display, language) or option.code if option else str(value))
    return ", ".join(shown) if shown else "–"


# --- The work list ---------------------------------------------------------------------------


@dataclass
class Alert:
    family: Family
    form: Form

    @property
    def level_text(self) -> str:
        return level_word((self.form.response.score or {}).get("level"))


@dataclass
class FamilyRow:
    family: Family
    statuses: list[PointStatus]
    alerts: int


def nurse_families(nurse: Any, *, closed: bool = False) -> list[Family]:
    """Her families at the clinics where she works now (`access.can_see_family`)."""
    clinics = Membership.objects.filter(user=nurse, role=Role.PROFESSIONAL).values("organisation_id")
    families = Family.objects.filter(nurse=nurse, erased_at__isnull=True, clinic_id__in=clinics)
    families = families.filter(status=FamilyStatus.CLOSED if closed else FamilyStatus.ACTIVE)
    return list(families.select_related("clinic").order_by("due_date", "id"))


def work_list(nurse: Any, today: date) -> tuple[list[Alert], list[FamilyRow]]:
    """The nurse's active families with each parent's state per point; alerts first."""
    alerts: list[Alert] = []
    rows = []
    for family in nurse_families(nurse):
        parents = parents_of(family)
        found = [Alert(family, f) for p in parents for f in p.forms.all() if is_alert(f)]
        alerts.extend(found)
        rows.append(FamilyRow(family=family, statuses=point_statuses(family, parents, today), alerts=len(found)))
    alerts.sort(key=lambda a: a.form.response.submitted_at or a.form.created_at, reverse=True)
    return alerts, rows
