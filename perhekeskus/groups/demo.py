"""The demo's groups, loaded by `load_demo` after the calendar.

The shipped programme templates are loaded (updated by slug), and three groups are made
from them in the demo network, dated from the day of the load so the demo always has
groups to sign up for:

- family training at Espoo centre's clinic, open, some places taken;
- an Ekavauva group in Matinkylä, joined by invitation (a cohort letter from the clinic);
- a fathers' group in Salo with too few sign-ups and its go/no-go date in a few days.

Each is led by a pair from different organisations; the demo's nurse
(professional@example.fi) leads the first two, with MLL's volunteer in the Ekavauva group.

Groups get fixed UUIDs, so loading again finds them and leaves them as they are (with
their sign-ups); a demo database made afresh gets new dates. The families are made up,
with example.org addresses. Their messages are queued for `manage.py send_messages`
rather than sent while the demo loads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from perhekeskus.accounts.models import User
from perhekeskus.activities import recurrence
from perhekeskus.activities.models import DEFAULT_TIME_ZONE
from perhekeskus.groups import facilitators, invitations, programmes, services
from perhekeskus.groups.management.commands.load_programmes import load_files, shipped_files
from perhekeskus.groups.models import Group, InvitationChannel, InvitationKind, Programme
from perhekeskus.network.models import Organisation, Place

SOURCE = "load_demo"
NAMESPACE = uuid.UUID("0b6f0d3e-55a4-4c9e-9a0f-4d2b7c1e8a61")


@dataclass(frozen=True)
class DemoGroup:
    key: str
    programme: str
    organisation: str
    place: str
    weekday: int  # 0 = Monday
    at: time
    weeks_ahead: int
    title: dict[str, str]
    families: tuple[str, ...]
    decision_in_days: int | None = None
    # The pair who lead it: (demo login or "", name, organisation, kind, profession).
    leaders: tuple[tuple[str, str, str, str, str], ...] = ()


GROUPS = (
    DemoGroup(
        key="perhevalmennus-espoon-keskus",
        programme="perhevalmennus-espoo",
        organisation="lansi-uusimaa-neuvolat",
        place="espoon-keskuksen-neuvola",
        weekday=3,
        at=time(18, 0),
        weeks_ahead=4,
        title={
            "fi": "Perhevalmennus, Espoon keskus",
            "sv": "Familjeförberedelse, Esbo centrum",
            "en": "Family training, Espoo Centre",
        },
        families=("Aalto", "Berg", "Heikkinen", "Jokinen", "Lindqvist", "Nieminen", "Rantanen"),
        leaders=(
            (
                "professional@example.fi",
                "Terhi Neuvola",
                "lansi-uusimaa-neuvolat",
                "professional",
                "public health nurse",
            ),
            ("", "Sanna Perhetyö", "espoon-kaupunki", "professional", "family worker"),
        ),
    ),
    DemoGroup(
        key="ekavauva-matinkyla",
        programme="ekavauva",
        organisation="lansi-uusimaa-neuvolat",
        place="matinkylan-perhekeskus",
        weekday=1,
        at=time(10, 0),
        weeks_ahead=2,
        title={
            "fi": "Ekavauva-ryhmä, Matinkylä",
            "sv": "Förstabebis-grupp, Mattby",
            "en": "First-baby group, Matinkylä",
        },
        families=("Kallio", "Salminen", "Tanskanen"),
        leaders=(
            (
                "professional@example.fi",
                "Terhi Neuvola",
                "lansi-uusimaa-neuvolat",
                "professional",
                "public health nurse",
            ),
            ("volunteer@example.fi", "Vilja Vapaaehtoinen", "mll-matinkyla", "volunteer", "peer volunteer"),
        ),
    ),
    DemoGroup(
        key="isaryhma-salo",
        programme="isaryhma",
        organisation="salon-neuvolat",
        place="salon-perhekeskus",
        weekday=2,
        at=time(18, 0),
        weeks_ahead=2,
        title={"fi": "Isäryhmä, Salo", "sv": "Pappagrupp, Salo", "en": "Fathers' group, Salo"},
        families=("Laine", "Virtanen"),
        decision_in_days=3,
        leaders=(
            ("", "Mikko Neuvola", "salon-neuvolat", "professional", "public health nurse"),
            ("", "Jari Isä", "mll-salo", "volunteer", "peer volunteer, a father"),
        ),
    ),
)


def first_start(today: date, weeks_ahead: int, weekday: int, at: time) -> datetime:
    """That weekday `weeks_ahead` weeks from this week, at `at` Helsinki time (UTC)."""
    monday = today - timedelta(days=today.weekday())
    day = monday + timedelta(weeks=weeks_ahead, days=weekday)
    return recurrence.to_utc(datetime.combine(day, at), recurrence.zone(DEFAULT_TIME_ZONE))


def _family(name: str, today: date, i: int) -> dict[str, Any]:
    return {
        "name": f"Demo-perhe {name}",
        "email": f"{name.lower()}.demo@example.org",
        "language": "fi",
        "adults": 2,
        "children_birth_years": [today.year] if i % 2 else [],
    }


def _make(spec: DemoGroup, today: date) -> tuple[Group, bool]:
    activity_uuid = uuid.uuid5(NAMESPACE, f"group:{spec.key}")
    existing = Group.objects.filter(activity__uuid=activity_uuid).first()
    if existing is not None:
        return existing, False
    # The demo's places have the fixed UUIDs load_demo gives them (imported here: it imports us).
    from perhekeskus.network.management.commands.load_demo import Loader

    start = first_start(today, spec.weeks_ahead, spec.weekday, spec.at)
    group = programmes.group_from_programme(
        actor=None,
        programme=Programme.objects.get(slug=spec.programme),
        organisation=Organisation.objects.get(slug=spec.organisation),
        place=Place.objects.get(uuid=Loader.fixed_uuid("place", spec.place)),
        first_start=start,
        title=spec.title,
        languages=["fi"],
        decision_date=today + timedelta(days=spec.decision_in_days) if spec.decision_in_days else None,
        enrolment_closes=start - timedelta(days=2),
        activity_extra={"uuid": activity_uuid},
        source=SOURCE,
    )
    return group, True


def _lead(group: Group, spec: DemoGroup) -> None:
    users = {u.email: u for u in User.objects.filter(email__in=[login for login, *_rest in spec.leaders if login])}
    facilitators.facilitators_set(
        actor=None,
        group=group,
        facilitators=[
            {
                **({"user": users[login]} if login in users else {}),
                "name": name,
                "organisation": Organisation.objects.get(slug=org),
                "kind": kind,
                "profession": profession,
            }
            for login, name, org, kind, profession in spec.leaders
        ],
        source=SOURCE,
    )


def _sign_up(group: Group, spec: DemoGroup, today: date) -> None:
    codes: list[str] = []
    if group.activity.participation == "targeted":
        # The clinic's cohort letter: codes for the first-time parents of the district.
        _batch, codes = invitations.invitations_issue(
            actor=None,
            group=group,
            count=group.capacity,
            organisation=group.activity.organisation,
            kind=InvitationKind.COHORT,
            channel=InvitationChannel.LETTER,
            first_time_parents=True,
            note="Demo",
            source=SOURCE,
        )
    for i, name in enumerate(spec.families):
        code = codes[i] if codes else ""
        services.signup_create(group=group, data=_family(name, today, i), invitation_code=code, source=SOURCE)


def load(today: date | None = None, tally: Any = None) -> dict[str, int]:
    """Load the templates and the demo groups; returns (and adds to `tally`, if given) how
    many groups were made and how many were there already."""
    today = today or timezone.localdate()
    made = 0
    # Demo families' messages wait for `send_messages` instead of printing during the load.
    with override_settings(MESSAGE_FIRST_SEND="worker"), transaction.atomic():
        load_files(shipped_files())
        for spec in GROUPS:
            group, created = _make(spec, today)
            if created:
                _lead(group, spec)
                _sign_up(group, spec, today)
                made += 1
    counts = {"created": made, "unchanged": len(GROUPS) - made}
    if tally is not None:
        tally.created += counts["created"]
        tally.unchanged += counts["unchanged"]
    return counts
