"""Who leads a group: the facilitators, set as one list.

Groups are led by a pair from different organisations — a professional and a volunteer,
or two professionals of different professions (the report's fathers' groups, §7.6): the
pair brings two kinds of knowing and two networks to the families. While the pair is
being found a group may have one facilitator or none (its page says a partner is
missing); from two on, the list must be a real pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perhekeskus.accounts.models import Membership, User
from perhekeskus.core import audit
from perhekeskus.core.writes import require
from perhekeskus.groups import access
from perhekeskus.groups.models import Facilitator, FacilitatorKind, Group
from perhekeskus.network.models import Organisation

FACILITATOR_FIELDS = ("user", "name", "organisation", "kind", "profession")


def _row(group: Group, i: int, item: Mapping[str, Any], errors: dict[str, list[str]]) -> Facilitator | None:
    prefix = f"facilitators[{i}]"
    unknown = sorted(set(item) - set(FACILITATOR_FIELDS))
    if unknown:
        errors[prefix] = [_("Unknown field: %(names)s.") % {"names": ", ".join(unknown)}]
        return None
    organisation = item.get("organisation")
    user = item.get("user")
    row = Facilitator(
        group=group,
        name=(item.get("name") or "").strip(),
        kind=item.get("kind") or FacilitatorKind.PROFESSIONAL,
        profession=(item.get("profession") or "").strip(),
    )
    if isinstance(organisation, Organisation):
        row.organisation = organisation
    else:
        errors[f"{prefix}.organisation"] = [_("Choose the facilitator's organisation.")]
    if user is not None:
        if not isinstance(user, User):
            errors[f"{prefix}.user"] = [_("Unknown user.")]
        else:
            row.user = user
            if (
                isinstance(organisation, Organisation)
                and not Membership.objects.filter(user=user, organisation=organisation).exists()
            ):
                errors[f"{prefix}.user"] = [_("This person is not a member of the organisation named.")]
    try:
        row.full_clean(exclude=["group", "organisation", "user"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors[f"{prefix}.{field}"] = messages
    return row


def _pair_errors(rows: list[Facilitator]) -> dict[str, list[str]]:
    """The pair rule, checked once every row is valid on its own."""
    errors: dict[str, list[str]] = {}
    if len(rows) < 2:
        return errors
    if len({r.organisation.pk for r in rows}) < 2:
        errors["facilitators"] = [_("A group is led by a pair from different organisations.")]
    if all(r.kind == FacilitatorKind.VOLUNTEER for r in rows):
        errors.setdefault("facilitators", []).append(
            _("A group is led by a professional and a volunteer, or by two professionals: not by volunteers alone.")
        )
    professionals = [r for r in rows if r.kind == FacilitatorKind.PROFESSIONAL]
    if len(professionals) == len(rows):
        for i, r in enumerate(rows):
            if not r.profession:
                errors[f"facilitators[{i}].profession"] = [_("Give the profession: two professionals lead together.")]
        professions = {r.profession.casefold() for r in rows if r.profession}
        if len(professions) < 2 and not any(k.endswith(".profession") for k in errors):
            errors.setdefault("facilitators", []).append(
                _("Two professionals leading together have different professions.")
            )
    users = [r.user_id for r in rows if r.user_id]
    if len(users) != len(set(users)):
        errors.setdefault("facilitators", []).append(_("The same person is named twice."))
    return errors


@transaction.atomic
def facilitators_set(
    *, actor: Any, group: Group, facilitators: Sequence[Mapping[str, Any]], source: str = ""
) -> list[Facilitator]:
    """Replace the group's facilitators with `facilitators` (all or nothing, audited)."""
    if actor is not None:
        require(access.can_run_group(actor, group))
    errors: dict[str, list[str]] = {}
    rows = [_row(group, i, item, errors) for i, item in enumerate(facilitators)]
    valid = [r for r in rows if r is not None]
    if not errors:
        errors.update(_pair_errors(valid))
    if errors:
        raise ValidationError(errors)
    before = [describe(f) for f in group.facilitators.select_related("organisation")]
    group.facilitators.all().delete()
    Facilitator.objects.bulk_create(valid)
    after = [describe(f) for f in valid]
    if before != after:
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=group,
            changes={"facilitators": [before, after]},
            source=source,
        )
    return list(group.facilitators.select_related("organisation", "user"))


def describe(f: Facilitator) -> str:
    return f"{f.name} ({f.organisation}, {f.kind}{', ' + f.profession if f.profession else ''})"


def partner_missing(group: Group) -> bool:
    """True while the group has fewer than the pair that leads it."""
    return group.facilitators.count() < 2
