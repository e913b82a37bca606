"""Is a word a real word of Russian, English or Kazakh? Typo correction asks before it "corrects".

A correct word that the knowledge base happens not to contain ("fired", «берут»)
must never be turned into a kb word that is one letter away ("filed", «беру»).
Russian words are looked up in pymorphy3's OpenCorpora dictionary (inflected
forms included), English words in pyspellchecker's frequency list (its more
common words only, to keep memory small). No Kazakh dictionary is packaged: a
Kazakh word that the stemmer recognises as inflected (a stem plus endings), or
that ends like a Kazakh verb form, is taken as a real word.
"""

from __future__ import annotations

from functools import cache

from indexer.analysis import kazakh, morphology
from indexer.analysis.text import CYRILLIC_RE, LATIN_RE, fold

# English words rarer than this in pyspellchecker's list are left out (about 45,000 words are kept, ~4 MB).
MIN_ENGLISH_FREQUENCY = 100
# Endings of Kazakh verb forms (past tense, negation, participles): a word ending so is no place name.
KAZAKH_VERB_ENDINGS = ("ды", "ді", "ты", "ті", "ған", "ген", "қан", "кен", "мады", "меді", "пады", "беді", "майды", "мейді")


@cache
def _english() -> frozenset[str]:
    from spellchecker import SpellChecker

    frequencies = SpellChecker(language="en").word_frequency.dictionary
    return frozenset(word for word, count in frequencies.items() if count >= MIN_ENGLISH_FREQUENCY)


def load() -> None:
    """Load the dictionaries now (a server does it before forking, so its workers share them)."""
    morphology.analyzer()
    _english()


def is_real_word(word: str) -> bool:
    """True when `word` is a word of Russian or English, or an inflected Kazakh word."""
    word = fold(word)
    if LATIN_RE.search(word):
        return word.isascii() and word in _english()
    if CYRILLIC_RE.search(word):
        if (kazakh.looks_kazakh(word) and kazakh.stem(word) != word) or looks_like_kazakh_verb(word):
            return True
        return morphology.is_russian_word(word)
    return False


def guessed_kazakh(word: str) -> bool:
    """True when `word` counts as real only by its Kazakh look (no dictionary knows it)."""
    word = fold(word)
    if not CYRILLIC_RE.search(word):
        return False
    return ((kazakh.looks_kazakh(word) and kazakh.stem(word) != word) or looks_like_kazakh_verb(word)) and not morphology.is_russian_word(word)


def looks_like_kazakh_verb(word: str) -> bool:
    """True when the word ends like a Kazakh verb form («алмады», «берген»)."""
    return fold(word).endswith(KAZAKH_VERB_ENDINGS)
