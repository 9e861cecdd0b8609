"""Who may change what in the activity calendar. Pages, the API and the admin ask here.

An activity belongs to its organiser: whoever may edit that organisation's content
(its editors, the area's coordinator, platform admins; see `network.access`) may
create, change, cancel, confirm and end its activities. Co-organisers are shown
with the activity but do not edit it: one organisation answers for each entry.
An activity may meet at any partner's place (the parish club in the resident park):
naming a place changes nothing of the place itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from perhekeskus.activities.models import PUBLIC_STATUSES, Activity
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Organisation


def can_edit_activity(user: Any, activity: Activity) -> bool:
    return network_access.can_edit_organisation(user, activity.organisation)


def can_create_activity(user: Any, organisation: Organisation | None) -> bool:
    return network_access.can_edit_organisation(user, organisation)


def can_view_activity(user: Any, activity: Activity) -> bool:
    """Published, cancelled and ended activities are public; drafts only to their editors."""
    return activity.status in PUBLIC_STATUSES or can_edit_activity(user, activity)


def editable_activities(qs: QuerySet[Activity], user: Any) -> QuerySet[Activity]:
    return network_access.editable(qs, user, "organisation_id")
