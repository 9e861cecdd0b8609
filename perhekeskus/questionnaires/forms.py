"""The filling-in form: a questionnaire's pages as plain HTML form fields, no JavaScript.

A page is a top-level group with everything under it; top-level questions that stand
between groups make a page of their own together. A question whose `enableWhen` depends
on an answer is shown only when it holds for the answers saved so far: a follow-up on the
same page appears when the page is saved (the page then stays open with the new question,
see `fill_views`). Every field is optional to the form itself: required answers are asked
for when the response is sent, so a parent can save half a page and continue later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perhekeskus.questionnaires.definition import Definition, Item, enabled

OTHER = "__other"
# `definition.check_answers` speaks English to commands and logs; a form speaks the page's language.
REASONS = {
    "an answer is required": gettext_lazy("This question needs an answer."),
    "one answer only": gettext_lazy("Choose one answer only."),
    "answer a number": gettext_lazy("Enter a number."),
    "answer a whole number": gettext_lazy("Enter a whole number."),
    "answer a date as YYYY-MM-DD": gettext_lazy("Enter a date, for example 31.12.2026."),
    "answer true or false": gettext_lazy("Choose yes or no."),
    "nothing is answered": gettext_lazy("Answer at least one question before sending."),
}


def reason_text(reason: str) -> str:
    if reason in REASONS:
        return str(REASONS[reason])
    if reason.startswith("at most "):
        return _("The answer is too long.")
    return _("Check this answer.")


@dataclass
class Text:
    value: str
    lang: str  # the language the text is in: a page in Swedish may show a Finnish-only text

    def __str__(self) -> str:
        return self.value


def text_of(texts: dict[str, str], language: str, base: str) -> Text:
    for lang in (language, base, "fi", "en", "sv"):
        if texts.get(lang):
            return Text(texts[lang], lang)
    return Text("", language)


@dataclass
class Page:
    number: int
    items: list[Item] = field(default_factory=list)  # the top-level items of the page
    title: dict[str, str] = field(default_factory=dict)


def pages(defn: Definition) -> list[Page]:
    found: list[Page] = []
    loose: Page | None = None
    for item in defn.items:
        if item.parent is not None:
            continue
        if item.type == "group":
            found.append(Page(len(found) + 1, [item], item.text))
            loose = None
        else:
            if loose is None:
                loose = Page(len(found) + 1, [])
                found.append(loose)
            loose.items.append(item)
    return found or [Page(1, [])]


def page_items(defn: Definition, page: Page) -> list[Item]:
    """Every item on the page, in document order (groups before their children)."""
    roots = {i.link_id for i in page.items}
    inside: set[str] = set()
    out = []
    for item in defn.items:
        if item.link_id in roots or (item.parent is not None and item.parent in inside):
            inside.add(item.link_id)
            out.append(item)
    return out


def field_name(link_id: str) -> str:
    return f"q-{link_id}"


def _options(item: Item, language: str, base: str) -> list[tuple[str, str]]:
    return [(o.code, text_of(o.display, language, base).value or o.code) for o in item.options]


def _field(item: Item, language: str, base: str) -> forms.Field | None:
    if item.type == "boolean":
        return forms.ChoiceField(
            choices=[("true", _("Yes")), ("false", _("No"))], widget=forms.RadioSelect, required=False
        )
    if item.type in ("choice", "open-choice"):
        choices = _options(item, language, base)
        if item.type == "open-choice":
            choices.append((OTHER, _("Something else")))
        if item.repeats:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, required=False)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)
    if item.type == "integer":
        return forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    if item.type == "decimal":
        return forms.CharField(required=False, max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    if item.type == "date":
        return forms.DateField(
            required=False,
            input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    if item.type == "string":
        return forms.CharField(required=False, max_length=200, strip=True)
    if item.type == "text":
        return forms.CharField(required=False, max_length=5000, strip=True, widget=forms.Textarea(attrs={"rows": 4}))
    return None


def _initial(item: Item, values: list[Any]) -> Any:
    if not values:
        return None
    if item.type == "boolean":
        return "true" if values[0] else "false"
    if item.type in ("choice", "open-choice"):
        codes = [str(v) if item.option(str(v)) or item.type == "choice" else OTHER for v in values]
        return codes if item.repeats else codes[0]
    return values[0]


class PageForm(forms.Form):
    """The questions of one page that are shown for the answers saved so far."""

    def __init__(self, defn: Definition, page: Page, answers: dict[str, list[Any]], language: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.defn = defn
        self.language = language
        self.shown = enabled(defn, answers)
        self.items = [i for i in page_items(defn, page) if i.link_id in self.shown]
        base = defn.language
        for item in self.items:
            made = _field(item, language, base)
            if made is None:
                continue
            made.label = text_of(item.text, language, base).value or item.link_id
            made.initial = _initial(item, answers.get(item.link_id, []))
            self.fields[field_name(item.link_id)] = made
            if item.type == "open-choice":
                other = next((v for v in answers.get(item.link_id, []) if not item.option(str(v))), "")
                self.fields[field_name(item.link_id) + OTHER] = forms.CharField(
                    required=False, max_length=200, label=_("Something else, what?"), initial=other
                )

    @property
    def questions(self) -> list[str]:
        return [i.link_id for i in self.items if i.answerable]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.items:
            name = field_name(item.link_id)
            if item.type == "decimal" and cleaned.get(name):
                try:
                    cleaned[name] = float(str(cleaned[name]).replace(",", ".").replace(" ", ""))
                except ValueError:
                    self.add_error(name, _("Enter a number."))
            if item.type == "open-choice":
                chosen = cleaned.get(name)
                chose_other = OTHER in (chosen if isinstance(chosen, list) else [chosen])
                if chose_other and not cleaned.get(name + OTHER):
                    self.add_error(name + OTHER, _("Write your answer, or choose one of the options."))
        return cleaned

    def answers(self) -> dict[str, list[Any]]:
        """The page's answers in the engine's shape {linkId: [values]}."""
        out: dict[str, list[Any]] = {}
        for item in self.items:
            name = field_name(item.link_id)
            if name not in self.fields:
                continue
            value = self.cleaned_data.get(name)
            values = value if isinstance(value, list) else [value]
            values = [v for v in values if v not in (None, "")]
            if item.type == "boolean":
                values = [v == "true" for v in values]
            elif item.type == "date":
                values = [v.isoformat() if isinstance(v, date) else v for v in values]
            elif item.type == "open-choice":
                other = self.cleaned_data.get(name + OTHER) or ""
                values = [other if v == OTHER else v for v in values if v != OTHER or other]
            out[item.link_id] = values
        return out

    def add_answer_errors(self, errors: dict[str, str]) -> list[tuple[str, str]]:
        """Put the engine's errors on this page's fields; return those of other pages."""
        elsewhere = []
        for link_id, reason in errors.items():
            name = field_name(link_id)
            if name in self.fields:
                self.add_error(name, reason_text(reason))
            elif self.defn.item(link_id) is None:  # about the whole response
                self.add_error(None, reason_text(reason))
            else:
                elsewhere.append((link_id, reason_text(reason)))
        return elsewhere
