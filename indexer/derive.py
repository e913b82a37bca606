"""Database rows and search documents of entries, and which entries need them derived again.

An entry gives the same rows and documents as in the previous build when its
file, the vocabulary and the thesaurus are unchanged and the checks across
files left it alone both times: a build then takes its digests from the
previous build (see `reusable_outputs`) and derives only the other entries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from indexer.analysis.thesaurus import Thesaurus
from indexer.load import CheckedFile, Loaded, without_content
from indexer.models import Entry
from indexer.official_layer import CHANGES_TABLE, TABLE as OFFICIAL_TABLE, OfficialLayer
from indexer.schema import ConceptCache, add_concepts, entry_documents
from indexer.state import BuildState, FileRecord, LinkedAct, Outputs, digest
from indexer.store import Rows, content_tables, entry_rows, row_key, vocab_rows
from indexer.vocab import Vocab


def thesaurus_signature(groups: list[list[str]]) -> str:
    """A digest of the thesaurus as loaded: documents keep their concepts while it is unchanged."""
    return hashlib.sha1(repr(groups).encode()).hexdigest()


def reusable_outputs(loaded: Loaded, previous: BuildState | None) -> dict[str, Outputs]:
    """The previous build's outputs of the entries that would give the same rows and documents again, by path."""
    kb = loaded.kb
    if (
        previous is None
        or previous.vocab_signature != loaded.vocab_signature
        or previous.thesaurus_signature != thesaurus_signature(kb.thesaurus)
    ):
        return {}
    reused = {}
    for entry in kb.entries:
        record = previous.files.get(entry.path)
        if (
            record is not None
            and record.outputs is not None
            and not record.adjusted
            and entry.path not in loaded.adjusted
            and record.checked.digest == loaded.checked[entry.path].digest
        ):
            reused[entry.path] = record.outputs
    return reused


@dataclass
class Derived:
    """The rows and documents of some entries (and the vocab rows), with every entry's outputs by path."""

    rows: Rows
    docs: dict[str, dict[str, Any]]
    outputs: dict[str, Outputs]
    vocab_rows: dict[Any, bytes]
    official: dict[str, LinkedAct] = field(default_factory=dict)


def derive(entries: list[Entry], vocab: Vocab, thesaurus: Thesaurus, concepts: ConceptCache) -> Derived:
    """Rows and documents of `entries` (with content) and of the vocabulary, tagged with concepts and digested.

    Rows of one key are equal whichever entry gives them (see store.entry_rows),
    so merging them in any order gives the rows a build writes; and a row whose
    digest changed since the previous build is always given by a derived entry.
    """
    rows: Rows = {table: {} for table in content_tables()}
    docs: dict[str, dict[str, Any]] = {}
    given = []
    for entry in entries:
        keyed = [(table, row_key(table, row), row) for table, row in entry_rows(entry)]
        entry_docs = entry_documents(entry, vocab)
        for table, key, row in keyed:
            rows[table][key] = row
        docs.update((doc["key"], doc) for doc in entry_docs)
        given.append((entry.path, keyed, entry_docs))
    for row in vocab_rows(vocab):
        rows["vocab"][row_key("vocab", row)] = row
    tagged = add_concepts(docs, thesaurus, concepts)
    outputs = {}
    for path, keyed, entry_docs in given:
        by_table: dict[str, dict[Any, bytes]] = {}
        for table, key, row in keyed:
            by_table.setdefault(table, {})[key] = digest(row)
        outputs[path] = Outputs(
            by_table, {doc["key"]: digest(doc) for doc in entry_docs}, {doc["key"]: tagged[doc["key"]] for doc in entry_docs}
        )
    return Derived(rows, docs, outputs, {key: digest(row) for key, row in rows["vocab"].items()})


def add_official(derived: Derived, layer: OfficialLayer, thesaurus: Thesaurus, concepts: ConceptCache) -> None:
    """Add the rows (texts and changes of edition) and documents of the acts the official layer read
    (indexer/official_layer.py), tagged with concepts and digested.

    Each act read keeps its outputs in its LinkedAct; the acts not read kept theirs from the previous build.
    """
    tagged = add_concepts({doc["key"]: doc for docs in layer.docs.values() for doc in docs}, thesaurus, concepts)
    for act_id, rows in layer.rows.items():
        given = ((OFFICIAL_TABLE, rows), (CHANGES_TABLE, layer.changes.get(act_id, [])))
        keyed = {table: {row_key(table, row): row for row in table_rows} for table, table_rows in given}
        by_key = {doc["key"]: doc for doc in layer.docs[act_id]}
        for table, table_rows in keyed.items():
            derived.rows[table].update(table_rows)
        derived.docs.update(by_key)
        layer.acts[act_id].outputs = Outputs({table: {k: digest(r) for k, r in table_rows.items()} for table, table_rows in keyed.items()},
                                             {k: digest(d) for k, d in by_key.items()}, {k: tagged[k] for k in by_key})
    derived.official = layer.acts


def next_state(code_hash: str, loaded: Loaded, derived: Derived, reused: dict[str, Outputs]) -> BuildState:
    """What this build leaves for the next one: every file's checked form (without content) and outputs."""
    files = {}
    for path, checked in loaded.checked.items():
        if path not in loaded.reused and checked.entry is not None:
            checked = CheckedFile(checked.digest, checked.problems, without_content(checked.entry))
        files[path] = FileRecord(checked, derived.outputs.get(path) or reused.get(path), path in loaded.adjusted)
    return BuildState(code_hash, loaded.vocab_signature, thesaurus_signature(loaded.kb.thesaurus), files, derived.vocab_rows, derived.official)
