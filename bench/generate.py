"""A national-scale service network for the benchmark, built from a seeded vocabulary.

At scale 1: 22 counties, 300 municipalities with 3 districts each, 20 000
organisations, 60 000 services and 15 000 places with opening hours and holiday
closures. The same seed gives the same network (names, UUIDs, relations).

This is a benchmark fixture, not a user's write: rows are bulk-inserted directly,
bypassing `network/services.py` (no access check, no audit line, no per-object
re-index), because one service call per row would take hours at this scale. The
search index is then built in bulk with the same analyser and documents the service
functions use (`search_index.reindex_all`), so searches behave as in production.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from bench import database
from bench import vocabulary as V
from perhekeskus.network import search_index
from perhekeskus.network.models import (
    AccessMode,
    Area,
    AreaKind,
    Cost,
    Language,
    LifeStage,
    OpeningException,
    OpeningHours,
    Organisation,
    Place,
    Service,
    ServiceStatus,
    ServiceType,
    TargetGroup,
    Tier,
)

FULL_SIZE = {"counties": 22, "municipalities": 300, "organisations": 20_000, "services": 60_000, "places": 15_000}
DISTRICTS_PER_MUNICIPALITY = 3
BATCH = 2000
DEFAULT_SEED = 2008  # the year of the PERHE report


@dataclass(frozen=True)
class Sizes:
    counties: int
    municipalities: int
    organisations: int
    services: int
    places: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        """The sizes at `scale` (1 = national); small scales keep a usable minimum."""
        if not 0 < scale <= 2:
            raise ValueError("scale must be above 0 and at most 2")
        return cls(
            counties=min(len(V.COUNTIES), max(2, round(FULL_SIZE["counties"] * scale))),
            municipalities=max(3, round(FULL_SIZE["municipalities"] * scale)),
            organisations=max(30, round(FULL_SIZE["organisations"] * scale)),
            services=max(90, round(FULL_SIZE["services"] * scale)),
            places=max(20, round(FULL_SIZE["places"] * scale)),
        )


@dataclass
class Town:
    """A municipality or district with the name forms the templates need."""

    area: Area
    name: str
    gen: str
    sv: str  # Swedish name, or the Finnish one where there is none
    bilingual: bool
    lat: float
    lon: float
    county: Area
    districts: list[Town] = field(default_factory=list)


@dataclass
class OrgInfo:
    org: Organisation
    role: str  # a key of V.ORG_ROLES
    town: Town
    district: Town
    places: list[Place] = field(default_factory=list)


class Generator:
    def __init__(self, *, seed: int, progress: bool) -> None:
        self.rng = random.Random(seed)
        self.progress = progress
        self.now = timezone.now()
        self.towns: list[Town] = []
        self.town_weights: list[float] = []
        self.orgs: list[OrgInfo] = []
        self.places_by_town: dict[int, list[Place]] = defaultdict(list)

    # --- helpers ---------------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def bar(self, total: int, desc: str) -> tqdm:
        return tqdm(total=total, desc=f"{desc:<15}", unit=" rows", disable=not self.progress, mininterval=0.5)

    def finnish_name(self, used: set[str] | None) -> tuple[str, str]:
        for _ in range(1000):
            stem = self.rng.choice(V.STEMS)
            suffix, gen = self.rng.choice(V.SUFFIXES)
            if suffix == "la" and not any(c in stem.lower() for c in "aou"):
                suffix, gen = "lä", "län"  # vowel harmony: Kivilä, Koivula
            if stem.lower() == suffix:
                continue
            name = stem + suffix
            if used is None or name not in used:
                if used is not None:
                    used.add(name)
                return name, stem + gen
        raise RuntimeError("ran out of place names; lower the scale")

    def swedish_name(self) -> str:
        return self.rng.choice(V.SV_STEMS) + self.rng.choice(V.SV_SUFFIXES)

    def fill(self, pattern: str, town: Town, district: Town, **extra: str) -> str:
        if not pattern:
            return ""
        return pattern.format(
            place=town.name,
            gen=town.gen,
            sv=town.sv,
            dplace=district.name,
            dgen=district.gen,
            dsv=district.sv,
            nick=self.rng.choice(V.NICKNAMES),
            **extra,
        )

    def checked_at(self) -> Any:
        roll = self.rng.random()
        if roll < 0.15:
            return None  # never checked
        days = self.rng.randint(0, 180) if roll < 0.70 else self.rng.randint(181, 720)
        return self.now - timedelta(days=days, minutes=self.rng.randint(0, 1440))

    def save(self, model: type[models.Model], objs: list[Any], bar: tqdm) -> list[Any]:
        for start in range(0, len(objs), BATCH):
            chunk = objs[start : start + BATCH]
            model.objects.bulk_create(chunk)  # type: ignore[attr-defined]
            bar.update(len(chunk))
        return objs

    # --- areas -----------------------------------------------------------------------------

    def make_areas(self, sizes: Sizes) -> None:
        total = sizes.counties + sizes.municipalities * (1 + DISTRICTS_PER_MUNICIPALITY)
        bar = self.bar(total, "areas")
        counties = []
        for i, (fi, _gen, sv, *_rest) in enumerate(V.COUNTIES[: sizes.counties]):
            counties.append(
                Area(
                    uuid=self.uuid(),
                    slug=slugify(fi),
                    kind=AreaKind.COUNTY,
                    code=f"{i + 1:02d}",
                    name_fi=fi,
                    name_sv=sv,
                )
            )
        self.save(Area, counties, bar)
        used: set[str] = set()
        municipalities: list[Town] = []
        for i in range(sizes.municipalities):
            c = i % sizes.counties
            _fi, _gen, _sv, lat, lon, bilingual_county = V.COUNTIES[c]
            name, gen = self.finnish_name(used)
            bilingual = bilingual_county and self.rng.random() < 0.5
            sv = self.swedish_name() if bilingual else ""
            area = Area(
                uuid=self.uuid(),
                slug=slugify(name),
                kind=AreaKind.MUNICIPALITY,
                code=f"{i + 1:03d}",
                name_fi=name,
                name_sv=sv,
                parent=counties[c],
            )
            lat, lon = lat + self.rng.uniform(-0.6, 0.6), lon + self.rng.uniform(-0.9, 0.9)
            municipalities.append(Town(area, name, gen, sv or name, bilingual, lat, lon, counties[c]))
        self.save(Area, [t.area for t in municipalities], bar)
        for town in municipalities:
            districts = [(f"{town.name} keskusta", f"{town.gen} keskustan", f"{town.sv} centrum")]
            for _ in range(DISTRICTS_PER_MUNICIPALITY - 1):
                name, gen = self.finnish_name(None)
                districts.append((name, gen, self.swedish_name() if town.bilingual else name))
            for j, (name, gen, sv) in enumerate(districts):
                area = Area(
                    uuid=self.uuid(),
                    slug=f"{town.area.slug}-{j + 1}-{slugify(name)}"[:80],
                    kind=AreaKind.DISTRICT,
                    name_fi=name,
                    name_sv=sv if town.bilingual else "",
                    parent=town.area,
                )
                lat, lon = town.lat + self.rng.uniform(-0.05, 0.05), town.lon + self.rng.uniform(-0.08, 0.08)
                town.districts.append(Town(area, name, gen, sv, town.bilingual, lat, lon, town.county))
        self.save(Area, [d.area for t in municipalities for d in t.districts], bar)
        bar.close()
        self.towns = municipalities
        # Municipalities differ in size: a heavy-tailed weight gives a few big cities.
        self.town_weights = [min(40.0, self.rng.paretovariate(1.3)) for _ in municipalities]

    # --- organisations ---------------------------------------------------------------------

    def new_org(self, name_fi: str, name_sv: str, kind: str, sector: str, area: Area, parent: Any) -> Organisation:
        n = len(self.orgs) + 1
        slug = f"{slugify(name_fi)[:70]}-{n}"
        return Organisation(
            uuid=self.uuid(),
            slug=slug,
            kind=kind,
            sector=sector,
            name_fi=name_fi,
            name_sv=name_sv,
            parent=parent,
            area=area,
            description_fi=f"{name_fi} toimii lapsiperheiden parissa.",
            website=f"https://{slug}.example.fi/",
            phone=f"0{self.rng.randint(10, 99)} {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}",
        )

    def make_organisations(self, sizes: Sizes) -> None:
        bar = self.bar(sizes.organisations, "organisations")
        # One wellbeing services county organisation each; towns[c] lies in county c (round robin).
        for c, (_fi, gen, sv, *_rest) in enumerate(V.COUNTIES[: sizes.counties]):
            town = self.towns[c]
            org = self.new_org(f"{gen} hyvinvointialue", f"Välfärdsområdet {sv}", "county", "social", town.county, None)
            self.orgs.append(OrgInfo(org, "county", town, town.districts[0]))
        municipal: dict[int, Organisation] = {}
        for town in self.towns:
            kind_word = "kaupunki" if self.rng.random() < 0.3 else "kunta"
            sv = f"{town.sv} {'stad' if kind_word == 'kaupunki' else 'kommun'}" if town.bilingual else ""
            org = self.new_org(f"{town.gen} {kind_word}", sv, "municipality", "social", town.area, None)
            self.orgs.append(OrgInfo(org, "municipality", town, town.districts[0]))
            municipal[town.area.pk] = org
        self.save(Organisation, [o.org for o in self.orgs], bar)  # parents first: units link to them
        first_unit = len(self.orgs)
        roles = list(V.ORG_ROLES)
        role_weights = [V.ORG_ROLES[r][2] for r in roles]
        while len(self.orgs) < sizes.organisations:
            role = self.rng.choices(roles, role_weights)[0]
            kind, sector, _w, fi_patterns, sv_patterns, is_unit = V.ORG_ROLES[role]
            town = self.rng.choices(self.towns, self.town_weights)[0]
            district = self.rng.choice(town.districts)
            name_fi = self.fill(self.rng.choice(fi_patterns), town, district)
            name_sv = self.fill(self.rng.choice(sv_patterns), town, district) if sv_patterns and town.bilingual else ""
            parent = municipal[town.area.pk] if is_unit or (role == "education" and self.rng.random() < 0.6) else None
            org = self.new_org(name_fi, name_sv, kind, sector, district.area, parent)
            self.orgs.append(OrgInfo(org, role, town, district))
        self.save(Organisation, [o.org for o in self.orgs[first_unit:]], bar)
        bar.close()

    # --- places ----------------------------------------------------------------------------

    def make_places(self, sizes: Sizes) -> None:
        bar = self.bar(sizes.places, "places")
        places: list[Place] = []
        for _ in range(sizes.places):
            info = self.rng.choice(self.orgs)
            kind = self.rng.choice(V.ROLE_PLACES[info.role])
            district = info.district if self.rng.random() < 0.8 else self.rng.choice(info.town.districts)
            name = self.fill(V.PLACE_NAMES[kind], info.town, district)
            place = Place(
                uuid=self.uuid(),
                organisation=info.org,
                kind=kind,
                name_fi=name,
                area=district.area,
                street_address=f"{self.rng.choice(V.STREETS)} {self.rng.randint(1, 60)}",
                postal_code=f"{self.rng.randint(0, 99_999):05d}",
                city=info.town.name,
                latitude=Decimal(f"{district.lat + self.rng.uniform(-0.02, 0.02):.6f}"),
                longitude=Decimal(f"{district.lon + self.rng.uniform(-0.04, 0.04):.6f}"),
                accessibility_fi=" ".join(self.rng.sample(V.ACCESSIBILITY_FI, 2)),
                last_checked_at=self.checked_at(),
            )
            places.append(place)
            info.places.append(place)
            self.places_by_town[info.town.area.pk].append(place)
        self.save(Place, places, bar)
        bar.close()
        self.make_hours(places)

    def make_hours(self, places: list[Place]) -> None:
        hours: list[OpeningHours] = []
        exceptions: list[OpeningException] = []
        for place in places:
            for days, opens, closes in V.PLACE_HOURS[place.kind]:
                chosen = days if days is not None else sorted(self.rng.sample(list(V.WEEKDAYS), self.rng.randint(1, 2)))
                for day in chosen:
                    hours.append(
                        OpeningHours(
                            place=place, weekday=day, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes)
                        )
                    )
            for start, end, fi, sv, en in V.HOLIDAYS:
                if self.rng.random() < 0.35:
                    exceptions.append(
                        OpeningException(
                            place=place,
                            start_date=date.fromisoformat(start),
                            end_date=date.fromisoformat(end),
                            closed=True,
                            reason_fi=fi,
                            reason_sv=sv,
                            reason_en=en,
                        )
                    )
        bar = self.bar(len(hours) + len(exceptions), "opening hours")
        self.save(OpeningHours, hours, bar)
        self.save(OpeningException, exceptions, bar)
        bar.close()

    # --- services --------------------------------------------------------------------------

    def make_services(self, sizes: Sizes) -> None:
        types = {t.code: t for t in ServiceType.objects.select_related("parent")}
        stages = {s.code: s.pk for s in LifeStage.objects.all()}
        groups = {g.code: g.pk for g in TargetGroup.objects.all()}
        languages = {lang.code: lang.pk for lang in Language.objects.all()}
        if not types or not stages:
            raise RuntimeError("the lookup tables are empty: run the migrations first")
        all_codes = sorted(types)
        bar = self.bar(sizes.services, "services")
        made = links = 0
        while made < sizes.services:
            batch: list[tuple[Service, dict[str, list[int]]]] = []
            for _ in range(min(BATCH, sizes.services - made)):
                batch.append(self.new_service(types, all_codes, stages, groups, languages))
            made += len(batch)
            Service.objects.bulk_create([s for s, _ in batch])
            for relation in ("life_stages", "target_groups", "languages", "areas", "places"):
                m2m = getattr(Service, relation)
                through = m2m.through
                target = f"{m2m.field.related_model._meta.model_name}_id"
                rows = [through(service_id=s.pk, **{target: t}) for s, rel in batch for t in rel[relation]]
                through.objects.bulk_create(rows, batch_size=BATCH)
                links += len(rows)
            bar.set_postfix(links=links, refresh=False)
            bar.update(len(batch))
        bar.close()

    def new_service(
        self,
        types: dict[str, ServiceType],
        all_codes: list[str],
        stages: dict[str, int],
        groups: dict[str, int],
        languages: dict[str, int],
    ) -> tuple[Service, dict[str, list[int]]]:
        rng = self.rng
        info = rng.choice(self.orgs)
        codes = [c for c in V.ROLE_SERVICES[info.role] if c in types]
        # Now and then any type of the taxonomy, so types added later are exercised too.
        code = rng.choice(codes) if codes and rng.random() < 0.9 else rng.choice(all_codes)
        stype = types[code]
        fi, sv, en = rng.choice(V.SERVICE_NAMES.get(code, [V.GENERIC_SERVICE_NAME]))
        district = info.district if rng.random() < 0.7 else rng.choice(info.town.districts)
        name_fi = self.fill(fi, info.town, district, type=stype.name_fi)
        name_sv = self.fill(sv, info.town, district) if sv and (info.town.bilingual or rng.random() < 0.05) else ""
        name_en = self.fill(en, info.town, district) if en and rng.random() < 0.2 else ""
        topic = V.DESCRIPTIONS_FI[V.TOPIC_OF_TYPE.get(code, "meeting")]
        sentences = rng.sample(topic, rng.randint(1, 2)) + rng.sample(V.DESCRIPTIONS_FI["general"], rng.randint(1, 2))
        desc_fi = " ".join(s.format(gen=district.gen) for s in sentences)
        desc_sv = " ".join(s.format(sv=district.sv) for s in rng.sample(V.DESCRIPTIONS_SV, 2)) if name_sv else ""
        desc_en = " ".join(s.format(place=district.name) for s in rng.sample(V.DESCRIPTIONS_EN, 2)) if name_en else ""
        tier = stype.default_tier or Tier.BASIC
        if rng.random() < 0.05:
            tier = rng.choice(list(Tier))
        access = AccessMode(V.ACCESS.get(code, AccessMode.OPEN))
        if rng.random() < 0.1:
            access = rng.choice(list(AccessMode))
        cost = Cost.FEE if info.role == "company" else Cost.INCOME_BASED if code == "day_care" else Cost.FREE
        service = Service(
            uuid=self.uuid(),
            provider=info.org,
            status=ServiceStatus.ACTIVE if rng.random() < 0.97 else ServiceStatus.INACTIVE,
            name_fi=name_fi[:200],
            name_sv=name_sv[:200],
            name_en=name_en[:200],
            description_fi=desc_fi,
            description_sv=desc_sv,
            description_en=desc_en,
            service_type=stype,
            tier=tier,
            access=access,
            cost=cost,
            last_checked_at=self.checked_at(),
        )
        candidates = [stages[c] for c in V.STAGES.get(code, list(stages)) if c in stages] or list(stages.values())
        life = rng.sample(candidates, rng.randint(1, len(candidates)))
        lowered = name_fi.lower()
        target = sorted({groups[g] for word, g in V.NAME_GROUPS.items() if word in lowered and g in groups})
        if not target and rng.random() < 0.3:
            target = [rng.choice(list(groups.values()))]
        if name_sv and "swedish_speaking" in groups and rng.random() < 0.3:
            target.append(groups["swedish_speaking"])
        langs = [] if name_sv and rng.random() < 0.3 else [languages["fi"]]
        if name_sv:
            langs.append(languages["sv"])
        if name_en:
            langs.append(languages["en"])
        if rng.random() < 0.04:
            langs.append(languages[rng.choice(V.OTHER_LANGUAGES)])
        if info.role == "county":
            areas = [info.town.county.pk]
        else:
            areas = [district.area.pk if rng.random() < 0.6 else info.town.area.pk]
        places: list[int] = []
        if info.places and rng.random() < 0.7:
            places = [rng.choice(info.places).pk]
        elif self.places_by_town[info.town.area.pk] and rng.random() < 0.2:
            places = [rng.choice(self.places_by_town[info.town.area.pk]).pk]
        relations = {
            "life_stages": life,
            "target_groups": sorted(set(target)),
            "languages": sorted(set(langs)),
            "areas": areas,
            "places": places,
        }
        return service, relations

    # --- search index ----------------------------------------------------------------------

    def make_index(self) -> None:
        for kind in ("organisation", "place", "service"):
            bar = self.bar(0, f"index {kind}s")

            def report(done: int, total: int, bar: tqdm = bar) -> None:
                bar.total = total
                bar.update(done - bar.n)

            search_index.reindex_all(kind, progress=report)
            bar.close()


def counts() -> dict[str, int]:
    return {
        "areas": Area.objects.count(),
        "organisations": Organisation.objects.count(),
        "services": Service.objects.count(),
        "places": Place.objects.count(),
        "opening_hours": OpeningHours.objects.count(),
    }


def generate(*, scale: float = 1.0, seed: int = DEFAULT_SEED, progress: bool = True) -> dict[str, int]:
    """Build the network at `scale` into an empty directory; returns the row counts.

    Refuses to run when organisations already exist, so a real directory is never
    mixed with generated data. One transaction: an interrupted run leaves nothing.
    """
    if not connection.features.can_return_rows_from_bulk_insert:
        raise RuntimeError("the database must return keys from bulk inserts (SQLite ≥ 3.35 or PostgreSQL)")
    if Organisation.objects.exists() or Area.objects.exists():
        raise RuntimeError("the database already has areas or organisations; generate into an empty one")
    sizes = Sizes.at(scale)
    gen = Generator(seed=seed, progress=progress)
    with transaction.atomic(), database.large_sqlite_cache():
        gen.make_areas(sizes)
        gen.make_organisations(sizes)
        gen.make_places(sizes)
        gen.make_services(sizes)
        gen.make_index()
    database.analyse()
    return counts()
