"""Who may run a group, see its sign-ups, invite families and keep templates.

- Running a group (status, sessions, go/no-go, facilitators): whoever may edit the
  group's activity (the organiser's editors, the area's coordinator, platform admins;
  see `activities.access`).
- The participant list, attendance and session notes: those who run it and its
  facilitators with an account. Sign-up data is personal: it is shown to no one else,
  and every view of it is written in the audit log.
- Inviting families: those who run it, its facilitators, and the professionals,
  editors and coordinators of organisations in the same municipality — a maternity
  clinic's nurse invites her families to the family centre's family training.
- Interest lists: the counts per area, and opening a group that invites the families
  waiting, are for the area's coordinators (and admins).
- Programme templates: network-wide ones by coordinators and admins; an organisation's
  own by those who edit that organisation.
"""

from __future__ import annotations

from typing import Any

from perhekeskus.accounts.models import Membership, Role
from perhekeskus.activities import access as activity_access
from perhekeskus.groups.models import Group, Programme
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Area, Organisation
from perhekeskus.network.models.organisations import AreaKind

INVITING_ROLES = (Role.PROFESSIONAL, Role.EDITOR, Role.COORDINATOR)


def can_create_group(user: Any, organisation: Organisation | None) -> bool:
    return activity_access.can_create_activity(user, organisation)


def can_run_group(user: Any, group: Group) -> bool:
    return activity_access.can_edit_activity(user, group.activity)


def is_facilitator(user: Any, group: Group) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return group.facilitators.filter(user=user).exists()


def can_see_signups(user: Any, group: Group) -> bool:
    return can_run_group(user, group) or is_facilitator(user, group)


def can_record_sessions(user: Any, group: Group) -> bool:
    """Attendance and notes per session."""
    return can_see_signups(user, group)


def municipality_of(area: Area) -> Area:
    """The municipality an area is in (a district's parent), or the area itself (a
    municipality, or a county: nothing above it is a municipality)."""
    seen = 0
    while area.kind != AreaKind.MUNICIPALITY and area.parent is not None and seen < 6:
        area = area.parent
        seen += 1
    return area


def _municipality(area: Area | None) -> Area | None:
    return municipality_of(area) if area is not None else None


def group_municipality(group: Group) -> Area | None:
    activity = group.activity
    area = activity.area or (activity.place.area if activity.place else None) or activity.organisation.area
    return _municipality(area)


def inviting_organisations(user: Any, group: Group) -> list[Organisation]:
    """Organisations on whose behalf `user` may invite families to `group`."""
    if not getattr(user, "is_authenticated", False):
        return []
    if network_access.is_platform_admin(user):
        return list(Organisation.objects.filter(pk=group.activity.organisation_id))
    home = group_municipality(group)
    found: list[Organisation] = []
    # An organisation's area is a district or a municipality: its parent comes in the same query.
    memberships = Membership.objects.filter(user=user, role__in=INVITING_ROLES)
    for m in memberships.select_related("organisation__area__parent"):
        org = m.organisation
        if home is not None and _municipality(org.area) == home:
            found.append(org)
    if not found and (can_run_group(user, group) or is_facilitator(user, group)):
        found.append(group.activity.organisation)
    return found


def can_invite(user: Any, group: Group) -> bool:
    return can_run_group(user, group) or is_facilitator(user, group) or bool(inviting_organisations(user, group))


def can_edit_programme(user: Any, programme: Programme) -> bool:
    if programme.organisation_id is None:
        return can_keep_shared_programmes(user)
    return network_access.can_edit_organisation(user, programme.organisation)


def can_keep_shared_programmes(user: Any) -> bool:
    return network_access.can_manage_taxonomy(user)


# --- Interest lists: the counts and opening groups for them are the coordinators' ---------


def coordinated_area_ids(user: Any) -> set[int] | None:
    """Areas whose interest lists `user` coordinates (with the areas below); None = all (admins)."""
    if network_access.is_platform_admin(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    homes = {
        m.area_id or m.organisation.area_id
        for m in Membership.objects.filter(user=user, role=Role.COORDINATOR).select_related("organisation")
    }
    homes.discard(None)
    return network_access.area_ids_below({h for h in homes if h is not None}) if homes else set()


def can_see_interest(user: Any) -> bool:
    """The counts are for coordinators and admins: they plan the groups of an area."""
    ids = coordinated_area_ids(user)
    return ids is None or bool(ids)


def coordinates(user: Any, area: Area) -> bool:
    ids = coordinated_area_ids(user)
    return ids is None or area.pk in ids


def may_open_for_interest(user: Any, group: Group, area: Area) -> bool:
    if network_access.is_platform_admin(user):
        return True
    return can_run_group(user, group) and coordinates(user, _municipality(area) or area)
