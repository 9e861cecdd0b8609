"""Responses as FHIR R4 `QuestionnaireResponse` resources, out and back in.

A response is stored as {linkId: [values]}; FHIR nests answers like the definition's
groups, and gives each answer its kind (valueCoding, valueBoolean, ...). The definition
as imported is the map between the two: a choice's stored code becomes the option's
coding (its system, its code, its display in the response's language), and on the way in
a coding becomes that code again. Only answered items are written, and a group only when
something under it is answered, so an export says what was answered and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from perhekeskus.questionnaires import definition
from perhekeskus.questionnaires.definition import Definition, Item
from perhekeskus.questionnaires.models import Questionnaire, Response

# Stored answer kinds for each item type, and the FHIR value[x] they are written as.
VALUE_KEYS = {
    "boolean": "valueBoolean",
    "integer": "valueInteger",
    "decimal": "valueDecimal",
    "string": "valueString",
    "text": "valueString",
    "date": "valueDate",
}
OPTION_KEYS = ("valueCoding", "valueString", "valueInteger", "valueDate")


class ResponseError(ValueError):
    """A QuestionnaireResponse is refused whole; `errors` lists (place, reason)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{place}: {reason}" for place, reason in errors))


def canonical(questionnaire: Questionnaire) -> str:
    """What a QuestionnaireResponse's `questionnaire` names: the url, or a local reference."""
    return questionnaire.url or f"Questionnaire/{questionnaire.identifier}"


def _in(language: str, text: dict[str, str], base: str) -> str | None:
    return text.get(language) or text.get(base) or next(iter(text.values()), None)


def _option_value(raw_item: dict[str, Any], code: str, language: str, base: str) -> dict[str, Any] | None:
    """The answer[x] for an option chosen by its stored code, or None if no option has it."""
    for opt in raw_item.get("answerOption") or []:
        if isinstance(opt.get("valueCoding"), dict):
            coding = opt["valueCoding"]
            if coding.get("code") != code:
                continue
            out: dict[str, Any] = {}
            if coding.get("system"):
                out["system"] = coding["system"]
            out["code"] = code
            display = _in(language, definition.texts(coding, "display", base), base)
            if display:
                out["display"] = display
            return {"valueCoding": out}
        for key in ("valueString", "valueInteger", "valueDate"):
            if key in opt and str(opt[key]) == code:
                return {key: opt[key]}
    return None


def _answer(item: Item, raw_item: dict[str, Any], value: Any, language: str, base: str) -> dict[str, Any]:
    if item.type in ("choice", "open-choice"):
        chosen = _option_value(raw_item, str(value), language, base)
        if chosen is not None:
            return chosen
        # An open-choice answer written in by the respondent.
        return {"valueString": str(value)}
    return {VALUE_KEYS[item.type]: value}


def _items(raw_items: Any, defn: Definition, answers: dict[str, list[Any]], language: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for raw in raw_items or []:
        item = defn.item(raw["linkId"])
        if item is None or item.type == "display":
            continue
        children = _items(raw.get("item"), defn, answers, language)
        node: dict[str, Any] = {"linkId": item.link_id}
        text = _in(language, item.text, defn.language)
        if text:
            node["text"] = text
        values = answers.get(item.link_id, []) if item.answerable else []
        if values:
            node["answer"] = [_answer(item, raw, v, language, defn.language) for v in values]
            if children:
                # FHIR nests a question's own sub-items under its answer.
                node["answer"][0]["item"] = children
        elif children:
            node["item"] = children
        else:
            continue
        out.append(node)
    return out


def authored(response: Response) -> str:
    moment = response.submitted_at or response.updated_at
    return timezone.localtime(moment).isoformat(timespec="seconds")


def response_to_fhir(response: Response) -> dict[str, Any]:
    """A FHIR R4 QuestionnaireResponse for one stored response."""
    questionnaire = response.questionnaire
    defn = definition.parse(questionnaire.definition)
    language = response.language or defn.language
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.uuid),
        "language": language,
        "questionnaire": canonical(questionnaire),
        "status": response.status,
        "authored": authored(response),
    }
    items = _items(questionnaire.definition.get("item"), defn, response.answers or {}, language)
    if items:  # FHIR JSON has no empty arrays
        data["item"] = items
    return data


def bundle(responses: list[Response]) -> dict[str, Any]:
    """A `collection` Bundle of responses, each with its urn:uuid as fullUrl."""
    data: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.localtime().isoformat(timespec="seconds"),
    }
    if responses:  # FHIR JSON has no empty arrays
        data["entry"] = [{"fullUrl": f"urn:uuid:{r.uuid}", "resource": response_to_fhir(r)} for r in responses]
    return data


# --- In ------------------------------------------------------------------------------------------


def _stored(item: Item, answer: dict[str, Any]) -> tuple[Any, str | None]:
    """The stored value of one FHIR answer, or a reason it does not fit the item."""
    keys = [k for k in answer if k.startswith("value")]
    if len(keys) != 1:
        return None, "an answer needs exactly one value[x]"
    key, value = keys[0], answer[keys[0]]
    if item.type in ("choice", "open-choice"):
        if key == "valueCoding":
            code = value.get("code") if isinstance(value, dict) else None
            option = item.option(str(code)) if isinstance(code, str) else None
            if option is None:
                return None, f"{code!r} is not one of the options of {item.link_id!r}"
            return code, None
        if key in ("valueString", "valueInteger", "valueDate") and item.option(str(value)) is not None:
            return str(value), None
        if item.type == "open-choice" and key == "valueString":
            return value, None
        return None, f"{key} {value!r} is not one of the options of {item.link_id!r}"
    expected = VALUE_KEYS[item.type]
    if key == "valueInteger" and item.type == "decimal":
        return value, None
    if key != expected:
        return None, f"a {item.type} question is answered with {expected}, not {key}"
    return value, None


def _read(
    raw_items: Any,
    path: str,
    defn: Definition,
    answers: dict[str, list[Any]],
    places: dict[str, str],
    errors: list[tuple[str, str]],
) -> None:
    if not isinstance(raw_items, list):
        errors.append((path, "item must be a list"))
        return
    for n, raw in enumerate(raw_items):
        place = f"{path}[{n}]"
        if not isinstance(raw, dict):
            errors.append((place, "an item must be an object"))
            continue
        link_id = raw.get("linkId")
        item = defn.item(link_id) if isinstance(link_id, str) else None
        if item is None or item.type == "display":
            errors.append((f"{place}.linkId", f"the questionnaire has no item {link_id!r}"))
            continue
        given = raw.get("answer") or []
        if given and not item.answerable:
            errors.append((f"{place}.answer", f"{link_id!r} is a {item.type} and takes no answer"))
        elif given:
            if item.link_id in places:
                errors.append((f"{place}.linkId", f"{link_id!r} is already answered at {places[item.link_id]}"))
                continue
            places[item.link_id] = place
            values: list[Any] = []
            for m, answer in enumerate(given if isinstance(given, list) else [given]):
                where = f"{place}.answer[{m}]"
                if not isinstance(answer, dict):
                    errors.append((where, "an answer must be an object"))
                    continue
                value, problem = _stored(item, answer)
                if problem:
                    errors.append((where, problem))
                else:
                    values.append(value)
                if "item" in answer:
                    _read(answer["item"], f"{where}.item", defn, answers, places, errors)
            answers[item.link_id] = values
        if "item" in raw:
            _read(raw["item"], f"{place}.item", defn, answers, places, errors)


def response_from_fhir(questionnaire: Questionnaire, data: Any) -> dict[str, list[Any]]:
    """The stored answers {linkId: [values]} of a QuestionnaireResponse to `questionnaire`.

    Refused whole (ResponseError with every place and reason) when it is not a response to
    this questionnaire, names an item the questionnaire does not have, or answers outside
    the options; a completed response must also answer every required question shown.
    """
    if not isinstance(data, dict) or data.get("resourceType") != "QuestionnaireResponse":
        raise ResponseError([("resourceType", "this is not a FHIR QuestionnaireResponse")])
    errors: list[tuple[str, str]] = []
    named = data.get("questionnaire")
    accepted = {canonical(questionnaire), f"Questionnaire/{questionnaire.identifier}"}
    if named is not None and str(named).split("|")[0] not in accepted:
        errors.append(("questionnaire", f"this response is to {named!r}, not to {canonical(questionnaire)!r}"))
    defn = definition.parse(questionnaire.definition)
    answers: dict[str, list[Any]] = {}
    places: dict[str, str] = {}
    _read(data.get("item", []), "item", defn, answers, places, errors)
    if errors:
        raise ResponseError(errors)
    clean, problems = definition.check_answers(defn, answers, complete=data.get("status") == "completed")
    if problems:
        raise ResponseError([(places.get(link_id, "item"), f"{link_id}: {why}") for link_id, why in problems.items()])
    return clean
