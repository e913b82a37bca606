"""Everyday and slang words mapped to the legal concepts they stand for (kb/lexicon.yaml).

Clients and REActors say «менты», «избили», «нашақор», "kicked out"; the law says
police, bodily harm, drug dependence, eviction. A lexicon entry maps such words
to thesaurus groups. It is applied to queries only, below the literal word and
the thesaurus, and the search result says what it added ("also searched for").
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.analysis.text import analyze
from indexer.analysis.thesaurus import MAX_PHRASE_TERMS, Thesaurus

TOPICS = (
    "police", "violence", "drugs", "prison", "sex-work", "lgbt", "hiv", "work", "housing", "school",
    "health-care", "family", "migration", "documents", "courts", "money",
)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One entry as written: the everyday words and the thesaurus members they mean."""

    words: tuple[str, ...]
    means: tuple[str, ...]
    topic: str


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """A run of query terms [start, end) that is an everyday word, with the concept groups it means."""

    start: int
    end: int
    groups: tuple[int, ...]
    means: tuple[str, ...]


class Lexicon:
    """Finds everyday words in analysed query terms."""

    def __init__(self, entries: list[LexiconEntry], thesaurus: Thesaurus) -> None:
        self.entries = entries
        self._index: dict[tuple[str, ...], tuple[tuple[int, ...], tuple[str, ...]]] = {}
        for entry in entries:
            groups = tuple(dict.fromkeys(g for meant in entry.means for g in thesaurus.groups_of(meant)))
            if not groups:
                continue
            for word in entry.words:
                terms = tuple(analyze(word))
                if terms:
                    self._index.setdefault(terms, (groups, entry.means))

    @classmethod
    def from_json(cls, entries: list[dict], thesaurus: Thesaurus) -> Lexicon:
        """The lexicon as a build stored it (the entries `load_lexicon` kept)."""
        return cls([LexiconEntry(tuple(e["words"]), tuple(e["means"]), e["topic"]) for e in entries], thesaurus)

    def __len__(self) -> int:
        return len(self.entries)

    def knows(self, terms: list[str]) -> bool:
        """True when these analysed terms are an everyday word of the lexicon."""
        return tuple(terms) in self._index

    def matches(self, terms: list[str]) -> list[LexiconMatch]:
        """Everyday words in a sequence of analysed terms, the longest at each position."""
        found: list[LexiconMatch] = []
        i = 0
        while i < len(terms):
            for n in range(min(MAX_PHRASE_TERMS, len(terms) - i), 0, -1):
                hit = self._index.get(tuple(terms[i : i + n]))
                if hit:
                    found.append(LexiconMatch(i, i + n, *hit))
                    i += n
                    break
            else:
                i += 1
        return found
