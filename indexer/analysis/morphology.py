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


def is_russian_word(word: str) -> bool:
    """True when the dictionary knows the lowercase word (in any of its forms)."""
    with _lock:
        return bool(analyzer().word_is_known(word))
