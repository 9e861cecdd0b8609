"""What of each network object is searchable, and with which weight.

The analysis itself (Finnish base forms and compound parts, Swedish and English
lemmas) lives in `perhekeskus.core.search`; this module only says which texts of a
service, place or organisation feed it.
"""

from __future__ import annotations

from django.db import models

from perhekeskus.core import search

KINDS = {"service": "network.service", "place": "network.place", "organisation": "network.organisation"}


def kind_of(obj: models.Model) -> str:
    return obj._meta.model_name or ""


def documents(obj: models.Model) -> list[tuple[str, str, int]]:
    """(text, language, weight) triples for `obj`."""
    out: list[tuple[str, str, int]] = []
    for lang in ("fi", "sv", "en"):
        out.append((getattr(obj, f"name_{lang}", "") or "", lang, search.WEIGHT_NAME))
        out.append((getattr(obj, f"description_{lang}", "") or "", lang, search.WEIGHT_DESCRIPTION))
    return out


def reindex(obj: models.Model) -> None:
    search.index_object(kind_of(obj), obj.pk, documents(obj))


def remove(obj: models.Model) -> None:
    search.remove_object(kind_of(obj), obj.pk)
