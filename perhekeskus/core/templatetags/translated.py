"""Template helpers for translated content.

`{{ obj|tr:"description" }}` gives the field in the active language with the Finnish
fallback of `core.translation`. `{{ obj|lang_attr:"name" }}` adds ` lang="fi"` to an
element when the text shown is not in the page's language, so a screen reader reads
a Finnish fallback with Finnish pronunciation.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from perhekeskus.core.translation import CONTENT_LANGUAGES, FALLBACK_LANGUAGE, current_language

register = template.Library()


def text_and_language(obj: Any, field: str) -> tuple[str, str]:
    """(text, language of that text), trying the same order as `translated_value`."""
    lang = current_language()
    for code in (lang, FALLBACK_LANGUAGE, *CONTENT_LANGUAGES):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return str(value), code
    return "", lang


@register.filter
def tr(obj: Any, field: str) -> str:
    return text_and_language(obj, field)[0] if obj is not None else ""


@register.filter
def lang_attr(obj: Any, field: str) -> SafeString:
    if obj is None:
        return SafeString("")
    text, code = text_and_language(obj, field)
    if text and code != current_language():
        return format_html(' lang="{}"', code)
    return SafeString("")
