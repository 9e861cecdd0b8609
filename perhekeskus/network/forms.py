"""The service finder's form: one search box and six filters, all optional, sent by GET."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Count, Max
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from perhekeskus.core.translation import current_language
from perhekeskus.network.models import Area, Language, LifeStage, ServiceType, TargetGroup, Tier
from perhekeskus.network.queries import Filters

FILTER_FIELDS = ("area", "life_stage", "tier", "service_type", "language", "target_group")


def _tree_choices(rows: list[Any], key: str) -> list[tuple[str, str]]:
    """Options of a parent→children table in tree order, children indented with dashes."""
    children: dict[int | None, list[Any]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    known = {row.pk for row in rows}
    out: list[tuple[str, str]] = []

    def walk(parent: int | None, depth: int) -> None:
        for row in children.get(parent, []):
            out.append((getattr(row, key), "– " * depth + row.name))
            if depth < 5:
                walk(row.pk, depth + 1)

    walk(None, 0)
    # A row whose parent is missing from `rows` would be lost by the walk; list it at the top.
    for parent, rows_below in children.items():
        if parent is not None and parent not in known:
            out.extend((getattr(row, key), row.name) for row in rows_below)
    return out


# Tree choices per (table, language, fingerprint of the table). A national directory has
# over a thousand areas: reading and ordering them on every finder request cost more
# than the search itself. The fingerprint (row count and latest change) is one cheap
# aggregate, so an edit shows up on the next request.
_TREE_CACHE: dict[tuple[str, str, Any], list[tuple[str, str]]] = {}


def _cached_tree(model: Any, key: str) -> list[tuple[str, str]]:
    fingerprint = tuple(model.objects.aggregate(n=Count("id"), changed=Max("updated_at")).values())
    cache_key = (model._meta.label, current_language(), fingerprint)
    choices = _TREE_CACHE.get(cache_key)
    if choices is None:
        rows = list(model.objects.only("id", key, "parent_id", "name_fi", "name_sv", "name_en"))
        rows.sort(key=lambda row: row.name)
        choices = _tree_choices(rows, key)
        if len(_TREE_CACHE) > 50:  # old fingerprints are never asked again
            _TREE_CACHE.clear()
        _TREE_CACHE[cache_key] = choices
    return choices


def _area_choices() -> list[tuple[str, str]]:
    return _cached_tree(Area, "slug")


def _service_type_choices() -> list[tuple[str, str]]:
    return _cached_tree(ServiceType, "code")


class SearchInput(forms.TextInput):
    input_type = "search"


class PlainSelect(forms.Select):
    """A single-choice select rendered in Python rather than one template per option.

    A national directory has over a thousand areas; rendering each <option> through
    the widget templates took most of the finder page's time. The output is the
    same markup Django's Select gives.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False, widget=SearchInput)
    area = forms.ChoiceField(label=_("Area"), required=False, widget=PlainSelect)
    life_stage = forms.ChoiceField(label=_("Child's age"), required=False, widget=PlainSelect)
    tier = forms.ChoiceField(label=_("Service level"), required=False, widget=PlainSelect)
    service_type = forms.ChoiceField(label=_("Type of service"), required=False, widget=PlainSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=PlainSelect)
    target_group = forms.ChoiceField(label=_("For whom"), required=False, widget=PlainSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[str, str]] = [("", str(_("All")))]
        lookups: dict[str, list[tuple[str, str]]] = {
            "area": _area_choices(),
            "service_type": _service_type_choices(),
            "life_stage": [(x.code, x.name) for x in LifeStage.objects.all()],
            "tier": [(str(value), str(label)) for value, label in Tier.choices],
            "language": sorted(((x.code, x.name) for x in Language.objects.all()), key=lambda c: c[1]),
            "target_group": [(x.code, x.name) for x in TargetGroup.objects.all()],
        }
        for name, choices in lookups.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + choices

    def filters(self) -> Filters:
        """Filters from the valid fields; an invalid field is left out (its error is shown)."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        values = {name: [data[name]] if data.get(name) else [] for name in FILTER_FIELDS}
        return Filters(q=data.get("q", "") or "", **values)

    @property
    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("q", *FILTER_FIELDS))
