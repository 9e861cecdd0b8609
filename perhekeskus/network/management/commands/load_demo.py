"""`manage.py load_demo`: load the demo network from the data files in `demo/`.

Everything goes through the write services with `actor=None` (a trusted system
command), so every row is validated, audited and search-indexed like any other
change. The load is one transaction and idempotent: services, places and contacts
get fixed UUIDs derived from their keys in the data files, areas, organisations and
users are found by slug or e-mail, and a row that already matches its data is left
alone — a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from dateutil.easter import easter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone

from perhekeskus.accounts import services as account_services
from perhekeskus.accounts.models import User
from perhekeskus.activities.demo import load_calendar
from perhekeskus.groups import demo as groups_demo
from perhekeskus.network import services as network_services
from perhekeskus.network.models import (
    Area,
    ContactPerson,
    Language,
    LifeStage,
    Organisation,
    Place,
    Service,
    ServiceType,
    TargetGroup,
)
from perhekeskus.network.seed import seed_lookups
from perhekeskus.questionnaires import demo as questionnaires_demo
from perhekeskus.questionnaires import instruments
from perhekeskus.wellbeing import demo as wellbeing_demo

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
# The namespace of the demo's fixed UUIDs: uuid5(namespace, "service:<key>") never changes.
DEMO_NAMESPACE = uuid.UUID("6f1c2a52-3b7e-4d0e-9a55-2f3c4b5d6e70")
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 — the demo's published password, shown by the command
SOURCE = "load_demo"
DAYS = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}
# Fields set when a row is created and then left to the editors: re-running the demo
# must not "re-check" content (that would empty the list of stale content).
CREATE_ONLY = ("last_checked_at", "last_checked_by")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class Loader:
    directory: Path
    today: dt.date
    tallies: dict[str, Tally] = field(default_factory=dict)
    checkers: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    # --- files and references ----------------------------------------------------------

    def read(self, pattern: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for path in sorted(self.directory.glob(pattern)):
            try:
                content = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" line {mark.line + 1}" if mark is not None else ""
                raise CommandError(f"{path.name}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
            if not isinstance(content, list):
                raise CommandError(f"{path.name}: expected a list of rows")
            rows.extend(content)
        return rows

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    @staticmethod
    def fixed_uuid(kind: str, key: str) -> uuid.UUID:
        return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")

    @staticmethod
    def lookup(model: type[models.Model], field_name: str, values: list[Any], what: str) -> list[Any]:
        found = {getattr(o, field_name): o for o in model._default_manager.filter(**{f"{field_name}__in": values})}
        missing = [v for v in values if v not in found]
        if missing:
            raise CommandError(f"unknown {what}: {', '.join(map(str, missing))}")
        return [found[v] for v in values]

    def one(self, model: type[models.Model], field_name: str, value: Any, what: str) -> Any:
        return self.lookup(model, field_name, [value], what)[0] if value else None

    def checked(self, row: dict[str, Any], kind: str, owner: Organisation) -> dict[str, Any]:
        """When the row was last checked: `checked: N` days ago, `never`, or a spread 3–120 days."""
        value = row.get("checked", "default")
        if value == "never":
            return {"last_checked_at": None, "last_checked_by": None}
        days = value if isinstance(value, int) else 3 + zlib.crc32(f"{kind}:{row['key']}".encode()) % 118
        at = timezone.now() - dt.timedelta(days=days)
        return {"last_checked_at": at, "last_checked_by": self.checker_for(owner)}

    def checker_for(self, organisation: Organisation) -> User | None:
        node: Organisation | None = organisation
        while node is not None:
            if node.slug in self.checkers:
                return self.checkers[node.slug]
            node = node.parent
        return self.checkers.get("*")

    # --- comparing -------------------------------------------------------------------------

    @staticmethod
    def differences(obj: models.Model, data: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in data.items() if k not in CREATE_ONLY and getattr(obj, k) != v}

    @staticmethod
    def m2m_differs(obj: models.Model, data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        out = {}
        for name in names:
            if {o.pk for o in getattr(obj, name).all()} != {o.pk for o in data[name]}:
                out[name] = data[name]
        return out

    # --- areas, organisations, users ---------------------------------------------------------

    def load_areas(self) -> None:
        for row in self.read("areas.yaml"):
            data = {**row, "parent": self.one(Area, "slug", row.get("parent"), "parent area")}
            if Area.objects.filter(slug=row["slug"]).exists():
                # Areas are shared reference data that admins curate; the demo never rewrites them.
                self.tally("areas").unchanged += 1
                continue
            network_services.area_create(actor=None, data=data, source=SOURCE)
            self.tally("areas").created += 1

    def load_organisations(self) -> None:
        for row in self.read("organisations.yaml"):
            data = {
                **row,
                "parent": self.one(Organisation, "slug", row.get("parent"), "parent organisation"),
                "area": self.one(Area, "slug", row.get("area"), "area"),
            }
            org = Organisation.objects.filter(slug=row["slug"]).first()
            if org is None:
                network_services.organisation_create(actor=None, data=data, source=SOURCE)
                self.tally("organisations").created += 1
            elif changes := self.differences(org, data):
                network_services.organisation_update(actor=None, organisation=org, data=changes, source=SOURCE)
                self.tally("organisations").updated += 1
            else:
                self.tally("organisations").unchanged += 1

    def load_users(self) -> None:
        for row in self.read("users.yaml"):
            organisation = self.one(Organisation, "slug", row["organisation"], "organisation")
            existed = User.objects.filter(email=row["email"]).exists()
            user = account_services.user_get_or_create(
                actor=None, email=row["email"], full_name=row.get("name", ""), source=SOURCE
            )
            if not existed or not user.has_usable_password():
                # Only new demo users get the demo password: hashing is slow on purpose, and a
                # password someone changed since stays as it is.
                account_services.user_set_password(actor=None, user=user, password=DEMO_PASSWORD, source=SOURCE)
            account_services.membership_ensure(
                actor=None, user=user, organisation=organisation, role=row["role"], source=SOURCE
            )
            tally = self.tally("users")
            if existed:
                tally.unchanged += 1
            else:
                tally.created += 1
            for slug in row.get("checks", []):
                self.checkers[slug] = user
            self.logins.append((row["role"], row.get("label", row["organisation"]), user.email))

    # --- places ---------------------------------------------------------------------------

    @staticmethod
    def weekly_hours(spec: str) -> list[dict[str, Any]]:
        """'mo-fr 08:00-16:00; sa 10:00-14:00' → weekly OpeningHours rows."""
        rows = []
        for part in filter(None, (p.strip() for p in (spec or "").split(";"))):
            days, times = part.split()
            first, _, last = days.partition("-")
            opens, closes = (dt.time.fromisoformat(t) for t in times.split("-"))
            for weekday in range(DAYS[first], DAYS[last or first] + 1):
                rows.append({"weekday": weekday, "opens": opens, "closes": closes})
        return rows

    def holiday_closures(self, names: list[str]) -> list[dict[str, Any]]:
        """Dated closures for this year and the next (e.g. Christmas, midsummer, July)."""
        rows = []
        for year in (self.today.year, self.today.year + 1):
            midsummer_eve = next(dt.date(year, 6, d) for d in range(19, 26) if dt.date(year, 6, d).weekday() == 4)
            good_friday = easter(year) - dt.timedelta(days=2)
            spans = {
                "christmas": (dt.date(year, 12, 24), dt.date(year, 12, 26), "Joulu", "Jul", "Christmas"),
                "new_year": (dt.date(year, 1, 1), dt.date(year, 1, 1), "Uudenvuodenpäivä", "Nyårsdagen", "New Year"),
                "easter": (good_friday, good_friday + dt.timedelta(days=3), "Pääsiäinen", "Påsk", "Easter"),
                "midsummer": (
                    midsummer_eve,
                    midsummer_eve + dt.timedelta(days=1),
                    "Juhannus",
                    "Midsommar",
                    "Midsummer",
                ),
                "july": (dt.date(year, 7, 1), dt.date(year, 7, 31), "Kesätauko", "Sommarpaus", "Summer break"),
            }
            for name in names:
                start, end, fi, sv, en = spans[name]
                rows.append(
                    {"start_date": start, "end_date": end, "closed": True, "reason_fi": fi, "reason_sv": sv}
                    | {"reason_en": en}
                )
        return rows

    @staticmethod
    def hours_differ(place: Place, hours: list[dict[str, Any]], closures: list[dict[str, Any]]) -> dict[str, Any]:
        now_hours = sorted((h.weekday, h.opens, h.closes) for h in place.opening_hours.all())
        new_hours = sorted((h["weekday"], h["opens"], h["closes"]) for h in hours)
        now_exc = sorted((e.start_date, e.end_date, e.reason_fi) for e in place.opening_exceptions.all())
        new_exc = sorted((e["start_date"], e["end_date"], e["reason_fi"]) for e in closures)
        out: dict[str, Any] = {}
        if now_hours != new_hours:
            out["opening_hours"] = hours
        if now_exc != new_exc:
            out["opening_exceptions"] = closures
        return out

    def load_places(self) -> None:
        for row in self.read("places*.yaml"):
            row = dict(row)
            key = row.pop("key")
            hours = self.weekly_hours(row.pop("hours", ""))
            closures = self.holiday_closures(row.pop("closed", []))
            lat, lon = row.pop("lat", None), row.pop("lon", None)
            organisation = self.one(Organisation, "slug", row.pop("organisation"), "organisation")
            checked = self.checked({"key": key, "checked": row.pop("checked", "default")}, "place", organisation)
            data = {
                **row,
                "uuid": self.fixed_uuid("place", key),
                "organisation": organisation,
                "area": self.one(Area, "slug", row.get("area"), "area"),
                "latitude": Decimal(str(lat)).quantize(Decimal("0.000001")) if lat is not None else None,
                "longitude": Decimal(str(lon)).quantize(Decimal("0.000001")) if lon is not None else None,
            }
            place = Place.objects.filter(uuid=data["uuid"]).first()
            if place is None:
                nested = {"opening_hours": hours, "opening_exceptions": closures}
                network_services.place_create(actor=None, data=data | checked | nested, source=SOURCE)
                self.tally("places").created += 1
                continue
            changes = self.differences(place, data) | self.hours_differ(place, hours, closures)
            if changes:
                network_services.place_update(actor=None, place=place, data=changes, source=SOURCE)
                self.tally("places").updated += 1
            else:
                self.tally("places").unchanged += 1

    # --- services and contacts ------------------------------------------------------------------

    def load_services(self) -> None:
        for row in self.read("services*.yaml"):
            row = dict(row)
            key = row.pop("key")
            provider = self.one(Organisation, "slug", row.pop("provider"), "provider")
            service_type = self.one(ServiceType, "code", row.pop("type"), "service type")
            checked = self.checked({"key": key, "checked": row.pop("checked", "default")}, "service", provider)
            m2m = {
                "life_stages": self.lookup(LifeStage, "code", row.pop("life_stages", []), "life stage"),
                "target_groups": self.lookup(TargetGroup, "code", row.pop("target_groups", []), "target group"),
                "languages": self.lookup(Language, "code", row.pop("languages", ["fi"]), "language"),
                "areas": self.lookup(Area, "slug", row.pop("areas", []), "area"),
                "places": [
                    self.one(Place, "uuid", self.fixed_uuid("place", k), f"place {k}") for k in row.pop("places", [])
                ],
            }
            data = {
                **row,
                "uuid": self.fixed_uuid("service", key),
                "provider": provider,
                "service_type": service_type,
                "tier": row.get("tier") or service_type.default_tier,
            }
            service = Service.objects.filter(uuid=data["uuid"]).first()
            if service is None:
                network_services.service_create(actor=None, data=data | checked | m2m, source=SOURCE)
                self.tally("services").created += 1
                continue
            changes = self.differences(service, data) | self.m2m_differs(service, m2m, tuple(m2m))
            if changes:
                network_services.service_update(actor=None, service=service, data=changes, source=SOURCE)
                self.tally("services").updated += 1
            else:
                self.tally("services").unchanged += 1

    def load_contacts(self) -> None:
        for row in self.read("contacts.yaml"):
            row = dict(row)
            key = row.pop("key")
            data = {
                **row,
                "uuid": self.fixed_uuid("contact", key),
                "organisation": self.one(Organisation, "slug", row["organisation"], "organisation"),
                "topic": self.one(ServiceType, "code", row.get("topic"), "topic"),
            }
            contact = ContactPerson.objects.filter(uuid=data["uuid"]).first()
            if contact is None:
                network_services.contact_create(actor=None, data=data, source=SOURCE)
                self.tally("contacts").created += 1
            elif changes := self.differences(contact, data):
                network_services.contact_update(actor=None, contact=contact, data=changes, source=SOURCE)
                self.tally("contacts").updated += 1
            else:
                self.tally("contacts").unchanged += 1

    def run(self) -> None:
        seed_lookups()
        self.load_areas()
        self.load_organisations()
        self.load_users()
        self.load_places()
        self.load_services()
        self.load_contacts()
        load_calendar(self)
        groups_demo.load(self.today, self.tally("groups"))
        instruments.load_shipped(source=SOURCE, tally=self.tally("questionnaires"))
        wellbeing_demo.load(self.today, self.tally("wellbeing families"))
        questionnaires_demo.load(self.tally("surveys"))


class Command(BaseCommand):
    help = (
        "Load the demo network (areas, organisations, places, services, contacts, demo logins)"
        " and its activity calendar. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(DEMO_DIR), help="folder of the demo data files")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"])
        if not (directory / "organisations.yaml").is_file():
            raise CommandError(f"no demo data in {directory}")
        loader = Loader(directory=directory, today=timezone.localdate())
        try:
            with transaction.atomic():
                loader.run()
        except ValidationError as exc:
            raise CommandError(f"demo data is invalid: {_one_line(exc)}") from exc
        except (KeyError, ValueError) as exc:
            raise CommandError(f"demo data could not be read: {exc!r}") from exc
        for name, tally in loader.tallies.items():
            self.stdout.write(f"{name}: {tally}")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for role, where, email in loader.logins:
            self.stdout.write(f"  {role:<13} {where:<40} {email}")


def _one_line(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)
