"""The Russian dictionary of pymorphy3 (OpenCorpora): which words are Russian, and their dictionary forms."""

from __future__ import annotations

import threading
from functools import cache, lru_cache

_lock = threading.Lock()


@cache
def analyzer():  # type: ignore[no-untyped-def]
    """pymorphy3's Russian analyser (about 10 MB, loaded once per process)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def is_russian_word(word: str) -> bool:
    """True when the dictionary knows the lowercase word (in any of its forms)."""
    with _lock:
        return bool(analyzer().word_is_known(word))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The most probable dictionary form of a lowercase Russian word known to the dictionary; else the word."""
    with _lock:
        morph = analyzer()
        if not morph.word_is_known(word):
            return word
        return morph.parse(word)[0].normal_form
