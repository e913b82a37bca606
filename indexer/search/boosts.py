"""What moves an entry up or down its list beyond its text's score.

- the query's words in order (within a few positions): a bonus;
- provisions the query cites ("ст. 14 Конституции") go first;
- the best cases lend their scores to the provisions they cite and the services they involved;
- norms and cases sharing a violation type with the list's leading hits rise (feedback);
- the services the leading escalation ladder's first step is addressed to are lifted;
- services are ordered by place: the client's city, its region, then national ones (weak local matches
  with the national ones);
- norms: cited, then found by text, then pulled in through cases (in force before
  repealed), each repealed provision followed by what replaced it.

Each function takes the candidates it changes as an argument.
"""

from __future__ import annotations

import json
from sqlite3 import Connection

import numpy as np

from indexer.analysis import analyze, fold
from indexer.analysis.stopwords import is_stopword
from indexer.analysis.text import bare
from indexer.search.positions import with_sequence
from indexer.search.results import RemedyHit
from indexer.search.selection import Candidate, Scope, admitted, best_first, ranked
from indexer.search.snapshot import KIND_ORDER

# Documents holding the query's words in order (within a few positions) score this much more.
PHRASE_FACTOR = 1.5
IN_ORDER_CHECKED = 10
IN_ORDER_TERMS = 8
IN_ORDER_FIELDS = ("title", "body")
# How much a top case lends to the provisions it cites and the services it involved.
GRAPH_WEIGHT = 0.5
GRAPH_CASES = 5
CITATION_SCORE = 100.0
# A provision or case sharing a violation type with the list's leading hits scores up to this much more (feedback).
FEEDBACK_WEIGHT = 0.4
FEEDBACK_DEPTH = 5
MAX_CITED_PARTS = 4
# What the first step of the leading escalation ladder lends to the services it is addressed to.
FIRST_STEP_WEIGHT = 0.5
# Contacts of the kinds the leading ladder's violation comes from (`against`) score at most this share of the
# first step's weakest contact.
BELOW_FACTOR = 0.99
# A city's or region's service weaker than this (of the best's score) is ranked with the national ones,
# unless it is a general route.
LOCAL_MIN_SCORE = 0.5
# When nothing matches, these contacts of the client's city, region and the whole country are offered:
# they help with any violation.
GENERAL_ROUTES = ("ombudsman", "legal-aid", "hotline")

# -- words in order -----------------------------------------------------------


def in_order(scope: Scope, docs: list[int], covered: np.ndarray) -> set[int]:
    """Which of `docs` hold the query's words in order (within a few positions).

    Positions are read only at these documents, and only at those that
    matched every one of the words: that is what makes the bonus affordable.
    """
    terms: list[str] = []
    needed = 0  # bit mask of the words whose terms are checked
    for index, word_terms in enumerate(scope.plan.word_terms):
        word = scope.parsed.words[index]
        if is_stopword(word) or is_stopword(scope.plan.corrections.get(fold(bare(word)), word)):  # as typed or read («iz-za»)
            continue
        for term in word_terms:
            if len(terms) < IN_ORDER_TERMS:
                terms.append(term)
                needed |= 1 << index
    if needed.bit_count() < 2 or len(terms) < 2 or not docs:
        return set()
    docs = [d for d in docs if int(covered[d]) & needed == needed]
    lengths = {f: scope.snap.impacts.field_lengths(f) for f in IN_ORDER_FIELDS}
    return with_sequence(scope.searcher, IN_ORDER_FIELDS, terms, docs, slop=3, lengths=lengths, impacts=scope.snap.impacts)


def with_order_bonus(scope: Scope, leading: list[tuple[float, int]], in_order: set[int]) -> list[tuple[float, int]]:
    """The (score, document) pairs with the in-order bonus applied, best first."""
    return best_first(scope, ((s * PHRASE_FACTOR if d in in_order else s, d) for s, d in leading))


# -- cited provisions -----------------------------------------------------------


def apply_citations(scope: Scope, norms: dict[str, Candidate]) -> None:
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
    local_ids, rest = scope.plan.cited_ids, scope.plan.citation_rest
    if not local_ids:
        return
    rest_terms = {t for word, t in zip(*_words_and_terms(rest), strict=True) if not is_stopword(word)}
    overlaps = [(len(rest_terms & act.terms), act) for act in scope.snap.act_names]
    best = max((o for o, _ in overlaps), default=0)
    if rest_terms and not best:
        return
    acts = [a for o, a in overlaps if o == best]
    named_whole = [a for a in acts if any(name <= rest_terms for name in a.names)]
    acts = sorted(named_whole or acts, key=lambda a: (a.status != "in_force", KIND_ORDER.get(a.kind, 9), a.id))
    name_terms = set().union(*(a.terms for a in acts)) if acts else set()
    db = scope.snap.db()
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
            passing = admitted(scope, "norm", ids)
            for full_id in [i for i in ids if i in passing][:MAX_CITED_PARTS]:
                found.append((-_content_matches(norms.get(full_id), name_terms), order, full_id))
        for rank, (_, _, full_id) in enumerate(sorted(found)):
            candidate = norms.setdefault(full_id, Candidate(full_id))
            candidate.score = CITATION_SCORE - rank + best
            candidate.cited = True
            candidate.direct = True
        if found:
            break  # the most specific designator that exists decides; broader ones would only add noise


def _content_matches(candidate: Candidate | None, name_terms: set[str]) -> int:
    """How many of the query's words a provision's text matched, besides the words naming acts."""
    if candidate is None:
        return 0
    return sum(1 for word in candidate.matched if not set(analyze(word)) <= name_terms)


def _words_and_terms(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` and their analysed terms, pairwise (one term per word; hyphen parts left out)."""
    words = [w for w in text.split() if analyze(w)]
    return words, [analyze(w)[0] for w in words]


# -- cases lend their scores ----------------------------------------------------


def apply_graph(scope: Scope, cases: dict[str, Candidate], norms: dict[str, Candidate], services: dict[str, Candidate]) -> None:
    """Lend the best cases' scores to the provisions they cite and the services they involved."""
    top = [c for c in ranked(cases)[:GRAPH_CASES] if c.score >= 0.3]
    if not top:
        return
    db = scope.snap.db()
    marks = ",".join("?" * len(top))
    weights = {c.id: c.score for c in top}
    links = (
        ("norm", norms, f"SELECT case_id, provision_id AS target FROM case_norms WHERE provision_id IS NOT NULL AND case_id IN ({marks})"),
        ("service", services, f"SELECT case_id, service_id AS target FROM case_services WHERE case_id IN ({marks})"),
    )
    for doctype, found, sql in links:
        rows = db.execute(sql, list(weights)).fetchall()
        passing = admitted(scope, doctype, sorted({r["target"] for r in rows} - set(found))) | set(found)
        lent: dict[str, tuple[float, str]] = {}
        for row in rows:
            if row["target"] in passing:
                lent[row["target"]] = max(lent.get(row["target"], (0.0, "")), (weights[row["case_id"]], row["case_id"]))
        for target, (case_score, case_id) in lent.items():
            candidate = found.get(target)
            if candidate is None:
                candidate = found[target] = Candidate(target, direct=False, via=case_id)
            candidate.score += GRAPH_WEIGHT * case_score


# -- feedback: what the leading hits are about -----------------------------------


def apply_feedback(scope: Scope, found: dict[str, Candidate], doctype: str) -> None:
    """Lift the entries that share a violation type with the list's leading hits (`doctype`: norm or case).

    A query's words rarely name the violation, but the best matches mostly share one, and an entry matched
    on the same words that is about something else is usually noise: for «вичевой» (slang for HIV-positive)
    the Constitution's article on freedom of association came first, above the Health Code's guarantees for
    people with HIV that the other leading hits (denial of health care, discrimination) are about. Each
    violation weighs the summed scores of the FEEDBACK_DEPTH leading hits tagged with it (the heaviest: 1); an
    entry's score is raised by FEEDBACK_WEIGHT times the weight of its heaviest violation. Only entries
    already found move. A query citing a provision says what it wants: nothing moves.
    """
    if not found or scope.plan.cited_ids:
        return
    violations = scope.snap.violations(doctype, list(found))
    weights: dict[str, float] = {}
    for candidate in ranked(found)[:FEEDBACK_DEPTH]:
        for violation in violations.get(candidate.id, ()):
            weights[violation] = weights.get(violation, 0.0) + candidate.score
    heaviest = max(weights.values(), default=0.0)
    if heaviest <= 0:
        return
    for candidate in found.values():
        tagged = violations.get(candidate.id)
        # An entry tagged with no violation (Criminal Code art. 118, infecting someone) is not known to be
        # about something else: it moves with the leading hits.
        share = max(weights.get(v, 0.0) for v in tagged) / heaviest if tagged else 1.0
        candidate.score *= 1 + FEEDBACK_WEIGHT * share


# -- services: whom the first step turns to --------------------------------------


def apply_first_step(scope: Scope, ladder: RemedyHit | None, services: dict[str, Candidate]) -> None:
    """Lift the services of the kind the leading ladder's first step is addressed to.

    For police violence the first step is a complaint to the prosecutor: the
    prosecutor's offices are lifted above the contacts that merely share the
    query's words (police 102 shares "police" and "violence"). Without a city
    only national services are lifted and pulled in: seventeen regional offices
    of one kind would otherwise fill the list. With a city, the city's and its
    region's ones are pulled in too (`by_place` then drops other regions).
    Contacts of the kinds the ladder's violation comes from (its `against`) then
    go below every lifted one.
    """
    kind = (ladder.first_step or {}).get("addressee") if ladder else None
    if ladder is None or not kind:
        return
    region = scope.region
    rows = scope.snap.db().execute(
        "SELECT DISTINCT s.id, s.city, v.region FROM services s LEFT JOIN vocab v ON v.section = 'places' AND v.key = s.city WHERE s.kind = ?",
        (kind,),
    )
    near = {r["id"] for r in rows if r["city"] in ("national", scope.city or "national") or (region and r["region"] == region)}
    lifted: list[Candidate] = []
    for service_id in admitted(scope, "service", sorted(near)):
        candidate = services.get(service_id)
        if candidate is None:
            candidate = services[service_id] = Candidate(service_id, direct=False)
        candidate.score += FIRST_STEP_WEIGHT
        candidate.first_step_of = ladder.id
        lifted.append(candidate)
    if lifted:
        _below(scope, ladder, services, min(c.score for c in lifted))


def _below(scope: Scope, ladder: RemedyHit, services: dict[str, Candidate], ceiling: float) -> None:
    """Put the contacts of the kinds the ladder's violation comes from (`against`: the police, for police
    violence) just below `ceiling`, the first step's weakest contact: a client the police beat is sent to the
    prosecutor before the police line. They stay in the list: the same ladder also leads "call the police"."""
    marks = ",".join("?" * len(services))
    below = scope.snap.db().execute(
        f"SELECT DISTINCT id FROM services WHERE id IN ({marks}) AND kind IN "
        "(SELECT value FROM remedies, json_each(remedies.against) WHERE remedies.id = ?)",
        [*sorted(services), ladder.id],
    )
    for (service_id,) in below:
        services[service_id].score = min(services[service_id].score, ceiling * BELOW_FACTOR)


# -- services by place ----------------------------------------------------------


def by_place(scope: Scope, services: dict[str, Candidate]) -> dict[str, Candidate]:
    """Order services city → region → national, dropping other places when a city is given.

    A local service goes before the national ones only when it matches the query
    well (LOCAL_MIN_SCORE) or is one of the general routes, which take any
    violation: a regional health department sharing one word of «жалоба
    омбудсмену» is not put above the national ombudsman, the local ombudsman
    representative always is.
    """
    city = scope.city
    if not city or not services:
        return services
    db, region = scope.snap.db(), scope.region
    kept: dict[str, Candidate] = {}
    marks = ",".join("?" * len(services))
    rows = db.execute(
        f"SELECT DISTINCT s.id, s.city, s.kind, v.region FROM services s LEFT JOIN vocab v ON v.section = 'places' AND v.key = s.city WHERE s.id IN ({marks})",
        list(services),
    )
    for row in rows:
        if row["city"] == city:
            tier = 3.0
        elif region and row["region"] == region:
            tier = 2.0
        elif row["city"] == "national" or row["region"] == "national":
            tier = 1.0
        else:
            continue
        candidate = services[row["id"]]
        if candidate.score < LOCAL_MIN_SCORE and row["kind"] not in GENERAL_ROUTES:
            tier = 1.0
        candidate.score = tier * 10 + min(candidate.score, 9.99)
        kept[row["id"]] = candidate
    return kept


def general_routes(scope: Scope) -> dict[str, Candidate]:
    """Ombudsman offices, state legal aid and hotlines: of the client's city and region and national ones."""
    marks = ",".join("?" * len(GENERAL_ROUTES))
    rows = scope.snap.db().execute(f"SELECT DISTINCT id, city FROM services WHERE kind IN ({marks})", GENERAL_ROUTES).fetchall()
    passing = admitted(scope, "service", sorted({r["id"] for r in rows}))
    found = {r["id"]: Candidate(r["id"], score=1.0 if r["city"] == "national" else 0.5) for r in rows if r["id"] in passing}
    if not scope.city:
        return {i: c for i, c in found.items() if any(r["id"] == i and r["city"] == "national" for r in rows)}
    return by_place(scope, found)


# -- norms: tiers and replacements ----------------------------------------------


class ProvisionFacts:
    """Status and mapped replacements of provisions, read in batches as one search asks for them."""

    def __init__(self, db: Connection) -> None:
        self._db = db
        # Provision id → (status, replacing provision ids).
        self._facts: dict[str, tuple[str, list[str]]] = {}

    def load(self, ids: list[str]) -> None:
        """Read the facts of these provisions in one query (those not read yet)."""
        todo = [i for i in ids if i not in self._facts]
        if not todo:
            return
        marks = ",".join("?" * len(todo))
        for row in self._db.execute(f"SELECT id, status, replaced_by FROM provisions WHERE id IN ({marks})", todo):
            known = self._facts.get(row["id"])
            replacements = json.loads(row["replaced_by"]) if row["replaced_by"] else []
            # Translations share the status; the map may be written in one language version only.
            self._facts[row["id"]] = (row["status"], replacements or (known[1] if known else []))

    def status(self, provision_id: str) -> str | None:
        """The provision's status, when loaded and known."""
        facts = self._facts.get(provision_id)
        return facts[0] if facts else None

    def replacements(self, provision_id: str) -> list[str]:
        """The provisions the kb maps a repealed provision to (its act's `replacements`)."""
        self.load([provision_id])
        return self._facts.get(provision_id, ("", []))[1]


def ranked_norms(norms: dict[str, Candidate], facts: ProvisionFacts) -> list[Candidate]:
    """Cited provisions, then those found by their text, then those pulled in through cases.

    Among the pulled-in ones, provisions in force come before repealed ones:
    a story from 2017 must not put the 1995 Constitution above today's law.
    """
    facts.load(list(norms))

    def tier(c: Candidate) -> int:
        if c.cited:
            return 0
        if c.direct:
            return 1
        return 2 if facts.status(c.id) != "repealed" else 3

    # A repealed provision that only a case pulled in is history, not an answer: it is shown only when
    # the kb knows what replaced it (and then right before its replacement).
    kept = [c for c in norms.values() if tier(c) != 3 or facts.replacements(c.id)]
    return sorted(kept, key=lambda c: (tier(c), -c.score, c.id))


def with_replacements(scope: Scope, ranked_norms: list[Candidate], facts: ProvisionFacts) -> list[Candidate]:
    """Each repealed provision followed by the provisions that replaced it (pulled in when not found)."""
    repealed = [c.id for c in ranked_norms if facts.replacements(c.id)]
    if not repealed:
        return ranked_norms
    by_id = {c.id: c for c in ranked_norms}
    out: list[Candidate] = []
    placed: set[str] = set()
    for c in ranked_norms:
        if c.id in placed:
            continue
        out.append(c)
        placed.add(c.id)
        for target in facts.replacements(c.id):
            if target in placed or not admitted(scope, "norm", [target]):
                continue
            replacement = by_id.get(target) or Candidate(target, score=c.score, direct=False)
            replacement.replaces = c.id
            out.append(replacement)
            placed.add(target)
    return out
