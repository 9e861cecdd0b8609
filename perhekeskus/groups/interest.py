"""Interest lists: the one home for their writes, counts and erasure.

A family says what group it would join, where and when (`interest_create`); nothing else
is asked than an address to send the invitation to. When the waiting entries for one kind
of group in one municipality reach `INTEREST_THRESHOLD`, every coordinator of that area is
told once — with counts only, no addresses — and told again only after a group was
opened for them and new interest gathers. The coordinator opens a group for them
(`group_open_for_interest`): each family gets its own one-time invitation in its language.

The audit log records these changes without the e-mail address or the family's details:
the entry's id, kind, area and times are enough to follow what happened.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.accounts.models import Membership, Role
from perhekeskus.core import audit
from perhekeskus.core.writes import require
from perhekeskus.groups import access, invitations
from perhekeskus.groups.access import (  # noqa: F401  (the interest pages and API ask through here)
    can_see_interest,
    coordinated_area_ids,
    coordinates,
    may_open_for_interest,
    municipality_of,
)
from perhekeskus.groups.interest_messages import ANY_TIME, kind_label
from perhekeskus.groups.invitation_messages import queue_invitation
from perhekeskus.groups.models import (
    Group,
    GroupStatus,
    Interest,
    InterestNotice,
    InterestStatus,
    InterestTime,
    InvitationChannel,
    InvitationKind,
    ProgrammeKind,
)
from perhekeskus.groups.services import MESSAGE_LANGUAGES, secret_hash
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import MessageKind
from perhekeskus.network.models import Area, AreaKind

FIELDS = ("kind", "area", "times", "languages", "email", "language", "due_date", "children_birth_years")
# "Other" is no group a coordinator could open: a family names one of the programmes.
KINDS = [kind for kind in ProgrammeKind.values if kind != ProgrammeKind.OTHER]
OLDEST_CHILD_YEARS = 18


def threshold() -> int:
    return int(settings.INTEREST_THRESHOLD)


def keep_days() -> int:
    return int(settings.INTEREST_KEEP_DAYS)


# --- Areas and who coordinates them -------------------------------------------------------


def area_and_below(area: Area) -> list[int]:
    """Ids of `area` and its districts (a municipality includes its districts)."""
    return [area.pk, *Area.objects.filter(parent=area).values_list("pk", flat=True)]


def coordinators_of(area: Area) -> list[Any]:
    """Users with a coordinator role whose area is `area` or one above it."""
    chain = {a.pk for a in area.ancestors_and_self()}
    found: dict[int, Any] = {}
    for m in Membership.objects.filter(role=Role.COORDINATOR).select_related("user", "organisation"):
        if (m.area_id or m.organisation.area_id) in chain and m.user.is_active:
            found[m.user.pk] = m.user
    return [found[k] for k in sorted(found)]


# --- Creating and withdrawing -------------------------------------------------------------


def _validate(data: Mapping[str, Any], today: date) -> Interest:
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in KINDS:
        errors["kind"] = [_("Choose the kind of group you would join.")]
    area = data.get("area")
    if not isinstance(area, Area) or area.kind not in (AreaKind.DISTRICT, AreaKind.MUNICIPALITY):
        errors["area"] = [_("Choose a district or a municipality.")]
    times = data.get("times") or []
    if not isinstance(times, list) or not all(t in InterestTime.values for t in times):
        errors["times"] = [_("Choose the times from the list.")]
        times = []
    languages = data.get("languages") or []
    if not isinstance(languages, list) or not all(isinstance(c, str) and 0 < len(c) <= 3 for c in languages):
        errors["languages"] = [_('Give language codes, e.g. ["fi", "ar"].')]
    language = data.get("language") or "fi"
    if language not in MESSAGE_LANGUAGES:
        errors["language"] = [_("Choose Finnish, Swedish or English.")]
    due_date = data.get("due_date")
    if due_date is not None and (not isinstance(due_date, date) or due_date < today):
        errors["due_date"] = [_("The due date cannot be in the past.")]
    years = data.get("children_birth_years") or []
    if not isinstance(years, list) or not all(
        isinstance(y, int) and today.year - OLDEST_CHILD_YEARS <= y <= today.year for y in years
    ):
        errors["children_birth_years"] = [_("Give the children's birth years, e.g. [2024, 2026].")]
    interest = Interest(
        kind=kind or "",
        area=area if isinstance(area, Area) else None,
        times=[t for t in InterestTime.values if t in times],  # one order, no repeats
        languages=list(dict.fromkeys(languages)) if isinstance(languages, list) else [],
        email=(data.get("email") or "").strip(),
        language=language,
        due_date=due_date,
        children_birth_years=years if isinstance(years, list) else [],
    )
    interest.email_key = interest.email.lower()
    try:
        interest.full_clean(exclude=["area", "kind", "secret_hash", "email_key", "language", "status", "times"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return interest


def _duplicate() -> ValidationError:
    return ValidationError(
        {"email": [_("This e-mail address is already on the list for this kind of group in this area.")]}
    )


def withdraw_path(interest: Interest, secret: str) -> str:
    return reverse("interest-withdraw", args=[interest.uuid, secret])


def _public(interest: Interest) -> dict[str, Any]:
    """What the audit log keeps of an entry: nothing that names the family."""
    return {"kind": interest.kind, "area": interest.area.slug, "times": interest.times, "status": interest.status}


def interest_create(data: Mapping[str, Any], *, source: str = "") -> tuple[Interest, str]:
    """Put a family on the list; returns the entry and the secret of its withdraw link (shown once).

    ValidationError for bad input or a second waiting entry with the same e-mail for the
    same kind and area; nothing is stored then.
    """
    interest = _validate(data, timezone.localdate())
    secret = secrets.token_urlsafe(24)
    interest.secret_hash = secret_hash(secret)
    municipality = municipality_of(interest.area)
    try:
        with transaction.atomic():
            # One writer per municipality at a time: two entries that both reach the
            # threshold would otherwise both tell the coordinators.
            Area.objects.select_for_update().filter(pk=municipality.pk).first()
            if Interest.objects.filter(
                kind=interest.kind, area=interest.area, email_key=interest.email_key, status=InterestStatus.WAITING
            ).exists():
                raise _duplicate()
            interest.save()
            audit.record(
                actor=None, action=audit.AuditAction.CREATE, obj=interest, changes=_public(interest), source=source
            )
            messaging.queue_plain(
                MessageKind.INTEREST_RECEIVED,
                to=interest.email,
                language=interest.language,
                context={
                    "kind": interest.kind,
                    "area": interest.area.pk,
                    "times": interest.times,
                    "withdraw_url": withdraw_path(interest, secret),
                },
            )
            _tell_if_gathered(interest.kind, municipality)
    except IntegrityError as exc:  # the partial unique index, when two arrive at once
        raise _duplicate() from exc
    return interest, secret


def interest_by_secret(secret: str) -> Interest | None:
    return Interest.objects.select_related("area").filter(secret_hash=secret_hash(secret)).first()


def _erase(interest: Interest, status: str, now: datetime) -> None:
    Interest.objects.filter(pk=interest.pk).update(
        email="",
        email_key=f"erased-{interest.uuid}",
        due_date=None,
        children_birth_years=[],
        languages=[],
        status=status,
        erased_at=now,
    )


def interest_withdraw(secret: str, *, source: str = "") -> Interest:
    """The family takes its entry off the list; its details are erased at once."""
    found = interest_by_secret(secret)
    if found is None or found.erased_at is not None:
        raise ValidationError({"interest": [_("This entry is no longer on the list.")]})
    with transaction.atomic():
        _erase(found, InterestStatus.WITHDRAWN, timezone.now())
        audit.record(
            actor=None,
            action=audit.AuditAction.UPDATE,
            obj=found,
            changes={"status": [found.status, InterestStatus.WITHDRAWN], "erased": "personal data erased"},
            source=source,
        )
    found.refresh_from_db()
    return found


# --- Counts -------------------------------------------------------------------------------


@dataclass
class AreaCount:
    """Waiting entries for one area: in all, and per time ("any" = any time suits)."""

    area: Area
    total: int = 0
    times: Counter[str] = field(default_factory=Counter)
    whole: bool = False  # entries for the municipality itself, not one of its districts

    def add(self, times: list[str]) -> None:
        self.total += 1
        for time in times or [ANY_TIME]:
            self.times[time] += 1

    def time_rows(self) -> list[tuple[str, int]]:
        return [(t, self.times.get(t, 0)) for t in TIME_KEYS]


TIME_KEYS = [*InterestTime.values, ANY_TIME]


@dataclass
class KindCounts:
    """One kind of group in one municipality, with its districts."""

    kind: str
    municipality: AreaCount
    districts: list[AreaCount] = field(default_factory=list)

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    @property
    def reached(self) -> bool:
        return self.municipality.total >= threshold()


def _waiting(area: Area | None) -> Any:
    rows = Interest.objects.filter(status=InterestStatus.WAITING).select_related("area__parent")
    if area is not None:
        rows = rows.filter(Q(area=area) | Q(area__parent=area) | Q(area__parent__parent=area))
    return rows


def interest_counts(area: Area | None = None, *, area_ids: Iterable[int] | None = None) -> list[KindCounts]:
    """Waiting entries per kind × municipality (with its districts) × time.

    An entry for a district counts toward its municipality too. `area` narrows to the
    entries in that area; `area_ids` to entries whose municipality is one of those.
    """
    allowed = set(area_ids) if area_ids is not None else None
    found: dict[tuple[str, int], KindCounts] = {}
    for entry in _waiting(area).order_by("kind", "id"):
        municipality = municipality_of(entry.area)
        if allowed is not None and municipality.pk not in allowed:
            continue
        key = (entry.kind, municipality.pk)
        if key not in found:
            found[key] = KindCounts(entry.kind, AreaCount(municipality))
        counts = found[key]
        counts.municipality.add(entry.times)
        target = next((d for d in counts.districts if d.area.pk == entry.area_id), None)
        if target is None:
            target = AreaCount(entry.area, whole=entry.area_id == municipality.pk)
            counts.districts.append(target)
        target.add(entry.times)
    result = sorted(found.values(), key=lambda c: (KINDS.index(c.kind), c.municipality.area.name_fi))
    for counts in result:
        counts.districts.sort(key=lambda d: (not d.whole, d.area.name_fi))
    return result


# --- Telling the coordinators -------------------------------------------------------------


def summary_path(municipality: Area) -> str:
    return reverse("interest-summary") + f"?area={municipality.slug}"


def _tell_if_gathered(kind: str, municipality: Area) -> InterestNotice | None:
    """Once per gathering: a notice and one message to each coordinator of the area.

    A gathering ends when a group is opened for it (the notice is linked to the group);
    the next notice needs a new gathering to reach the threshold again.
    """
    counts = interest_counts(municipality)
    mine = next((c for c in counts if c.kind == kind), None)
    if mine is None or mine.municipality.total < threshold():
        return None
    if InterestNotice.objects.filter(kind=kind, area=municipality, group__isnull=True).exists():
        return None
    notice = InterestNotice.objects.create(kind=kind, area=municipality, count=mine.municipality.total)
    rows = [{"area": d.area.pk, "whole": d.whole, "total": d.total, "times": dict(d.times)} for d in mine.districts]
    for user in coordinators_of(municipality):
        messaging.queue_plain(
            MessageKind.INTEREST_GATHERED,
            to=user.email,
            language=settings.LANGUAGE_CODE[:2] if settings.LANGUAGE_CODE[:2] in MESSAGE_LANGUAGES else "fi",
            context={
                "kind": kind,
                "area": municipality.pk,
                "count": mine.municipality.total,
                "rows": rows,
                "summary_url": summary_path(municipality),
            },
            dedupe_key=f"interest-gathered-{notice.pk}-{user.pk}",
        )
    return notice


# --- Opening a group for them -------------------------------------------------------------


def _matches(entry: Interest, times: list[str] | None) -> bool:
    # An entry that names no time suits any time.
    return not times or not entry.times or bool(set(entry.times) & set(times))


def waiting_for(kind: str, area: Area, times: list[str] | None = None, *, lock: bool = False) -> list[Interest]:
    """The waiting entries a group for `kind` in `area` would invite, in the order they came."""
    rows = Interest.objects.filter(kind=kind, status=InterestStatus.WAITING, area_id__in=area_and_below(area))
    if lock:
        rows = rows.select_for_update()
    return [e for e in rows.order_by("created_at", "id") if _matches(e, times)]


def groups_to_open(user: Any, kind: str, area: Area) -> Any:
    """Open groups of `kind` meeting in `area`'s municipality that `user` may open for interest."""
    municipality = municipality_of(area)
    rows = Group.objects.filter(kind=kind, status=GroupStatus.OPEN).select_related(
        "activity__organisation__area", "activity__place__area", "activity__area"
    )
    ids = [
        g.pk
        for g in rows
        if access.group_municipality(g) == municipality and may_open_for_interest(user, g, municipality)
    ]
    return Group.objects.filter(pk__in=ids).select_related("activity").order_by("activity__start", "id")


@transaction.atomic
def group_open_for_interest(
    *, actor: Any, group: Group, kind: str, area: Area, times: list[str] | None = None, source: str = ""
) -> int:
    """Invite every waiting family for `kind` in `area` (a municipality with its districts),
    optionally only those for whom one of `times` suits; returns how many were invited.

    Each family gets one invitation code, in an e-mail in its own language. `actor=None`
    is a trusted system command.
    """
    if actor is not None:
        require(may_open_for_interest(actor, group, area))
    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = [_("Choose the kind of group.")]
    elif group.kind != kind:
        errors["group"] = [_("The group is not of this kind.")]
    if times and not all(t in InterestTime.values for t in times):
        errors["times"] = [_("Choose the times from the list.")]
    if group.status != GroupStatus.OPEN:
        errors.setdefault("group", []).append(_("The group does not take sign-ups."))
    municipality = municipality_of(area)
    if access.group_municipality(group) != municipality:
        errors.setdefault("group", []).append(_("The group does not meet in this municipality."))
    if errors:
        raise ValidationError(errors)
    entries = waiting_for(kind, area, times, lock=True)
    if not entries:
        raise ValidationError({"area": [_("No families are waiting for such a group here.")]})
    organiser = group.activity.organisation
    now = timezone.now()
    for start in range(0, len(entries), invitations.MAX_BATCH):
        chunk = entries[start : start + invitations.MAX_BATCH]
        _batch, codes = invitations.invitations_issue(
            actor=None,
            group=group,
            count=len(chunk),
            organisation=organiser,
            kind=InvitationKind.INTEREST,
            channel=InvitationChannel.EMAIL,
            area=area,
            source=source,
        )
        for entry, code in zip(chunk, codes, strict=True):
            queue_invitation(group=group, to=entry.email, language=entry.language, code=code, interest=True)
    Interest.objects.filter(pk__in=[e.pk for e in entries]).update(
        status=InterestStatus.INVITED, invited_group=group, invited_at=now
    )
    for entry in entries:
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=entry,
            changes={"status": [InterestStatus.WAITING, InterestStatus.INVITED], "invited_group": str(group.uuid)},
            source=source,
        )
    InterestNotice.objects.filter(kind=kind, area=municipality, group__isnull=True).update(group=group)
    return len(entries)


# --- Erasure ------------------------------------------------------------------------------


def interest_erase_old(*, keep: int | None = None, source: str = "") -> int:
    """Erase entries older than INTEREST_KEEP_DAYS (or `keep` days), and invited ones whose
    group's sign-ups were erased or whose group ended SIGNUP_RETENTION_DAYS ago (or is gone)."""
    now = timezone.now()
    ended = now - timedelta(days=int(settings.SIGNUP_RETENTION_DAYS))
    invited_done = Q(status=InterestStatus.INVITED) & (
        Q(invited_group__isnull=True)
        | Q(invited_group__activity__series_end__lt=ended)
        | Q(invited_group__signups__erased_at__isnull=False)
    )
    old = Q(created_at__lt=now - timedelta(days=keep if keep is not None else keep_days()))
    withdrawn = Q(status=InterestStatus.WITHDRAWN)  # erased at withdrawal; a safety net
    rows = Interest.objects.filter(erased_at__isnull=True).filter(old | invited_done | withdrawn).distinct()
    erased = 0
    for entry in rows.iterator():
        status = InterestStatus.WITHDRAWN if entry.status == InterestStatus.WITHDRAWN else InterestStatus.ERASED
        with transaction.atomic():
            _erase(entry, status, now)
            audit.record(
                actor=None,
                action=audit.AuditAction.UPDATE,
                obj=entry,
                changes={"status": [entry.status, status], "erased": "personal data erased"},
                source=source,
            )
        erased += 1
    return erased
