"""Who may manage people: memberships, accounts and API tokens.

- platform admin: everyone, every role;
- area coordinator: grants and removes roles other than admin in the organisations of
  their area (the same organisations whose content they may edit), and sees the people
  who hold roles there;
- everyone else: their own API tokens only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from perhekeskus.accounts.models import ApiToken, Membership, Role, User
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Organisation

# Roles a person works with in the admin; professionals and volunteers do not.
ADMIN_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.EDITOR)


def _roles(user: Any) -> set[str]:
    return {m.role for m in network_access._memberships(user)}


def uses_admin(user: Any) -> bool:
    """Whether the admin is open to `user`: decided by roles, not Django's model permissions."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return False
    return network_access.is_platform_admin(user) or bool(_roles(user) & set(ADMIN_ROLES))


def coordinated_organisation_ids(user: Any) -> set[int] | None:
    """Organisations in which `user` may grant roles; None means all of them."""
    if network_access.is_platform_admin(user):
        return None
    if Role.COORDINATOR not in _roles(user):
        return set()
    return network_access.editable_organisation_ids(user) or set()


def can_manage_memberships(user: Any) -> bool:
    return network_access.is_platform_admin(user) or Role.COORDINATOR in _roles(user)


def can_grant(user: Any, organisation: Organisation | None, role: str) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    if network_access.is_platform_admin(user):
        return True
    if role == Role.ADMIN:
        return False
    ids = coordinated_organisation_ids(user)
    return ids is None or organisation.pk in ids


def can_remove(user: Any, membership: Membership) -> bool:
    return can_grant(user, membership.organisation, membership.role)


def memberships_visible(qs: QuerySet[Membership], user: Any) -> QuerySet[Membership]:
    ids = coordinated_organisation_ids(user)
    return qs if ids is None else qs.filter(organisation_id__in=ids)


def users_visible(qs: QuerySet[User], user: Any) -> QuerySet[User]:
    """Admins see everyone; coordinators the people of their organisations and themselves."""
    ids = coordinated_organisation_ids(user)
    if ids is None:
        return qs
    return qs.filter(pk__in=list(Membership.objects.filter(organisation_id__in=ids).values_list("user_id", flat=True)))


def can_change_user(user: Any, target: User) -> bool:
    return network_access.is_platform_admin(user)


def can_add_user(user: Any) -> bool:
    return can_manage_memberships(user)


def can_manage_token_of(user: Any, owner: User) -> bool:
    """Admins manage every token; others only their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    return network_access.is_platform_admin(user) or user.pk == owner.pk


def tokens_visible(qs: QuerySet[ApiToken], user: Any) -> QuerySet[ApiToken]:
    if network_access.is_platform_admin(user):
        return qs
    return qs.filter(user_id=user.pk)
