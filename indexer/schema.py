"""The whoosh schema and the mapping from entries to search documents.

One index holds three document types (norm, case, service), one document per
entry and language. Titles weigh most, then names (act titles, aliases,
vocabulary labels in every language), then body text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from whoosh.fields import ID, KEYWORD, TEXT, Schema

from indexer.analysis import MultilingualAnalyzer, SurfaceAnalyzer, analyze, distinct_words
from indexer.analysis.thesaurus import Thesaurus
from indexer.kinds import LANGUAGES
from indexer.models import Entry
from indexer.parallel import map_items
from indexer.store import effective_status
from indexer.vocab import Vocab



def make_schema() -> Schema:
    """The schema used to write and read the index."""
    analyzer = MultilingualAnalyzer()
    return Schema(
        key=ID(stored=True, unique=True),
        doctype=ID(stored=True),
        id=ID(stored=True),
        lang=ID(stored=True),
        title=TEXT(analyzer=analyzer),
        names=TEXT(analyzer=analyzer),
        body=TEXT(analyzer=analyzer),
        spell=TEXT(analyzer=SurfaceAnalyzer(), phrase=False),
        concepts=KEYWORD(scorable=True),
        status=ID(stored=True),
        visibility=ID,
        jurisdiction=ID,
        city=ID,
        region=ID,
        groups=KEYWORD(commas=True),
        violations=KEYWORD(commas=True),
        kind=ID,
    )


def _labels(vocab: dict[str, dict[str, dict[str, str]]], section: str, keys: list[str]) -> list[str]:
    return [vocab[section][k][lang] for k in keys if k in vocab.get(section, {}) for lang in LANGUAGES if vocab[section][k].get(lang)]


def entry_documents(entry: Entry, vocab: Vocab) -> list[dict[str, Any]]:
    """The search documents of one entry (one per provision, case or service, per language).

    Internal entries give no words to the spelling field: "did you mean" is shown
    to anyone and must never spell out a word only an internal entry contains (issue 6).
    """
    docs = list(_documents(entry, vocab))
    for doc in docs:
        if doc["visibility"] == "internal":
            doc["spell"] = ""
    return docs


def _documents(entry: Entry, vocab: Vocab) -> Iterator[dict[str, Any]]:
    places = vocab.get("places", {})
    meta = entry.meta
    common = {"lang": entry.lang, "jurisdiction": meta.get("jurisdiction", ""), "visibility": meta.get("visibility", "public")}
    if entry.kind.name == "act":
        act_names = " ".join([meta["title"], *meta.get("aliases", []), str(meta.get("number", ""))])
        for p in entry.provisions:
            body = p.text
            title = f"{p.designator} {p.title}".strip()
            yield {
                **common,
                "key": f"norm:{p.full_id}:{p.lang}",
                "doctype": "norm",
                "id": p.full_id,
                "title": title,
                "names": act_names,
                "body": body,
                "spell": distinct_words(title, act_names) + " " + p.words,
                "status": effective_status(meta),
            }
    elif entry.kind.name == "case":
        names = " ".join(
            _labels(vocab, "groups", meta["groups"])
            + _labels(vocab, "violations", meta["violations"])
            + _labels(vocab, "actions", meta.get("actions", []))
            + _labels(vocab, "outcomes", [meta["outcome"]])
            + _labels(vocab, "places", [meta["city"]] if meta.get("city") else [])
        )
        body = entry.text
        yield {
            **common,
            "key": f"case:{entry.id}:{entry.lang}",
            "doctype": "case",
            "id": entry.id,
            "title": meta["title"],
            "names": names,
            "body": body,
            "spell": distinct_words(meta["title"], names) + " " + entry.words,
            "city": meta.get("city", ""),
            "region": places.get(meta.get("city", ""), {}).get("region", ""),
            "groups": ",".join(meta["groups"]),
            "violations": ",".join(meta["violations"]),
        }
    elif entry.kind.name == "service":
        names = " ".join(
            _labels(vocab, "service_kinds", [meta["kind"]])
            + _labels(vocab, "places", [meta["city"]])
            + _labels(vocab, "groups", meta.get("groups", []))
        )
        hours = meta["hours"] if isinstance(meta.get("hours"), str) else ""  # free text only: structured hours are not words
        body = " ".join(filter(None, [entry.text, meta.get("address"), hours]))
        yield {
            **common,
            "key": f"service:{entry.id}:{entry.lang}",
            "doctype": "service",
            "id": entry.id,
            "title": meta["name"],
            "names": names,
            "body": body,
            "spell": distinct_words(meta["name"], names, meta.get("address", ""), hours) + " " + entry.words,
            "city": meta["city"],
            "region": places.get(meta["city"], {}).get("region", ""),
            "groups": ",".join(meta.get("groups", [])),
            "kind": meta["kind"],
        }


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
    fresh.update((key, (digest, found)) for (key, digest, _), found in zip(todo, tokens))
    for key, doc in docs.items():
        doc["concepts"] = fresh[key][1]
    return fresh


_THESAURUS: list[Thesaurus] = []


def _use_thesaurus(groups: list[list[str]]) -> None:
    _THESAURUS[:] = [Thesaurus(groups)]


def _concepts_of(text: str) -> str:
    return " ".join(concept_term(m.group) for m in _THESAURUS[0].matches(analyze(text), nested=True))


def concept_term(group: int) -> str:
    """The index term standing for thesaurus group `group`."""
    return f"c{group}"
