"""Every change to users, memberships and tokens goes through these functions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from perhekeskus.accounts.models import ApiToken, Membership, Role, User
from perhekeskus.accounts.tokens import hash_token, new_raw_token
from perhekeskus.core import audit
from perhekeskus.network.models import Area, Organisation

# Roles that work in the admin; the others use the pages of their own features.
STAFF_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.EDITOR)


def _sync_staff(user: User) -> None:
    """`is_staff` lets a person into the admin; it follows the roles, never set by hand."""
    staff = user.is_superuser or user.memberships.filter(role__in=STAFF_ROLES).exists()
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_get_or_create(*, actor: Any, email: str, full_name: str = "", source: str = "") -> User:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": ["Enter a valid e-mail address."]}) from None
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    first, _, last = full_name.partition(" ")
    user = User(email=email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    audit.record_create(actor, user, source=source)
    return user


@transaction.atomic
def membership_ensure(
    *, actor: Any, user: User, organisation: Organisation, role: str, area: Area | None = None, source: str = ""
) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": [f"Unknown role {role!r}; use one of {', '.join(Role.values)}."]})
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"area": area}
    )
    if created:
        audit.record_create(actor, membership, source=source)
    _sync_staff(user)
    return membership


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership, source: str = "") -> None:
    user = membership.user
    audit.record_delete(actor, membership, source=source)
    membership.delete()
    _sync_staff(user)


@transaction.atomic
def user_update(*, actor: Any, user: User, data: dict[str, Any], source: str = "") -> User:
    """Change a person's name or deactivate the account (login and roles stay in the log)."""
    allowed = {"first_name", "last_name", "is_active"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({k: ["This field cannot be changed here."] for k in sorted(unknown)})
    before = audit.snapshot(user)
    for key, value in data.items():
        setattr(user, key, value)
    user.full_clean()
    user.save()
    audit.record_update(actor, user, before, source=source)
    return user


@transaction.atomic
def token_issue(*, actor: Any, user: User, name: str = "", source: str = "") -> str:
    """Create a token for `user`; returns the raw token, which is never stored."""
    raw = new_raw_token()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw))
    audit.record(actor=actor, action=audit.AuditAction.TOKEN, obj=token, source=source)
    return raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken, source: str = "") -> ApiToken:
    """Stop a token from working; the row stays so the log can still name it."""
    if token.revoked_at is not None:
        return token
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record_update(actor, token, before, source=source)
    return token


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str, source: str = "") -> User:
    """Give a person a password login (development and the demo network; production uses OpenID Connect).

    The password itself never enters the log; the entry records only that it changed.
    """
    if not password:
        raise ValidationError({"password": ["Enter a password."]})
    if user.has_usable_password() and user.check_password(password):
        return user  # unchanged: re-running a setup command writes nothing
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor, action=audit.AuditAction.UPDATE, obj=user, changes={"password": ["***", "***"]}, source=source
    )
    return user
