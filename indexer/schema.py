"""What every search document has (the index's schema itself is in indexer/fulltext.py).

One index holds the documents of every searched kind (norm, case, service, remedy…),
one per entry (or provision) and language; each kind's module in indexer/kinds/ makes
its own. A query searches its title, names (act titles, aliases, vocabulary labels in
every language) and body text alike, and its thesaurus groups (`concepts`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from indexer.analysis import analyze, distinct_words
from indexer.analysis.thesaurus import MAX_PHRASE_TERMS, Thesaurus
from indexer.kinds import LANGUAGES
from indexer.models import Entry
from indexer.parallel import map_items
from indexer.vocab import Vocab


def labels(vocab: dict[str, dict[str, dict[str, str]]], section: str, keys: list[str]) -> list[str]:
    """The labels of vocabulary keys in every language: the words a document is also found by."""
    return [vocab[section][k][lang] for k in keys if k in vocab.get(section, {}) for lang in LANGUAGES if vocab[section][k].get(lang)]


def common_fields(entry: Entry) -> dict[str, Any]:
    """The fields every search document has: its language, jurisdiction and visibility."""
    meta = entry.meta
    return {"lang": entry.lang, "jurisdiction": meta.get("jurisdiction", ""), "visibility": meta.get("visibility", "public")}


def text_documents(entry: Entry, vocab: Vocab) -> Iterator[dict[str, Any]]:
    """The one document of an entry found by its title and text: what a kind without documents of its own uses."""
    kind = entry.kind
    title = str(entry.meta[kind.title_field])
    yield {
        **common_fields(entry),
        "key": f"{kind.doctype}:{entry.id}:{entry.lang}",
        "doctype": kind.doctype,
        "id": entry.id,
        "title": title,
        "names": "",
        "body": entry.text,
        "spell": distinct_words(title) + " " + entry.words,
    }


def entry_documents(entry: Entry, vocab: Vocab) -> list[dict[str, Any]]:
    """The search documents of one entry (its kind's module makes them, see Kind.documents).

    Internal entries give no words to the spelling field: "did you mean" is shown
    to anyone and must never spell out a word only an internal entry contains (issue 6).
    """
    docs = list(entry.kind.documents(entry, vocab))
    for doc in docs:
        if doc["visibility"] == "internal":
            doc["spell"] = ""
    return docs


# Concept tokens by document key: (digest of the texts and thesaurus they came from, tokens).
ConceptCache = dict[str, tuple[str, str]]


def add_concepts(docs: dict[str, dict[str, Any]], thesaurus: Thesaurus, cache: ConceptCache) -> ConceptCache:
    """Tag each document with the thesaurus groups its text mentions, once per mention.

    Synonyms are resolved here, at index time: a query word then searches one
    concept term ("c17") instead of every member of its group in every field,
    which is what made expanded queries slow. Returns the cache for the next build.
    """
    fresh: ConceptCache = {}
    signature = hashlib.sha1(repr(thesaurus.groups).encode()).hexdigest()
    todo: list[tuple[str, str, str]] = []
    for key, doc in docs.items():
        text = "\n".join((doc["title"], doc["names"], doc["body"]))
        digest = hashlib.sha1((signature + text).encode()).hexdigest()
        cached = cache.get(key)
        if cached and cached[0] == digest:
            fresh[key] = cached
        else:
            todo.append((key, digest, text))
    tokens = map_items(_concepts_of, [text for _, _, text in todo], initializer=_use_thesaurus, initargs=(thesaurus.groups,))
    fresh.update((key, (digest, found)) for (key, digest, _), found in zip(todo, tokens, strict=True))
    for key, doc in docs.items():
        doc["concepts"] = fresh[key][1]
    return fresh


# The thesaurus's phrases (analysed terms, the groups each belongs to) by their first term, longest first.
PhraseStarts = dict[str, list[tuple[tuple[str, ...], list[int]]]]
_PHRASES: list[PhraseStarts] = []


def phrase_starts(thesaurus: Thesaurus) -> PhraseStarts:
    """The member phrases `Thesaurus.matches` looks for (MAX_PHRASE_TERMS terms at most) by first term, longest first,
    each with its groups in the thesaurus's order."""
    groups_of: dict[tuple[str, ...], list[int]] = {}
    for group in range(len(thesaurus)):
        for terms in thesaurus.members(group):
            groups_of.setdefault(terms, []).append(group)
    starts: PhraseStarts = {}
    for terms, groups in groups_of.items():
        if len(terms) <= MAX_PHRASE_TERMS:
            starts.setdefault(terms[0], []).append((terms, groups))
    for phrases in starts.values():
        phrases.sort(key=lambda phrase: -len(phrase[0]))
    return starts


def nested_groups(terms: list[str], starts: PhraseStarts) -> list[int]:
    """The groups of `Thesaurus.matches(terms, nested=True)`, in its order, looked up by each term's phrases only
    (the matcher slices and looks up every length at every position: a tenth of a full build)."""
    found: list[int] = []
    for i, term in enumerate(terms):
        for phrase, groups in starts.get(term, ()):
            if len(phrase) == 1 or tuple(terms[i : i + len(phrase)]) == phrase:
                found.extend(groups)
    return found


def _use_thesaurus(groups: list[list[str]]) -> None:
    _PHRASES[:] = [phrase_starts(Thesaurus(groups))]


def _concepts_of(text: str) -> str:
    return " ".join(concept_term(group) for group in nested_groups(analyze(text), _PHRASES[0]))


def concept_term(group: int) -> str:
    """The index term standing for thesaurus group `group`."""
    return f"c{group}"
