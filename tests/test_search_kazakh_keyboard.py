"""Kazakh typed on a keyboard without Kazakh letters, and Russian or Kazakh typed in Latin letters, find what the
same words spelt right find, over the shipped kb.

Phones and laptops in Kazakhstan often have only the Russian layout: «құқықтары» comes as «кукыктары», «жұмыстан
шығарды» as «жумыстан шыгарды». Three replaced letters are beyond typo correction (two edits at most).
"""

import pytest
from conftest import ids

from indexer.analysis.kazakh import kazakh_first_letters, plain_letters


def _lists(result) -> tuple[list[str], list[str], list[str]]:
    return ids(result["norms"]), ids(result["cases"]), ids(result["services"])


@pytest.mark.parametrize(
    "typed, right",
    [
        ("адам кукыктары жониндеги уакил", "адам құқықтары жөніндегі уәкіл"),  # the ombudsman
        ("жумыстан шыгарды АИТВ", "жұмыстан шығарды АИТВ"),  # fired because of HIV
        ("баланы балабакшага алмады АИТВ", "баланы балабақшаға алмады АИТВ"),  # a kindergarten refused a child with HIV
        ("полиция урып тастады", "полиция ұрып тастады"),  # the police beat (a lexicon phrase)
    ],
)
def test_kazakh_without_kazakh_letters_finds_what_the_right_spelling_finds(shipped, typed, right):
    assert plain_letters(right.lower()) == typed.lower()
    result = shipped.search(typed)
    assert _lists(result) == _lists(shipped.search(right))
    # "Did you mean" spells it right.
    assert result["suggestion"] == right


def test_a_russian_word_is_not_turned_into_a_kazakh_one(shipped):
    # «уволили» is a Russian word the kb holds: nothing to restore, nothing suggested.
    assert shipped.search("уволили из-за ВИЧ")["suggestion"] is None


def test_plain_letters_and_the_letters_a_word_may_start_with():
    assert plain_letters("құқықтары") == "кукыктары"
    assert plain_letters("уволили") == "уволили"
    assert kazakh_first_letters("к") == {"к", "қ"}
    assert kazakh_first_letters("у") == {"у", "ұ", "ү"}
    assert kazakh_first_letters("б") == {"б"}


@pytest.mark.parametrize(
    "typed, right, suggested",
    [
        ("uvolili iz-za VICh", "уволили из-за ВИЧ", "уволили из-за вич"),
        ("ombudsmen zhaloba", "омбудсмен жалоба", "омбудсмен жалоба"),
        # Kazakh in Latin letters, without Kazakh letters: read in Russian letters, then given its Kazakh ones.
        ("zhumystan shygardy", "жұмыстан шығарды", "жұмыстан шығарды"),
    ],
)
def test_russian_or_kazakh_typed_in_latin_letters_finds_what_cyrillic_finds(shipped, typed, right, suggested):
    result = shipped.search(typed)
    assert _lists(result) == _lists(shipped.search(right))
    assert result["suggestion"] == suggested


def test_an_english_word_is_not_read_as_russian(shipped):
    # "sad" is English (and «сад», a kindergarten, in Russian letters): an English word is never transliterated.
    assert shipped.search("sad")["suggestion"] is None
    assert shipped.search("fired because of HIV")["suggestion"] is None
