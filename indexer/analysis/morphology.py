"""The Russian dictionary of pymorphy3 (OpenCorpora): which words are Russian.

Its lemmas were also tried as second index terms beside the Snowball stems
(«дети» → «ребёнок»): on the held-out judgements 4 queries gained and 5 lost
(sign test p = 1.0), so they are not used.
"""

from __future__ import annotations

import threading
from functools import cache

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


def is_russian_word(word: str) -> bool:
    """True when the dictionary knows the lowercase word (in any of its forms)."""
    with _lock:
        return bool(analyzer().word_is_known(word))
