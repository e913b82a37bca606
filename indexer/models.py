"""In-memory entries read from kb/: no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.kinds import Kind


@dataclass
class Provision:
    """One level-2 section of an act: an article, a paragraph, a sub-paragraph."""

    act_id: str
    local_id: str
    lang: str
    designator: str
    title: str
    body: str
    line: int
    position: int
    html: str = ""
    text: str = ""
    words: str = ""

    @property
    def full_id(self) -> str:
        return f"{self.act_id}/{self.local_id}"


@dataclass
class Entry:
    """One file of kb/: an act (with provisions), a case or a service, in one language."""

    kind: Kind
    path: str
    meta: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]
    body: str
    body_line: int
    provisions: list[Provision] = field(default_factory=list)
    html: str = ""
    text: str = ""
    words: str = ""
    # An act's capitalised words and their first lines (load.proper_words): kept with the checked entry, for check_persons.
    proper_words: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.meta.get("id", ""))

    @property
    def lang(self) -> str:
        return str(self.meta.get("lang", ""))

    def line_of(self, key: str, item: int | None = None) -> int:
        """Line of a field, or of one item of a list field."""
        if item is not None and item < len(self.item_lines.get(key, [])):
            return self.item_lines[key][item]
        return self.key_lines.get(key, 1)


@dataclass
class KnowledgeBase:
    """Everything loaded from kb/: valid entries by kind, vocabularies and the thesaurus."""

    root: str
    entries: list[Entry]
    vocab: dict[str, dict[str, dict[str, str]]]
    thesaurus: list[list[str]]
    lexicon: list[dict[str, Any]] = field(default_factory=list)

    def of_kind(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.kind.name == name]
