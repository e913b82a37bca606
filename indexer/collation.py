"""Alphabetical order by the rules of a language: `sorted(labels, key=sort_key("kk"))`.

Sorting by code point puts the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І after Я
(«…Шымкент, Қарағанды, Өскемен») and Russian Ё after Я. The key ranks letters by
the language's alphabet, ignores case and punctuation (quotes around a title),
and puts digits first and Latin letters before Cyrillic, as ICU does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

ALPHABETS = {
    "kk": "а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я",
    # Russian: ё sorts as е (a difference of accent, not of letter), other Kazakh letters next to their base.
    "ru": "а ә б в г ғ д е=ё ж з и й і к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы ь э ю я",
}
LATIN = "abcdefghijklmnopqrstuvwxyz"


@cache
def _ranks(lang: str) -> dict[str, int]:
    """Letter → rank: digits, then Latin, then the language's Cyrillic alphabet (Russian order for others)."""
    ranks = {str(d): d for d in range(10)}
    ranks.update({letter: 10 + i for i, letter in enumerate(LATIN)})
    for i, letters in enumerate(ALPHABETS.get(lang, ALPHABETS["ru"]).split()):
        for letter in letters.split("="):
            ranks[letter] = 100 + i
    return ranks


def collation_key(text: str, lang: str) -> tuple[tuple[int, ...], str]:
    """The sort key of `text` in `lang`: letter ranks (case and punctuation ignored), then the text itself."""
    ranks = _ranks(lang)
    folded = text.casefold()
    primary = tuple(ranks.get(ch, 1000 + ord(ch)) for ch in folded if ch.isalnum())
    return primary, folded


def sort_key(lang: str) -> Callable[[str], tuple[tuple[int, ...], str]]:
    """A key function for `sorted()` that orders strings by the alphabet of `lang`."""
    return lambda text: collation_key(text, lang)
