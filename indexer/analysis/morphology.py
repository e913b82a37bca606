"""The Russian dictionary of pymorphy3 (OpenCorpora): which words are Russian, and their dictionary forms.

A query word's dictionary form stands for it in thesaurus and lexicon matching when only
that form is known there («пыток» → пытка; indexer/search/clauses.py). The lemmas were
also tried as second index terms beside the Snowball stems («дети» → «ребёнок»): on the
held-out judgements 4 queries gained and 5 lost (sign test p = 1.0). Measured again with
only the lemmas whose stem differs from the word's own (the irregular forms: «пыток» →
«пытка», «людей» → «человек»), indexed at the word's position and searched as a second
alternative: nouns only, tuning 0.860 → 0.860 (14 up, 10 down), held-out 0.814 → 0.816
(6 up, 3 down) with norms, typo and colloquial each 0.001-0.002 lower and the build a few
seconds slower; with verbs and adjectives too, tuning 13 up and 14 down. Not adopted.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache

_lock = threading.Lock()


@cache
def analyzer():
    """pymorphy3's Russian analyser (about 10 MB, loaded once per process)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


# Proper-noun grammemes: Адам, Азамат, Аудан, Тарту are Kazakh common words but Russian names.
_PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))


def is_common_noun(word: str) -> bool:
    """True when the dictionary has the lowercase word as a common noun in its own nominative form."""
    with _lock:
        parses = analyzer().parse(word)
    return any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.normal_form == word and not (p.tag.grammemes & _PROPER)
        and p.is_known
        for p in parses
    )


@lru_cache(maxsize=65536)
def russian_lemma(word: str) -> str | None:
    """The dictionary form of the most likely parse of a lowercase Russian word the dictionary knows; else None."""
    with _lock:
        parse = analyzer().parse(word)[0]
    return parse.normal_form if parse.is_known else None


def is_russian_word(word: str) -> bool:
    """True when the dictionary knows the lowercase word (in any of its forms)."""
    with _lock:
        return bool(analyzer().word_is_known(word))
