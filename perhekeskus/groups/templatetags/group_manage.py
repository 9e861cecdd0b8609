"""Template tags of the organisers' group pages, for pages whose views are elsewhere (the dashboard)."""

from __future__ import annotations

from typing import Any

from django import template

from perhekeskus.groups import access
from perhekeskus.groups.manage_views import GroupRow, rows_for

register = template.Library()


@register.simple_tag
def my_group_rows(user: Any) -> list[GroupRow]:
    """The groups `user` runs or leads, with their counts and whether a decision is due."""
    if not getattr(user, "is_authenticated", False):
        return []
    return rows_for(user)


@register.simple_tag
def sees_interest_lists(user: Any) -> bool:
    """Coordinators and admins see the interest lists of their areas."""
    return access.can_see_interest(user)
