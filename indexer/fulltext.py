"""The full-text index: the one module that uses whoosh.

whoosh-reloaded's repository says it is no longer maintained, so its version
is pinned (pyproject.toml) and everything the project relies on it for is
here, each piece tested against whoosh's public API (tests/test_fulltext.py):
an upgrade that changes one fails a named test instead of a search.

- the analysis adapters and the schema (what a build writes);
- writing an index and applying an incremental build's changes (one commit each);
- opening a built index read into memory (see `MemoryStorage`);
- reading: postings (block by block, through whoosh's private W3 block
  reader where it is there), positions at chosen documents, field lengths,
  stored fields, term frequencies, spelling neighbours and filter queries.

The rest of the project handles whoosh's objects (`Index`, `Searcher`, `Query`)
only as opaque values passed back to these functions.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index, query as Q
from whoosh.analysis import Analyzer, Token as WhooshToken
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import Index
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Query
from whoosh.searching import Searcher

from indexer.analysis.text import tokens

__all__ = [
    "Index", "MultilingualAnalyzer", "Query", "Searcher", "SurfaceAnalyzer", "doc_frequency", "field_lengths", "filter_query",
    "make_schema", "matching_docs", "open_index", "positions_at", "postings", "similar_terms", "stored_documents", "update_index",
    "write_index",
]

# -- analysis ---------------------------------------------------------------


class MultilingualAnalyzer(Analyzer):
    """The shared analysis pipeline (`indexer.analysis.text`) as a whoosh analyzer: folds, splits
    hyphenated words and stems per token language (index and query)."""

    stem = True

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for t in tokens(value, stem=self.stem):
            token.text = t.term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = t.surface
            if positions:
                token.pos = start_pos + t.pos
            if chars:
                token.startchar = start_char + t.start
                token.endchar = start_char + t.end
            yield token

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


class SurfaceAnalyzer(MultilingualAnalyzer):
    """The same pipeline without stemming: the vocabulary used for typo correction."""

    stem = False


# -- schema -----------------------------------------------------------------


def make_schema() -> Schema:
    """The schema used to write and read the index.

    Titles, names (act titles, aliases, vocabulary labels in every language) and
    body text are searched; `spell` is the unstemmed vocabulary of typo correction;
    `concepts` the thesaurus groups a document mentions (indexer/schema.py).
    """
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
        # "official" for an official text (indexer/official_layer.py); our summaries leave it empty.
        source=ID(stored=True),
    )


# -- writing ----------------------------------------------------------------


def write_index(path: Path, docs: Iterable[dict]) -> None:
    """Write a new index holding `docs` in the new folder `path` (one commit: all or nothing)."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), make_schema())
    writer = ix.writer(procs=2, limitmb=128, multisegment=True)
    try:
        for doc in docs:
            writer.add_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()


def update_index(base: Path, path: Path, docs: dict[str, dict], removed: set[str], written: set[str]) -> None:
    """Copy the previous index (hard links: whoosh never rewrites a finished file) and apply changes."""
    path.mkdir()
    for item in base.iterdir():
        if item.is_file() and not item.name.endswith(".lock"):
            os.link(item, path / item.name)
    ix = whoosh_index.open_dir(str(path))
    writer = ix.writer(limitmb=128)
    try:
        for key in removed:
            writer.delete_by_term("key", key)
        for key in sorted(written):
            writer.update_document(**docs[key])
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()


# -- opening, read into memory ----------------------------------------------
#
# whoosh memory-maps segment files. When such a file is truncated or overwritten
# under a running server (a disk problem, a restore or a copy made in place), the
# next read of a lost page kills the whole server with SIGBUS: no error page, no
# other request answered (issue 6). Reading each file once, when a build is
# opened, costs the index's size in memory and searches as fast; damage then
# shows as an error while opening, which the snapshot reports as IndexMissing.
#
# whoosh's own in-memory file copies its buffer twice (into a BytesIO, and again
# for each part of a compound segment file): three times the index's size. Here
# every part is a view of the one copy read from disk.


class _Reader:
    """A read-only file over `data[start:end]` that never copies more than what is read."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self._data, self._start, self._end, self._pos = data, start, end, start

    def read(self, size: int | None = -1) -> bytes:
        end = self._end if size is None or size < 0 else min(self._pos + size, self._end)
        chunk = self._data[self._pos : end]
        self._pos = max(self._pos, end)
        return chunk

    def peek(self, size: int = 1) -> bytes:
        """What the next read would return, unconsumed: lets pickle read ahead instead of byte by byte."""
        return self._data[self._pos : min(self._pos + max(size, 1), self._end)]

    def readline(self, size: int | None = -1) -> bytes:
        newline = self._data.find(b"\n", self._pos, self._end)
        end = self._end if newline < 0 else newline + 1
        return self.read(end - self._pos if size is None or size < 0 else min(size, end - self._pos))

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (self._start, self._pos, self._end)[whence]
        self._pos = max(self._start, base + offset)
        return self._pos - self._start

    def tell(self) -> int:
        return self._pos - self._start

    def close(self) -> None:
        pass


class SharedBufferFile(BufferFile):
    """whoosh's in-memory structured file over a slice of shared bytes; its subsets share them too."""

    def __init__(self, data: bytes, start: int = 0, end: int | None = None, name: str | None = None) -> None:
        end = len(data) if end is None else end
        super().__init__(b"", name=name)
        self._data, self._offset = data, start
        self._buf = memoryview(data)[start:end]
        self.file = _Reader(data, start, end)

    def subset(self, position: int, length: int, name: str | None = None) -> SharedBufferFile:
        start = self._offset + position
        return SharedBufferFile(self._data, start, start + length, name=name or self._name)


class MemoryStorage(FileStorage):
    """A read-only folder of index files, each read into memory on first use."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(str(path), supports_mmap=False, readonly=True)
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def open_file(self, name: str, **kwargs: object) -> SharedBufferFile:
        """The file's bytes as a whoosh structured file (read from disk once)."""
        data = self._files.get(name)
        if data is None:
            with self._lock:
                data = self._files.get(name)
                if data is None:
                    with open(self._fpath(name), "rb") as handle:
                        data = self._files[name] = handle.read()
        return SharedBufferFile(data, name=name)


def open_index(path: Path | str) -> Index:
    """The index in `path`, read into memory. `index.searcher()` gives a searcher for the functions below."""
    return MemoryStorage(path).open_index()


# -- reading ----------------------------------------------------------------
#
# Document numbers are global (a searcher over several segments numbers them one after the other),
# as `doc_count(searcher)` counts them: deleted documents keep their numbers.


def doc_count(searcher: Searcher) -> int:
    """How many document numbers the searcher has, deleted ones included."""
    return searcher.doc_count_all()


def live_doc_count(searcher: Searcher) -> int:
    """How many live (not deleted) documents the searcher has."""
    return searcher.doc_count()


def doc_frequency(searcher: Searcher, field: str, term: str) -> int:
    """How many live documents hold `term` in `field`.

    whoosh's own count keeps counting a deleted document until its segment is merged away, so an
    index updated in place (indexer/update.py) would weigh terms differently from a fresh build.
    """
    if not searcher.reader().has_deletions():
        return searcher.doc_frequency(field, term)
    return len(postings(searcher, field, term)[0])


def similar_terms(searcher: Searcher, field: str, word: str, edits: int, prefix: int) -> list[str]:
    """The terms of `field` within `edits` edits of `word` that share its first `prefix` letters (held by a live document)."""
    found = list(searcher.reader().terms_within(field, word, edits, prefix=prefix))
    if searcher.reader().has_deletions():  # a term of deleted documents only stays in the term list until a merge
        found = [term for term in found if doc_frequency(searcher, field, term)]
    return found


def field_lengths(searcher: Searcher, field: str) -> np.ndarray:
    """Words per document in `field`, by document number (0 for deleted documents and empty fields)."""
    lengths = np.zeros(searcher.doc_count_all(), dtype=np.float32)
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        deleted = reader.has_deletions()  # a deleted document keeps its length in its segment until a merge
        for docnum in range(reader.doc_count_all()):
            if not (deleted and reader.is_deleted(docnum)):
                lengths[offset + docnum] = reader.doc_field_length(docnum, field, 0) or 0
    return lengths


def stored_documents(searcher: Searcher) -> Iterator[tuple[int, dict[str, Any], bool]]:
    """Every document number with its stored fields and whether it is live (not deleted), in order."""
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        for docnum in range(reader.doc_count_all()):
            yield offset + docnum, reader.stored_fields(docnum), not reader.is_deleted(docnum)


def filter_query(required: Sequence[tuple[str, str]], unless: tuple[str, str] | None = None) -> Query:
    """The query for documents holding every (field, term) of `required`, but not `unless` when given."""
    query = Q.And([Q.Term(f, t) for f, t in required])
    return query if unless is None else Q.AndNot(query, Q.Term(*unless))


def matching_docs(searcher: Searcher, query: Query) -> list[int]:
    """The live documents a (filter) query matches."""
    return list(searcher.docs_for_query(query))


def postings(searcher: Searcher, field: str, term: str) -> tuple[list[int], list[float]]:
    """Document numbers and term frequencies of a term (deleted documents left out), block by block where possible."""
    docs: list[int] = []
    freqs: list[float] = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (field, term) not in reader:
            continue
        matcher = reader.postings(field, term)
        deleted = None
        if isinstance(matcher, FilterMatcher):
            deleted = reader.deleted_docs_set
            matcher = matcher.child
        start = len(docs)
        _read_blocks(matcher, offset, docs, freqs)
        if deleted:
            kept = [(d, f) for d, f in zip(docs[start:], freqs[start:], strict=True) if d - offset not in deleted]
            del docs[start:], freqs[start:]
            docs.extend(d for d, _ in kept)
            freqs.extend(f for _, f in kept)
    return docs, freqs


# The private attributes of whoosh's W3 leaf matcher that `_read_blocks` copies whole blocks through.
BLOCK_READER = ("_read_ids", "_read_weights", "_next_block", "_blocklength", "_ids", "_weights", "_i")


def _read_blocks(matcher, offset: int, docs: list[int], freqs: list[float]) -> None:
    """Copy a leaf matcher's postings a block at a time (whoosh's W3 block layout), else one by one."""
    if not all(hasattr(matcher, a) for a in BLOCK_READER):
        while matcher.is_active():
            docs.append(offset + matcher.id())
            freqs.append(matcher.weight())
            matcher.next()
        return
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        i = matcher._i
        docs.extend(offset + d for d in matcher._ids[i:])
        freqs.extend(matcher._weights[i:])
        matcher._i = matcher._blocklength
        matcher._next_block()


def positions_at(searcher: Searcher, field: str, term: str, docs: Sequence[int]) -> dict[int, list[int]]:
    """The positions of `term` in `field` at those of `docs` (ascending) that contain it."""
    found: dict[int, list[int]] = {}
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        end = offset + reader.doc_count_all()
        local = [d - offset for d in docs if offset <= d < end]
        if not local or (field, term) not in reader:
            continue
        matcher = reader.postings(field, term)  # skips deleted documents itself
        for d in local:
            if not matcher.is_active():
                break
            if matcher.id() < d:
                matcher.skip_to(d)
            if matcher.is_active() and matcher.id() == d:
                found[d + offset] = matcher.value_as("positions")
    return found
