"""The demo's joint family activity calendar (`demo/activities*.yaml`), loaded by `load_demo`.

Dates in the files are relative to the week of the load (`week: 0` is the Monday–Sunday
week of the day `load_demo` runs, `week: -8` eight weeks earlier), so a freshly loaded
demo always has a past, a present and a future. Like the rest of the demo, everything is
written through the activity services with `actor=None`, and rows get fixed UUIDs from
their keys: running the load again in the same week writes nothing; running it in a later
week moves the dated parts of the calendar along with the week (and audits that).

Occurrence changes are derived from the rows, not stored in the files as dates:
`exclude` (public holidays or a given day), `cancel` and `move` (the occurrence in a
given week). They are kept in step with the files the same way: changes the files no
longer describe are restored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.easter import easter
from django.core.management.base import CommandError

from perhekeskus.activities import recurrence, services
from perhekeskus.activities.models import DEFAULT_TIME_ZONE, Activity, ActivityStatus, ChangeKind
from perhekeskus.network.models import Area, Language, LifeStage, Organisation, Place, ServiceType, TargetGroup

if TYPE_CHECKING:
    from perhekeskus.network.management.commands.load_demo import Loader

SOURCE = "load_demo"
WEEKDAYS = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}
# Holidays are excluded from series this far past the load week (a year's calendar).
HOLIDAY_HORIZON = timedelta(weeks=53)


def public_holidays(year: int) -> dict[date, tuple[str, str, str]]:
    """Finnish public holidays and the two eves everyone has off, with their names fi/sv/en."""
    sunday = easter(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    all_saints = next(d for d in (date(year, 10, 31) + timedelta(days=n) for n in range(7)) if d.weekday() == 5)
    return {
        date(year, 1, 1): ("Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day"),
        date(year, 1, 6): ("Loppiainen", "Trettondagen", "Epiphany"),
        sunday - timedelta(days=2): ("Pitkäperjantai", "Långfredagen", "Good Friday"),
        sunday: ("Pääsiäispäivä", "Påskdagen", "Easter Sunday"),
        sunday + timedelta(days=1): ("2. pääsiäispäivä", "Annandag påsk", "Easter Monday"),
        date(year, 5, 1): ("Vappu", "Första maj", "May Day"),
        sunday + timedelta(days=39): ("Helatorstai", "Kristi himmelsfärdsdag", "Ascension Day"),
        sunday + timedelta(days=49): ("Helluntai", "Pingstdagen", "Whit Sunday"),
        midsummer_eve: ("Juhannusaatto", "Midsommarafton", "Midsummer Eve"),
        midsummer_eve + timedelta(days=1): ("Juhannuspäivä", "Midsommardagen", "Midsummer Day"),
        all_saints: ("Pyhäinpäivä", "Alla helgons dag", "All Saints' Day"),
        date(year, 12, 6): ("Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day"),
        date(year, 12, 24): ("Jouluaatto", "Julafton", "Christmas Eve"),
        date(year, 12, 25): ("Joulupäivä", "Juldagen", "Christmas Day"),
        date(year, 12, 26): ("Tapaninpäivä", "Annandag jul", "Boxing Day"),
    }


@dataclass(frozen=True)
class Change:
    kind: str
    new_start: datetime | None = None
    new_end: datetime | None = None
    notes: tuple[str, str, str] = ("", "", "")


@dataclass(frozen=True)
class DemoDates:
    """Turns the files' relative dates into days, seen from the day of the load."""

    today: date
    tz_name: str = DEFAULT_TIME_ZONE

    @property
    def monday(self) -> date:
        return self.today - timedelta(days=self.today.weekday())

    def week_start(self, week: int) -> date:
        return self.monday + timedelta(weeks=week)

    def day(self, key: str, spec: dict[str, Any]) -> date:
        """`{week: N, day: tu}` or `{date: "12-24"}` (the next such day from this week on)."""
        if "date" in spec:
            month, day = (int(p) for p in str(spec["date"]).split("-"))
            found = date(self.monday.year, month, day)
            return found if found >= self.monday else date(self.monday.year + 1, month, day)
        if spec.get("day") not in WEEKDAYS:
            raise CommandError(f"activity {key}: give `day` as one of {', '.join(WEEKDAYS)}")
        return self.week_start(int(spec["week"])) + timedelta(days=WEEKDAYS[spec["day"]])

    def span(self, key: str, day: date, times: str) -> tuple[datetime, datetime]:
        """`day` with `times` "HH:MM-HH:MM" as naive local start and end (an end before the start is the next day)."""
        try:
            opens, closes = (time.fromisoformat(t.strip()) for t in times.split("-"))
        except ValueError as exc:
            raise CommandError(f"activity {key}: give `time` as HH:MM-HH:MM, not {times!r}") from exc
        start, end = datetime.combine(day, opens), datetime.combine(day, closes)
        return start, end if end > start else end + timedelta(days=1)

    def until(self, key: str, spec: dict[str, Any]) -> str:
        """UNTIL as RFC 5545 wants it with a zoned start: the end of that local day, in UTC."""
        last = datetime.combine(self.day(key, spec), time(23, 59, 59))
        return f"UNTIL={recurrence.to_utc(last, recurrence.zone(self.tz_name)):%Y%m%dT%H%M%SZ}"


def load_calendar(loader: Loader) -> None:
    dates = DemoDates(loader.today)
    for row in loader.read("activities*.yaml"):
        row = dict(row)
        key = row.pop("key")
        activity = _load_activity(loader, dates, key, row)
        _sync_changes(loader, dates, key, activity, row)


def _timing(dates: DemoDates, key: str, row: dict[str, Any]) -> tuple[datetime, datetime, str]:
    """First start and end (UTC) and the rule: the rule's first date on or after the day given."""
    when = row.pop("when")
    wall_start, wall_end = dates.span(key, dates.day(key, when), str(when.get("time", "")))
    rule = recurrence.normalise_rule(str(row.pop("repeat", "") or ""))
    if "until" in row:
        rule = f"{rule};{dates.until(key, row.pop('until'))}"
    tz = recurrence.zone(dates.tz_name)
    if rule:
        # A monthly "first Thursday" series says only roughly when it starts; the rule decides.
        first = recurrence.parse(rule, wall_start, dates.tz_name).after(wall_start, inc=True)
        if first is None:
            raise CommandError(f"activity {key}: the rule {rule} gives no dates")
        wall_end, wall_start = first + (wall_end - wall_start), first
    return recurrence.to_utc(wall_start, tz), recurrence.to_utc(wall_end, tz), rule


def _load_activity(loader: Loader, dates: DemoDates, key: str, row: dict[str, Any]) -> Activity:
    organisation = loader.one(Organisation, "slug", row.pop("organisation"), "organisation")
    place_key = row.pop("place", None)
    area = row.pop("area", None)
    start, end, rule = _timing(dates, key, row)
    confirmed = row.pop("confirmed", True)
    checked = loader.checked({"key": key, "checked": row.pop("checked", "default")}, "activity", organisation)
    for name in ("exclude", "cancel", "move"):
        row.setdefault(name, [])
    m2m = {
        "co_organisers": loader.lookup(Organisation, "slug", row.pop("co_organisers", []), "co-organiser"),
        "life_stages": loader.lookup(LifeStage, "code", row.pop("life_stages", []), "life stage"),
        "target_groups": loader.lookup(TargetGroup, "code", row.pop("target_groups", []), "target group"),
        "languages": loader.lookup(Language, "code", row.pop("languages", ["fi"]), "language"),
    }
    data = {
        **{k: v for k, v in row.items() if k not in ("exclude", "cancel", "move")},
        "uuid": loader.fixed_uuid("activity", key),
        "organisation": organisation,
        "status": row.get("status", ActivityStatus.PUBLISHED),
        "service_type": loader.one(ServiceType, "code", row.get("type"), "service type"),
        "place": loader.one(Place, "uuid", loader.fixed_uuid("place", place_key), f"place {place_key}")
        if place_key
        else None,
        "start": start,
        "end": end,
        "rrule": rule,
    }
    data.pop("type", None)
    if area:
        data["area"] = loader.one(Area, "slug", area, "area")
    activity = Activity.objects.filter(uuid=data["uuid"]).first()
    tally = loader.tally("activities")
    if activity is None:
        # Recurring series start out confirmed for the season, unless the file says otherwise,
        # so that the editors' freshness list shows only the few left unconfirmed.
        season = services.confirm_target(loader.today) if rule and confirmed else None
        created_only = checked | {"confirmed_until": season}
        tally.created += 1
        return services.activity_create(actor=None, data=data | created_only | m2m, source=SOURCE)
    changes = loader.differences(activity, data) | loader.m2m_differs(activity, m2m, tuple(m2m))
    if changes:
        services.activity_update(actor=None, activity=activity, data=changes, source=SOURCE)
        tally.updated += 1
    else:
        tally.unchanged += 1
    return activity


def _occurrences_by_day(activity: Activity, last_day: date) -> dict[date, datetime]:
    """The rule's starts (UTC) by their local day, from the first start to `last_day`."""
    tz = recurrence.zone(activity.time_zone)
    until = recurrence.to_utc(datetime.combine(last_day + timedelta(days=1), time(0)), tz)
    found: dict[date, datetime] = {}
    spans = recurrence.starts_between(
        activity.rrule, activity.start, activity.end, activity.time_zone, activity.start, until
    )
    for start, _end in spans:
        found.setdefault(recurrence.local_day(start, activity.time_zone), start)
    return found


def _notes(spec: dict[str, Any]) -> tuple[str, str, str]:
    return (str(spec.get("note_fi", "")), str(spec.get("note_sv", "")), str(spec.get("note_en", "")))


def _in_week(key: str, by_day: dict[date, datetime], week_start: date, what: str) -> datetime:
    found = sorted(s for d, s in by_day.items() if week_start <= d < week_start + timedelta(days=7))
    if not found:
        raise CommandError(f"activity {key}: no occurrence in the week of {week_start} to {what}")
    return found[0]


def _wanted_changes(dates: DemoDates, key: str, activity: Activity, row: dict[str, Any]) -> dict[datetime, Change]:
    weeks = [int(s["week"]) for s in [*row["cancel"], *row["move"]]] + [
        int(s["week"]) for s in row["exclude"] if isinstance(s, dict)
    ]
    last_day = max([dates.monday + HOLIDAY_HORIZON, *(dates.week_start(w + 1) for w in weeks)])
    by_day = _occurrences_by_day(activity, last_day)
    wanted: dict[datetime, Change] = {}
    for spec in row["exclude"]:
        if spec == "public_holidays":
            first, last = min(by_day, default=last_day), last_day
            for year in range(first.year, last.year + 1):
                for day, (fi, sv, en) in public_holidays(year).items():
                    if day in by_day:
                        notes = (f"{fi}: ei kokoontumista", f"{sv}: ingen träff", f"{en}: no meeting")
                        wanted[by_day[day]] = Change(ChangeKind.EXCLUDED, notes=notes)
            continue
        day = dates.day(key, spec)
        if day not in by_day:
            raise CommandError(f"activity {key}: no occurrence on {day} to exclude")
        wanted[by_day[day]] = Change(ChangeKind.EXCLUDED, notes=_notes(spec))
    # A cancellation or a move said explicitly wins over a holiday on the same day.
    for spec in row["cancel"]:
        original = _in_week(key, by_day, dates.week_start(int(spec["week"])), "cancel")
        wanted[original] = Change(ChangeKind.CANCELLED, notes=_notes(spec))
    tz = recurrence.zone(activity.time_zone)
    for spec in row["move"]:
        original = _in_week(key, by_day, dates.week_start(int(spec["week"])), "move")
        target = spec["to"]
        day = dates.day(key, {"week": spec["week"], "day": target["day"]})
        wall_start, wall_end = dates.span(key, day, str(target["time"]))
        new_start, new_end = recurrence.to_utc(wall_start, tz), recurrence.to_utc(wall_end, tz)
        wanted[original] = Change(ChangeKind.MOVED, new_start, new_end, _notes(spec))
    return wanted


def _sync_changes(loader: Loader, dates: DemoDates, key: str, activity: Activity, row: dict[str, Any]) -> None:
    wanted = _wanted_changes(dates, key, activity, row) if activity.rrule else {}
    tally = loader.tally("occurrence changes")
    existing = {c.original_start: c for c in activity.changes.all()}
    for original, change in sorted(wanted.items()):
        now = existing.get(original)
        if now is not None and (now.kind, now.new_start, now.new_end, (now.note_fi, now.note_sv, now.note_en)) == (
            change.kind,
            change.new_start,
            change.new_end,
            change.notes,
        ):
            tally.unchanged += 1
            continue
        services.occurrence_change(
            actor=None,
            activity=activity,
            original_start=original.astimezone(UTC),
            kind=change.kind,
            new_start=change.new_start,
            new_end=change.new_end,
            notes=dict(zip(("fi", "sv", "en"), change.notes, strict=True)),
            source=SOURCE,
        )
        if now is None:
            tally.created += 1
        else:
            tally.updated += 1
    for original in sorted(set(existing) - set(wanted)):
        services.occurrence_restore(actor=None, activity=activity, original_start=original, source=SOURCE)
        tally.updated += 1
