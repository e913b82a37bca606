"""Snippets mark what matched, escape everything else, and pick the densest passage."""

from hypothesis import given, settings, strategies as st

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


# Every word checked one by one: what the fast scan in snippets._matches must agree with.
def reference_matches(text, wanted):
    from indexer.analysis import fold, stem_word
    from indexer.analysis.text import HYPHENS_RE, WORD_RE

    folded = fold(text)
    if len(folded) != len(text):
        folded = "".join(fold(c)[:1] or c for c in text)
    spans = []
    for match in WORD_RE.finditer(folded):
        word = match.group()
        parts = HYPHENS_RE.split(word)
        if stem_word(word) in wanted or "-".join(stem_word(p) for p in parts) in wanted or any(stem_word(p) in wanted for p in parts):
            spans.append(match.span())
    return spans


WORDS = ["ВИЧ", "вич", "инфекции", "ВИЧ-инфекция", "анти-ВИЧ", "отказ", "отказали", "в", "В", "из-за", "x_вич", "30-1",
         "ст", "ресоциализации", "бас", "тарту", "ß", "straße", "HIV", "refusal", "-", "--", "‐", "‑", "_", " ", ",", "."]


@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
@settings(max_examples=400, deadline=None)
def test_fast_scan_marks_exactly_the_words_a_full_scan_marks(text_words, query_words):
    from indexer.search.snippets import _matches

    text = "".join(text_words)
    wanted = set(analyze(" ".join(query_words)))
    assert _matches(text, wanted) == reference_matches(text, wanted)
