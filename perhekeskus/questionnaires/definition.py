"""Reading a FHIR R4 `Questionnaire`: check it whole, index its items, check answers.

Only what the engine supports is accepted, and a definition is rejected whole with every
place (a JSON path such as `item[2].item[0].enableWhen[0]`) and reason: an unknown item
type, a duplicate or missing linkId, a choice without options, an enableWhen that points
to no question or compares with the wrong kind of answer. Texts are read in Finnish (the
definition's `language`) with Swedish and English from the standard `translation`
extension; option scores from the standard `ordinalValue` extension (or `itemWeight`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
SCORE_EXTENSIONS = (
    "http://hl7.org/fhir/StructureDefinition/ordinalValue",
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
)
ITEM_TYPES = ("group", "display", "boolean", "choice", "open-choice", "integer", "decimal", "string", "text", "date")
QUESTION_TYPES = tuple(t for t in ITEM_TYPES if t not in ("group", "display"))
OPERATORS = ("exists", "=", "!=", ">", "<", ">=", "<=")
# The answer[x] an enableWhen may use against each question type.
ANSWER_KEYS = {
    "boolean": ("answerBoolean",),
    "choice": ("answerCoding", "answerString", "answerInteger"),
    "open-choice": ("answerCoding", "answerString"),
    "integer": ("answerInteger",),
    "decimal": ("answerDecimal", "answerInteger"),
    "string": ("answerString",),
    "text": ("answerString",),
    "date": ("answerDate",),
}
IDENTIFIER = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


class DefinitionError(ValueError):
    """The definition is rejected whole; `errors` lists (place, reason)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{place}: {reason}" for place, reason in errors))


@dataclass
class Option:
    code: str  # the coding's code, or the value as text for valueString/valueInteger options
    display: dict[str, str]
    score: float | None = None


@dataclass
class EnableWhen:
    question: str
    operator: str
    answer: Any


@dataclass
class Item:
    link_id: str
    type: str
    text: dict[str, str]
    path: str
    parent: str | None = None
    required: bool = False
    repeats: bool = False
    options: list[Option] = field(default_factory=list)
    enable_when: list[EnableWhen] = field(default_factory=list)
    enable_behavior: str = "all"

    @property
    def answerable(self) -> bool:
        return self.type in QUESTION_TYPES

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass
class Definition:
    identifier: str
    title: dict[str, str]
    language: str
    items: list[Item]  # in document order, groups before their children
    raw: dict[str, Any]

    def item(self, link_id: str) -> Item | None:
        return self._by_id.get(link_id)

    @property
    def questions(self) -> list[Item]:
        return [i for i in self.items if i.answerable]

    def __post_init__(self) -> None:
        self._by_id = {i.link_id: i for i in self.items}


def texts(element: dict[str, Any], name: str, base_language: str) -> dict[str, str]:
    """`element[name]` in the base language plus its `translation` extensions."""
    found: dict[str, str] = {}
    if isinstance(element.get(name), str):
        found[base_language] = element[name]
    for ext in (element.get(f"_{name}") or {}).get("extension", []) or []:
        if not isinstance(ext, dict) or ext.get("url") != TRANSLATION:
            continue
        parts = {e.get("url"): e for e in ext.get("extension", []) if isinstance(e, dict)}
        lang = (parts.get("lang") or {}).get("valueCode")
        content = (parts.get("content") or {}).get("valueString")
        if isinstance(lang, str) and isinstance(content, str):
            found[lang[:2]] = content
    return found


def _score(element: dict[str, Any]) -> float | None:
    for ext in element.get("extension", []) or []:
        if isinstance(ext, dict) and ext.get("url") in SCORE_EXTENSIONS:
            value = ext.get("valueDecimal", ext.get("valueInteger"))
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
    return None


def _option(raw: Any, path: str, language: str, errors: list[tuple[str, str]]) -> Option | None:
    if not isinstance(raw, dict):
        errors.append((path, "an answer option must be an object"))
        return None
    if isinstance(raw.get("valueCoding"), dict):
        coding = raw["valueCoding"]
        code = coding.get("code")
        if not isinstance(code, str) or not code:
            errors.append((f"{path}.valueCoding", "an option's coding needs a code"))
            return None
        score = _score(raw) if _score(raw) is not None else _score(coding)
        return Option(code=code, display=texts(coding, "display", language) or {language: code}, score=score)
    for key in ("valueString", "valueInteger", "valueDate"):
        if key in raw:
            value = raw[key]
            return Option(code=str(value), display={language: str(value)}, score=_score(raw))
    errors.append((path, "an answer option needs valueCoding, valueString, valueInteger or valueDate"))
    return None


def _walk(
    raw_items: Any,
    path: str,
    parent: str | None,
    language: str,
    out: list[Item],
    errors: list[tuple[str, str]],
    ids: list[tuple[str, str]],
) -> None:
    if not isinstance(raw_items, list):
        errors.append((path, "item must be a list"))
        return
    for n, raw in enumerate(raw_items):
        place = f"{path}[{n}]"
        if not isinstance(raw, dict):
            errors.append((place, "an item must be an object"))
            continue
        link_id, kind = raw.get("linkId"), raw.get("type")
        if not isinstance(link_id, str) or not link_id.strip():
            errors.append((f"{place}.linkId", "every item needs a linkId"))
            continue
        # Every linkId counts for duplicates, also that of an item rejected for its type.
        ids.append((link_id, place))
        if kind not in ITEM_TYPES:
            errors.append((f"{place}.type", f"unknown item type {kind!r} (supported: {', '.join(ITEM_TYPES)})"))
            continue
        item = Item(
            link_id=link_id,
            type=kind,
            text=texts(raw, "text", language),
            path=place,
            parent=parent,
            required=bool(raw.get("required", False)),
            repeats=bool(raw.get("repeats", False)),
        )
        if kind in ("choice", "open-choice"):
            options = raw.get("answerOption")
            if kind == "choice" and not options:
                errors.append((f"{place}.answerOption", "a choice item needs its answer options"))
            for m, opt in enumerate(options or []):
                parsed = _option(opt, f"{place}.answerOption[{m}]", language, errors)
                if parsed is not None:
                    if item.option(parsed.code) is not None:
                        errors.append((f"{place}.answerOption[{m}]", f"option {parsed.code!r} appears twice"))
                    item.options.append(parsed)
        elif raw.get("answerOption"):
            errors.append((f"{place}.answerOption", f"a {kind} item cannot have answer options"))
        for m, cond in enumerate(raw.get("enableWhen", []) or []):
            where = f"{place}.enableWhen[{m}]"
            if not isinstance(cond, dict):
                errors.append((where, "an enableWhen must be an object"))
                continue
            keys = [k for k in cond if k.startswith("answer")]
            if len(keys) != 1:
                errors.append((where, "an enableWhen needs exactly one answer[x]"))
                continue
            item.enable_when.append(
                EnableWhen(cond.get("question", ""), cond.get("operator", ""), {keys[0]: cond[keys[0]]})
            )
        behavior = raw.get("enableBehavior")
        if len(item.enable_when) > 1 and behavior not in ("all", "any"):
            errors.append((f"{place}.enableBehavior", "with several enableWhen conditions say 'all' or 'any'"))
        item.enable_behavior = behavior or "all"
        out.append(item)
        children = raw.get("item")
        if kind == "group" and not children:
            errors.append((f"{place}.item", "a group needs items"))
        if kind == "display" and children:
            errors.append((f"{place}.item", "a display item cannot have items"))
        if children:
            _walk(children, f"{place}.item", link_id, language, out, errors, ids)


def _answer_value_ok(key: str, value: Any) -> bool:
    """Whether an enableWhen's answer[x] holds a value of its kind."""
    if key == "answerBoolean":
        return isinstance(value, bool)
    if key == "answerInteger":
        return isinstance(value, int) and not isinstance(value, bool)
    if key == "answerDecimal":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if key == "answerString":
        return isinstance(value, str)
    if key == "answerCoding":
        return isinstance(value, dict) and isinstance(value.get("code"), str)
    if key == "answerDate":
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return False
        return isinstance(value, str)
    return False  # answerQuantity, answerReference, …: not supported by the engine


def parse(data: Any) -> Definition:
    """Check a FHIR R4 Questionnaire whole; DefinitionError lists every problem."""
    errors: list[tuple[str, str]] = []
    if not isinstance(data, dict) or data.get("resourceType") != "Questionnaire":
        raise DefinitionError([("resourceType", "this is not a FHIR Questionnaire")])
    identifier = data.get("id")
    if not isinstance(identifier, str) or not IDENTIFIER.match(identifier):
        errors.append(("id", "the questionnaire needs an id of letters, digits, '-' and '.' (at most 64)"))
    language = (data.get("language") or "fi")[:2]
    items: list[Item] = []
    ids: list[tuple[str, str]] = []
    _walk(data.get("item", []), "item", None, language, items, errors, ids)
    seen: dict[str, str] = {}
    for link_id, place in ids:
        if link_id in seen:
            errors.append((f"{place}.linkId", f"linkId {link_id!r} is already used at {seen[link_id]}"))
        else:
            seen[link_id] = place
    by_id = {i.link_id: i for i in items}
    for item in items:
        for m, cond in enumerate(item.enable_when):
            where = f"{item.path}.enableWhen[{m}]"
            target = by_id.get(cond.question)
            if target is None or not target.answerable:
                errors.append((f"{where}.question", f"enableWhen points to no question {cond.question!r}"))
                continue
            if cond.operator not in OPERATORS:
                errors.append((f"{where}.operator", f"unknown operator {cond.operator!r}"))
                continue
            (key,) = cond.answer
            if not _answer_value_ok(key, cond.answer[key]):
                errors.append((f"{where}.{key}", f"{cond.answer[key]!r} is not a valid {key}"))
                continue
            if cond.operator == "exists":
                if key != "answerBoolean":
                    errors.append((where, "'exists' takes answerBoolean"))
            elif key not in ANSWER_KEYS[target.type]:
                errors.append((where, f"{key} cannot be compared with a {target.type} question"))
            elif key == "answerCoding" and target.type == "choice":
                code = (cond.answer[key] or {}).get("code") if isinstance(cond.answer[key], dict) else None
                if target.option(str(code)) is None:
                    errors.append((where, f"{cond.question!r} has no option {code!r}"))
    if errors:
        raise DefinitionError(errors)
    name = str(identifier)
    title = texts(data, "title", language) or {language: name}
    return Definition(identifier=name, title=title, language=language, items=items, raw=data)


# --- Answers ----------------------------------------------------------------------------------


def _comparable(item: Item, answer: dict[str, Any]) -> Any:
    (key, value) = next(iter(answer.items()))
    if key == "answerCoding":
        return value.get("code") if isinstance(value, dict) else None
    if key == "answerDate":
        return str(value)
    return value


def _holds(cond: EnableWhen, item: Item, values: list[Any]) -> bool:
    if cond.operator == "exists":
        return bool(values) == bool(cond.answer.get("answerBoolean"))
    expected = _comparable(item, cond.answer)
    checks = {
        "=": lambda v: v == expected,
        "!=": lambda v: v != expected,
        ">": lambda v: v > expected,
        "<": lambda v: v < expected,
        ">=": lambda v: v >= expected,
        "<=": lambda v: v <= expected,
    }
    if cond.operator == "!=":
        return all(checks["!="](v) for v in values) if values else True
    try:
        return any(checks[cond.operator](v) for v in values)
    except TypeError:
        return False


def enabled(defn: Definition, answers: dict[str, list[Any]]) -> set[str]:
    """linkIds shown for these answers: enableWhen holds, and the item's group is shown."""
    shown: set[str] = set()
    for item in defn.items:  # document order: a group is decided before its children
        if item.parent is not None and item.parent not in shown:
            continue
        if item.enable_when:
            results = []
            for cond in item.enable_when:
                target = defn.item(cond.question)
                values = answers.get(cond.question, []) if cond.question in shown else []
                results.append(target is not None and _holds(cond, target, values))
            if not (all(results) if item.enable_behavior == "all" else any(results)):
                continue
        shown.add(item.link_id)
    return shown


def _value(item: Item, value: Any) -> tuple[Any, str | None]:
    """The stored form of one answer value, or an error."""
    if item.type == "boolean":
        return (value, None) if isinstance(value, bool) else (None, "answer true or false")
    if item.type in ("integer", "decimal"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, "answer a number"
        if item.type == "integer" and not float(value).is_integer():
            return None, "answer a whole number"
        return (int(value) if item.type == "integer" else value), None
    if item.type == "date":
        try:
            return date.fromisoformat(str(value)).isoformat(), None
        except ValueError:
            return None, "answer a date as YYYY-MM-DD"
    if item.type == "choice":
        return (str(value), None) if item.option(str(value)) else (None, f"{value!r} is not one of the options")
    if not isinstance(value, str):
        return None, "answer text"
    if item.type == "open-choice" or item.type in ("string", "text"):
        limit = 200 if item.type == "string" else 5000
        return (value, None) if len(value) <= limit else (None, f"at most {limit} characters")
    return None, "this item takes no answer"


def check_answers(defn: Definition, answers: Any, *, complete: bool) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """Normalised answers {linkId: [values]} and errors {linkId: reason}.

    Answers to items that are not shown (enableWhen) are dropped; `complete` also asks
    for every required item that is shown.
    """
    errors: dict[str, str] = {}
    clean: dict[str, list[Any]] = {}
    if not isinstance(answers, dict):
        return {}, {"answers": "answers must be an object of linkId: [values]"}
    for link_id, raw in answers.items():
        item = defn.item(link_id)
        if item is None or not item.answerable:
            errors[str(link_id)] = "no such question"
            continue
        values = raw if isinstance(raw, list) else [raw]
        values = [v for v in values if v not in (None, "")]
        if len(values) > 1 and not item.repeats:
            errors[link_id] = "one answer only"
            continue
        out = []
        for value in values:
            stored, problem = _value(item, value)
            if problem:
                errors[link_id] = problem
                break
            out.append(stored)
        if link_id not in errors and out:
            clean[link_id] = out
    shown = enabled(defn, clean)
    clean = {k: v for k, v in clean.items() if k in shown}
    if complete:
        for item in defn.questions:
            if item.required and item.link_id in shown and item.link_id not in clean and item.link_id not in errors:
                errors[item.link_id] = "an answer is required"
    return clean, errors
