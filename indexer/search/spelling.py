"""Ordering typo corrections: the fewest edits first, then the word the knowledge base uses most.

Frequency alone turned «вымагает» into «выпадает» (two edits, a common word) rather
than a word one letter away. Transposed neighbours count as one edit ("demnads").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps (rapidfuzz's,
    the one `fulltext.similar_terms` finds candidates with)."""
    return int(OSA.distance(a, b))


def best_corrections(word: str, candidates: Iterable[str], frequency: Callable[[str], int]) -> list[str]:
    """Candidate corrections of `word`, nearest first, then those keeping its first letter (a typo there is the
    rarer: «аботе» is «аборте» before «работе»), then the most frequent, then alphabetical."""
    return sorted(candidates, key=lambda w: (edit_distance(word, w), w[:1] != word[:1], -frequency(w), w))


CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def first_letter_edits(word: str) -> list[str]:
    """The word with a letter put before it or its first letter replaced, in its own script («волили» →
    «уволили»), or its first two letters swapped («вуолили»): the fuzzy search of the index keeps the first
    letter, so these one-edit neighbours are looked up apart."""
    letters = LATIN_LETTERS if word[:1] in LATIN_LETTERS else CYRILLIC_LETTERS
    edits = [w for c in letters for w in (c + word, c + word[1:])]
    if len(word) > 1:
        edits.append(word[1] + word[0] + word[2:])
    return list(dict.fromkeys(w for w in edits if w != word))


def nearest(term: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates (other than `term`) at the smallest edit distance from it (those keeping its first letter
    before those that do not), alphabetical, at most `limit`."""
    scored = sorted((edit_distance(term, c), c[:1] != term[:1], c) for c in candidates if c != term)
    return [c for d, other, c in scored if (d, other) == scored[0][:2]][:limit] if scored else []


def within_reach(word: str, by_length: dict[int, list[str]], edits: int) -> list[str]:
    """The candidates (other than `word`; grouped by their length) within `edits` edits of it, in compiled code."""
    near = [c for n in range(len(word) - edits, len(word) + edits + 1) for c in by_length.get(n, ()) if c != word]
    return [c for c, _, _ in process.extract(word, near, scorer=OSA.distance, score_cutoff=edits, limit=None)]
