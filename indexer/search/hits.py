"""Candidates made into the typed hits of the result (results.py): each entry's best language version, its snippet.

An entry is shown in the language of the language filter, else the client's,
else the language its best match was in, else Russian, English, Kazakh.
The rows of a list's entries are read in one query (`versions`), not one per hit.
"""

from __future__ import annotations

import json
from typing import Any

from indexer.kinds import Kind
from indexer.search.boosts import ProvisionFacts
from indexer.search.results import CaseHit, EntryHit, NormHit, RemedyHit, ServiceHit
from indexer.search.selection import Candidate, Scope
from indexer.search.snippets import plain, snippet

# What a hit needs of each table (not the rendered HTML).
ROW_COLUMNS = {
    "provisions": ("id", "lang", "act_id", "local_id", "designator", "title", "citation", "status", "replaced_by", "text"),
    "cases": ("id", "lang", "title", "outcome", "date", "city", "text"),
    "services": ("id", "lang", "name", "kind", "city", "phones", "checked", "text"),
    "remedies": ("id", "lang", "title", "violations", "steps"),
}


# Language versions of entries: entry id → language → row.
Versions = dict[str, dict[str, Any]]


def versions(scope: Scope, table: str, ids: list[str], columns: tuple[str, ...] | None = None) -> Versions:
    """The rows of these entries' language versions, in one query (each entry's in the order of its languages)."""
    if not ids:
        return {}
    selected = ", ".join(columns or ROW_COLUMNS[table])
    marks = ",".join("?" * len(ids))
    found: Versions = {}
    for row in scope.snap.db().execute(f"SELECT {selected} FROM {table} WHERE id IN ({marks}) ORDER BY id, lang", ids):
        found.setdefault(row["id"], {})[row["lang"]] = row
    return found


def pick(scope: Scope, candidate: Candidate, rows: Versions) -> Any:
    """The row of the candidate's best language version (preferred language first), None when it has none."""
    own = rows.get(candidate.id, {})
    for lang in (scope.filters.get("language", ""), scope.lang or "", candidate.lang or "", "ru", "en", "kk"):
        if lang in own:
            return own[lang]
    return next(iter(own.values()), None)


def marked(scope: Scope, text: str, title: str = "") -> str:
    """The best passage of the text (else the title) with the query's words and synonyms marked, HTML-escaped."""
    terms = scope.plan.highlight_terms
    return snippet(text, terms) or snippet(title, terms) or plain(text)


def norm_hits(scope: Scope, facts: ProvisionFacts, candidates: list[Candidate]) -> list[NormHit]:
    """The norms of the result (see `norm_hit`)."""
    rows = versions(scope, "provisions", [c.id for c in candidates])
    return [norm_hit(scope, facts, c, pick(scope, c, rows)) for c in candidates]


def norm_hit(scope: Scope, facts: ProvisionFacts, c: Candidate, row: Any) -> NormHit:
    """A norm of the result: our summary of the provision (its `row`), else its official text (`source` says which)."""
    source = "summary"
    if row is None:
        row = _official_row(scope, c)
        source = "official"
    valid_from, valid_until, _ = scope.snap.act_dates.get(row["act_id"], (None, None, None))
    return NormHit(
        id=row["id"],
        act=row["act_id"],
        title=". ".join(filter(None, [row["designator"], row["title"]])),
        act_title=scope.snap.act_titles.get((row["act_id"], row["lang"]), ""),
        citation=row["citation"],
        status=row["status"],
        replaced_by=_replaced_by(scope, facts, row),
        valid_from=valid_from,
        valid_until=valid_until,
        replaces=c.replaces,
        via=None if c.direct else c.via,
        lang=row["lang"],
        snippet=marked(scope, row["text"], row["title"]),
        matched=sorted(c.matched),
        cited=c.cited,
        score=round(c.score, 4),
        source=source,
        local_id=row["local_id"],
    )


def _official_row(scope: Scope, c: Candidate) -> dict[str, Any]:
    """An official-only provision in the shape of a provisions row (its act's status; cited as the act and article, in the text's language)."""
    columns = ("id", "lang", "act_id", "local_id", "designator", "title", "text", "citation")
    row = dict(pick(scope, c, versions(scope, "official_texts", [c.id], columns)))
    status = scope.snap.act_status.get(row["act_id"], "in_force")
    return {**row, "status": status, "replaced_by": None}


def _replaced_by(scope: Scope, facts: ProvisionFacts, row: Any) -> dict[str, Any] | None:
    """For a repealed provision: the act that replaced its act, and the provisions that replaced it (as far as the kb maps them)."""
    if row["status"] != "repealed":
        return None
    act = scope.snap.act_dates.get(row["act_id"], (None, None, None))[2]
    provisions = facts.replacements(row["id"])
    if not act and not provisions:
        return None
    return {"act": act, "provisions": provisions}


def case_hits(scope: Scope, candidates: list[Candidate]) -> list[CaseHit]:
    rows = versions(scope, "cases", [c.id for c in candidates])
    return [case_hit(scope, c, pick(scope, c, rows)) for c in candidates]


def case_hit(scope: Scope, c: Candidate, row: Any) -> CaseHit:
    return CaseHit(
        id=row["id"],
        title=row["title"],
        outcome=row["outcome"],
        date=row["date"],
        city=row["city"],
        lang=row["lang"],
        snippet=marked(scope, row["text"], row["title"]),
        matched=sorted(c.matched),
        score=round(c.score, 4),
    )


def service_hits(scope: Scope, candidates: list[Candidate]) -> list[ServiceHit]:
    rows = versions(scope, "services", [c.id for c in candidates])
    return [service_hit(scope, c, pick(scope, c, rows)) for c in candidates]


def service_hit(scope: Scope, c: Candidate, row: Any) -> ServiceHit:
    return ServiceHit(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        city=row["city"],
        phones=json.loads(row["phones"]) if row["phones"] else [],
        checked=row["checked"],
        lang=row["lang"],
        snippet=marked(scope, row["text"], row["name"]),
        matched=sorted(c.matched),
        score=round(c.score, 4),
        via=None if c.direct else c.via,
        first_step_of=c.first_step_of,
    )


def remedy_hits(scope: Scope, found: list[tuple[Candidate, float]]) -> list[RemedyHit]:
    """The ladders of the result, each (candidate, score)."""
    rows = versions(scope, "remedies", [c.id for c, _ in found])
    return [remedy_hit(scope, c, score, pick(scope, c, rows)) for c, score in found]


def remedy_hit(scope: Scope, c: Candidate, score: float, row: Any) -> RemedyHit:
    steps = json.loads(row["steps"])
    return RemedyHit(
        id=row["id"],
        title=row["title"],
        violations=json.loads(row["violations"]),
        first_step={k: steps[0].get(k) for k in ("title", "addressee", "deadline")} if steps else None,
        lang=row["lang"],
        score=round(score, 4),
    )


def entry_hits(scope: Scope, kind: Kind, candidates: list[Candidate]) -> list[EntryHit]:
    """The hits of a searched kind beyond the built-in four."""
    rows = versions(scope, kind.table, [c.id for c in candidates], ("id", "lang", kind.title_field, "text"))
    return [entry_hit(scope, kind, c, pick(scope, c, rows)) for c in candidates]


def entry_hit(scope: Scope, kind: Kind, c: Candidate, row: Any) -> EntryHit:
    return EntryHit(
        id=row["id"],
        title=row[kind.title_field],
        lang=row["lang"],
        snippet=marked(scope, row["text"] or "", row[kind.title_field]),
        matched=sorted(c.matched),
        score=round(c.score, 4),
    )
