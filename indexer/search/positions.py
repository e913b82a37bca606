"""Word positions read at chosen documents only, for phrases and the in-order bonus.

whoosh's Phrase query walks the intersection of its terms' postings across
the whole index, building span objects for every document on the way; at
national scale that was half of a search's time. Here the candidate
documents are known first (from the cached posting arrays, or the top of the
ranking), and each term's postings are skipped straight to them; with the snapshot's cached
posting arrays, only at the documents holding every term in the field.
The rule is whoosh's own (SpanNear2, ordered, mindist 1): each next word
starts 1 to `slop` positions after the previous one ends, so slop 1 means
adjacent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from indexer.fulltext import Searcher, positions_at

if TYPE_CHECKING:
    from indexer.search.scoring import Impacts


def in_sequence(positions: Sequence[Iterable[int]], slop: int) -> bool:
    """Whether the words occur in this order, each 1 to `slop` positions after the previous one."""
    ends = set(positions[0])
    for following in positions[1:]:
        ends = {p for p in following if any(p - step in ends for step in range(1, slop + 1))}
        if not ends:
            return False
    return bool(ends)


def with_sequence(
    searcher: Searcher, fields: Iterable[str], terms: Sequence[str], docs: Iterable[int], slop: int,
    lengths: Mapping[str, np.ndarray] | None = None, impacts: Impacts | None = None,
) -> set[int]:
    """Those of `docs` holding `terms` in order (see `in_sequence`) within one of `fields`.

    `lengths` (words per document, by field) spares reading positions in fields too short to hold the terms;
    `impacts` (the snapshot's cached postings) in documents lacking one of the terms there: reading a
    term's positions at a document reads the whole block of postings around it.
    """
    pending = sorted(set(docs))
    found: set[int] = set()
    for field in fields:
        if not pending:
            break
        at = pending
        if lengths is not None and field in lengths:
            at = [d for d in at if lengths[field][d] >= len(terms)]
        if impacts is not None:
            for term in dict.fromkeys(terms):
                at = _among(at, impacts.get(searcher, field, term)[0])
        per_term = []
        for term in terms:
            hits = positions_at(searcher, field, term, at)
            at = [d for d in at if d in hits]  # a document missing one word cannot match: skip it for the rest
            per_term.append(hits)
            if not at:
                break
        for d in at:
            if in_sequence([hits[d] for hits in per_term], slop):
                found.add(d)
        pending = [d for d in pending if d not in found]
    return found


def _among(docs: list[int], holders: np.ndarray) -> list[int]:
    """Those of `docs` (ascending) that are in `holders` (a sorted array)."""
    if not docs or not len(holders):
        return []
    wanted = np.asarray(docs)
    at = np.minimum(np.searchsorted(holders, wanted), len(holders) - 1)
    return wanted[holders[at] == wanted].tolist()
