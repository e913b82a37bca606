"""The search engine shared by `kb search` and the web app: it composes the steps of a search.

A query becomes ranked lists (norms, cases, services, remedies and any other searched kind):
1. the query is planned into clauses: each word, its thesaurus synonyms, the legal concepts of an
   everyday word and, when it is unknown, its typo corrections, scored below the literal word (clauses.py);
2. BM25 in each of title, names and body, summed; quoted phrases required, repealed acts below
   in-force ones, documents matching more of the query's words favoured (scoring.py);
3. the best documents that pass the filters, merged per entry over its translations (selection.py);
4. the words in order add a bonus, cited provisions go first, the best cases lend their scores
   to what they cite and involved, norms and cases sharing a violation type with their list's
   leading hits rise, the contacts the first step of the leading escalation ladder
   turns to are lifted, services are ordered by place (boosts.py);
5. the candidates become typed hits (hits.py, results.py); the web app adds their pages' addresses.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from indexer.kinds import Kind, kinds
from indexer.problems import IndexMissing
from indexer.search import boosts, hits, remedies as next_steps
from indexer.search.clauses import plan, suggestion
from indexer.search.query import parse_query
from indexer.search.results import EntryHit, RemedyHit, SearchResult
from indexer.search.scoring import score
from indexer.search.selection import Candidate, Scope, admitted, excluded_docs, leading, merge, normalise, ranked, region_of
from indexer.search.snapshot import Snapshot, resolve_current

MAX_LIMIT = 100
FILTERS = ("jurisdiction", "language", "group", "violation", "kind")
# The lists this module ranks in its own way; any other searched kind gets a plain list (see `_entries`).
OWN_LISTS = ("norms", "cases", "services", "remedies")


def other_kinds() -> list[Kind]:
    """The searched kinds beyond the built-in four: their lists are ranked by score alone."""
    return [k for k in kinds() if k.result_list and k.doctype and k.result_list not in OWN_LISTS]


class SearchEngine:
    """Searches the index in `data_dir`, following rebuilds as they land."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        """The snapshot of the build `data/current` points at now."""
        path = resolve_current(self.data_dir)
        snapshot = self._snapshot
        if snapshot is None or snapshot.path != path:
            with self._lock:
                if self._snapshot is None or self._snapshot.path != path:
                    self._snapshot = Snapshot(path)
                snapshot = self._snapshot
        return snapshot

    def find(
        self,
        query: str,
        *,
        city: str | None = None,
        lang: str | None = None,
        limit: int = 10,
        filters: dict[str, str] | None = None,
        internal: bool = False,
    ) -> SearchResult:
        """Search; the typed result.

        `lang` is the preferred language: of an entry's translations the one in
        `lang` is shown. `filters` narrows by jurisdiction, language, group,
        violation or service kind. `city` orders services (and drops services
        of other regions). Entries marked `visibility: internal` are left out
        unless `internal` is set (for signed-in REActors only).
        """
        started = time.perf_counter()
        limit = max(1, min(int(limit), MAX_LIMIT))
        filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
        parsed = parse_query(query)
        snap = self.snapshot()
        try:
            with snap.lock:
                searcher = snap.searcher()
                scope = Scope(
                    snap, searcher, parsed, plan(parsed, snap, searcher), filters, internal, lang or None, city or None,
                    excluded_docs(snap, searcher, parsed), region_of(snap.db(), city or None),
                )
                result = _run(scope, limit)
        except sqlite3.DatabaseError as exc:
            raise self.damaged(snap, exc) from None
        result.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return result

    def search(
        self,
        query: str,
        *,
        city: str | None = None,
        lang: str | None = None,
        limit: int = 10,
        filters: dict[str, str] | None = None,
        internal: bool = False,
    ) -> dict[str, Any]:
        """Search (as `find`); the JSON-ready object of `kb search --json`."""
        return self.find(query, city=city, lang=lang, limit=limit, filters=filters, internal=internal).to_dict()

    def damaged(self, snap: Snapshot, exc: Exception) -> IndexMissing:
        """Forget a build whose files turned out damaged while serving; the error to raise (issue 6)."""
        with self._lock:
            if self._snapshot is snap:
                self._snapshot = None  # the next search opens `current` again: a new build, or a clear error
        return IndexMissing(f"the index in {snap.path} is damaged ({exc.__class__.__name__}): run 'kb build --force'")

    def close(self) -> None:
        if self._snapshot is not None:
            self._snapshot.close()
            self._snapshot = None


def _run(scope: Scope, limit: int) -> SearchResult:
    """One search, step by step (see the module's docstring)."""
    parsed = scope.parsed
    result = SearchResult(parsed.text, expanded=scope.plan.expanded, others={kind.result_list: [] for kind in other_kinds()})
    if parsed.truncated:
        result.notice = f"query was cut to {len(parsed.text)} characters"
    depth = limit * 4 + 20
    scores, covered = score(scope.plan, scope.snap, scope.searcher)
    best = {t: leading(scope, scores, t, depth) for t in ("norm", "case", "service")}
    # The in-order bonus is checked among each list's leading documents only (positions are costly
    # to read), for the three lists at once: each word's positions are read in one pass.
    in_order = boosts.in_order(scope, [d for found in best.values() for _, d in found[: boosts.IN_ORDER_CHECKED]], covered)
    norms, cases, services = (merge(scope, boosts.with_order_bonus(scope, best[t], in_order), covered, t) for t in ("norm", "case", "service"))
    for c in (norms, cases, services):
        normalise(c)
    boosts.apply_citations(scope, norms)
    boosts.apply_graph(scope, cases, norms, services)
    boosts.apply_feedback(scope, norms, "norm")
    boosts.apply_feedback(scope, cases, "case")
    ladders = _remedies(scope, scores, covered, cases, depth)
    boosts.apply_first_step(scope, ladders[0] if ladders else None, services)
    services = boosts.by_place(scope, services)
    facts = boosts.ProvisionFacts(scope.snap.db())
    result.norms = hits.norm_hits(scope, facts, boosts.with_replacements(scope, boosts.ranked_norms(norms, facts), facts)[:limit])
    result.cases = hits.case_hits(scope, ranked(cases)[:limit])
    result.services = hits.service_hits(scope, ranked(services)[:limit])
    result.remedies = ladders[:limit]
    for kind in other_kinds():
        result.others[kind.result_list] = _entries(scope, kind, scores, covered, depth)[:limit]
    if not (parsed.is_empty or result.norms or result.cases or result.services):
        result.services = hits.service_hits(scope, ranked(boosts.general_routes(scope))[:limit])
        result.fallback = bool(result.services)
    result.suggestion = suggestion(parsed.text, scope.plan.corrections)
    return result


def _remedies(scope: Scope, scores: np.ndarray, covered: np.ndarray, cases: dict[str, Candidate], depth: int) -> list[RemedyHit]:
    """The ladders matching the query's text or the violation types of the best cases (see search/remedies.py)."""
    own = merge(scope, leading(scope, scores, "remedy", depth), covered, "remedy")
    normalise(own)
    db = scope.snap.db()
    best = ranked(cases)[: next_steps.CASES_CONSIDERED]
    marks = ",".join("?" * len(best))
    case_violations = dict(db.execute(f"SELECT id, violations FROM cases WHERE id IN ({marks})", [c.id for c in best]).fetchall()) if best else {}
    weights = next_steps.violation_weights((c.score, json.loads(case_violations.get(c.id) or "[]")) for c in best)
    ladders = {row["id"]: json.loads(row["violations"]) for row in db.execute("SELECT DISTINCT id, violations FROM remedies")}
    passing = admitted(scope, "remedy", sorted(ladders))
    found = next_steps.rank({i: c.score for i, c in own.items()}, weights, {i: v for i, v in ladders.items() if i in passing})
    return hits.remedy_hits(scope, [(own.get(i) or Candidate(i, score=s), s) for i, s in found])


def _entries(scope: Scope, kind: Kind, scores: np.ndarray, covered: np.ndarray, depth: int) -> list[EntryHit]:
    """A searched kind's list beyond the built-in four: its entries by score."""
    found = merge(scope, leading(scope, scores, kind.doctype, depth), covered, kind.doctype)
    normalise(found)
    return hits.entry_hits(scope, kind, ranked(found))


__all__ = ["IndexMissing", "SearchEngine"]
