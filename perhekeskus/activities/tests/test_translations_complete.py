"""The Finnish and Swedish translations are complete, and the calendar's pages show them.

The catalogues are read with a small PO reader of our own (the standard library has
none) and the compiled catalogues with `gettext.GNUTranslations`. The pages are rendered
in English first: every interface string found there must be translated on the Finnish
and Swedish pages (unless its translation is the same word), so a string added to a
template without a translation fails here.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.activities import services
from perhekeskus.activities.models import ChangeKind
from perhekeskus.activities.tests.conftest import helsinki

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["fi", "sv"]
NOW = helsinki(2026, 5, 11, 9)  # Monday 11 May 2026: the café, the fathers' evening and the party
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")

# --- Reading a PO file -----------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """The entries of a PO file, header excluded; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry = Entry()
    current = ""  # the keyword a continued string ("...") belongs to

    def finish() -> None:
        nonlocal entry, current
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry, current = Entry(), ""

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert current, f"{path}:{number}: a string continues nothing"
            append(entry, current, ast.literal_eval(line))
        else:
            keyword, _sep, rest = line.partition(" ")
            if keyword in {"msgid", "msgctxt"} and entry.msgstr:
                finish()  # no blank line between two entries
            entry.line = entry.line or number
            current = keyword
            start(entry, keyword, number, path)
            append(entry, keyword, ast.literal_eval(rest))
    finish()
    return [e for e in entries if e.msgid != "" or e.msgctxt is not None]


def start(entry: Entry, keyword: str, number: int, path: Path) -> None:
    """Begin an empty value for `keyword` (msgid, msgid_plural, msgctxt, msgstr, msgstr[N])."""
    plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
    if keyword == "msgstr" or plural:
        entry.msgstr[int(plural.group(1)) if plural else 0] = ""
    elif keyword in {"msgid", "msgid_plural", "msgctxt"}:
        setattr(entry, keyword, "")
    else:
        raise AssertionError(f"{path}:{number}: unknown keyword {keyword!r}")


def append(entry: Entry, keyword: str, text: str) -> None:
    plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
    if keyword == "msgstr" or plural:
        index = int(plural.group(1)) if plural else 0
        entry.msgstr[index] += text
    else:
        setattr(entry, keyword, getattr(entry, keyword) + text)


def catalogue(lang: str) -> list[Entry]:
    return read_po(LOCALE / lang / "LC_MESSAGES" / "django.po")


def translations(lang: str) -> dict[str, str]:
    """msgid → its (singular) translation, for the page checks."""
    return {e.msgid: e.msgstr.get(0, "") for e in catalogue(lang) if e.msgctxt is None}


def test_the_reader_finds_untranslated_fuzzy_and_plural_entries(tmp_path):
    # The checks below are only as good as the reader: prove it on a file with known faults.
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fi\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Saved: %(title)s"\nmsgstr "Tallennettu: %(title)s"\n\n'
        'msgid "Long "\n"text"\nmsgstr ""\n\n'
        'msgid "%(n)s year"\nmsgid_plural "%(n)s years"\nmsgstr[0] "%(n)s vuosi"\nmsgstr[1] ""\n'
        '"%(n)s vuotta"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Vanha"\n',
        encoding="utf-8",
    )
    entries = read_po(po)
    assert [e.msgid for e in entries] == ["Saved: %(title)s", "Long text", "%(n)s year"]
    assert "fuzzy" in entries[0].flags and "python-format" in entries[0].flags
    assert entries[1].msgstr == {0: ""}
    assert entries[2].msgid_plural == "%(n)s years"
    assert entries[2].msgstr == {0: "%(n)s vuosi", 1: "%(n)s vuotta"}
    assert problems(entries) == [
        "line 6: fuzzy: 'Saved: %(title)s'",
        "line 9: untranslated: 'Long text'",
    ]


# --- (a) The catalogues are complete ---------------------------------------------------


def problems(entries: list[Entry]) -> list[str]:
    """What is wrong with each entry: fuzzy, untranslated, placeholders or spacing changed."""
    found = []
    for e in entries:
        where = f"line {e.line}"
        if "fuzzy" in e.flags:
            found.append(f"{where}: fuzzy: {e.msgid!r}")
        forms = sorted(e.msgstr)
        expected_forms = [0, 1] if e.msgid_plural is not None else [0]
        if forms != expected_forms or any(not e.msgstr[i] for i in forms):
            found.append(f"{where}: untranslated: {e.msgid!r}")
            continue
        source = [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural]
        names = set().union(*(PLACEHOLDER.findall(s) for s in source))
        for index in forms:
            used = set(PLACEHOLDER.findall(e.msgstr[index]))
            # A name the source does not give is a KeyError when the page is rendered.
            if used - names:
                found.append(f"{where}: unknown placeholder {sorted(used - names)} in {e.msgid!r}")
        last = PLACEHOLDER.findall(e.msgstr[forms[-1]])
        if set(last) != set(PLACEHOLDER.findall(source[-1])):
            found.append(f"{where}: placeholders lost in {e.msgid!r}")
        for text in (e.msgstr[i] for i in forms):
            if text[:1].isspace() != e.msgid[:1].isspace() or text[-1:].isspace() != e.msgid[-1:].isspace():
                found.append(f"{where}: leading or trailing space differs in {e.msgid!r}")
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    entries = catalogue(lang)
    # The calendar's strings are in the catalogue, not only the network's.
    assert {"This week", "Printable activity calendar", "New in the area?"} <= {e.msgid for e in entries}
    assert problems(entries) == []


def test_both_languages_translate_the_same_messages():
    fi = {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue("fi")}
    sv = {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue("sv")}
    assert fi == sv


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogue_matches_the_po_file(lang):
    # A .po edited but not compiled would leave the pages in English.
    with (LOCALE / lang / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for e in catalogue(lang):
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            if compiled.gettext(key) != e.msgstr[0]:
                stale.append(e.msgid)
        elif compiled.ngettext(key, e.msgid_plural, 1) != e.msgstr[0] or (
            compiled.ngettext(key, e.msgid_plural, 2) != e.msgstr[1]
        ):
            stale.append(e.msgid)
    assert stale == []


# --- (b) The pages families and editors see --------------------------------------------


class Texts(HTMLParser):
    """The visible text nodes of a page, and the labels read to screen-reader users."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "placeholder", "alt"} and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.texts.append(data)


def texts(html: str) -> set[str]:
    """Each text node whitespace-collapsed, also without the punctuation around it."""
    parser = Texts()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        text = " ".join(text.split())
        if text:
            found |= {text, text.strip(" :()–·,←→")}
    return found


def ui_strings(page_texts: set[str], messages: dict[str, str]) -> set[str]:
    """The catalogue's messages that a page shows, whole, as a text node."""
    shown = set()
    for msgid in messages:
        if "%(" in msgid:
            pattern = re.compile(".+".join(re.escape(part) for part in PLACEHOLDER.split(msgid)[::2]))
            if any(pattern.fullmatch(t) for t in page_texts):
                shown.add(msgid)
        elif msgid in page_texts:
            shown.add(msgid)
    return shown


@pytest.fixture
def pages(calendar: dict[str, Any]) -> dict[str, Any]:
    """The calendar with a cancelled café morning and a moved fathers' evening, and the URLs."""
    cafe, fathers = calendar["cafe"], calendar["fathers"]
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 5, 19, 10),
        kind=ChangeKind.CANCELLED,
        notes={"fi": "Ohjaaja on sairaana", "sv": "Ledaren är sjuk", "en": "The leader is ill"},
    )
    services.occurrence_change(
        actor=None,
        activity=fathers,
        original_start=helsinki(2026, 5, 14, 18),
        kind=ChangeKind.MOVED,
        new_start=helsinki(2026, 5, 15, 18),
        new_end=helsinki(2026, 5, 15, 20),
    )
    moment = "20260512T070000Z"  # the café on Tuesday 12 May, 10:00 Helsinki time
    editor = "/editor/activities/"
    return {
        "calendar list": (reverse("calendar") + "?end=2026-05-24", None),
        "calendar week": (reverse("calendar") + "?view=week&start=2026-05-11", None),
        "calendar with a bad filter": (reverse("calendar") + "?age=many", None),
        "activity page": (reverse("activity-detail", args=[fathers.uuid]), None),
        "one-off activity page": (reverse("activity-detail", args=[calendar["party"].uuid]), None),
        "print page": (reverse("calendar-print") + "?area=espoo&start=2026-05-01&end=2026-05-31", None),
        "print form": (reverse("calendar-print"), None),
        "newcomer page": (reverse("newcomer") + "?district=matinkyla&age_1=2", None),
        "editor list": (editor, "eddie"),
        "editor form": (f"{editor}new/", "eddie"),
        "editor edit form": (f"{editor}{cafe.uuid}/edit/", "eddie"),
        "editor activity": (f"{editor}{cafe.uuid}/", "eddie"),
        "editor cancel": (f"{editor}{cafe.uuid}/cancel/", "eddie"),
        "editor delete": (f"{editor}{cafe.uuid}/delete/", "eddie"),
        "editor move one time": (f"{editor}{cafe.uuid}/occurrences/{moment}/move/", "eddie"),
        "editor cancel one time": (f"{editor}{cafe.uuid}/occurrences/{moment}/cancel/", "eddie"),
        "dashboard": (reverse("dashboard"), "eddie"),
        **calendar,
    }


# English strings each page must show in English and must not show in Finnish or Swedish.
KEY_STRINGS = {
    "calendar list": ["This week", "Next week", "Narrow the calendar", "Only evenings and weekends", "Cancelled"],
    "calendar week": ["Previous week", "Nothing on this day.", "Moved", "originally", "Calendar view"],
    "calendar with a bad filter": ["No calendar shown", "Correct the marked choices above and search again."],
    "activity page": ["Next dates", "About the activity", "Who can take part", "Organised by", "Moved"],
    "one-off activity page": ["No sign-up needed: just come.", "About the activity", "Who can take part"],
    "print page": ["Single events", "Organisers' contacts", "times in Finnish time", "Thursdays", "cancelled on"],
    "print form": ["Printable activity calendar", "Show the calendar", "Choose an area"],
    "newcomer page": ["New in the area?", "What is regularly on", "Meeting places near you", "Basic services"],
    "editor list": ["Activities you may edit", "Add a new activity", "Filter the activities", "Organiser"],
    "editor form": ["Who may take part", "Runs when the place is closed", "Cost and sign-up", "Save as draft"],
    "editor edit form": ["Children's age from", "every 2 weeks", "no end date", "Back without saving"],
    "editor activity": ["Confirm for the season", "Cancel the whole activity", "Next times", "Leave out"],
    "editor cancel": [
        "Cancel the whole activity",
        "Back, keep it",
        "Why is it cancelled? Shown to families (optional)",
    ],
    "editor delete": ["Delete for good", "Back, keep it"],
    "editor move one time": ["Move one time", "Note shown to families (optional)", "Back without changes"],
    "editor cancel one time": ["Cancel one time", "Cancel this time", "Note in Swedish"],
    "dashboard": ["Your activities", "Add a new activity", "Activity calendar"],
}
# A translated heading or label each page must show, so a page that fails to render
# in the language is not mistaken for a translated one.
EXPECTED = {
    "fi": {"calendar list": "Tämä viikko", "newcomer page": "Muutitko alueelle?", "editor form": "Kuka voi osallistua"},
    "sv": {"calendar list": "Den här veckan", "newcomer page": "Ny på orten?", "editor form": "Vem får delta"},
}


def render(client: Any, pages: dict[str, Any], page: str, lang: str) -> set[str]:
    url, who = pages[page]
    client.logout()
    if who:
        client.force_login(pages["people"][who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url)
    assert response.status_code in (200, 400), (page, response.status_code)
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    return texts(html)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", list(KEY_STRINGS))
def test_the_page_shows_no_english_interface_text(client, pages, page, lang):
    english = render(client, pages, page, "en")
    messages = translations(lang)
    shown = ui_strings(english, messages)
    # The check is not empty: the English page does show the key strings and many more.
    assert set(KEY_STRINGS[page]) <= shown
    assert len(shown) >= 8
    translated = render(client, pages, page, lang)
    # Strings whose translation is the same word ("Status" in Swedish) may stay.
    untranslated = {msgid for msgid in ui_strings(translated, messages) if messages[msgid] != msgid}
    assert untranslated == set()
    assert not set(KEY_STRINGS[page]) & translated
    if page in EXPECTED[lang]:
        assert EXPECTED[lang][page] in translated


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("lang", "rule"),
    [
        ("fi", "2 viikon välein (torstai), 18:00–20:00, 10. joulukuuta 2026 asti."),
        ("sv", "Med 2 veckors mellanrum (torsdag), 18:00–20:00, till och med 10 december 2026."),
    ],
)
def test_the_recurrence_reads_as_a_sentence_in_the_language(client, pages, lang, rule):
    # The rule in words is put together from several messages: check the whole sentence.
    # The series ends on the last fathers' evening before UNTIL (17 December): 10 December.
    html = render_html(client, pages, "activity page", lang)
    assert rule in " ".join(re.sub(r"<[^>]+>", "", html).split())


def render_html(client: Any, pages: dict[str, Any], page: str, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(pages[page][0])
    assert response.status_code == 200
    return str(response.content.decode())
