"""Who may see and keep the wellbeing clinic's families.

- A family and its parents' answers are seen by **its own nurse only**: not by
  coordinators, admins, editors, volunteers or other professionals. The answers are
  health data given to one nurse in confidence; nobody else's job needs them.
- A nurse adds families to the schedule of an organisation where she is a
  professional (her clinic).
- Another professional of the same clinic may take a family over only when its nurse
  hands it over (`services.family_hand_over`, in the audit log): a nurse leaving or on
  long leave passes her families on, and nobody can take one on their own. A nurse who
  left without doing so sees her families no more (her professional role at the clinic
  is gone); the clinic's admin passes them on with `manage.py wellbeing_hand_over`,
  which moves them without showing them to anyone.
"""

from __future__ import annotations

from typing import Any

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.network.models import Organisation
from perhekeskus.wellbeing.models import Family


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def nurse_clinics(user: Any) -> list[Organisation]:
    """The organisations where `user` works as a professional, in name order."""
    if not _signed_in(user):
        return []
    ids = Membership.objects.filter(user=user, role=Role.PROFESSIONAL).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name_fi"))


def is_nurse(user: Any) -> bool:
    """The work list and adding families are for professionals."""
    return bool(nurse_clinics(user))


def can_add_family(user: Any, clinic: Organisation) -> bool:
    return any(c.pk == clinic.pk for c in nurse_clinics(user))


def can_see_family(user: Any, family: Family) -> bool:
    """The family's own nurse while she works at its clinic, and nobody else (see the
    module's docstring). A nurse who leaves the clinic loses sight of its families at
    once; `manage.py wellbeing_hand_over` passes them on without anyone reading them."""
    return _signed_in(user) and family.nurse_id == user.pk and works_at(user, family.clinic_id)


def works_at(user: Any, clinic_id: int) -> bool:
    return Membership.objects.filter(user_id=user.pk, organisation_id=clinic_id, role=Role.PROFESSIONAL).exists()


def can_keep_family(user: Any, family: Family) -> bool:
    """Links, birth date, closing and handing over: the nurse's, while the answers exist."""
    return can_see_family(user, family) and family.erased_at is None


def hand_over_candidates(family: Family) -> list[User]:
    """Other professionals of the family's clinic, who may take the family over."""
    users = User.objects.filter(
        memberships__organisation=family.clinic, memberships__role=Role.PROFESSIONAL, is_active=True
    ).exclude(pk=family.nurse_id)
    return list(users.distinct().order_by("email"))
