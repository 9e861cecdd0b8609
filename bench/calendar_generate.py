"""A national activity calendar on top of the benchmark network (`bench/generate.py`).

At scale 1: 30 000 recurring activities (about 100 in each of the 300 municipalities,
spread over their districts and places) and 5 000 one-off events, with co-organisers,
ages, life stages, audiences and languages; excluded dates on public holidays, some
cancelled and moved occurrences; and holiday closures (Christmas, midsummer) of places
for the years around the calendar's "today". The same seed gives the same calendar.

Rows are bulk-inserted directly, bypassing `activities/services.py` (no access check or
audit line per row, which would take far too long at this scale), but every activity's
rule is checked and its `series_end` computed with `recurrence.validate`, and every
change is keyed by a start the rule really gives (`recurrence.starts_between`), so the
database holds what the write services would have stored.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.easter import easter
from django.db import connection, transaction
from tqdm import tqdm

from bench import database
from perhekeskus.activities import recurrence
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind, OccurrenceChange, Participation
from perhekeskus.network.models import (
    Area,
    AreaKind,
    Cost,
    Language,
    LifeStage,
    OpeningException,
    Organisation,
    Place,
    ServiceType,
    TargetGroup,
)

FULL_SIZE = {"recurring": 30_000, "one_off": 5_000}
# The calendar's "today" (a Monday), fixed so that the same seed gives the same calendar
# on any day; the benchmark asks for the week and the year from here.
ANCHOR = date(2026, 11, 30)
ZONE_NAME = "Europe/Helsinki"
TZ = ZoneInfo(ZONE_NAME)
BATCH = 2000
DEFAULT_SEED = 2008
# The network already closes places for midsummer, Christmas and the summer break of
# 2026; these add the neighbouring years so a year's feed from ANCHOR meets closures.
EXTRA_CLOSURES = [
    ("2025-06-20", "2025-06-22", "Juhannus", "Midsommar", "Midsummer"),
    ("2025-12-24", "2025-12-26", "Joulu", "Jul", "Christmas"),
    ("2027-06-25", "2027-06-27", "Juhannus", "Midsommar", "Midsummer"),
    ("2027-12-24", "2027-12-26", "Joulu", "Jul", "Christmas"),
]
CLOSURE_SHARE = 0.35

# service type code: (Finnish, Swedish, English title, youngest and oldest age in months or None)
KINDS: dict[str, tuple[str, str, str, int | None, int | None]] = {
    "family_cafe": ("Perhekahvila", "Familjecafé", "Family café", None, None),
    "baby_cafe": ("Vauvakahvila", "Babycafé", "Baby café", 0, 12),
    "baby_group": ("Vauvaryhmä", "Babygrupp", "Baby group", 0, 12),
    "child_parent_group": ("Vanhempi–lapsi-ryhmä", "Förälder–barn-grupp", "Parent and child group", 6, 72),
    "playgroup": ("Leikkiryhmä", "Lekgrupp", "Playgroup", 12, 72),
    "club_for_children": ("Lasten kerho", "Barnklubb", "Children's club", 36, 84),
    "fathers_group": ("Isä–lapsi-ilta", "Pappa–barn-kväll", "Fathers' evening", None, None),
    "mothers_group": ("Äitien vertaisryhmä", "Mammagrupp", "Mothers' peer group", None, None),
    "music_arts": ("Muskari", "Musiklek", "Music play", 6, 72),
    "family_sports": ("Perheliikunta", "Familjegympa", "Family sports", 12, 144),
    "parish_activities": ("Perhekerho", "Familjeklubb", "Family club", None, 84),
    "open_day_care": ("Avoin päiväkoti", "Öppen daghem", "Open day care", 0, 84),
    "library_activities": ("Satutuokio", "Sagostund", "Story time", 24, 96),
    "peer_group": ("Vertaisryhmä", "Kamratgrupp", "Peer group", None, None),
    "immigrant_group": ("Kielikahvila perheille", "Språkcafé för familjer", "Language café for families", None, None),
    "grandparent_activities": ("Isovanhempien kerho", "Mor- och farföräldraklubb", "Grandparents' club", None, None),
    "resident_park": ("Puistokerho", "Parkklubb", "Park club", 24, 84),
}
AUDIENCE = {"fathers_group": "fathers", "mothers_group": "mothers", "immigrant_group": "immigrant_families"}
AUDIENCE = AUDIENCE | {"grandparent_activities": "grandparents"}
STAGES = [("expecting", None, None), ("age_0_1", 0, 11), ("age_1_3", 12, 35), ("age_3_6", 36, 83)]
STAGES += [("age_7_12", 84, 155), ("age_13_17", 156, 215)]
TIMES = [(9, 0), (9, 30), (10, 0), (10, 0), (10, 30), (13, 0), (17, 0), (17, 30), (18, 0), (18, 0)]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
NOTES = [
    ("Ohjaaja on estynyt.", "Ledaren har förhinder.", "The leader cannot come."),
    ("Tila on toisessa käytössä.", "Lokalen är upptagen.", "The room is in other use."),
]


@dataclass(frozen=True)
class CalendarSizes:
    recurring: int
    one_off: int

    @classmethod
    def at(cls, scale: float) -> CalendarSizes:
        if not 0 < scale <= 2:
            raise ValueError("scale must be above 0 and at most 2")
        return cls(
            recurring=max(30, round(FULL_SIZE["recurring"] * scale)),
            one_off=max(5, round(FULL_SIZE["one_off"] * scale)),
        )


def finnish_holidays(year: int) -> set[date]:
    """The days of the year on which family activities usually pause."""
    e = easter(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    fixed = [(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26), (12, 31)]
    moving = [e - timedelta(days=2), e + timedelta(days=1), e + timedelta(days=39), midsummer_eve]
    return {date(year, m, d) for m, d in fixed} | set(moving)


@dataclass
class Town:
    area: Area
    districts: list[Area]
    places: list[Place]
    orgs: list[int]  # organisation ids working in the municipality


class CalendarGenerator:
    def __init__(self, *, seed: int, progress: bool) -> None:
        self.rng = random.Random(seed)
        self.progress = progress
        self.holidays = set().union(*(finnish_holidays(y) for y in range(ANCHOR.year - 4, ANCHOR.year + 3)))

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def bar(self, total: int, desc: str) -> tqdm:
        return tqdm(total=total, desc=f"{desc:<15}", unit=" rows", disable=not self.progress, mininterval=0.5)

    # --- what the network holds -------------------------------------------------------

    def load(self) -> None:
        municipalities = {a.pk: a for a in Area.objects.filter(kind=AreaKind.MUNICIPALITY).order_by("pk")}
        districts: dict[int, list[Area]] = defaultdict(list)
        town_of: dict[int, int] = {pk: pk for pk in municipalities}
        for d in Area.objects.filter(kind=AreaKind.DISTRICT, parent_id__in=municipalities).order_by("pk"):
            districts[d.parent_id].append(d)  # type: ignore[index]
            town_of[d.pk] = d.parent_id  # type: ignore[assignment]
        places: dict[int, list[Place]] = defaultdict(list)
        for p in Place.objects.filter(area_id__in=town_of).order_by("pk").only("pk", "area_id", "organisation_id"):
            places[town_of[p.area_id]].append(p)  # type: ignore[index]
        orgs: dict[int, list[int]] = defaultdict(list)
        for pk, area_id in Organisation.objects.filter(area_id__in=town_of).order_by("pk").values_list("pk", "area_id"):
            orgs[town_of[area_id]].append(pk)
        self.towns = [
            Town(area, districts[pk] or [area], places[pk], orgs[pk])
            for pk, area in municipalities.items()
            if orgs[pk] or places[pk]
        ]
        if not self.towns:
            raise RuntimeError("the database has no network to put a calendar on: run bench/generate.py first")
        self.types = {t.code: t.pk for t in ServiceType.objects.filter(code__in=KINDS)}
        self.stages = {s.code: s.pk for s in LifeStage.objects.all()}
        self.groups = {g.code: g.pk for g in TargetGroup.objects.all()}
        self.languages = {lang.code: lang.pk for lang in Language.objects.all()}

    # --- one activity ------------------------------------------------------------------

    def new_activity(self, town: Town, *, recurring: bool) -> tuple[Activity, dict[str, list[int]]]:
        rng = self.rng
        code = rng.choice(list(KINDS))
        fi, sv, en, age_min, age_max = KINDS[code]
        place = rng.choice(town.places) if town.places and rng.random() < 0.92 else None
        if place is not None:
            area_id = place.area_id
            organiser = place.organisation_id if rng.random() < 0.7 or not town.orgs else rng.choice(town.orgs)
        else:
            area_id = rng.choice(town.districts).pk
            organiser = rng.choice(town.orgs)
        if rng.random() < 0.05:
            area_id = town.area.pk  # for the whole municipality
        district = next((d for d in town.districts if d.pk == area_id), town.area)
        bilingual = bool(town.area.name_sv)
        where = district.name_fi
        if age_min is None and rng.random() < 0.3:
            age_min, age_max = rng.choice([(0, 35), (12, 72), (36, 84)])
        stages = [
            self.stages[c]
            for c, lo, hi in STAGES[1:]
            if lo is not None and hi is not None and _overlaps(lo, hi, age_min, age_max)
        ]
        if code in ("baby_group", "baby_cafe") and rng.random() < 0.3:
            stages.append(self.stages["expecting"])
        groups = [self.groups[AUDIENCE[code]]] if code in AUDIENCE else []
        if rng.random() < 0.1:
            groups.append(rng.choice(list(self.groups.values())))
        langs = [self.languages["fi"]]
        if bilingual and rng.random() < 0.6:
            langs.append(self.languages["sv"])
        if code == "immigrant_group" or rng.random() < 0.03:
            langs.append(self.languages[rng.choice(["en", "ru", "ar", "so", "uk"])])
        co = rng.sample(town.orgs, min(len(town.orgs), rng.randint(1, 2))) if rng.random() < 0.2 else []
        start, end, rule = self.when(recurring)
        status = rng.choices(
            [ActivityStatus.PUBLISHED, ActivityStatus.DRAFT, ActivityStatus.CANCELLED, ActivityStatus.ENDED],
            [92, 3, 2, 3],
        )[0]
        if status == ActivityStatus.ENDED and rule and start.date() < ANCHOR - timedelta(days=60):
            until = start.date() + (ANCHOR - timedelta(days=30) - start.date()) * rng.random()
            rule = ";".join(p for p in rule.split(";") if not p.startswith(("UNTIL=", "COUNT=")))
            rule += f";UNTIL={max(until, start.date()):%Y%m%d}T235959"
        elif status == ActivityStatus.ENDED:
            status = ActivityStatus.PUBLISHED
        activity = Activity(
            uuid=self.uuid(),
            organisation_id=organiser,
            status=status,
            title_fi=f"{fi}, {where}"[:200],
            title_sv=f"{sv}, {district.name_sv or where}"[:200] if bilingual and rng.random() < 0.7 else "",
            title_en=f"{en}, {where}"[:200] if rng.random() < 0.15 else "",
            description_fi=f"{fi} {where}ssa. Tervetuloa mukaan!",
            place_id=place.pk if place else None,
            online=place is None,
            online_url="https://meet.example.fi/perhe" if place is None else "",
            area_id=area_id,
            service_type_id=self.types.get(code),
            participation=rng.choices(list(Participation), [75, 15, 10])[0],
            age_min_months=age_min,
            age_max_months=age_max,
            cost=Cost.FEE if rng.random() < 0.12 else Cost.FREE,
            signup_required=rng.random() < 0.2,
            contact_name="Perheohjaaja" if rng.random() < 0.5 else "",
            time_zone=ZONE_NAME,
            start=start,
            end=end,
            rrule=rule,
            runs_on_closures=rng.random() < 0.1,
            confirmed_until=date(ANCHOR.year, 12, 31) if rng.random() < 0.5 else None,
        )
        # Exactly what the write services store: a normalised rule and its derived end.
        activity.rrule = recurrence.normalise_rule(activity.rrule)
        activity.series_end = recurrence.validate(activity.rrule, start, end, ZONE_NAME)
        relations = {
            "co_organisers": sorted(set(co) - {organiser}),
            "life_stages": sorted(set(stages)),
            "target_groups": sorted(set(groups)),
            "languages": sorted(set(langs)),
        }
        return activity, relations

    def when(self, recurring: bool) -> tuple[datetime, datetime, str]:
        """First start and end (UTC) and the rule: weekly mostly, some fortnightly or monthly."""
        rng = self.rng
        hour, minute = rng.choice(TIMES)
        minutes = rng.choice([60, 90, 90, 120, 180])
        if not recurring:
            day = ANCHOR + timedelta(days=rng.randint(-365, 365))
            return *self._times(day, hour, minute, minutes), ""
        # Started 1–3 years ago mostly; a few begin in the coming weeks.
        ago = rng.randint(365, 3 * 365) if rng.random() < 0.9 else rng.randint(-60, 364)
        day = ANCHOR - timedelta(days=ago)
        weekday = rng.choices(range(7), [18, 22, 22, 20, 12, 4, 2])[0]
        day += timedelta(days=(weekday - day.weekday()) % 7)
        kind = rng.choices(["weekly", "two_days", "fortnightly", "monthly", "weekdays"], [68, 5, 14, 10, 3])[0]
        if kind == "weekly":
            rule = f"FREQ=WEEKLY;BYDAY={DAYS[weekday]}"
        elif kind == "two_days":
            weekday = min(weekday, 4)
            day -= timedelta(days=(day.weekday() - weekday) % 7)
            rule = f"FREQ=WEEKLY;BYDAY={DAYS[weekday]},{DAYS[(weekday + 2) % 7]}"
        elif kind == "fortnightly":
            rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={DAYS[weekday]}"
        elif kind == "monthly":
            nth = rng.choice([1, 2, 2, 3, -1])
            day = _nth_weekday(day.year, day.month, weekday, nth)
            rule = f"FREQ=MONTHLY;BYDAY={nth}{DAYS[weekday]}"
        else:
            day -= timedelta(days=day.weekday())
            hour, minute, minutes = 9, 0, 180
            rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        ends = rng.random()
        if ends < 0.15:
            rule += f";COUNT={rng.randint(6, 40)}"
        elif ends < 0.45:
            season_end = date(day.year + rng.randint(0, 3), rng.choice([5, 12]), rng.choice([15, 20, 31]))
            rule += f";UNTIL={max(season_end, day + timedelta(days=30)):%Y%m%d}T235959"
        return *self._times(day, hour, minute, minutes), rule

    @staticmethod
    def _times(day: date, hour: int, minute: int, minutes: int) -> tuple[datetime, datetime]:
        local = datetime.combine(day, time(hour, minute))
        return recurrence.to_utc(local, TZ), recurrence.to_utc(local + timedelta(minutes=minutes), TZ)

    # --- occurrence changes ------------------------------------------------------------

    def changes_for(self, activity: Activity) -> list[OccurrenceChange]:
        """Holiday dates excluded; now and then one occurrence cancelled or moved.

        Looked at over two years around ANCHOR: the changes a year's feed or the week
        views meet, and some history.
        """
        if not activity.rrule or activity.status == ActivityStatus.DRAFT:
            return []
        rng = self.rng
        lo = datetime.combine(ANCHOR - timedelta(days=365), time(0), tzinfo=TZ)
        hi = datetime.combine(ANCHOR + timedelta(days=365), time(0), tzinfo=TZ)
        spans = recurrence.starts_between(activity.rrule, activity.start, activity.end, ZONE_NAME, lo, hi)
        changes: dict[datetime, OccurrenceChange] = {}
        skip_holidays = rng.random() < 0.7
        for s, _e in spans:
            if skip_holidays and recurrence.to_local(s, TZ).date() in self.holidays:
                changes[s] = OccurrenceChange(activity=activity, original_start=s, kind=ChangeKind.EXCLUDED)
        others = [span for span in spans if span[0] not in changes]
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
            if not others:
                break
            s, e = others.pop(rng.randrange(len(others)))
            fi, sv, en = rng.choice(NOTES)
            if rng.random() < 0.6:
                changes[s] = OccurrenceChange(
                    activity=activity, original_start=s, kind=ChangeKind.CANCELLED, note_fi=fi, note_sv=sv, note_en=en
                )
            else:
                shift = timedelta(days=rng.choice([-1, 1, 2, 7])) if rng.random() < 0.7 else timedelta(hours=2)
                changes[s] = OccurrenceChange(
                    activity=activity,
                    original_start=s,
                    kind=ChangeKind.MOVED,
                    new_start=s + shift,
                    new_end=e + shift,
                    note_fi="Poikkeuksellisesti eri aikaan.",
                )
        return list(changes.values())

    # --- everything ----------------------------------------------------------------------

    def make(self, sizes: CalendarSizes) -> dict[str, int]:
        plan: list[tuple[Town, bool]] = []
        for count, recurring in ((sizes.recurring, True), (sizes.one_off, False)):
            # An even share for each municipality, the remainder to random ones.
            share, rest = divmod(count, len(self.towns))
            plan += [(town, recurring) for town in self.towns for _ in range(share)]
            plan += [(town, recurring) for town in self.rng.sample(self.towns, rest)]
        bar = self.bar(len(plan), "activities")
        made = {"activities": 0, "changes": 0, "links": 0}
        for first in range(0, len(plan), BATCH):
            batch = [self.new_activity(town, recurring=recurring) for town, recurring in plan[first : first + BATCH]]
            Activity.objects.bulk_create([a for a, _ in batch])
            for relation in ("co_organisers", "life_stages", "target_groups", "languages"):
                m2m = getattr(Activity, relation)
                target = f"{m2m.field.related_model._meta.model_name}_id"
                rows = [m2m.through(activity_id=a.pk, **{target: t}) for a, rel in batch for t in rel[relation]]
                m2m.through.objects.bulk_create(rows, batch_size=BATCH)
                made["links"] += len(rows)
            changes = [c for a, _ in batch for c in self.changes_for(a)]
            OccurrenceChange.objects.bulk_create(changes, batch_size=BATCH)
            made["activities"] += len(batch)
            made["changes"] += len(changes)
            bar.set_postfix(changes=made["changes"], refresh=False)
            bar.update(len(batch))
        bar.close()
        made["closures"] = self.make_closures()
        return made

    def make_closures(self) -> int:
        rows = []
        for town in self.towns:
            for place in town.places:
                for start, end, fi, sv, en in EXTRA_CLOSURES:
                    if self.rng.random() < CLOSURE_SHARE:
                        rows.append(
                            OpeningException(
                                place_id=place.pk,
                                start_date=date.fromisoformat(start),
                                end_date=date.fromisoformat(end),
                                closed=True,
                                reason_fi=fi,
                                reason_sv=sv,
                                reason_en=en,
                            )
                        )
        OpeningException.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)


def _overlaps(lo: int, hi: int, age_min: int | None, age_max: int | None) -> bool:
    return (age_min is None or age_min <= hi) and (age_max is None or age_max >= lo)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    days = [date(year, month, d) for d in range(1, 32) if _valid(year, month, d)]
    matching = [d for d in days if d.weekday() == weekday]
    return matching[nth - 1] if nth > 0 else matching[nth]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def counts() -> dict[str, int]:
    return {
        "activities": Activity.objects.count(),
        "recurring": Activity.objects.exclude(rrule="").count(),
        "changes": OccurrenceChange.objects.count(),
        "closures": OpeningException.objects.filter(closed=True).count(),
    }


def wipe() -> None:
    """Remove a generated calendar (activities, their changes and links, the added
    closures), keeping the network. Refuses on a database with user accounts."""
    from perhekeskus.accounts.models import User

    if User.objects.exists():
        raise SystemExit("Refusing to wipe a database that has user accounts: it is not a benchmark database.")
    with transaction.atomic():
        OccurrenceChange.objects.all().delete()
        for relation in ("co_organisers", "life_stages", "target_groups", "languages"):
            getattr(Activity, relation).through.objects.all().delete()
        Activity.objects.all().delete()
        starts = [date.fromisoformat(start) for start, *_ in EXTRA_CLOSURES]
        OpeningException.objects.filter(closed=True, start_date__in=starts).delete()


def generate_calendar(*, scale: float = 1.0, seed: int = DEFAULT_SEED, progress: bool = True) -> dict[str, Any]:
    """Put a calendar at `scale` on the network in the database; returns the row counts.

    Refuses when activities already exist. One transaction: an interrupted run leaves
    nothing behind.
    """
    if not connection.features.can_return_rows_from_bulk_insert:
        raise RuntimeError("the database must return keys from bulk inserts (SQLite ≥ 3.35 or PostgreSQL)")
    if Activity.objects.exists():
        raise RuntimeError("the database already has activities; generate into one without a calendar")
    gen = CalendarGenerator(seed=seed, progress=progress)
    gen.load()
    with transaction.atomic(), database.large_sqlite_cache():
        gen.make(CalendarSizes.at(scale))
    database.analyse()
    # The benchmark starts with the rule cache a freshly started server has.
    recurrence._parse.cache_clear()
    return counts()
