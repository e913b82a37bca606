"""Words typed in other letters than the kb's: Kazakh without its letters, Russian or Kazakh in Latin ones.

Phones and laptops with only the Russian layout turn «құқықтары» into «кукыктары»;
others type Russian in Latin letters («uvolili iz-za VICh»). Such a word is
unknown to the index, and three replaced letters are beyond typo correction. Here
it is read as the kb's word it stands for, which then replaces it in the query's
plan (clauses.py) and is offered as "did you mean".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyrtranslit import to_cyrillic

from indexer.analysis import analyze, fold
from indexer.analysis.kazakh import kazakh_first_letters, plain_letters
from indexer.analysis.stopwords import is_stopword
from indexer.analysis.text import CYRILLIC_RE, LATIN_RE
from indexer.fulltext import Searcher, doc_frequency, occurs, terms_alike

if TYPE_CHECKING:
    from indexer.search.snapshot import Snapshot


def respelt(snap: Snapshot, searcher: Searcher, word: str) -> list[str]:
    """What an unknown folded word stands for when it was typed in other letters: the kb's words with Kazakh
    letters it lacks, or (for a Latin word that is no English word) its Russian reading when the kb holds it
    («uvolili» → «уволили», «zhumystan» → «жумыстан» → «жұмыстан»); [] when nothing fits."""
    if CYRILLIC_RE.search(word):
        return with_kazakh_letters(snap, searcher, word)
    # "y" is ы as often as и or й («menty», «zhumystan»): both readings are tried.
    readings = [r for r in dict.fromkeys(fold(to_cyrillic(w, "ru")) for w in (word, word.replace("y", "ы"))) if not LATIN_RE.search(r)]
    for cyrillic in readings:
        terms = analyze(cyrillic)
        if is_stopword(cyrillic) or occurs(searcher, "spell", cyrillic) or snap.knows_concept(terms) or (
            terms and all(occurs(searcher, "body", t) for t in terms)
        ):
            return [cyrillic]
    for cyrillic in readings:
        found = with_kazakh_letters(snap, searcher, cyrillic)
        if found:
            return found
    return []


def with_kazakh_letters(snap: Snapshot, searcher: Searcher, word: str) -> list[str]:
    """The kb's words that are `word` with Kazakh letters where it has their Russian look-alikes: a thesaurus or
    lexicon word first, then the texts' words, the most frequent first (at most two); [] for a word with no letter
    a Kazakh one looks like."""
    if plain_letters(word) != word or not CYRILLIC_RE.search(word):
        return []
    concept = snap.kazakh_plain.get(word)
    found = terms_alike(searcher, "spell", word, plain_letters, kazakh_first_letters(word[0]))
    found = sorted(found, key=lambda w: (-doc_frequency(searcher, "spell", w), w))
    return list(dict.fromkeys([concept, *found] if concept else found))[:2]
