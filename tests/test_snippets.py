"""Snippets mark what matched, escape everything else, and pick the densest passage."""

from indexer.analysis import analyze
from indexer.search.snippets import plain, snippet


def terms(text):
    return set(analyze(text))


def test_inflected_and_hyphenated_words_are_marked():
    text = "Никто не может подвергаться дискриминации из-за ВИЧ-инфекции."
    out = snippet(text, terms("дискриминация ВИЧ"))
    assert "<mark>дискриминации</mark>" in out
    assert "<mark>ВИЧ-инфекции</mark>" in out


def test_markup_in_the_text_is_escaped():
    out = snippet('<script>alert("x")</script> ВИЧ & <b>', terms("ВИЧ"))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&amp; &lt;b&gt;" in out
    assert out.count("<mark>") == 1


def test_the_window_with_most_matches_wins():
    filler = "слово " * 80
    text = f"ВИЧ {filler} отказ ВИЧ дискриминация {filler}"
    out = snippet(text, terms("ВИЧ отказ дискриминация"))
    assert out.count("<mark>") == 3
    assert out.startswith("…") and out.endswith("…")


def test_no_match_gives_none_and_plain_text_is_cut_on_a_word():
    assert snippet("nothing here", terms("ВИЧ")) is None
    assert plain("a " * 200).endswith(" …")
    assert plain("<b>") == "&lt;b&gt;"


def test_letters_that_fold_to_two_keep_offsets_aligned():
    out = snippet("Straße ВИЧ", terms("ВИЧ"))
    assert out == "Straße <mark>ВИЧ</mark>"
