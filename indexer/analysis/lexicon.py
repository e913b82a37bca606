"""Everyday and slang words mapped to the legal concepts they stand for (kb/lexicon.yaml).

Clients and REActors say «менты», «избили», «нашақор», "kicked out"; the law says
police, bodily harm, drug dependence, eviction. A lexicon entry maps such words
to thesaurus groups. It is applied to queries only, below the literal word and
the thesaurus, and the search result says what it added ("also searched for").

An entry may instead name concepts that, found together anywhere in one query,
mean more than each alone (`together: [police, violence]` → torture, abuse of
office): «менты избили» is about official conduct, not a fight at home.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.analysis.text import analyze, says_not
from indexer.analysis.thesaurus import MAX_PHRASE_TERMS, Thesaurus

TOPICS = (
    "police", "violence", "drugs", "prison", "sex-work", "lgbt", "hiv", "work", "housing", "school",
    "health-care", "family", "migration", "documents", "courts", "money",
)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One entry as written: the everyday words (or the concepts found together) and the thesaurus members they mean."""

    words: tuple[str, ...]
    means: tuple[str, ...]
    topic: str
    together: tuple[str, ...] = ()


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
        self._thesaurus = thesaurus
        # Analysed everyday word → its concept groups, what they mean and whether a Kazakh word of it says "not"
        # («бермеді» "did not give", «заңсыздық» "lawlessness"): its terms are those of «береді», «заң», so the query
        # word itself must say "not" too.
        self._index: dict[tuple[str, ...], tuple[tuple[int, ...], tuple[str, ...], bool]] = {}
        # Concepts that together mean more: per entry, the groups of each named concept, and what they mean.
        self._together: list[tuple[tuple[frozenset[int], ...], tuple[int, ...], tuple[str, ...]]] = []
        for entry in entries:
            groups = tuple(dict.fromkeys(g for meant in entry.means for g in thesaurus.groups_of(meant)))
            if not groups:
                continue
            if entry.together:
                self._together.append((tuple(frozenset(thesaurus.groups_of(c)) for c in entry.together), groups, entry.means))
            for word in entry.words:
                terms = tuple(analyze(word))
                if terms:
                    self._index.setdefault(terms, (groups, entry.means, says_not(word)))

    @classmethod
    def from_json(cls, entries: list[dict], thesaurus: Thesaurus) -> Lexicon:
        """The lexicon as a build stored it (the entries `load_lexicon` kept)."""
        return cls(
            [LexiconEntry(tuple(e.get("words", ())), tuple(e["means"]), e["topic"], tuple(e.get("together", ()))) for e in entries], thesaurus
        )

    def __len__(self) -> int:
        return len(self.entries)

    def knows(self, terms: list[str]) -> bool:
        """True when these analysed terms are an everyday word of the lexicon."""
        return tuple(terms) in self._index

    def matches(self, terms: list[str], negated: list[bool] | None = None) -> list[LexiconMatch]:
        """Everyday words in a sequence of analysed terms, the longest at each position,
        then the concepts found together (their match spans the terms from the first concept to the last).

        `negated` says which terms come from a Kazakh word saying "not" (`kazakh.says_not`): an everyday word that
        does («бермеді», refusal; «заңсыздық», abuse of office) matches only where one of its terms does («береді»
        "gives" and «жұмыс беруші» "employer" have the term of «бермеді», «заң» "law" that of «заңсыздық»).
        """
        found: list[LexiconMatch] = []
        i = 0
        while i < len(terms):
            for n in range(min(MAX_PHRASE_TERMS, len(terms) - i), 0, -1):
                hit = self._index.get(tuple(terms[i : i + n]))
                if hit and (not hit[2] or (negated is not None and any(negated[i : i + n]))):
                    found.append(LexiconMatch(i, i + n, hit[0], hit[1]))
                    i += n
                    break
            else:
                i += 1
        if self._together:
            found.extend(self._concepts_together(terms, found, negated))
        return found

    def _concepts_together(self, terms: list[str], words: list[LexiconMatch], negated: list[bool] | None) -> list[LexiconMatch]:
        """The `together` entries whose every concept the query names (as a thesaurus member or an everyday word)."""
        spans = [(m.start, m.end, m.group) for m in self._thesaurus.matches(terms, negated=negated)]
        spans += [(m.start, m.end, g) for m in words for g in m.groups]
        found = []
        for needed, groups, means in self._together:
            named = [[(start, end) for start, end, g in spans if g in concept] for concept in needed]
            if all(named):
                start = min(s for places in named for s, _ in places)
                end = max(e for places in named for _, e in places)
                found.append(LexiconMatch(start, end, groups, means))
        return found
