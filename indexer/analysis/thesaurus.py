"""Synonym groups across languages, matched on analysed terms.

A group is a list of words or phrases that mean the same thing for search
("HIV", "ВИЧ", "АИТВ", "вирус иммунодефицита человека"). Each member is
analysed with the shared pipeline, so an inflected query word ("ВИЧ-инфицированного")
finds its group the same way the index finds the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.analysis.text import analyze, says_not

# Longest phrase, in terms, that the matcher looks for.
MAX_PHRASE_TERMS = 6


@dataclass(frozen=True, slots=True)
class SynonymMatch:
    """A run of query terms [start, end) that belongs to a synonym group."""

    start: int
    end: int
    group: int
    alternatives: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...]


class Thesaurus:
    """Looks up the synonym groups of analysed query terms."""

    def __init__(self, groups: list[list[str]]) -> None:
        self.groups = [list(g) for g in groups]
        self._members: list[list[tuple[str, ...]]] = []
        self._index: dict[tuple[str, ...], list[int]] = {}
        self._phrases: dict[tuple[str, ...], str] = {}
        # (analysed member, group) whose every phrase in that group says "not" in Kazakh («емдемеді» "did not treat"
        # in denial of medical care): its terms are those of «емдеді» "treated" (see `matches`).
        self._negated: set[tuple[tuple[str, ...], int]] = set()
        for number, group in enumerate(self.groups):
            analysed: list[tuple[str, ...]] = []
            saying: dict[tuple[str, ...], list[bool]] = {}
            for phrase in group:
                terms = tuple(analyze(phrase))
                if not terms:
                    continue
                saying.setdefault(terms, []).append(says_not(phrase))
                if terms not in analysed:
                    analysed.append(terms)
                    self._index.setdefault(terms, []).append(number)
                    self._phrases.setdefault(terms, phrase)
            self._negated.update((terms, number) for terms, says in saying.items() if all(says))
            self._members.append(analysed)

    def __len__(self) -> int:
        return len(self.groups)

    def __contains__(self, terms: tuple[str, ...]) -> bool:
        """True when these analysed terms are a member of some group (a word of the kb's vocabulary)."""
        return terms in self._index

    def members(self, group: int) -> list[tuple[str, ...]]:
        """The analysed members of group number `group`."""
        return self._members[group]

    def groups_of(self, phrase: str) -> list[int]:
        """The groups a word or phrase, as written in the thesaurus or inflected, belongs to."""
        return list(self._index.get(tuple(analyze(phrase)), []))

    def phrase(self, terms: tuple[str, ...]) -> str:
        """The thesaurus entry, as written, behind analysed terms."""
        return self._phrases.get(terms, " ".join(terms))

    def matches(self, terms: list[str], *, nested: bool = False, negated: list[bool] | None = None) -> list[SynonymMatch]:
        """Synonym groups found in a sequence of analysed terms.

        By default the longest phrase at a position wins and the words it covers
        are not looked at again (a query: "центр ресоциализации" is one concept).
        With nested=True every phrase found is reported, shorter ones inside
        longer ones too (a document: it mentions both the centre and resocialization).
        `negated` (a query's) says which terms come from a Kazakh word saying "not": a member that says it
        («ауруханаға жатқызбады», denial of medical care) then matches only where one of its terms does, not
        «ауруханаға жатқызды» ("admitted to hospital"), whose terms are the same.
        """
        found: list[SynonymMatch] = []
        i = 0
        while i < len(terms):
            lengths = [n for n in range(min(MAX_PHRASE_TERMS, len(terms) - i), 0, -1) if tuple(terms[i : i + n]) in self._index]
            if not nested:
                lengths = lengths[:1]
            for n in lengths:
                key = tuple(terms[i : i + n])
                for group in self._index[key]:
                    if negated is not None and (key, group) in self._negated and not any(negated[i : i + n]):
                        continue
                    alternatives = tuple(m for m in self._members[group] if m != key)
                    found.append(SynonymMatch(i, i + n, group, alternatives, tuple(self.groups[group])))
            i += lengths[0] if lengths and not nested else 1
        return found
