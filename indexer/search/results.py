"""A search's result as typed objects: one dataclass per kind of hit, and the result set.

`to_dict()` gives the JSON object of `kb search --json` (README, "kb search --json").
Hits carry no web addresses: the web app adds each hit's page (app/links.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# Metadata of a field kept for the app (to build a page address) but not part of the JSON.
NOT_IN_JSON = {"json": False}


@dataclass
class Hit:
    """What every hit has; the fields are in the order of the JSON object."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("json", True)}


@dataclass
class NormHit(Hit):
    """A provision: our summary of it, or its official text when we have none (`source`)."""

    id: str
    act: str
    title: str
    act_title: str
    citation: str
    status: str
    replaced_by: dict[str, Any] | None
    valid_from: str | None
    valid_until: str | None
    replaces: str | None
    via: str | None
    lang: str
    snippet: str
    matched: list[str]
    cited: bool
    score: float
    source: str
    local_id: str = field(default="", metadata=NOT_IN_JSON)


@dataclass
class CaseHit(Hit):
    id: str
    title: str
    outcome: str
    date: str
    city: str | None
    lang: str
    snippet: str
    matched: list[str]
    score: float


@dataclass
class ServiceHit(Hit):
    id: str
    name: str
    kind: str
    city: str
    phones: list[Any]
    checked: str | None
    lang: str
    snippet: str
    matched: list[str]
    score: float
    # The case that involved it, when its own text did not match the query.
    via: str | None = None
    # The next-steps ladder whose first step goes to services of its kind.
    first_step_of: str | None = None


@dataclass
class RemedyHit(Hit):
    """An escalation ladder, with its first step."""

    id: str
    title: str
    violations: list[str]
    first_step: dict[str, Any] | None
    lang: str
    score: float


@dataclass
class EntryHit(Hit):
    """An entry of a searched kind beyond the built-in four (indexer/kinds/)."""

    id: str
    title: str
    lang: str
    snippet: str
    matched: list[str]
    score: float


@dataclass
class SearchResult:
    """The lists of one search and what the page says about the query."""

    query: str
    norms: list[NormHit] = field(default_factory=list)
    cases: list[CaseHit] = field(default_factory=list)
    services: list[ServiceHit] = field(default_factory=list)
    remedies: list[RemedyHit] = field(default_factory=list)
    # "Did you mean": the query with its unknown words corrected.
    suggestion: str | None = None
    # Everyday words found in the lexicon, with the concepts they were also searched as.
    expanded: list[dict[str, Any]] = field(default_factory=list)
    # The lists of the other searched kinds, by list name.
    others: dict[str, list[EntryHit]] = field(default_factory=dict)
    # Said when the query was cut to the length limit.
    notice: str | None = None
    # Set when nothing matched: whether the services are the general routes offered instead.
    fallback: bool | None = None
    took_ms: float = 0.0

    def hits(self, name: str) -> list[Any]:
        """The hits of the list called `name` (norms, cases, services, remedies or another kind's list)."""
        return getattr(self, name) if name in ("norms", "cases", "services", "remedies") else self.others[name]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object, its keys in their documented order (`notice` and `fallback` only when set)."""
        out: dict[str, Any] = {"query": self.query}
        for name in ("norms", "cases", "services", "remedies"):
            out[name] = [hit.to_dict() for hit in getattr(self, name)]
        out["suggestion"] = self.suggestion
        out["expanded"] = self.expanded
        out.update((name, [hit.to_dict() for hit in hits]) for name, hits in self.others.items())
        if self.notice is not None:
            out["notice"] = self.notice
        if self.fallback is not None:
            out["fallback"] = self.fallback
        out["took_ms"] = self.took_ms
        return out
