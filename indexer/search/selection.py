"""From scored documents to candidate entries: filters, exclusions, the best documents, one entry per translation.

`Scope` is what one search is about (snapshot, query, filters, the client's
language and city); every step of the search reads it and none changes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from sqlite3 import Connection

import numpy as np

from indexer.analysis import analyze
from indexer.fulltext import Query, Searcher, filter_query
from indexer.search.clauses import Plan
from indexer.search.positions import with_sequence
from indexer.search.query import ParsedQuery
from indexer.search.scoring import TEXT_FIELDS, phrase_candidates
from indexer.search.snapshot import Snapshot


@dataclass
class Candidate:
    """One entry found, merged over its language versions."""

    id: str
    score: float = 0.0
    lang: str = ""
    langs: dict[str, float] = field(default_factory=dict)
    matched: set[str] = field(default_factory=set)
    cited: bool = False
    # Found by its own text or cited by the query (else only pulled in through a case).
    direct: bool = True
    # The case that pulled it in, when that is how it was found.
    via: str | None = None
    # The repealed provision this one replaced, when it was put right after it for that reason.
    replaces: str | None = None
    # The next-steps ladder whose first step is addressed to this service (see boosts.apply_first_step).
    first_step_of: str | None = None


@dataclass(frozen=True)
class Scope:
    """One search: the build searched, the query and its plan, the filters and the client's language, city and
    the city's region."""

    snap: Snapshot
    searcher: Searcher
    parsed: ParsedQuery
    plan: Plan
    filters: dict[str, str]
    internal: bool
    lang: str | None
    city: str | None
    # Documents holding an excluded word or phrase ("-word").
    excluded_docs: frozenset[int]
    region: str | None = None


def excluded_docs(snap: Snapshot, searcher: Searcher, parsed: ParsedQuery) -> frozenset[int]:
    """Documents holding any of the query's excluded words or phrases."""
    found: set[int] = set()
    for excluded in parsed.excluded:
        terms = analyze(excluded)
        if terms:
            found |= phrase_docs(snap, searcher, terms)
    return frozenset(found)


def phrase_docs(snap: Snapshot, searcher: Searcher, terms: list[str]) -> set[int]:
    """Documents holding `terms` adjacent and in order within one text field (one term: anywhere)."""
    candidates = phrase_candidates(snap.impacts, searcher, terms).tolist()
    if len(terms) == 1:
        return set(candidates)
    return with_sequence(searcher, TEXT_FIELDS, terms, candidates, slop=1, impacts=snap.impacts)


def filter_for(scope: Scope, doctype: str) -> Query:
    """The documents of `doctype` the filters admit (internal ones only for a signed-in REActor)."""
    parts = [("doctype", doctype)]
    f = scope.filters
    if "jurisdiction" in f:
        parts.append(("jurisdiction", f["jurisdiction"]))
    if "language" in f:
        parts.append(("lang", f["language"]))
    if "group" in f and doctype in ("case", "service"):
        parts.append(("groups", f["group"]))
    if "violation" in f and doctype == "case":
        parts.append(("violations", f["violation"]))
    if "kind" in f and doctype == "service":
        parts.append(("kind", f["kind"]))
    return filter_query(parts, None if scope.internal else ("visibility", "internal"))


def admitted(scope: Scope, doctype: str, entry_ids: list[str]) -> set[str]:
    """Which of these entries pass the filters and exclusions (for entries not found by text)."""
    if not entry_ids:
        return set()
    allowed = scope.snap.docset(filter_for(scope, doctype))
    docs = scope.snap.docs_of
    passing = {i for i in entry_ids if any(allowed[d] for d in docs.get((doctype, i), ()))}
    return passing - excluded_ids(scope, doctype)


def excluded_ids(scope: Scope, doctype: str) -> set[str]:
    """Entries any language version of which contains an excluded word or phrase."""
    kinds, ids = scope.snap.doc_type, scope.snap.doc_id
    return {ids[d] for d in scope.excluded_docs if kinds[d] == doctype}


def top(scope: Scope, docs: np.ndarray, scores: np.ndarray, depth: int) -> np.ndarray:
    """Up to `depth` of `docs`, the best scored; with quoted phrases, only documents that hold them.

    Phrases are checked best first, a batch at a time, until `depth` documents passed.
    """
    phrase_terms = scope.plan.phrase_terms
    if not phrase_terms:
        if len(docs) <= depth:
            return docs
        scored = scores[docs]
        cut = -np.partition(-scored, depth - 1)[depth - 1]
        above, tied = docs[scored > cut], docs[scored == cut]
        return np.concatenate([above, tied[np.argsort(scope.snap.doc_order[tied], kind="stable")][: depth - len(above)]])
    order = docs[np.lexsort((scope.snap.doc_order[docs], -scores[docs]))]
    kept: list[int] = []
    for start in range(0, len(order), depth):
        batch = order[start : start + depth].tolist()
        for terms in phrase_terms:
            if len(terms) > 1:
                holding = with_sequence(scope.searcher, TEXT_FIELDS, terms, batch, slop=1, impacts=scope.snap.impacts)
                batch = [d for d in batch if d in holding]
        kept += batch
        if len(kept) >= depth:
            break
    return np.asarray(kept[:depth], dtype=np.int64)


def leading(scope: Scope, scores: np.ndarray, doctype: str, depth: int) -> list[tuple[float, int]]:
    """The best `depth` (score, document) of one type that pass the filters, best first."""
    allowed = scope.snap.docset(filter_for(scope, doctype))
    if doctype == "service" and scope.city:
        allowed = allowed & near_places(scope)
    matching = top(scope, np.flatnonzero((scores > 0) & allowed), scores, depth)
    return best_first(scope, ((float(scores[d]), int(d)) for d in matching))


def near_places(scope: Scope) -> np.ndarray:
    """The services of the client's city, its region and the whole country, per document.

    `leading` keeps only these before it cuts the list to its depth: the services
    of other regions would otherwise fill it, and a weakly matching local contact
    (the city's ombudsman representative) would be cut before `by_place` drops them.
    """
    places = [("city", scope.city or ""), ("city", "national"), ("region", "national")]
    if scope.region:
        places.append(("region", scope.region))
    mask = np.zeros(len(scope.snap.doc_id), dtype=bool)
    for place in places:
        mask |= scope.snap.docset(filter_query([("doctype", "service"), place], None))
    return mask


def region_of(db: Connection, city: str | None) -> str | None:
    """The region of one of the vocabulary's places."""
    row = db.execute("SELECT region FROM vocab WHERE section = 'places' AND key = ?", (city,)).fetchone() if city else None
    return row["region"] if row else None


def best_first(scope: Scope, scored: Iterable[tuple[float, int]]) -> list[tuple[float, int]]:
    """(score, document) pairs, best first; equal scores in the snapshot's document order (the same in every build)."""
    order = scope.snap.doc_order
    return sorted(scored, key=lambda pair: (-pair[0], order[pair[1]]))


def merge(scope: Scope, best: list[tuple[float, int]], covered: np.ndarray, doctype: str) -> dict[str, Candidate]:
    """Documents (score, number; best first) merged by entry, excluded entries left out.

    An entry's score is its best version's; the version shown is the one in the
    client's language, else the best scored.
    """
    ids, langs = scope.snap.doc_id, scope.snap.doc_lang
    excluded = excluded_ids(scope, doctype)
    found: dict[str, Candidate] = {}
    for score, d in best:
        entry_id, lang = ids[d], langs[d]
        if entry_id in excluded:
            continue
        candidate = found.setdefault(entry_id, Candidate(entry_id))
        candidate.langs[lang] = score
        candidate.matched.update(matched_words(scope.parsed, int(covered[d])))
        candidate.score = max(candidate.score, score)
        if not candidate.lang or lang == scope.lang or (candidate.lang != scope.lang and score > candidate.langs[candidate.lang]):
            candidate.lang = lang
    return found


def matched_words(parsed: ParsedQuery, covered: int) -> list[str]:
    """The query words (and quoted phrases) a document matched."""
    return [part for i, part in parsed.countable if covered >> i & 1]


def ranked(found: dict[str, Candidate]) -> list[Candidate]:
    """Best score first; equal scores by id."""
    return sorted(found.values(), key=lambda c: (-c.score, c.id))


def normalise(found: dict[str, Candidate]) -> None:
    """Scale scores to 0..1 by the best hit, so lists can lend scores to each other."""
    best = max((c.score for c in found.values()), default=0.0)
    if best > 0:
        for c in found.values():
            c.score /= best
