"""Kazakh words meet on one term, and unrelated words do not share one (issue 10), over the shipped kb.

The Kazakh stemmer gives each Kazakh word an index term; a word that merely looks Russian by its letters, or that a
suffix cut takes below its own meaning, ends on another word's term, and the lexicon and thesaurus then read it as
that word (indexer/analysis/kazakh.py).
"""

from conftest import means


def test_a_decree_is_not_read_as_a_disclosure(shipped):
    # «жария болды» ("became public") is a lexicon phrase for a disclosure; «жарлығы болды» ("there was a decree")
    # and Russian «жар» ("fever") shared the term «жар» with «жария»
    assert "disclosure of status" in means(shipped.search("диагнозым жария болды"))
    assert "disclosure of status" not in means(shipped.search("президенттің жарлығы болды"))
