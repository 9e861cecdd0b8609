"""Text search shared by every list: one implementation for SQLite and PostgreSQL.

Each searchable object keeps its normalised word forms in `core.SearchTerm`
(kind, object_id, term, weight). Finnish text is reduced to base forms and compound
parts with Voikko (`perhekahvilaan` → perhekahvila, perhe, kahvila), Swedish and
English to lemmas and snowball stems. A query word is analysed in all three
languages, because people type in any of them, and matches a document when one of
its forms is among the document's terms. Ranking is plain SQL over that table, so
SQLite and PostgreSQL return the same rows in the same order.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import Any, TypeVar

from django.db.models import Case, F, Func, IntegerField, Max, Model, Q, QuerySet, Value, When
from django_cte import CTE, with_cte

from perhekeskus.core.models import SearchTerm

M = TypeVar("M", bound=Model)

WEIGHT_NAME = 10
WEIGHT_TYPE = 5
WEIGHT_GROUP = 3
WEIGHT_DESCRIPTION = 2
WEIGHT_CONTEXT = 1  # provider, place and area names: helps "kahvila matinkylä", never outranks a name

LANGUAGES = ("fi", "sv", "en")
TERM_MAX = 80  # SearchTerm.term max_length
PREFIX_MIN = 3  # the last query word is also matched as a prefix from this length on
MAX_QUERY_WORDS = 8  # each word is a subquery; a pasted paragraph must not become 200

_WORD = re.compile(r"\w+", re.UNICODE)
_KEEP_MARKS = set("äöåÄÖÅ")

# Words too common to tell documents apart; dropped on both sides so that
# "kerho ja kahvila" does not demand a "ja" in every hit.
STOP_WORDS = frozenset(
    [
        "ja",
        "tai",
        "sekä",
        "on",
        "ei",
        "ole",
        "se",
        "ne",
        "hän",
        "he",
        "me",
        "te",
        "joka",
        "jotka",
        "mutta",
        "kun",
        "jos",
        "myös",
        "vain",
        "kanssa",
        "och",
        "eller",
        "är",
        "en",
        "ett",
        "det",
        "den",
        "de",
        "som",
        "för",
        "med",
        "på",
        "av",
        "till",
        "att",
        "om",
        "men",
        "inte",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "for",
        "on",
        "with",
        "is",
        "are",
        "an",
        "by",
        "at",
        "as",
        "be",
        "it",
        "this",
        "that",
        "from",
    ]
)


def fold(word: str) -> str:
    """Lower-case and drop accents (café → cafe) but keep ä, ö and å, real letters here."""
    out = []
    for ch in word.lower():
        if ch in _KEEP_MARKS or ch.isascii():
            out.append(ch)
        else:
            out.extend(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return "".join(out)


def tokens(text: str) -> list[str]:
    """Lower-cased words of two or more characters, stop words left out."""
    return [w for w in (m.lower() for m in _WORD.findall(text or "")) if len(w) > 1 and w not in STOP_WORDS]


# --- Language analysers (loaded on first use: Voikko's dictionary takes ~1.5 s) ----------------


@lru_cache(maxsize=1)
def _voikko() -> Callable[[str], list[Any]]:
    import pyvoikko

    analyse: Callable[[str], list[Any]] = pyvoikko.analyse
    return analyse


@lru_cache(maxsize=3)
def _stemmer(language: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(language)


def _clean(form: str) -> str:
    # Voikko marks some boundaries inside base forms ("Leppä=vaara").
    return fold(form.replace("=", "").replace("-", ""))


@lru_cache(maxsize=200_000)
def _finnish(word: str, parts: bool) -> frozenset[str]:
    if any(ch.isdigit() for ch in word):
        return frozenset({fold(word)})
    analyses = _voikko()(word)
    if not analyses:
        # Unknown to the dictionary (place and organisation names like Matinkylä or MLL):
        # the word itself and its snowball stem still catch the common inflections.
        return frozenset({fold(word), fold(_stemmer("finnish").stemWord(word))})
    # Voikko also offers far-fetched splits (neuvolasta → neuvo+lapsi); like most
    # Finnish decompounders we keep only the readings with the fewest parts.
    sizes = [len(a.COMPOUND_PARTS or ()) or 1 for a in analyses]
    fewest = min(sizes)
    out: set[str] = set()
    for analysis, size in zip(analyses, sizes, strict=True):
        if size != fewest:
            continue
        out.add(_clean(analysis.BASEFORM or word))
        if parts:
            out.update(_clean(p.BASEFORM) for p in analysis.COMPOUND_PARTS or () if p.BASEFORM)
    return frozenset(f for f in out if len(f) > 1)


@lru_cache(maxsize=200_000)
def _lemma_and_stem(word: str, lang: str) -> frozenset[str]:
    import simplemma

    # Greedy lemmatising reaches into Swedish compounds (familjecaféet → familjecafé);
    # for English it over-reaches, so only the dictionary lemma is used there.
    lemma = simplemma.lemmatize(word, lang=lang, greedy=(lang == "sv"))
    stemmer = _stemmer("swedish" if lang == "sv" else "english")
    return frozenset(fold(f) for f in {word, lemma.lower(), stemmer.stemWord(word)} if len(f) > 1)


def word_forms(word: str, lang: str, *, parts: bool = True) -> frozenset[str]:
    """The normalised forms of one lower-case word in `lang`; `parts` adds compound parts."""
    if lang == "fi":
        forms = _finnish(word, parts)
    elif lang in ("sv", "en"):
        forms = _lemma_and_stem(word, lang)
    else:
        forms = frozenset({fold(word)})
    return frozenset(f[:TERM_MAX] for f in forms)


@lru_cache(maxsize=50_000)
def _analyse_cached(text: str, lang: str) -> frozenset[str]:
    out: set[str] = set()
    for word in tokens(text):
        out |= word_forms(word, lang)
    return frozenset(out)


def analyse(text: str, lang: str) -> set[str]:
    """Every term a document text in `lang` is found by: base forms, compound parts, stems."""
    return set(_analyse_cached(text or "", lang))


# --- Index ----------------------------------------------------------------------------------


def terms_for(docs: Iterable[tuple[str, str, int]]) -> dict[str, int]:
    """Term → best weight over (text, language, weight) documents."""
    best: dict[str, int] = {}
    for text, lang, weight in docs:
        if not text:
            continue
        for term in _analyse_cached(text, lang):
            if best.get(term, 0) < weight:
                best[term] = weight
    return best


def index_object(kind: str, object_id: int, docs: Iterable[tuple[str, str, int]]) -> None:
    """Replace the terms of one object: one delete and one insert."""
    best = terms_for(docs)
    SearchTerm.objects.filter(kind=kind, object_id=object_id).delete()
    SearchTerm.objects.bulk_create(
        [SearchTerm(kind=kind, object_id=object_id, term=t, weight=w) for t, w in best.items()]
    )


def remove_object(kind: str, object_id: int) -> None:
    SearchTerm.objects.filter(kind=kind, object_id=object_id).delete()


# --- Query ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    typed: str  # the word as typed, folded
    forms: frozenset[str]  # any of these among a document's terms is a match
    prefix: str = ""  # also match terms starting with this (the word being typed)


def parse_query(q: str) -> list[QueryWord]:
    """The words of a query with their forms in every content language.

    Compound parts are not added on this side: `perhekahvila` must not match every
    document that merely mentions a `perhe`.
    """
    words: list[QueryWord] = []
    raw = list(dict.fromkeys(tokens(q)))[:MAX_QUERY_WORDS]
    for i, word in enumerate(raw):
        forms: set[str] = {fold(word)[:TERM_MAX]}
        for lang in LANGUAGES:
            forms |= word_forms(word, lang, parts=False)
        is_last = i == len(raw) - 1
        prefix = fold(word) if is_last and len(word) >= PREFIX_MIN else ""
        words.append(QueryWord(typed=fold(word), forms=frozenset(forms), prefix=prefix[:TERM_MAX]))
    return words


def _prefix_upper(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _word_conditions(word: QueryWord) -> list[Q]:
    """Index-friendly conditions whose hits together are the word's matching terms.

    Kept apart (not OR-ed) so that each one is a plain range walk of the covering
    (kind, term, object_id, weight) index on both databases.
    """
    forms = sorted(f for f in word.forms if not (word.prefix and f.startswith(word.prefix)))
    conditions = [Q(term__in=forms)] if forms else []
    if word.prefix:
        # The range walks the index and is exact under code-point order (SQLite;
        # PostgreSQL with a C or C.UTF-8 collation, as CI creates it); `startswith`
        # keeps out false hits under any other collation.
        conditions.append(Q(term__gte=word.prefix, term__lt=_prefix_upper(word.prefix), term__startswith=word.prefix))
    return conditions


class CodePointOrder(Func):
    """Order text by code point on both databases, so ties break the same way everywhere.

    (SQLite compares bytes; PostgreSQL would otherwise follow the server's locale.)
    """

    template = "%(expressions)s"

    def as_postgresql(self, compiler: Any, conn: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, conn, template='%(expressions)s COLLATE "C"', **extra)


def rank(qs: QuerySet[M], kind: str, q: str) -> QuerySet[M]:
    """`qs` narrowed to objects matching every word of `q`, best first.

    Score: for each query word the best weight among the object's matching terms,
    summed over the words. Ties break by Finnish name, then id. The score is
    available as `search_score`. A query of stop words and single letters matches
    nothing.

    One SQL query whatever the number of hits, built from two common table
    expressions: `hits` reads (object, word, weight) straight from the covering index,
    one UNION ALL branch per index range; `matches` groups them per object, keeps
    objects that matched every word and sums the word scores; `qs` is then joined to
    `matches`. Scoring thousands of hits this way is one pass over the index, where a
    per-row subquery would seek the index again for each row.
    """
    words = parse_query(q)
    if not words:
        return qs.none()
    branches = [
        SearchTerm.objects.filter(condition, kind=kind)
        .annotate(word=Value(i, output_field=IntegerField()))
        .values("object_id", "word", "weight")
        for i, word in enumerate(words)
        for condition in _word_conditions(word)
    ]
    hits = CTE(branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0], name="hits")
    best = {
        f"word{i}": Max(Case(When(word=i, then=F("weight")), default=Value(0), output_field=IntegerField()))
        for i in range(len(words))
    }
    total: Any = reduce(operator.add, [F(name) for name in best])
    grouped = (
        with_cte(hits, select=hits.queryset())
        .values("object_id")
        .annotate(**best)
        .filter(**{f"{name}__gt": 0 for name in best})
        .annotate(score=total)
        .values("object_id", "score")
    )
    matches = CTE(grouped, name="matches")
    joined = with_cte(hits, matches, select=matches.join(qs, pk=matches.col.object_id))
    name_field = "name_fi" if any(f.name == "name_fi" for f in qs.model._meta.fields) else "pk"
    return joined.annotate(search_score=matches.col.score).order_by("-search_score", CodePointOrder(name_field), "id")
