"""What a build leaves for the next one, so that an edit re-checks and re-indexes only what it changed.

Stored beside the index it describes (and so swapped with it atomically):

- `records-NN.pickle`: for every file, its digest, its own problems, its
  checked entry without the rendered text, and the digests of the rows and
  search documents the entry gave (with the documents' concepts);
- `parsed-NN.pickle`: the parsed files, rendered text included, read only when
  a file is needed again (the vocabulary changed, a reference to its entry broke);
- `official-NN.pickle`: the acts linked to the corpus of official texts, by act id, with
  their fingerprints, problems and the digests of their rows and documents;
- `state.pickle`: the code, vocabulary and thesaurus the records were made with.

Files (and linked acts) are spread over the shards by path (act id): a build writes
the shards whose files changed and hard-links the others from the previous build. The next
build merges the digests and diffs them against its own to apply only the
differences to copies of the previous database and index.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer import pickles
from indexer.load import CheckedFile, LoadCache, ParsedFile
from indexer.problems import Problem
from indexer.schema import ConceptCache

STATE_FILE = "state.pickle"
RECORDS = "records"
OFFICIAL = "official"
PARSED = "parsed"
SHARDS = 64


@dataclass
class Outputs:
    """Digests of the rows (by table and key) and search documents one entry gave, and its documents' concepts."""

    rows: dict[str, dict[Any, bytes]]
    docs: dict[str, bytes]
    concepts: ConceptCache


@dataclass
class FileRecord:
    """One file as a build saw it.

    `checked` holds its entry without content; `outputs` what the entry gave
    (None when the file gave no entry: errors, or a duplicate id); `adjusted`
    whether the checks across files changed the entry.
    """

    checked: CheckedFile
    outputs: Outputs | None
    adjusted: bool


@dataclass
class LinkedAct:
    """One act linked to the corpus of official texts as a build read it (indexer/official_layer.py).

    `fingerprint` covers the act's corpus files (names, sizes, times), its kb files'
    front matter and provisions, and the day; while it is unchanged the next build
    repeats `problems` and keeps `outputs` without reading the act again.
    """

    fingerprint: str
    problems: list[Problem]
    outputs: Outputs | None = None


@dataclass
class BuildState:
    """Every file's record by path, the digests of the rows no file gives (the vocab table), and the linked acts' official texts."""

    code_hash: str
    vocab_signature: str = ""
    thesaurus_signature: str = ""
    files: dict[str, FileRecord] = field(default_factory=dict)
    vocab_rows: dict[Any, bytes] = field(default_factory=dict)
    # The official texts' rows and documents by act id (indexer/official_layer.py): they come from the corpus, not from one file.
    official: dict[str, LinkedAct] = field(default_factory=dict)

    def sources(self) -> dict[tuple[str, str], Outputs]:
        """What gave the rows and documents of the build, by ("file", path), ("act", act id) and ("vocab", "")."""
        found = {("file", path): record.outputs for path, record in self.files.items() if record.outputs is not None}
        found.update((("act", act_id), act.outputs) for act_id, act in self.official.items() if act.outputs is not None)
        found["vocab", ""] = Outputs({"vocab": self.vocab_rows}, {}, {})
        return found

    def file_digests(self) -> dict[str, str]:
        """The digest of every file, by path."""
        return {path: record.checked.digest for path, record in self.files.items()}

    def concepts(self, paths: Iterable[str] = (), acts: Iterable[str] = ()) -> ConceptCache:
        """The concept tokens of the documents the files at `paths` and the linked `acts` gave, by key.

        A cache (schema.add_concepts checks each against its document's text): a document
        that moved to another file is only tagged again.
        """
        found: ConceptCache = {}
        records = (self.files.get(path) for path in paths)
        for outputs in [*(r.outputs for r in records if r), *(self.official[a].outputs for a in acts if a in self.official)]:
            found.update(outputs.concepts if outputs else {})
        return found

    def load_cache(self, parsed: ParseStore) -> LoadCache:
        """What this state offers the next load."""
        return LoadCache(self.vocab_signature, {path: record.checked for path, record in self.files.items()}, parsed.get)


def digest(value: Any) -> bytes:
    """A digest of a row or document (built with a fixed key order, so repr is stable)."""
    return hashlib.sha1(repr(value).encode()).digest()


def diff(old: dict[Any, bytes], new: dict[Any, bytes]) -> tuple[set[Any], set[Any]]:
    """Keys to delete (gone) and keys to write (new or changed)."""
    removed = old.keys() - new.keys()
    written = {key for key, value in new.items() if old.get(key) != value}
    return set(removed), written


Changes = tuple[set[Any], set[Any]]


def changes(old: BuildState, new: BuildState, tables: Iterable[str]) -> tuple[dict[str, Changes], Changes]:
    """Per table the row keys to delete and to write, and the document keys to delete and to write, from `old` to `new`.

    What diffing every row and document of the two builds gives, worked out from the
    sources whose outputs changed (a file or act not read again keeps its very outputs).
    Rows of one key are equal whichever source gives them (see store.entry_rows), so a
    key still given by an unchanged source keeps its value; every other key of a changed
    source is compared between the two builds' changed sources.
    """
    before, after = old.sources(), new.sources()
    changed = {s for s in before.keys() | after.keys() if not _same_outputs(s, before.get(s), after.get(s))}
    old_rows, old_docs = _merged(before[s] for s in changed if s in before)
    new_rows, new_docs = _merged(after[s] for s in changed if s in after)
    candidate_rows = {table: old_rows.get(table, {}).keys() | new_rows.get(table, {}).keys() for table in old_rows.keys() | new_rows.keys()}
    candidate_docs = old_docs.keys() | new_docs.keys()
    kept_rows: dict[str, set[Any]] = {table: set() for table in candidate_rows}
    kept_docs: set[str] = set()
    for source, outputs in after.items():
        if source in changed:
            continue
        for table, by_key in outputs.rows.items():
            candidates = candidate_rows.get(table)
            if candidates and not candidates.isdisjoint(by_key.keys()):
                kept_rows[table] |= candidates & by_key.keys()
        if not candidate_docs.isdisjoint(outputs.docs.keys()):
            kept_docs |= candidate_docs & outputs.docs.keys()

    def without(digests: dict[Any, bytes], kept: set[Any]) -> dict[Any, bytes]:
        return {key: value for key, value in digests.items() if key not in kept}

    rows = {table: diff(without(old_rows.get(table, {}), kept_rows.get(table, set())), without(new_rows.get(table, {}), kept_rows.get(table, set())))
            for table in tables}
    return rows, diff(without(old_docs, kept_docs), without(new_docs, kept_docs))


def _same_outputs(source: tuple[str, str], old: Outputs | None, new: Outputs | None) -> bool:
    """Whether a source gave the same outputs: the very ones kept (files, acts), or equal ones (the vocabulary, derived every time)."""
    return old is new or (source[0] == "vocab" and old == new)


def _merged(outputs: Iterable[Outputs]) -> tuple[dict[str, dict[Any, bytes]], dict[str, bytes]]:
    rows: dict[str, dict[Any, bytes]] = {}
    docs: dict[str, bytes] = {}
    for output in outputs:
        for table, by_key in output.rows.items():
            rows.setdefault(table, {}).update(by_key)
        docs.update(output.docs)
    return rows, docs



def shard_of(path: str) -> int:
    """The shard holding what a build keeps of a file."""
    return zlib.crc32(path.encode()) % SHARDS


class Shards:
    """Values by file path, spread over the SHARDS files `<name>-NN.pickle` of a build folder.

    A shard is read when first needed. A damaged or missing shard reads as empty.
    """

    def __init__(self, build_dir: Path, name: str) -> None:
        self.build_dir = build_dir
        self.name = name
        self._shards: dict[int, dict[str, Any] | None] = {}

    def _shard(self, number: int) -> dict[str, Any] | None:
        if number not in self._shards:
            shard = pickles.load(self.build_dir / _shard_file(self.name, number))
            self._shards[number] = shard if isinstance(shard, dict) else None
        return self._shards[number]

    def get(self, path: str) -> Any | None:
        """The value kept for `path`, if any."""
        return (self._shard(shard_of(path)) or {}).get(path)

    def everything(self) -> dict[str, Any] | None:
        """Every value, or None if a shard is missing or damaged."""
        found: dict[str, Any] = {}
        for number in range(SHARDS):
            shard = self._shard(number)
            if shard is None:
                return None
            found.update(shard)
        return found


def _shard_file(name: str, number: int) -> str:
    return f"{name}-{number:02d}.pickle"


def save_shards(build_dir: Path, name: str, values: Mapping[str, Any], write: set[int], previous: Path | None) -> None:
    """Write the shards numbered in `write` with `values`; hard-link the others from the `previous` build folder.

    A shard the previous build lacks is written with the values at hand.
    """
    shards: dict[int, dict[str, Any]] = {number: {} for number in range(SHARDS)}
    for path, value in values.items():
        shards[shard_of(path)][path] = value
    for number, shard in shards.items():
        target = build_dir / _shard_file(name, number)
        if number not in write and previous is not None:
            try:
                os.link(previous / target.name, target)
                continue
            except FileNotFoundError:
                pass
        pickles.dump(target, shard)


def changed_shards(old: Mapping[str, Any], new: Mapping[str, Any], same: Callable[[Any, Any], bool] = operator.eq) -> set[int]:
    """The shards holding a path that is new, gone, or whose value is not the `same` as before."""
    changed = {path for path, value in new.items() if path not in old or not same(old[path], value)}
    return {shard_of(path) for path in changed.union(old.keys() - new.keys())}


def same_record(old: FileRecord, new: FileRecord) -> bool:
    """Whether a file's record is the one the previous build kept (so its shard need not be written again)."""
    return old.checked is new.checked and old.outputs is new.outputs and old.adjusted == new.adjusted


def save_state(build_dir: Path, state: BuildState, before: BuildState | None, previous: Path | None) -> None:
    """Write the state into a finished build folder: the shards of records and linked acts that changed since the
    state `before` (the `previous` build folder's), and hard links to that folder's other shards."""
    pickles.dump(build_dir / STATE_FILE, dataclasses.replace(state, files={}, official={}))
    everything = set(range(SHARDS))
    save_shards(build_dir, RECORDS, state.files, changed_shards(before.files, state.files, same_record) if before else everything, previous)
    save_shards(build_dir, OFFICIAL, state.official, changed_shards(before.official, state.official, operator.is_) if before else everything, previous)


def load_state(build_dir: Path, code_hash: str) -> BuildState | None:
    """The state of a previous build, if it is complete and was written by the same code."""
    state = pickles.load(build_dir / STATE_FILE)
    if not isinstance(state, BuildState) or state.code_hash != code_hash:
        return None
    files, official = Shards(build_dir, RECORDS).everything(), Shards(build_dir, OFFICIAL).everything()
    return None if files is None or official is None else dataclasses.replace(state, files=files, official=official)


class ParseStore:
    """The parsed files a previous build kept (see Shards)."""

    def __init__(self, build_dir: Path) -> None:
        self.shards = Shards(build_dir, PARSED)

    def get(self, path: str, digest: str) -> ParsedFile | None:
        """The parsed file at `path` if it had the bytes with this digest."""
        parsed = self.shards.get(path)
        return parsed if isinstance(parsed, ParsedFile) and parsed.digest == digest else None
