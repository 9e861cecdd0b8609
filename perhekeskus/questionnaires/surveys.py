"""Survey responses from files, and the counts per item and option.

A response file is what a coordinator exports from a survey tool (format in
`specs/evaluation/README.md`): CSV (UTF-8, comma, a BOM tolerated) or XLSX (the first
sheet), a header row `respondent` and one column per question `linkId`, one row per
respondent. Single choice: the option code; multiple choice: codes joined by `;`;
boolean `true`/`false`; numbers; dates as YYYY-MM-DD; text as it is; an empty cell is
no answer.

A file is read whole before anything is stored, and any problem rejects it whole with
the row, the column and the reason: an unknown column, an unknown code, a malformed
value, a row without a respondent, a respondent twice in the file or one who already
has a stored response. Every row goes through `definition.check_answers`, the same check
answers given on a form get.

Summaries count completed, not erased responses. `summary` is for the survey's owner and
shows every count. `public_summary` is for anything shown outside the owning
organisation: the same shape, with every count under `SMALL_COUNT` (5) replaced by null,
and the number of responses too when it is under 5, so that a small group's answers
cannot be told apart. Options nobody chose are left out (a zero is never shown).
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from perhekeskus.core import audit
from perhekeskus.questionnaires import definition
from perhekeskus.questionnaires.models import Purpose, Questionnaire, Response, ResponseStatus

RESPONDENT = "respondent"
SMALL_COUNT = 5
# How many problems a rejection names; the rest are counted, not listed.
SHOWN_PROBLEMS = 10
RESPONDENT_MAX = 120  # Response.respondent_key
# Items counted in a summary: their answers are categories. Free text, decimals and
# dates are not counted (text could name someone, and every value would be its own row).
COUNTED_TYPES = ("choice", "open-choice", "boolean", "integer")

WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
DECIMAL_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ResponseFileError(ValueError):
    """The file is rejected whole; `problems` lists (row, column, reason)."""

    def __init__(self, problems: list[tuple[int | None, str | None, str]]) -> None:
        self.problems = problems
        shown = [_place(row, column) + reason for row, column, reason in problems[:SHOWN_PROBLEMS]]
        more = len(problems) - SHOWN_PROBLEMS
        if more > 0:
            shown.append(f"and {more} more problems")
        super().__init__("; ".join(shown))


def _place(row: int | None, column: str | None) -> str:
    parts = []
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column}")
    return ", ".join(parts) + ": " if parts else ""


@dataclass
class FileResponse:
    """One respondent's row: its row number in the file and the checked answers."""

    row: int
    respondent: str
    answers: dict[str, list[Any]]


# --- Reading the file -------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    try:
        # utf-8-sig: spreadsheet programs often write a byte order mark first.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)
    except UnicodeDecodeError as exc:
        raise ResponseFileError([(None, None, "the file is not UTF-8 text")]) from exc
    except csv.Error as exc:
        raise ResponseFileError([(None, None, f"not a readable CSV file ({exc})")]) from exc


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    import openpyxl  # only when an XLSX file is read: a large library
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ResponseFileError([(None, None, "not a readable XLSX file")]) from exc
    try:
        if not book.worksheets:
            return
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        book.close()


def _rows(path: Path) -> Iterator[list[Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise ResponseFileError([(None, None, "only CSV (.csv) and XLSX (.xlsx) response files are read")])


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell as text: whole numbers without '.0' (a spreadsheet stores a code 1 as 1.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(item: definition.Item, value: Any) -> tuple[list[Any], str | None]:
    """The raw answer values of one cell for `item`, or the reason it is malformed.

    Values are then checked by `definition.check_answers` (options, whole numbers, dates).
    """
    if _empty(value):
        return [], None
    if item.type in ("string", "text"):
        return [str(value)], None
    if isinstance(value, str):
        value = value.strip()
    if item.type in ("choice", "open-choice"):
        if not item.repeats:
            return [_text(value)], None
        codes = [part.strip() for part in _text(value).split(";") if part.strip()]
        twice = next((code for n, code in enumerate(codes) if code in codes[:n]), None)
        if twice is not None:
            return [], f"{twice!r} is given twice"
        return codes, None
    if item.type == "boolean":
        if isinstance(value, bool):
            return [value], None
        word = str(value).lower()
        if word in ("true", "false"):
            return [word == "true"], None
        return [], f"{value!r} is not true or false"
    if item.type == "integer":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return [value], None
        if isinstance(value, str) and WHOLE_NUMBER.match(value):
            return [int(value)], None
        return [], f"{value!r} is not a whole number"
    if item.type == "decimal":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return [value], None
        if isinstance(value, str) and DECIMAL_NUMBER.match(value):
            return [float(value)], None
        hint = " (write decimals with a point: 1.5)" if isinstance(value, str) and "," in value else ""
        return [], f"{value!r} is not a number{hint}"
    if item.type == "date":
        if isinstance(value, datetime):
            return [value.date().isoformat()], None
        if isinstance(value, date):
            return [value.isoformat()], None
        if isinstance(value, str) and ISO_DATE.match(value):
            return [value], None
        return [], f"{value!r} is not a date as YYYY-MM-DD"
    return [], "this item takes no answer"


def _header(cells: list[Any], defn: definition.Definition) -> tuple[list[str], list[tuple[int, str, str]]]:
    names = [_text(c).strip() if not _empty(c) else "" for c in cells]
    while names and not names[-1]:  # spreadsheets may carry empty columns at the end
        names.pop()
    problems: list[tuple[int, str, str]] = []
    if not names or names[0] != RESPONDENT:
        first = names[0] if names and names[0] else "1"
        problems.append((1, first, f"the first column must be {RESPONDENT!r}"))
    seen: set[str] = set()
    for n, name in enumerate(names[1:], start=2):
        if not name:
            problems.append((1, str(n), "the column has no name"))
            continue
        if name in seen:
            problems.append((1, name, "the column appears twice"))
        seen.add(name)
        item = defn.item(name)
        if item is None:
            problems.append((1, name, "no such question in the questionnaire"))
        elif not item.answerable:
            problems.append((1, name, f"{name!r} is a {item.type}, not a question"))
    return names, problems


def read_response_file(questionnaire: Questionnaire, path: Path | str) -> list[FileResponse]:
    """Every row of the file checked; ResponseFileError names every problem.

    Rows are numbered as a spreadsheet shows them (the header is row 1). Wholly empty
    rows are skipped. A respondent who already has a stored response is a problem too:
    a respondent answers once (the database keeps one response per respondent key).
    """
    path = Path(path)
    if not path.is_file():
        raise ResponseFileError([(None, None, f"{path} is not a readable file")])
    defn = definition.parse(questionnaire.definition)
    rows = _rows(path)
    first = next(rows, None)
    if first is None:
        raise ResponseFileError([(1, None, f"the file is empty; it needs a header row {RESPONDENT!r}, linkIds")])
    names, problems = _header(first, defn)
    if problems:
        raise ResponseFileError(list(problems))
    columns = [(n, name, defn.item(name)) for n, name in enumerate(names) if n > 0]
    found: list[FileResponse] = []
    rows_of: dict[str, int] = {}
    all_problems: list[tuple[int | None, str | None, str]] = []
    for number, cells in enumerate(rows, start=2):
        if all(_empty(c) for c in cells):
            continue
        row_problems: list[tuple[int | None, str | None, str]] = []
        if any(not _empty(c) for c in cells[len(names) :]):
            row_problems.append((number, None, f"more cells than the {len(names)} columns of the header"))
        cells = list(cells) + [None] * (len(names) - len(cells))
        respondent = "" if _empty(cells[0]) else _text(cells[0]).strip()
        if not respondent:
            row_problems.append((number, RESPONDENT, "the row has no respondent"))
        elif len(respondent) > RESPONDENT_MAX:
            row_problems.append((number, RESPONDENT, f"a respondent is at most {RESPONDENT_MAX} characters"))
        elif respondent in rows_of:
            row_problems.append((number, RESPONDENT, f"{respondent!r} is already on row {rows_of[respondent]}"))
        else:
            rows_of[respondent] = number
        raw: dict[str, list[Any]] = {}
        for n, name, item in columns:
            assert item is not None  # the header was checked
            values, problem = _cell(item, cells[n])
            if problem:
                row_problems.append((number, name, problem))
            elif values:
                raw[name] = values
        clean, errors = definition.check_answers(defn, raw, complete=False)
        for name, reason in errors.items():
            row_problems.append((number, name, reason))
        for name in raw:
            # check_answers drops answers to questions enableWhen hides; from a file that
            # is an inconsistent row, and a dropped answer would change the counts unseen.
            if name not in clean and name not in errors:
                row_problems.append((number, name, "answered, but the question does not apply to this row's answers"))
        all_problems.extend(sorted(row_problems, key=lambda p: names.index(p[1]) if p[1] in names else -1))
        found.append(FileResponse(row=number, respondent=respondent, answers=clean))
    if not found and not all_problems:
        all_problems.append((2, None, "the file has no responses"))
    stored = set(
        Response.objects.filter(questionnaire=questionnaire, respondent_key__in=list(rows_of)).values_list(
            "respondent_key", flat=True
        )
    )
    for response in found:
        if response.respondent in stored:
            all_problems.append((response.row, RESPONDENT, f"{response.respondent!r} has already answered"))
    if all_problems:
        raise ResponseFileError(sorted(all_problems, key=lambda p: p[0] or 0))
    return found


def import_responses(
    questionnaire: Questionnaire, path: Path | str, *, source: str | None = None, actor: Any = None
) -> list[Response]:
    """Store every row of the file as a completed response, or nothing (ResponseFileError).

    The audit log gets one entry per response, without its answers: the log is kept
    longer than survey data and is not the place for them.
    """
    path = Path(path)
    if questionnaire.purpose == Purpose.CLINICAL:
        # A parent's own form is personal health data, answered by the parent; a file
        # of such answers has no place to come from.
        raise ResponseFileError([(None, None, f"{questionnaire.identifier!r} is a parent's form, not a survey")])
    source = (source if source is not None else f"import:{path.name}")[:120]
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            # Locking the questionnaire makes two imports of it take turns, so the check for
            # respondents who already answered holds until this import is stored.
            Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
            rows = read_response_file(questionnaire, path)
            defn = definition.parse(questionnaire.definition)
            now = timezone.now()
            stored: list[Response] = []
            for row in rows:
                response = Response.objects.create(
                    questionnaire=questionnaire,
                    status=ResponseStatus.COMPLETED,
                    language=defn.language,
                    answers=row.answers,
                    respondent_key=row.respondent,
                    source=source,
                    submitted_at=now,
                    created_by=user,
                )
                logged = {k: v for k, v in audit.snapshot(response).items() if k not in ("answers", "score")}
                audit.record(actor=actor, action=audit.AuditAction.CREATE, obj=response, changes=logged, source=source)
                stored.append(response)
    except IntegrityError as exc:
        # SQLite takes no row lock: a response stored meanwhile for the same respondent
        # meets the database's one-per-respondent constraint, and the import is undone.
        raise ResponseFileError([(None, RESPONDENT, "a respondent in the file answered during the import")]) from exc
    return stored


# --- Summaries --------------------------------------------------------------------------------


def _key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def summary(questionnaire: Questionnaire, *, context: str | None = None) -> dict[str, Any]:
    """`{"responses": N, "items": {linkId: {code: count}}}` over completed, not erased responses.

    `context` counts only the responses filed with it (one group's feedback, one link).

    Every counted item (choice, open-choice, boolean, integer) is listed in document
    order, `{}` when nobody answered it; codes in the order of the options, booleans as
    "true"/"false"; options nobody chose are left out. Answers outside a choice item's
    options (free text of an open-choice) are not counted.
    """
    defn = definition.parse(questionnaire.definition)
    counted = [item for item in defn.questions if item.type in COUNTED_TYPES]
    counts: dict[str, dict[str, int]] = {item.link_id: {} for item in counted}
    total = 0
    responses = Response.objects.filter(
        questionnaire=questionnaire, status=ResponseStatus.COMPLETED, erased_at__isnull=True
    )
    if context is not None:
        responses = responses.filter(context=context)
    answers = responses.values_list("answers", flat=True).iterator()
    # The options' codes as sets, looked up once: a survey of 100 000 responses asks
    # millions of times whether an answer is one of its item's options.
    allowed = {item.link_id: frozenset(o.code for o in item.options) if item.options else None for item in counted}
    for given in answers:
        total += 1
        if not given:
            continue
        for link_id, codes in allowed.items():
            values = given.get(link_id)
            if not values:
                continue
            tally = counts[link_id]
            for value in set(map(_key, values)):
                if codes is None or value in codes:
                    tally[value] = tally.get(value, 0) + 1
    items: dict[str, dict[str, int]] = {}
    for item in counted:
        found = counts[item.link_id]
        if item.options:
            order = [o.code for o in item.options]
        elif item.type == "boolean":
            order = ["true", "false"]
        else:
            order = sorted(found, key=lambda v: int(v) if WHOLE_NUMBER.match(v) else 0)
        items[item.link_id] = {code: found[code] for code in order if code in found}
    return {"responses": total, "items": items}


def _hidden(count: int) -> int | None:
    return None if count < SMALL_COUNT else count


def public_summary(questionnaire: Questionnaire, *, context: str | None = None) -> dict[str, Any]:
    """`summary` for anything shown outside the owning organisation: counts under 5 are null."""
    full = summary(questionnaire, context=context)
    return {
        "responses": _hidden(full["responses"]),
        "items": {
            link_id: {code: _hidden(count) for code, count in found.items()} for link_id, found in full["items"].items()
        },
    }
