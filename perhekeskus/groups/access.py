"""Who may run a group and see its sign-ups.

The organiser's editors, the area's coordinator and platform admins (whoever may edit
the group's activity, see `activities.access`). Sign-up data is personal: it is shown
only to them, and every view of it is written in the audit log.
"""

from __future__ import annotations

from typing import Any

from perhekeskus.activities import access as activity_access
from perhekeskus.groups.models import Group
from perhekeskus.network.models import Organisation


def can_create_group(user: Any, organisation: Organisation | None) -> bool:
    return activity_access.can_create_activity(user, organisation)


def can_run_group(user: Any, group: Group) -> bool:
    return activity_access.can_edit_activity(user, group.activity)


def can_see_signups(user: Any, group: Group) -> bool:
    return can_run_group(user, group)
