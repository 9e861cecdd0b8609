"""Every change to users, memberships and tokens goes through these functions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from perhekeskus.accounts.models import ApiToken, Membership, Role, User
from perhekeskus.accounts.tokens import hash_token, new_raw_token
from perhekeskus.core import audit
from perhekeskus.network.models import Organisation


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
def membership_ensure(*, actor: Any, user: User, organisation: Organisation, role: str, source: str = "") -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": [f"Unknown role {role!r}; use one of {', '.join(Role.values)}."]})
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit.record_create(actor, membership, source=source)
    return membership


@transaction.atomic
def token_issue(*, actor: Any, user: User, name: str = "", source: str = "") -> str:
    """Create a token for `user`; returns the raw token, which is never stored."""
    raw = new_raw_token()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw))
    audit.record(actor=actor, action=audit.AuditAction.TOKEN, obj=token, source=source)
    return raw
