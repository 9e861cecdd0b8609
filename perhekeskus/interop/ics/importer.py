"""`import_ics`: a partner's calendar file into activities of one organisation.

Each series (a VEVENT and its changed occurrences, by UID) becomes one activity, found
again by `Activity.source_uid` on the next run: a second import updates, never
duplicates, and an unchanged event is left alone. Every write goes through
`activities.services` (actor None, source "import_ics"); the whole file is one
transaction, so an error in any event leaves the database as it was.

The partner's file is the source for what it says: title and description in the chosen
language, times and rule, place, excluded, cancelled and moved occurrences, and the
categories that match our vocabularies. Fields the file does not speak about (cost,
ages, contact, participation) are the editors' to fill and are never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from perhekeskus.activities import recurrence, services
from perhekeskus.activities.models import Activity, ActivityStatus, ChangeKind
from perhekeskus.activities.occurrences import MAX_MOVE
from perhekeskus.interop.ics.mapping import find_place, looks_like_url, map_categories
from perhekeskus.interop.ics.reader import Entry, IcsError, Series, read_calendar
from perhekeskus.network.models import Organisation, Place

SOURCE = "import_ics"
UNSUPPORTED_FREQ = {"HOURLY", "MINUTELY", "SECONDLY"}
TITLE_MAX = Activity._meta.get_field("title_fi").max_length or 200
NOTE_MAX = 300


@dataclass
class Options:
    organisation: Organisation
    language: str = "fi"
    default_place: Place | None = None
    status: str = ActivityStatus.PUBLISHED
    dry_run: bool = False


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, skipped {self.skipped}"


class _Skip(Exception):
    """This series cannot be kept; the reason is already reported."""


def import_calendar(data: bytes, options: Options) -> Summary:
    """Import the file; IcsError (one line) if any of it cannot be read, nothing saved then."""
    summary = Summary()
    all_series = read_calendar(data)
    with transaction.atomic():
        for series in all_series:
            _Series(series, options, summary).run()
        if options.dry_run:
            transaction.set_rollback(True)
    return summary


def _error(uid: str, exc: ValidationError) -> IcsError:
    if hasattr(exc, "error_dict"):
        parts = [f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()]
    else:
        parts = list(exc.messages)
    return IcsError(f"UID {uid}: " + "; ".join(parts))


def _rule_problem(rule: str) -> str:
    """Why a readable rule is one we do not keep ("" if we do)."""
    parts = dict(p.partition("=")[::2] for p in recurrence.normalise_rule(rule).split(";") if p)
    if parts.get("FREQ") in UNSUPPORTED_FREQ:
        return f"RRULE FREQ={parts['FREQ']} not supported"
    forbidden = sorted(set(parts) & recurrence.FORBIDDEN_PARTS)
    if forbidden:
        return f"RRULE {', '.join(forbidden)} not supported"
    count = parts.get("COUNT", "")
    if count.isdigit() and int(count) > recurrence.MAX_COUNT:
        return f"RRULE COUNT above {recurrence.MAX_COUNT} not supported"
    return ""


class _Series:
    def __init__(self, series: Series, options: Options, summary: Summary) -> None:
        self.series, self.options, self.summary = series, options, summary
        self.uid = series.uid

    def report(self, text: str) -> None:
        self.summary.lines.append(f"UID {self.uid}: {text}")

    def skip(self, text: str) -> _Skip:
        self.report(f"{text}, skipped")
        self.summary.skipped += 1
        return _Skip()

    def run(self) -> None:
        try:
            self._run()
        except _Skip:
            pass
        except ValidationError as exc:
            raise _error(self.uid, exc) from None

    def _run(self) -> None:
        master = self.series.master
        if master is None:
            raise self.skip("changed occurrences without their series")
        if self.series.duplicates:
            self.report(f"the series is given {self.series.duplicates + 1} times, the first was used")
        for problem in master.unsupported:
            raise self.skip(problem)
        if master.rrule and (problem := _rule_problem(master.rrule)):
            raise self.skip(problem)
        for note in master.notes:
            self.report(note)
        existing = (
            Activity.objects.filter(organisation=self.options.organisation, source_uid=self.uid)
            .prefetch_related("target_groups", "life_stages")
            .first()
        )
        data = self._data(master, existing)
        if existing is None:
            activity = services.activity_create(actor=None, data=data, source=SOURCE)
            fields_changed = True
        else:
            activity = existing
            fields_changed = _differs(existing, data)
            if fields_changed:
                services.activity_update(actor=None, activity=existing, data=data, source=SOURCE)
        changes_changed = self._sync_changes(activity, self._changes(activity, master))
        if existing is None:
            self.summary.created += 1
        elif fields_changed or changes_changed:
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1

    # --- Fields ---------------------------------------------------------------------------

    def _data(self, entry: Entry, existing: Activity | None) -> dict[str, Any]:
        lang = self.options.language
        title = entry.summary
        if not title:
            raise self.skip("no SUMMARY (title)")
        if len(title) > TITLE_MAX:
            self.report(f"SUMMARY longer than {TITLE_MAX} characters, shortened")
            title = title[: TITLE_MAX - 1] + "…"
        data: dict[str, Any] = {
            "organisation": self.options.organisation,
            "source_uid": self.uid,
            f"title_{lang}": title,
            f"description_{lang}": _description(entry),
            "time_zone": entry.time_zone,
            "start": entry.start,
            "end": entry.end,
            "rrule": recurrence.normalise_rule(entry.rrule),
        }
        # Finnish is the title every activity must have: a Swedish-only calendar's
        # title stands in for it until an editor writes one.
        if lang != "fi" and (existing is None or existing.title_fi in ("", getattr(existing, f"title_{lang}"))):
            data["title_fi"] = title
        if entry.all_day:
            self.report("all-day event, kept as 00:00–24:00 Helsinki time")
        if entry.utc and entry.rrule:
            self.report("a series in UTC, kept at the same Helsinki wall-clock time across clock changes")
        if entry.custom_zone:
            self.report(f'TZID "{entry.custom_zone}" is not a known zone name; times read from the file\'s VTIMEZONE')
        data.update(self._where(entry))
        data.update(self._categories(entry))
        data["status"] = self._status(entry, existing)
        return data

    def _status(self, entry: Entry, existing: Activity | None) -> str:
        if entry.status == "CANCELLED":
            return ActivityStatus.CANCELLED
        if existing is None or existing.status == ActivityStatus.CANCELLED:
            return self.options.status
        return existing.status  # an editor's later decision (e.g. ended) stands

    def _where(self, entry: Entry) -> dict[str, Any]:
        org = self.options.organisation
        online = {"place": None, "online": True, "online_url": entry.location.strip(), "area": org.area}
        if entry.location:
            place, note = find_place(org, entry.location)
            if note:
                self.report(note)
            if place is not None:
                return {"place": place, "online": False, "online_url": ""}
            if looks_like_url(entry.location):
                return online
            if self.options.default_place is not None:
                self.report(f'LOCATION "{entry.location}" matched no place, used the default place')
                return {"place": self.options.default_place, "online": False, "online_url": ""}
            raise self.skip(f'LOCATION "{entry.location}" matched no place and no --place was given')
        if self.options.default_place is not None:
            return {"place": self.options.default_place, "online": False, "online_url": ""}
        raise self.skip("no LOCATION and no --place was given")

    def _categories(self, entry: Entry) -> dict[str, Any]:
        found = map_categories(entry.categories)
        for value in found.unknown:
            self.report(f'CATEGORIES "{value}" matched no service type, audience or life stage, left out')
        for value in found.extra_service_types:
            self.report(f'CATEGORIES "{value}" is a second service type, left out')
        if not found.any:
            return {}  # nothing said: the editors' choices stay
        return {
            "service_type": found.service_type,
            "target_groups": found.target_groups,
            "life_stages": found.life_stages,
        }

    # --- Occurrences ----------------------------------------------------------------------

    def _local(self, activity: Activity, moment: datetime) -> str:
        return f"{recurrence.to_local(moment, recurrence.zone(activity.time_zone)):%Y-%m-%d %H:%M}"

    def _changes(self, activity: Activity, master: Entry) -> dict[datetime, tuple[str, Any, Any, str]]:
        wanted: dict[datetime, tuple[str, Any, Any, str]] = {}
        tz = activity.time_zone

        def known(moment: datetime) -> bool:
            return recurrence.is_occurrence(activity.rrule, activity.start, tz, moment)

        for moment in master.exdates:
            if known(moment):
                wanted[moment] = (ChangeKind.EXCLUDED, None, None, "")
            else:
                self.report(f"EXDATE {self._local(activity, moment)} is not one of the series' dates, left out")
        for day in master.exdate_days:
            start = recurrence.to_utc(datetime.combine(day, datetime.min.time()), recurrence.zone(tz))
            spans = recurrence.starts_between(
                activity.rrule, activity.start, activity.end, tz, start, start + timedelta(days=1)
            )
            same_day = [s for s, _e in spans if recurrence.local_day(s, tz) == day]
            if same_day:
                wanted[same_day[0]] = (ChangeKind.EXCLUDED, None, None, "")
            else:
                self.report(f"EXDATE {day:%Y-%m-%d} is not one of the series' dates, left out")
        for entry in self.series.overrides:
            assert entry.recurrence_id is not None
            when = self._local(activity, entry.recurrence_id)
            if entry.unsupported:
                self.report(f"occurrence {when}: {entry.unsupported[0]}, left out")
                continue
            if not known(entry.recurrence_id):
                self.report(f"RECURRENCE-ID {when} is not one of the series' dates, left out")
                continue
            note = (entry.comment or "")[:NOTE_MAX]
            original_end = _original_end(activity, entry.recurrence_id)
            moved = (entry.start, entry.end) != (entry.recurrence_id, original_end)
            if entry.status == "CANCELLED" and not (moved and master.status == "CANCELLED"):
                # Cancelled where it was moved to, in a series that runs: it does not happen.
                wanted[entry.recurrence_id] = (ChangeKind.CANCELLED, None, None, note)
            elif not moved:
                self.report(f"occurrence {when} differs in other details only, left out")
            elif abs(entry.start - entry.recurrence_id) > MAX_MOVE:
                self.report(f"occurrence {when} is moved by more than {MAX_MOVE.days} days, kept as cancelled")
                wanted[entry.recurrence_id] = (ChangeKind.CANCELLED, None, None, note)
            else:
                wanted[entry.recurrence_id] = (ChangeKind.MOVED, entry.start, entry.end, note)
        return wanted

    def _sync_changes(self, activity: Activity, wanted: dict[datetime, tuple[str, Any, Any, str]]) -> bool:
        lang = self.options.language
        current = {c.original_start: c for c in activity.changes.all()}
        changed = False
        for original in current:
            if original not in wanted:
                services.occurrence_restore(actor=None, activity=activity, original_start=original, source=SOURCE)
                changed = True
        for original, (kind, new_start, new_end, note) in sorted(wanted.items()):
            now = current.get(original)
            if now is not None and (now.kind, now.new_start, now.new_end, getattr(now, f"note_{lang}")) == (
                kind,
                new_start,
                new_end,
                note,
            ):
                continue
            # Notes in the other languages are the editors'; keep them.
            notes = {code: getattr(now, f"note_{code}") if now else "" for code in ("fi", "sv", "en")}
            notes[lang] = note
            services.occurrence_change(
                actor=None,
                activity=activity,
                original_start=original,
                kind=kind,
                new_start=new_start,
                new_end=new_end,
                notes=notes,
                source=SOURCE,
            )
            changed = True
        return changed


def _original_end(activity: Activity, original: datetime) -> datetime:
    tz = recurrence.zone(activity.time_zone)
    length = recurrence.to_local(activity.end, tz) - recurrence.to_local(activity.start, tz)
    return recurrence.to_utc(recurrence.to_local(original, tz) + length, tz)


def _description(entry: Entry) -> str:
    # URL has no field of its own (sign-up addresses are rarely what it holds): it goes
    # at the end of the description, where families can follow it.
    text = entry.description
    if entry.url and looks_like_url(entry.url) and entry.url not in text:
        text = f"{text}\n\n{entry.url}" if text else entry.url
    return text


def _differs(activity: Activity, data: dict[str, Any]) -> bool:
    for name, value in data.items():
        current = getattr(activity, name)
        if isinstance(current, models.Manager):
            if {x.pk for x in current.all()} != {x.pk for x in value}:
                return True
        elif current != value:
            return True
    return False


__all__ = ["IcsError", "Options", "Summary", "import_calendar"]
