"""`{% sees_wellbeing user as flag %}`: whether to link the wellbeing work list (nurses)."""

from __future__ import annotations

from typing import Any

from django import template

from perhekeskus.wellbeing import access

register = template.Library()


@register.simple_tag
def sees_wellbeing(user: Any) -> bool:
    return access.is_nurse(user)
