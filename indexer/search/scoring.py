"""Scoring: term-at-a-time BM25 over the index's postings, then the query-wide factors.

whoosh's own matchers score every posting through several layers of Python
objects; with a thesaurus and three fields per word that made a query cost
hundreds of milliseconds on a national-size knowledge base. Here each
(field, term) is read once into a list of (document, BM25 impact) pairs,
cached per index, and a query adds them up in dense numpy arrays.
The postings are read through indexer/fulltext.py, which owns everything whoosh does.

`score()` adds up a query's clauses (clauses.py) and applies what holds for
every list: quoted phrases required, the act's status, coverage of the query's words.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from indexer.fulltext import Searcher, doc_count, field_lengths, live_doc_count, postings

if TYPE_CHECKING:
    from indexer.search.clauses import Plan
    from indexer.search.snapshot import Snapshot

K1 = 1.2
B = 0.75
CACHE_TERMS = 4096

# The text fields a query word is searched in.
TEXT_FIELDS = ("title", "names", "body")
# Of a word's alternatives the best counts fully, the others this much.
DISMAX_TIEBREAK = 0.1
# Documents matching more of the query's words (directly or through synonyms) are favoured: one
# matching one of four words keeps this share of its score plus its share of the words.
COVERAGE_FLOOR = 0.3


class Alternative(NamedTuple):
    """One alternative of a query word: its weight and the (field, term, field weight) triples it sums."""

    weight: float
    postings: tuple[tuple[str, str, float], ...]
    # The documents it may match (by document number; None: all). A translation searches only the entries
    # lacking a version in the query word's language.
    only: np.ndarray | None = None


@dataclass
class Clause:
    """One query word (or phrase): its alternatives, scored by the best plus a share of the rest."""

    words: int  # bit mask of the query words this clause stands for
    alternatives: list[Alternative]


class Impacts:
    """BM25 impact arrays of one built index, read lazily and kept in an LRU cache."""

    def __init__(self, searcher: Searcher, fields: Iterable[str]) -> None:
        self.doc_count = doc_count(searcher)  # document numbers, deleted ones included: the size of every array
        # Cached postings hold document numbers in the narrowest type that fits: half the memory of int32 up to
        # 65,536 documents (the cache is most of what a worker adds while it serves).
        self._doc_type = np.uint16 if self.doc_count <= np.iinfo(np.uint16).max + 1 else np.int32
        # BM25's statistics count live documents only (a deleted one has length 0), so that an index updated
        # in place scores exactly as a fresh build of the same files.
        self.live_count = live_doc_count(searcher)
        self._lengths: dict[str, np.ndarray] = {}
        self._average: dict[str, float] = {}
        for name in fields:
            lengths = field_lengths(searcher, name)
            self._lengths[name] = lengths
            self._average[name] = float(lengths.sum()) / self.live_count if self.live_count else 1.0
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def field_lengths(self, field: str) -> np.ndarray:
        """Words per document in `field` (by document number)."""
        return self._lengths[field]

    def get(self, searcher: Searcher, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Documents containing `term` in `field` and their BM25 impacts (deleted documents left out)."""
        key = (field, term)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        docs, freqs = postings(searcher, field, term)
        frequency = len(docs)  # live documents holding the term (see live_count)
        idf = math.log(self.live_count / (frequency + 1)) + 1 if frequency else 0.0
        doc_array = np.asarray(docs, dtype=self._doc_type)
        tf = np.asarray(freqs, dtype=np.float32)
        average = self._average[field] or 1.0
        norm = K1 * (1 - B + B * self._lengths[field][doc_array] / average)
        impacts = (idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
        with self._lock:
            self._cache[key] = (doc_array, impacts)
            if len(self._cache) > CACHE_TERMS:
                self._cache.popitem(last=False)
        return doc_array, impacts


def score_clauses(impacts: Impacts, searcher: Searcher, clauses: list[Clause], tiebreak: float) -> tuple[np.ndarray, np.ndarray]:
    """Every document's summed clause score, and a bit mask of the query words it matched.

    Dense arrays over all documents: adding a term's impacts is one vectorised
    step, whatever the length of its posting list.
    """
    n = impacts.doc_count
    scores = np.zeros(n, dtype=np.float64)
    covered = np.zeros(n, dtype=np.int64)
    for clause in clauses:
        if len(clause.alternatives) == 1:
            clause_scores = _alternative(impacts, searcher, clause.alternatives[0], n)
        else:
            best = np.zeros(n, dtype=np.float64)
            total = np.zeros(n, dtype=np.float64)
            for alternative in clause.alternatives:
                values = _alternative(impacts, searcher, alternative, n)
                np.maximum(best, values, out=best)
                total += values
            clause_scores = best + tiebreak * (total - best)
        scores += clause_scores
        covered[clause_scores > 0] |= clause.words
    return scores, covered


def _alternative(impacts: Impacts, searcher: Searcher, alternative: Alternative, n: int) -> np.ndarray:
    weight, postings, only = alternative
    values = np.zeros(n, dtype=np.float64)
    for field, term, field_weight in postings:
        docs, term_impacts = impacts.get(searcher, field, term)
        values[docs] += term_impacts * (weight * field_weight)  # a term lists each document once
    if only is not None:
        values[~only] = 0.0
    return values


def score(plan: Plan, snap: Snapshot, searcher: Searcher) -> tuple[np.ndarray, np.ndarray]:
    """Every document's score (status and coverage applied; 0: no match) and the query words it matched."""
    n = snap.impacts.doc_count
    if not plan.clauses:
        return np.zeros(n), np.zeros(n, dtype=np.int64)
    scores, covered = score_clauses(snap.impacts, searcher, plan.clauses, DISMAX_TIEBREAK)
    must = required_candidates(snap.impacts, searcher, plan.phrase_terms)
    if must is not None:
        keep = np.zeros(n, dtype=bool)
        keep[must] = True
        scores[~keep] = 0.0
    scores *= snap.status_factor
    words = plan.content_words.bit_count()
    if words >= 2:
        share = np.bitwise_count(covered & plan.content_words) / words
        scores *= COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * share
    return scores, covered


def phrase_candidates(impacts: Impacts, searcher: Searcher, terms: list[str]) -> np.ndarray:
    """Documents holding all of `terms` within one text field (sorted): a superset of the phrase's documents."""
    found = []
    for f in TEXT_FIELDS:
        arrays = [impacts.get(searcher, f, t)[0] for t in dict.fromkeys(terms)]
        docs = arrays[0]
        for other in arrays[1:]:
            docs = np.intersect1d(docs, other, assume_unique=True)
        found.append(docs)
    return np.unique(np.concatenate(found))


def required_candidates(impacts: Impacts, searcher: Searcher, phrase_terms: list[list[str]]) -> np.ndarray | None:
    """Documents holding every word of every quoted phrase (None: no phrase was quoted).

    Whether the words stand in order is checked later, and only for the
    documents about to be shown (selection.top): reading positions is costly.
    """
    required: np.ndarray | None = None
    for terms in phrase_terms:
        docs = phrase_candidates(impacts, searcher, terms)
        required = docs if required is None else np.intersect1d(required, docs, assume_unique=True)
    return required
