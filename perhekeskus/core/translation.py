"""Translated content: one column per language (`name_fi`, `name_sv`, `name_en`).

Finnish is the language every record has; Swedish and English fall back to it.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

CONTENT_LANGUAGES = ("fi", "sv", "en")
FALLBACK_LANGUAGE = "fi"


def current_language() -> str:
    lang = (translation.get_language() or FALLBACK_LANGUAGE)[:2]
    return lang if lang in CONTENT_LANGUAGES else FALLBACK_LANGUAGE


def translated_value(obj: Any, field: str, lang: str | None = None) -> str:
    """The field's text in `lang` (default: the active language), else Finnish, else any."""
    lang = lang or current_language()
    for code in (lang, FALLBACK_LANGUAGE, *CONTENT_LANGUAGES):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return str(value)
    return ""


def translated_dict(obj: Any, field: str) -> dict[str, str]:
    """The API shape of a translated field: {"fi": ..., "sv": ..., "en": ...}."""
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in CONTENT_LANGUAGES}


class TranslatedMixin:
    """Gives models `obj.name` / `obj.description` in the active language."""

    @property
    def name(self) -> str:
        return translated_value(self, "name")

    @property
    def description(self) -> str:
        return translated_value(self, "description")

    def __str__(self) -> str:
        return translated_value(self, "name") or super().__str__()
