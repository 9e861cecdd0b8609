"""The analyser finds words through Finnish inflection and compounds, and Swedish and English endings.

A query word finds a text when one of the query word's forms (in any language) is
among the text's terms, exactly as the database does it in `rank`.
"""

from __future__ import annotations

import pytest

from perhekeskus.core.search import MAX_QUERY_WORDS, analyse, fold, parse_query, tokens


def finds(query: str, text: str, lang: str) -> bool:
    terms = analyse(text, lang)
    return all(word.forms & terms for word in parse_query(query))


@pytest.mark.parametrize(
    ("query", "text", "lang"),
    [
        ("perhekahvilaan", "Perhekahvila", "fi"),
        ("kahvila", "Perhekahvila", "fi"),
        ("perhekahvilassa", "MLL:n perhekahvila", "fi"),
        ("isille", "Isäryhmä", "fi"),
        ("neuvolasta", "Lastenneuvola", "fi"),
        ("neuvolasta", "neuvola", "fi"),
        ("lastenneuvolaan", "Lastenneuvola", "fi"),
        ("vauvaperheille", "Vauvaperheiden kahvila", "fi"),
        ("Matinkylässä", "Matinkylän neuvola", "fi"),
        ("ekavauvaan", "Ekavauva", "fi"),  # unknown to the dictionary: snowball stem
        ("familjecaféet", "Familjecafé", "sv"),
        ("familjecafé", "Familjecafé", "sv"),
        ("familjecafe", "Familjecafé", "sv"),
        ("pappagrupper", "Pappagrupp", "sv"),
        ("rådgivningen", "Rådgivning", "sv"),
        ("fathers", "Father and child", "en"),
        ("clinics", "Child health clinic", "en"),
        ("groups", "Peer group", "en"),
        ("isille kahvila", "Isien perhekahvila", "fi"),
    ],
)
def test_inflected_and_compound_forms_find_the_word(query: str, text: str, lang: str) -> None:
    assert finds(query, text, lang)


@pytest.mark.parametrize(
    ("query", "text", "lang"),
    [
        ("perhekahvila", "Perhevalmennus", "fi"),  # a shared part is not the same word
        ("neuvolasta", "Lapsiryhmä", "fi"),  # no far-fetched split into neuvo + lapsi
        ("kahvila isä", "Perhekahvila", "fi"),  # every query word must match
        ("pappagrupper", "Mammagrupp", "sv"),
        ("clinics", "Family café", "en"),
    ],
)
def test_different_words_do_not_match(query: str, text: str, lang: str) -> None:
    assert not finds(query, text, lang)


def test_compound_word_is_indexed_whole_and_by_its_parts() -> None:
    assert {"perhekahvila", "perhe", "kahvila"} <= analyse("Perhekahvila", "fi")
    assert {"isäryhmä", "isä", "ryhmä"} <= analyse("Isäryhmä", "fi")


def test_query_word_does_not_add_compound_parts() -> None:
    (word,) = parse_query("perhekahvilaan")
    assert "perhekahvila" in word.forms
    assert "perhe" not in word.forms and "kahvila" not in word.forms


def test_english_and_swedish_inflections_reduce_to_the_lemma() -> None:
    assert "father" in analyse("fathers", "en")
    assert "clinic" in analyse("clinics", "en")
    assert "group" in analyse("groups", "en")
    assert "pappagrupp" in analyse("pappagrupper", "sv")
    assert "rådgivning" in analyse("rådgivningen", "sv")
    assert "familjecafe" in analyse("familjecaféet", "sv")


def test_accents_fold_but_finnish_and_swedish_letters_stay() -> None:
    assert fold("Café Ääkkönen Åbo") == "cafe ääkkönen åbo"
    assert fold("Müller") == "muller"


def test_stop_words_and_single_letters_are_left_out() -> None:
    assert tokens("Kerho ja kahvila i A och the") == ["kerho", "kahvila"]
    assert parse_query("ja och the") == []


def test_last_query_word_is_a_prefix_from_three_letters() -> None:
    assert parse_query("isä perhekah")[-1].prefix == "perhekah"
    assert parse_query("perhekah isä")[0].prefix == ""
    assert parse_query("pe")[0].prefix == ""


def test_numbers_and_unknown_names_are_kept_as_typed() -> None:
    assert "02230" in analyse("Kuitinmäentie 1, 02230 Espoo", "fi")
    assert "mll" in analyse("MLL Espoo", "fi")


def test_repeated_words_count_once_and_long_queries_are_capped() -> None:
    assert [w.typed for w in parse_query("kahvila Kahvila kahvila")] == ["kahvila"]
    words = parse_query(" ".join(f"sana{i}" for i in range(30)))
    assert len(words) == MAX_QUERY_WORDS
