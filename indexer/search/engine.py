"""The search engine shared by `kb search` and the web app.

A query becomes three ranked lists (norms, cases, services):
1. cited provisions ("ст. 14 Конституции") go first;
2. BM25 in each of title, names and body, summed (scoring.py), each query word also matching its
   thesaurus synonyms and, when it is unknown, its typo corrections, both
   scored below the literal word; an exact phrase adds a bonus;
3. repealed acts rank below in-force ones; translations of one entry merge;
4. the provisions and services linked to the best cases are pulled in;
5. services are ordered by place: the city, its region, then national ones.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as Q

from indexer.analysis import analyze, fold
from indexer.analysis.dictionaries import is_real_word, looks_like_kazakh_verb
from indexer.analysis.stopwords import is_stopword
from indexer.designators import find_in_query
from indexer.kinds import Kind, kinds
from indexer.problems import IndexMissing
from indexer.schema import concept_term
from indexer.search import remedies as next_steps
from indexer.search.positions import with_sequence
from indexer.search.query import ParsedQuery, parse_query
from indexer.search.scoring import Alternative, Clause, score_clauses
from indexer.search.snapshot import KIND_ORDER, Snapshot, resolve_current
from indexer.search.snippets import plain, snippet
from indexer.search.spelling import best_corrections, nearest

TEXT_FIELDS = ("title", "names", "body")
SYNONYM_BOOST = 0.9
# Everyday words (kb/lexicon.yaml) search their legal concepts below the literal word and its synonyms.
LEXICON_BOOST = 0.8
# Of a word's alternatives the best counts fully, the others this much.
DISMAX_TIEBREAK = 0.1
FUZZY_BOOST = 0.4
# Documents holding the query's words in order (within a few positions) score this much more.
PHRASE_FACTOR = 1.5
IN_ORDER_CHECKED = 10
IN_ORDER_TERMS = 8
IN_ORDER_FIELDS = ("title", "body")
# How much a top case lends to the provisions it cites and the services it involved.
GRAPH_WEIGHT = 0.5
GRAPH_CASES = 5
CITATION_SCORE = 100.0
MAX_CITED = 6
MAX_CITED_PARTS = 4
# Documents matching more of the query's words (directly or through synonyms) are favoured: one
# matching one of four words keeps this share of its score plus its share of the words.
COVERAGE_FLOOR = 0.3
MAX_LIMIT = 100
# When nothing matches, these contacts of the client's city, region and the whole country are offered:
# they help with any violation.
GENERAL_ROUTES = ("ombudsman", "legal-aid", "hotline")
# What a result row needs of each table (not the rendered HTML).
ROW_COLUMNS = {
    "provisions": ("id", "lang", "act_id", "local_id", "designator", "title", "citation", "status", "replaced_by", "text"),
    "cases": ("id", "lang", "title", "outcome", "date", "city", "text"),
    "services": ("id", "lang", "name", "kind", "city", "phones", "checked", "text"),
    "remedies": ("id", "lang", "title", "violations", "steps"),
}
FILTERS = ("jurisdiction", "language", "group", "violation", "kind")
# The lists this module ranks in its own way; any other searched kind gets a plain list (see _entry_rows).
OWN_LISTS = ("norms", "cases", "services", "remedies")


def other_kinds() -> list[Kind]:
    """The searched kinds beyond the built-in four: their lists are ranked by score alone."""
    return [k for k in kinds() if k.result_list and k.doctype and k.result_list not in OWN_LISTS]


def max_edits(word: str) -> int:
    """Typos tolerated in a word: one from 5 letters, two from 8."""
    return 2 if len(word) >= 8 else 1 if len(word) >= 5 else 0


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
        """Search; return the JSON-ready result of `kb search --json`.

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
                run = _Run(snap, parsed, city or None, lang or None, filters, internal)
                result = run.execute(limit)
        except sqlite3.DatabaseError as exc:
            raise self.damaged(snap, exc) from None
        result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return result

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


class _Run:
    """One search: builds the whoosh query, runs it per list and assembles the result."""

    def __init__(
        self, snap: Snapshot, parsed: ParsedQuery, city: str | None, lang: str | None, filters: dict[str, str], internal: bool
    ) -> None:
        self.snap = snap
        self.internal = internal
        self.parsed = parsed
        self.city = city
        self.lang = lang
        self.filters = filters
        self.searcher = snap.searcher()
        self.reader = self.searcher.reader()
        # Terms to mark in snippets: the words, their corrections and their synonyms.
        self.highlight_terms: set[str] = set()
        # Bit mask of the query words that count for coverage (not function words).
        self.content_words = 0
        self.corrections: dict[str, str] = {}
        # Provision id → (status, replacing provision ids), loaded in batches (see `_load_facts`).
        self._facts: dict[str, tuple[str, list[str]]] = {}
        # Everyday words found in the lexicon, with the concepts they were also searched as.
        self.expanded: list[dict[str, Any]] = []
        self._excluded_docs: set[int] | None = None
        # The analysed terms of each query word (analysed once, used for scoring, synonyms and word order)
        # and of each quoted phrase.
        self.word_terms = [analyze(word) for word in parsed.words]
        # The terms of a misspelt word's best correction, which stand for it in thesaurus and lexicon matching.
        self.concept_terms: dict[int, list[str]] = {}
        # Provisions the query cites ("п. 2 ст. 14 Конституции"); the designator's words ("п.", "2", "ст.", "14")
        # are not searched as text, or every article of every act would match them.
        self.cited_ids, self.citation_rest = find_in_query(parsed.text)
        rest_words = set(self.citation_rest.split())
        self.designator_words = {i for i, w in enumerate(parsed.words) if self.cited_ids and w not in rest_words}
        self.phrase_terms = [terms for terms in map(analyze, parsed.phrases) if terms]

    # -- query construction -------------------------------------------------

    def _own(self, terms: list[str], weight: float) -> Alternative:
        """An alternative made of terms searched in title, names and body, each field counting the same."""
        return weight, tuple((f, t, 1.0) for t in dict.fromkeys(terms) for f in TEXT_FIELDS)

    def _word_alternatives(self, index: int, word: str) -> list[Alternative]:
        """A word's own terms (whole and hyphen parts), then typo corrections when it is unknown.

        A function word has none: it is not a match on its own (it still counts inside
        quoted phrases and thesaurus or lexicon phrases).
        """
        terms = self.word_terms[index]
        if not terms or is_stopword(word) or index in self.designator_words:
            return []
        self.content_words |= 1 << index
        self.highlight_terms.update(terms)
        alternatives = [self._own(terms, 1.0)]
        folded = fold(word)
        if max_edits(folded) and folded.isalpha() and not self._known(folded, terms):
            for corrected in self._corrections(folded):
                corrected_terms = analyze(corrected)
                self.highlight_terms.update(corrected_terms)
                alternatives.append(self._own(corrected_terms, FUZZY_BOOST))
                # The best correction stands for the word in the thesaurus and lexicon («уволнили» → dismissal).
                self.concept_terms.setdefault(index, corrected_terms)
            # The indexed stems nearest to the word's own («вымага» → «вымога»): the kb may hold the word in other forms only.
            near = [t for term in terms for t in nearest(term, self.reader.terms_within("body", term, max_edits(folded), prefix=1))]
            self.highlight_terms.update(near)
            alternatives.extend(self._own([t], FUZZY_BOOST) for t in near)
        return alternatives

    def _known(self, word: str, terms: list[str]) -> bool:
        """A word is known when it, or its stem, occurs anywhere in the index, or it is a real word of a language.

        Only words unknown everywhere are corrected: "fired" is not a typo of "filed"
        just because the knowledge base never says "fired".
        """
        if self.reader.doc_frequency("spell", word):
            return True
        if any(self.reader.doc_frequency(f, t) for t in terms for f in TEXT_FIELDS):
            return True
        return self.snap.lexicon.knows(terms) or tuple(terms) in self.snap.thesaurus or is_real_word(word)

    def _corrections(self, word: str) -> list[str]:
        """Known words within the allowed edits of an unknown word, the most frequent first (never a place for a verb)."""
        found = list(self.reader.terms_within("spell", word, max_edits(word), prefix=1))
        if looks_like_kazakh_verb(word):
            found = [w for w in found if w not in self.snap.place_words]
        found = best_corrections(word, found, lambda w: self.reader.doc_frequency("spell", w))
        if found:
            self.corrections[word] = found[0]
        return found[:3]

    def _phrase_candidates(self, terms: list[str]) -> np.ndarray:
        """Documents holding all of `terms` within one text field (sorted): a superset of the phrase's documents."""
        impacts, searcher = self.snap.impacts, self.searcher
        found = []
        for f in TEXT_FIELDS:
            arrays = [impacts.get(searcher, f, t)[0] for t in dict.fromkeys(terms)]
            docs = arrays[0]
            for other in arrays[1:]:
                docs = np.intersect1d(docs, other, assume_unique=True)
            found.append(docs)
        return np.unique(np.concatenate(found))

    def _phrase_docs(self, terms: list[str]) -> set[int]:
        """Documents holding `terms` adjacent and in order within one text field (one term: anywhere)."""
        candidates = self._phrase_candidates(terms).tolist()
        if len(terms) == 1:
            return set(candidates)
        return with_sequence(self.searcher, TEXT_FIELDS, terms, candidates, slop=1)

    def build_clauses(self) -> list[Clause]:
        """The clauses of the query: one per word or quoted phrase, one per multi-word synonym span.

        Each word scores by the best of its alternatives (itself, its
        corrections, its thesaurus group), so a document that names HIV in four
        ways does not outrank one that matches more of the query.
        """
        parsed = self.parsed
        terms: list[str] = []
        owners: list[int] = []
        per_word: dict[int, list[Alternative]] = {}
        for index, word in enumerate(parsed.words):
            alternatives = self._word_alternatives(index, word)
            if alternatives:
                per_word[index] = alternatives
            if index in self.designator_words:
                continue
            for t in self.concept_terms.get(index, self.word_terms[index]):
                terms.append(t)
                owners.append(index)
        clauses: list[Clause] = []
        for match in self.snap.thesaurus.matches(terms):
            words = sorted(set(owners[match.start : match.end]))
            # Documents were tagged with their thesaurus groups at index time: one term stands for the group.
            synonym: Alternative = (SYNONYM_BOOST, (("concepts", concept_term(match.group), 1.0),))
            self.highlight_terms.update(t for alternative in match.alternatives for t in alternative if not is_stopword(t))
            if len(words) == 1 and words[0] in per_word:
                per_word[words[0]].append(synonym)
            else:
                clauses.append(Clause(sum(1 << w for w in words), [synonym]))
        for found in self.snap.lexicon.matches(terms):
            words = sorted(set(owners[found.start : found.end]))
            meant: list[Alternative] = [(LEXICON_BOOST, (("concepts", concept_term(group), 1.0),)) for group in found.groups]
            for group in found.groups:
                self.highlight_terms.update(t for member in self.snap.thesaurus.members(group) for t in member if not is_stopword(t))
            self.expanded.append({"word": " ".join(parsed.words[w] for w in words), "means": list(found.means)})
            if len(words) == 1 and words[0] in per_word:
                per_word[words[0]].extend(meant)
            else:
                self.content_words |= sum(1 << w for w in words)
                clauses.append(Clause(sum(1 << w for w in words), meant))
        clauses.extend(Clause(1 << index, alternatives) for index, alternatives in per_word.items())
        for offset, phrase in enumerate(parsed.phrases, start=len(parsed.words)):
            phrase_terms = analyze(phrase)
            if phrase_terms:
                self.highlight_terms.update(phrase_terms)
                self.content_words |= 1 << offset
                clauses.append(Clause(1 << offset, [self._own(phrase_terms, 1.0)]))
        return clauses

    def _required_candidates(self) -> np.ndarray | None:
        """Documents holding every word of every quoted phrase (None: no phrase was quoted).

        Whether the words stand in order is checked later, and only for the
        documents about to be shown (`_top`): reading positions is costly.
        """
        required: np.ndarray | None = None
        for terms in self.phrase_terms:
            docs = self._phrase_candidates(terms)
            required = docs if required is None else np.intersect1d(required, docs, assume_unique=True)
        return required

    def _in_order(self, docs: list[int], covered: np.ndarray) -> set[int]:
        """Which of `docs` hold the query's words in order (within a few positions).

        Positions are read only at these documents, and only at those that
        matched every one of the words: that is what makes the bonus affordable.
        """
        terms: list[str] = []
        needed = 0  # bit mask of the words whose terms are checked
        for index, word_terms in enumerate(self.word_terms):
            if is_stopword(self.parsed.words[index]):
                continue
            for term in word_terms:
                if len(terms) < IN_ORDER_TERMS:
                    terms.append(term)
                    needed |= 1 << index
        if needed.bit_count() < 2 or len(terms) < 2 or not docs:
            return set()
        docs = [d for d in docs if int(covered[d]) & needed == needed]
        lengths = {f: self.snap.impacts.field_lengths(f) for f in IN_ORDER_FIELDS}
        return with_sequence(self.searcher, IN_ORDER_FIELDS, terms, docs, slop=3, lengths=lengths)

    def _top(self, docs: np.ndarray, scores: np.ndarray, depth: int) -> np.ndarray:
        """Up to `depth` of `docs`, the best scored; with quoted phrases, only documents that hold them.

        Phrases are checked best first, a batch at a time, until `depth` documents passed.
        """
        if not self.phrase_terms:
            return docs if len(docs) <= depth else docs[np.argpartition(-scores[docs], depth)[:depth]]
        order = docs[np.argsort(-scores[docs], kind="stable")]
        kept: list[int] = []
        for start in range(0, len(order), depth):
            batch = order[start : start + depth].tolist()
            for terms in self.phrase_terms:
                if len(terms) > 1:
                    holding = with_sequence(self.searcher, TEXT_FIELDS, terms, batch, slop=1)
                    batch = [d for d in batch if d in holding]
            kept += batch
            if len(kept) >= depth:
                break
        return np.asarray(kept[:depth], dtype=np.int64)

    def _filter(self, doctype: str) -> Q.Query:
        parts: list[Q.Query] = [Q.Term("doctype", doctype)]
        f = self.filters
        if "jurisdiction" in f:
            parts.append(Q.Term("jurisdiction", f["jurisdiction"]))
        if "language" in f:
            parts.append(Q.Term("lang", f["language"]))
        if "group" in f and doctype in ("case", "service"):
            parts.append(Q.Term("groups", f["group"]))
        if "violation" in f and doctype == "case":
            parts.append(Q.Term("violations", f["violation"]))
        if "kind" in f and doctype == "service":
            parts.append(Q.Term("kind", f["kind"]))
        if self.internal:
            return Q.And(parts)
        return Q.AndNot(Q.And(parts), Q.Term("visibility", "internal"))

    def _admitted(self, doctype: str, entry_ids: list[str]) -> set[str]:
        """Which of these entries pass the filters and exclusions (for entries not found by text)."""
        if not entry_ids:
            return set()
        allowed = self.snap.docset(self._filter(doctype))
        docs = self.snap.docs_of
        passing = {i for i in entry_ids if any(allowed[d] for d in docs.get((doctype, i), ()))}
        return passing - self._excluded_ids(doctype)

    def _excluded_ids(self, doctype: str) -> set[str]:
        """Entries any language version of which contains an excluded word or phrase."""
        if not self.parsed.excluded:
            return set()
        if self._excluded_docs is None:
            self._excluded_docs = set()
            for excluded in self.parsed.excluded:
                terms = analyze(excluded)
                if terms:
                    self._excluded_docs |= self._phrase_docs(terms)
        kinds, ids = self.snap.doc_type, self.snap.doc_id
        return {ids[d] for d in self._excluded_docs if kinds[d] == doctype}

    # -- running ------------------------------------------------------------

    def _score(self) -> tuple[np.ndarray, np.ndarray]:
        """Every document's score (status and coverage applied; 0: no match) and the query words it matched."""
        clauses = self.build_clauses()
        n = self.snap.impacts.doc_count
        if not clauses:
            return np.zeros(n), np.zeros(n, dtype=np.int64)
        scores, covered = score_clauses(self.snap.impacts, self.searcher, clauses, DISMAX_TIEBREAK)
        must = self._required_candidates()
        if must is not None:
            keep = np.zeros(n, dtype=bool)
            keep[must] = True
            scores[~keep] = 0.0
        scores *= self.snap.status_factor
        words = self.content_words.bit_count()
        if words >= 2:
            share = np.bitwise_count(covered & self.content_words) / words
            scores *= COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * share
        return scores, covered

    def _leading(self, scores: np.ndarray, doctype: str, depth: int) -> list[tuple[float, int]]:
        """The best `depth` (score, document) of one type that pass the filters, best first."""
        allowed = self.snap.docset(self._filter(doctype))
        matching = self._top(np.flatnonzero((scores > 0) & allowed), scores, depth)
        return sorted(((float(scores[d]), int(d)) for d in matching), reverse=True)

    def _merge(self, leading: list[tuple[float, int]], in_order: set[int], covered: np.ndarray, doctype: str) -> dict[str, Candidate]:
        """Documents merged by entry, with the in-order bonus, excluded entries left out."""
        ids, langs = self.snap.doc_id, self.snap.doc_lang
        best = sorted(((s * PHRASE_FACTOR if d in in_order else s, d) for s, d in leading), reverse=True)
        excluded = self._excluded_ids(doctype)
        found: dict[str, Candidate] = {}
        for score, d in best:
            entry_id, lang = ids[d], langs[d]
            if entry_id in excluded:
                continue
            candidate = found.setdefault(entry_id, Candidate(entry_id))
            candidate.langs[lang] = score
            candidate.matched.update(self._words(int(covered[d])))
            candidate.score = max(candidate.score, score)
            if not candidate.lang or lang == self.lang or (candidate.lang != self.lang and score > candidate.langs[candidate.lang]):
                candidate.lang = lang
        return found

    def _words(self, covered: int) -> list[str]:
        """The query words (and quoted phrases) a document matched."""
        parts = [*self.parsed.words, *self.parsed.phrases]
        return [word for i, word in enumerate(parts) if covered >> i & 1 and (i >= len(self.parsed.words) or not is_stopword(word))]

    def execute(self, limit: int) -> dict[str, Any]:
        parsed = self.parsed
        result: dict[str, Any] = {"query": parsed.text, "norms": [], "cases": [], "services": [], "remedies": [], "suggestion": None, "expanded": []}
        result.update((kind.result_list, []) for kind in other_kinds())
        if parsed.truncated:
            result["notice"] = f"query was cut to {len(parsed.text)} characters"
        depth = limit * 4 + 20
        scores, covered = self._score()
        leading = {t: self._leading(scores, t, depth) for t in ("norm", "case", "service")}
        # The in-order bonus is checked among each list's leading documents only (positions are costly
        # to read), for the three lists at once: each word's positions are read in one pass.
        in_order = self._in_order([d for hits in leading.values() for _, d in hits[:IN_ORDER_CHECKED]], covered)
        norms, cases, services = (self._merge(leading[t], in_order, covered, t) for t in ("norm", "case", "service"))
        for c in (norms, cases, services):
            _normalise(c)
        self._apply_citations(norms)
        self._apply_graph(cases, norms, services)
        services = self._by_place(services)
        result["norms"] = [self._norm_row(c) for c in self._with_replacements(self._ranked_norms(norms))[:limit]]
        result["cases"] = [self._case_row(c) for c in _ranked(cases)[:limit]]
        result["services"] = [self._service_row(c) for c in _ranked(services)[:limit]]
        result["remedies"] = self._remedies(scores, covered, cases, depth)[:limit]
        for kind in other_kinds():
            result[kind.result_list] = self._entry_rows(kind, scores, covered, depth)[:limit]
        result["expanded"] = self.expanded
        if not (parsed.is_empty or result["norms"] or result["cases"] or result["services"]):
            result["services"] = [self._service_row(c) for c in _ranked(self._general_routes())[:limit]]
            result["fallback"] = bool(result["services"])
        if self.corrections:
            suggestion = parsed.text
            for wrong, right in self.corrections.items():
                suggestion = _replace_word(suggestion, wrong, right)
            if fold(suggestion) != fold(parsed.text):
                result["suggestion"] = suggestion
        return result

    def _ranked_norms(self, norms: dict[str, Candidate]) -> list[Candidate]:
        """Cited provisions, then those found by their text, then those pulled in through cases.

        Among the pulled-in ones, provisions in force come before repealed ones:
        a story from 2017 must not put the 1995 Constitution above today's law.
        """
        self._load_facts(list(norms))
        status = {i: facts[0] for i, facts in self._facts.items()}

        def tier(c: Candidate) -> int:
            if c.cited:
                return 0
            if c.direct:
                return 1
            return 2 if status.get(c.id) != "repealed" else 3

        # A repealed provision that only a case pulled in is history, not an answer: it is shown only when
        # the kb knows what replaced it (and then right before its replacement).
        kept = [c for c in norms.values() if tier(c) != 3 or self._replacement_ids(c.id)]
        return sorted(kept, key=lambda c: (tier(c), -c.score, c.id))

    def _load_facts(self, ids: list[str]) -> None:
        """Status and mapped replacements of these provisions, in one query (ranking asks for each of them)."""
        todo = [i for i in ids if i not in self._facts]
        if not todo:
            return
        marks = ",".join("?" * len(todo))
        for row in self.snap.db().execute(f"SELECT id, status, replaced_by FROM provisions WHERE id IN ({marks})", todo):
            known = self._facts.get(row["id"])
            replacements = json.loads(row["replaced_by"]) if row["replaced_by"] else []
            # Translations share the status; the map may be written in one language version only.
            self._facts[row["id"]] = (row["status"], replacements or (known[1] if known else []))

    def _with_replacements(self, ranked: list[Candidate]) -> list[Candidate]:
        """Each repealed provision followed by the provisions that replaced it (pulled in when not found)."""
        repealed = [c.id for c in ranked if self._replacement_ids(c.id)]
        if not repealed:
            return ranked
        by_id = {c.id: c for c in ranked}
        out: list[Candidate] = []
        placed: set[str] = set()
        for c in ranked:
            if c.id in placed:
                continue
            out.append(c)
            placed.add(c.id)
            for target in self._replacement_ids(c.id):
                if target in placed or not self._admitted("norm", [target]):
                    continue
                replacement = by_id.get(target) or Candidate(target, score=c.score, direct=False)
                replacement.replaces = c.id
                out.append(replacement)
                placed.add(target)
        return out

    def _replacement_ids(self, provision_id: str) -> list[str]:
        """The provisions the kb maps a repealed provision to (its act's `replacements`)."""
        self._load_facts([provision_id])
        return self._facts.get(provision_id, ("", []))[1]

    def _apply_citations(self, norms: dict[str, Candidate]) -> None:
        """Put provisions cited as "ст. 14 Конституции" or "Order 379 paragraph 30" first.

        The act named in the query decides the act: of the acts whose names share
        words with the rest of the query, only those sharing the most are searched
        (all acts when the query names none), and of those, the acts the query names
        by one of their names whole ("Constitution", not the "Constitutional Law" that
        shares a word with it). The most specific designator found wins ("п. 2 ст. 14":
        paragraph 2 before the whole article). When several acts have that provision
        (both constitutions have an Art. 18), the one whose text matches more of the
        query's other words comes first ("Constitution article 18 private life": the
        1995 article on private life), then an act in force before a repealed one.
        """
        local_ids, rest = self.cited_ids, self.citation_rest
        if not local_ids:
            return
        rest_terms = {t for word, t in zip(*self._words_and_terms(rest), strict=True) if not is_stopword(word)}
        overlaps = [(len(rest_terms & act.terms), act) for act in self.snap.act_names]
        best = max((o for o, _ in overlaps), default=0)
        if rest_terms and not best:
            return
        acts = [a for o, a in overlaps if o == best]
        named_whole = [a for a in acts if any(name <= rest_terms for name in a.names)]
        acts = sorted(named_whole or acts, key=lambda a: (a.status != "in_force", KIND_ORDER.get(a.kind, 9), a.id))
        name_terms = set().union(*(a.terms for a in acts)) if acts else set()
        db = self.snap.db()
        for local_id in local_ids:
            found: list[tuple[int, int, str]] = []
            for order, act in enumerate(acts):
                # "ст. 14" names the whole article: its paragraphs (art-14-p-1, art-14-p-2) when it is split;
                # an article only the official text has is cited too (after our summaries).
                rows = db.execute(
                    "SELECT id FROM (SELECT id, local_id, position, 0 AS official FROM provisions WHERE act_id = ?1 AND (local_id = ?2 OR local_id LIKE ?3)"
                    " UNION SELECT id, local_id, position, 1 FROM official_texts WHERE act_id = ?1 AND local_id = ?2)"
                    " GROUP BY id ORDER BY MIN(official), local_id != ?2, MIN(position)",
                    (act.id, local_id, f"{local_id}-%"),
                ).fetchall()
                ids = [r["id"] for r in rows if r["id"] not in norms or not norms[r["id"]].cited]
                admitted = self._admitted("norm", ids)
                for full_id in [i for i in ids if i in admitted][:MAX_CITED_PARTS]:
                    found.append((-self._content_matches(norms.get(full_id), name_terms), order, full_id))
            for rank, (_, _, full_id) in enumerate(sorted(found)):
                candidate = norms.setdefault(full_id, Candidate(full_id))
                candidate.score = CITATION_SCORE - rank + best
                candidate.cited = True
                candidate.direct = True
            if found:
                break  # the most specific designator that exists decides; broader ones would only add noise

    def _content_matches(self, candidate: Candidate | None, name_terms: set[str]) -> int:
        """How many of the query's words a provision's text matched, besides the words naming acts."""
        if candidate is None:
            return 0
        return sum(1 for word in candidate.matched if not set(analyze(word)) <= name_terms)

    @staticmethod
    def _words_and_terms(text: str) -> tuple[list[str], list[str]]:
        """The words of `text` and their analysed terms, pairwise (one term per word; hyphen parts left out)."""
        words = [w for w in text.split() if analyze(w)]
        return words, [analyze(w)[0] for w in words]

    def _apply_graph(self, cases: dict[str, Candidate], norms: dict[str, Candidate], services: dict[str, Candidate]) -> None:
        """Lend the best cases' scores to the provisions they cite and the services they involved."""
        top = [c for c in _ranked(cases)[:GRAPH_CASES] if c.score >= 0.3]
        if not top:
            return
        db = self.snap.db()
        marks = ",".join("?" * len(top))
        weights = {c.id: c.score for c in top}
        links = (
            ("norm", norms, f"SELECT case_id, provision_id AS target FROM case_norms WHERE provision_id IS NOT NULL AND case_id IN ({marks})"),
            ("service", services, f"SELECT case_id, service_id AS target FROM case_services WHERE case_id IN ({marks})"),
        )
        for doctype, found, sql in links:
            rows = db.execute(sql, list(weights)).fetchall()
            admitted = self._admitted(doctype, sorted({r["target"] for r in rows} - set(found))) | set(found)
            lent: dict[str, tuple[float, str]] = {}
            for row in rows:
                if row["target"] in admitted:
                    lent[row["target"]] = max(lent.get(row["target"], (0.0, "")), (weights[row["case_id"]], row["case_id"]))
            for target, (case_score, case_id) in lent.items():
                candidate = found.get(target)
                if candidate is None:
                    candidate = found[target] = Candidate(target, direct=False, via=case_id)
                candidate.score += GRAPH_WEIGHT * case_score

    def _general_routes(self) -> dict[str, Candidate]:
        """Ombudsman offices, state legal aid and hotlines: of the client's city and region and national ones."""
        marks = ",".join("?" * len(GENERAL_ROUTES))
        rows = self.snap.db().execute(f"SELECT DISTINCT id, city FROM services WHERE kind IN ({marks})", GENERAL_ROUTES).fetchall()
        admitted = self._admitted("service", sorted({r["id"] for r in rows}))
        found = {r["id"]: Candidate(r["id"], score=1.0 if r["city"] == "national" else 0.5) for r in rows if r["id"] in admitted}
        if not self.city:
            return {i: c for i, c in found.items() if any(r["id"] == i and r["city"] == "national" for r in rows)}
        return self._by_place(found)

    def _by_place(self, services: dict[str, Candidate]) -> dict[str, Candidate]:
        """Order services city → region → national, dropping other places when a city is given."""
        if not self.city or not services:
            return services
        db = self.snap.db()
        region_row = db.execute("SELECT region FROM vocab WHERE section = 'places' AND key = ?", (self.city,)).fetchone()
        region = region_row["region"] if region_row else None
        kept: dict[str, Candidate] = {}
        marks = ",".join("?" * len(services))
        rows = db.execute(
            f"SELECT DISTINCT s.id, s.city, v.region FROM services s LEFT JOIN vocab v ON v.section = 'places' AND v.key = s.city WHERE s.id IN ({marks})",
            list(services),
        )
        for row in rows:
            if row["city"] == self.city:
                tier = 3.0
            elif region and row["region"] == region:
                tier = 2.0
            elif row["city"] == "national" or row["region"] == "national":
                tier = 1.0
            else:
                continue
            candidate = services[row["id"]]
            candidate.score = tier * 10 + min(candidate.score, 9.99)
            kept[row["id"]] = candidate
        return kept

    def _remedies(self, scores: np.ndarray, covered: np.ndarray, cases: dict[str, Candidate], depth: int) -> list[dict[str, Any]]:
        """The ladders matching the query's text or the violation types of the best cases (see search/remedies.py)."""
        own = self._merge(self._leading(scores, "remedy", depth), set(), covered, "remedy")
        _normalise(own)
        db = self.snap.db()
        best = _ranked(cases)[: next_steps.CASES_CONSIDERED]
        marks = ",".join("?" * len(best))
        case_violations = dict(db.execute(f"SELECT id, violations FROM cases WHERE id IN ({marks})", [c.id for c in best]).fetchall()) if best else {}
        weights = next_steps.violation_weights((c.score, json.loads(case_violations.get(c.id) or "[]")) for c in best)
        ladders = {row["id"]: json.loads(row["violations"]) for row in db.execute("SELECT DISTINCT id, violations FROM remedies")}
        admitted = self._admitted("remedy", sorted(ladders))
        ranked = next_steps.rank({i: c.score for i, c in own.items()}, weights, {i: v for i, v in ladders.items() if i in admitted})
        return [self._remedy_row(own.get(i) or Candidate(i, score=score), score) for i, score in ranked]

    # -- rows -----------------------------------------------------------------

    def _entry_rows(self, kind: Kind, scores: np.ndarray, covered: np.ndarray, depth: int) -> list[dict[str, Any]]:
        """A searched kind's list beyond the built-in four: its entries by score, each with title, snippet and page."""
        found = self._merge(self._leading(scores, kind.doctype, depth), set(), covered, kind.doctype)
        _normalise(found)
        rows = []
        for c in _ranked(found):
            row = self._pick(kind.table, c, ("id", "lang", kind.title_field, "text"))
            rows.append({
                "id": row["id"],
                "title": row[kind.title_field],
                "lang": row["lang"],
                "snippet": self._snippet(row["text"] or "", row[kind.title_field]),
                "matched": sorted(c.matched),
                "url": f"/{kind.folder}/{row['id']}",
                "score": round(c.score, 4),
            })
        return rows

    def _pick(self, table: str, candidate: Candidate, columns: tuple[str, ...] | None = None) -> Any:
        """The row of the candidate's best language version (preferred language first)."""
        db = self.snap.db()
        order = [self.filters.get("language", ""), self.lang or "", candidate.lang or "", "ru", "en", "kk"]
        selected = ", ".join(columns or ROW_COLUMNS[table])
        rows = {r["lang"]: r for r in db.execute(f"SELECT {selected} FROM {table} WHERE id = ?", (candidate.id,))}
        for lang in order:
            if lang in rows:
                return rows[lang]
        return next(iter(rows.values()), None)

    def _snippet(self, text: str, title: str = "") -> str:
        """The best passage of the text (else the title) with the query's words and synonyms marked, HTML-escaped."""
        return snippet(text, self.highlight_terms) or snippet(title, self.highlight_terms) or plain(text)

    def _norm_row(self, c: Candidate) -> dict[str, Any]:
        """A norm of the result: our summary of the provision, else its official text (`source` says which)."""
        row = self._pick("provisions", c)
        source = "summary"
        if row is None:
            row = self._official_row(c)
            source = "official"
        return {
            "id": row["id"],
            "act": row["act_id"],
            "title": ". ".join(filter(None, [row["designator"], row["title"]])),
            "act_title": self.snap.act_titles.get((row["act_id"], row["lang"]), ""),
            "citation": row["citation"],
            "status": row["status"],
            "replaced_by": self._replaced_by(row),
            **self._validity(row["act_id"]),
            "replaces": c.replaces,
            "via": None if c.direct else c.via,
            "lang": row["lang"],
            "snippet": self._snippet(row["text"], row["title"]),
            "matched": sorted(c.matched),
            "cited": c.cited,
            "url": f"/laws/{row['act_id']}/{row['local_id']}",
            "score": round(c.score, 4),
            "source": source,
        }

    def _official_row(self, c: Candidate) -> dict[str, Any]:
        """An official-only provision in the shape of a provisions row (its act's status; no citation of our own)."""
        row = dict(self._pick("official_texts", c, ("id", "lang", "act_id", "local_id", "designator", "title", "text")))
        status = self.snap.act_status.get(row["act_id"], "in_force")
        return {**row, "citation": "", "status": status, "replaced_by": None}

    def _validity(self, act_id: str) -> dict[str, str | None]:
        """The first and last day the provision's act applied, as the kb records them."""
        valid_from, valid_until, _ = self.snap.act_dates.get(act_id, (None, None, None))
        return {"valid_from": valid_from, "valid_until": valid_until}

    def _replaced_by(self, row: Any) -> dict[str, Any] | None:
        """For a repealed provision: the act that replaced its act, and the provisions that replaced it (as far as the kb maps them)."""
        if row["status"] != "repealed":
            return None
        act = self.snap.act_dates.get(row["act_id"], (None, None, None))[2]
        provisions = self._replacement_ids(row["id"])
        if not act and not provisions:
            return None
        return {"act": act, "provisions": provisions}

    def _case_row(self, c: Candidate) -> dict[str, Any]:
        row = self._pick("cases", c)
        return {
            "id": row["id"],
            "title": row["title"],
            "outcome": row["outcome"],
            "date": row["date"],
            "city": row["city"],
            "lang": row["lang"],
            "snippet": self._snippet(row["text"], row["title"]),
            "matched": sorted(c.matched),
            "url": f"/cases/{row['id']}",
            "score": round(c.score, 4),
        }

    def _service_row(self, c: Candidate) -> dict[str, Any]:
        row = self._pick("services", c)
        return {
            "id": row["id"],
            "name": row["name"],
            "kind": row["kind"],
            "city": row["city"],
            "phones": json.loads(row["phones"]) if row["phones"] else [],
            "checked": row["checked"],
            "lang": row["lang"],
            "snippet": self._snippet(row["text"], row["name"]),
            "matched": sorted(c.matched),
            "url": f"/services/{row['id']}",
            "score": round(c.score, 4),
        }

    def _remedy_row(self, c: Candidate, score: float) -> dict[str, Any]:
        row = self._pick("remedies", c)
        steps = json.loads(row["steps"])
        return {
            "id": row["id"],
            "title": row["title"],
            "violations": json.loads(row["violations"]),
            "first_step": {k: steps[0].get(k) for k in ("title", "addressee", "deadline")} if steps else None,
            "lang": row["lang"],
            "url": f"/remedies/{row['id']}",
            "score": round(score, 4),
        }


def _normalise(found: dict[str, Candidate]) -> None:
    """Scale scores to 0..1 by the best hit, so lists can lend scores to each other."""
    best = max((c.score for c in found.values()), default=0.0)
    if best > 0:
        for c in found.values():
            c.score /= best


def _ranked(found: dict[str, Candidate]) -> list[Candidate]:
    return sorted(found.values(), key=lambda c: (-c.score, c.id))


def _replace_word(text: str, wrong: str, right: str) -> str:
    return " ".join(right if fold(w) == wrong else w for w in text.split(" "))


__all__ = ["IndexMissing", "SearchEngine"]
