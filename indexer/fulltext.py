"""The full-text index: the one module that uses whoosh.

whoosh-reloaded's repository says it is no longer maintained, so its version
is pinned (pyproject.toml) and everything the project relies on it for is
here, each piece tested against whoosh's public API (tests/test_fulltext.py):
an upgrade that changes one fails a named test instead of a search.

- the analysis adapters and the schema (what a build writes);
- writing an index (two segments written at once, by a cheaper writer than whoosh's own) and applying an
  incremental build's changes (one commit each);
- opening a built index read into memory (see `MemoryStorage`);
- reading: postings (block by block, through whoosh's private W3 block
  reader where it is there), positions at chosen documents, field lengths,
  stored fields, term frequencies, spelling neighbours and filter queries.

The rest of the project handles whoosh's objects (`Index`, `Searcher`, `Query`)
only as opaque values passed back to these functions.
"""

from __future__ import annotations

import bisect
import copy
import heapq
import itertools
import multiprocessing
import operator
import os
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import index as whoosh_index, query as Q
from whoosh.analysis import Analyzer, Token as WhooshToken
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.formats import Frequency, Positions
from whoosh.index import Index
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Query
from whoosh.searching import Searcher
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from indexer.analysis.text import tokens
from indexer.gc_pause import without_gc

__all__ = [
    "Index", "MultilingualAnalyzer", "Query", "Searcher", "SurfaceAnalyzer", "doc_frequency", "field_lengths", "filter_query",
    "live_doc_count", "make_schema", "matching_docs", "occurs", "open_index", "positions_at", "postings", "similar_terms",
    "stored_documents", "update_index", "write_index",
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


# A full build writes its documents in two segments at once (this process and one forked worker, each a share of
# the documents), as whoosh's own MpWriter(procs=2, multisegment=True) did, without its job files and queues;
# below this many documents one process writes them all.
PARALLEL_FROM = 2000
# Consecutive documents given to the same writer: shares of equal mixes of the kinds (the order of the documents given).
BATCH = 100
# Memory each writer sorts postings in before spilling a run to disk.
LIMIT_MB = 128
# Postings (about) per pickled chunk of a run spilled to disk.
RUN_CHUNK = 10_000
# Distinct `names` values whose analysis a writer keeps: an act's names are the same in each of its provisions'
# and official articles' documents (20,758 official documents have 200 distinct values at bench scale 100).
NAMES_KEPT = 4096


class _SegmentWriter(SegmentWriter):
    """whoosh's segment writer with shortcuts that leave what it writes the same (terms, postings, positions, lengths,
    stored fields; tests/test_fulltext.py compares them with whoosh's own writer's), only cheaper to write.

    - A text field's postings are made from the shared pipeline's tokens directly (`_direct`), not through whoosh's
      token objects, generators and per-format word loops (a third of the time a document took to add).
    - The `names` field's postings are made once per distinct value, not once per document (`_memoized`; the
      segment is then smaller, as pickle writes a value repeated in a block once).
    - Postings are kept grouped by term, so only the terms are sorted, and runs spilled to disk are merged term by
      term (`_PostingPool`).
    - When the postings are written, each posting's field length (for its block's statistics) is read from a
      table of the segment's lengths read once per field, not from the column file, seek and read, per posting:
      that took a sixth of the writing time.
    """

    def __init__(self, ix: Index, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _PostingPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", LIMIT_MB))
        self._schema: Schema = ix.schema
        fields = {name: _direct(field) for name, field in self._schema.items()}
        fields["names"] = _memoized(fields["names"])
        self._indexing_schema = Schema(**fields)

    def add_document(self, **fields: Any) -> None:
        self.schema = self._indexing_schema
        try:
            super().add_document(**fields)
        finally:
            self.schema = self._schema

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        try:
            self.fieldwriter.add_postings(self.schema, _FieldLengths(reader, self.docnum), self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            reader.close()


class _PostingPool(PostingPool):
    """whoosh's pool of postings to sort, keeping them grouped by term: a term's postings arrive in document order,
    so sorting the terms sorts the postings (whoosh sorted every posting, then merged spilled runs posting by posting).

    When the estimated size (whoosh's per-posting estimate) passes the limit, the terms so far are spilled to disk in
    term order as pickled chunks of about RUN_CHUNK postings, each term's postings as columns (document numbers, weights,
    values); reading merges the runs by term, earlier runs (earlier documents) first.
    """

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = LIMIT_MB) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb)
        self._terms: dict[tuple[str, bytes], list[tuple]] = {}
        self.runs: list[str] = []  # whoosh's list of spilled runs (its files' names), typed

    def add(self, item: tuple) -> None:
        fieldname, tbytes, _, _, vbytes = item
        found = self._terms.get((fieldname, tbytes))
        if found is None:
            self.fieldnames.add(fieldname)
            found = self._terms[(fieldname, tbytes)] = []
        found.append(item)
        self.currentsize += 150 + len(fieldname) + 2 * len(tbytes) + len(vbytes or "")
        if self.currentsize > self.limit:
            self.save()

    def save(self) -> None:
        if self._terms:
            path, f = self._new_run()
            terms, self._terms = self._terms, {}
            self._write_run(f, ((term, terms[term]) for term in sorted(terms)))
            self._add_run(path)
        self.currentsize = 0

    def iter_postings(self) -> Iterator[tuple]:
        if not self.runs:
            terms = self._terms
            return itertools.chain.from_iterable(terms[term] for term in sorted(terms))
        self.save()
        runs, self.runs = self.runs, []
        merged = heapq.merge(*(self._read_run(path) for path in runs), key=operator.itemgetter(0))
        return itertools.chain.from_iterable(
            zip(itertools.repeat(fieldname), itertools.repeat(tbytes), docnums, weights, values)
            for (fieldname, tbytes), docnums, weights, values in merged
        )

    def _write_run(self, f: Any, pairs: Iterable[tuple]) -> None:
        chunk: list[tuple] = []
        size = 0
        for term, items in pairs:
            # In columns: pickle then writes three flat lists instead of a memoized tuple and term per posting.
            chunk.append((term, [i[2] for i in items], [i[3] for i in items], [i[4] for i in items]))
            size += len(items)
            if size >= RUN_CHUNK:
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                chunk, size = [], 0
        if chunk:
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator[tuple]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


def _direct(field: Any) -> Any:
    """`field`, or for a text field of our analyzers a copy whose `index(value)` makes the postings whoosh's own would
    (term bytes, frequency, weight, value: positions or frequency as the field's format encodes them, terms in the order
    of their first occurrence) straight from `indexer.analysis.text.tokens`, without whoosh's token stream."""
    analyzer = getattr(field, "analyzer", None)
    fmt = field.format
    if not isinstance(analyzer, MultilingualAnalyzer) or type(fmt) not in (Positions, Frequency) or fmt.field_boost != 1.0:
        return field
    index, stem, positional = field.index, analyzer.stem, type(fmt) is Positions

    def direct_index(value: Any, **kwargs: Any) -> Any:
        if kwargs or not isinstance(value, str):
            return index(value, **kwargs)  # whoosh's own, with its checks and messages
        found: dict[str, list[int]] = {}
        for token in tokens(value, stem=stem):
            poses = found.get(token.term)
            if poses is None:
                found[token.term] = [token.pos]
            else:
                poses.append(token.pos)
        return [(term.encode("utf-8"), len(poses), float(len(poses)), fmt.encode(poses) if positional else pack_uint(len(poses)))
                for term, poses in found.items()]

    direct = copy.copy(field)
    direct.index = direct_index
    return direct


def _memoized(field: Any) -> Any:
    """A copy of `field` whose `index(value)` (its postings' terms, frequencies, weights and positions) is kept per value."""
    kept: dict[str, list] = {}
    index = field.index

    def kept_index(value: Any, **kwargs: Any) -> list:
        if kwargs or not isinstance(value, str):
            return list(index(value, **kwargs))
        found = kept.get(value)
        if found is None:
            if len(kept) >= NAMES_KEPT:
                kept.clear()
            found = kept[value] = list(index(value))
        return found

    memoized = copy.copy(field)
    memoized.index = kept_index
    return memoized


class _FieldLengths:
    """The per-document field lengths of a finished segment's documents, as `doc_field_length` gives them, in memory.

    A field's table is read from its length column once (whoosh's W3 per-document reader: `_lenfield` names the
    column); `doc_field_length` looked the column up, and for a field without one asked the storage, per call.
    """

    def __init__(self, reader: Any, doc_count: int) -> None:
        self._reader, self._doc_count = reader, doc_count
        self._tables: dict[tuple[str, Any], list] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: Any = 0) -> Any:
        table = self._tables.get((fieldname, default))
        if table is None:
            table = self._tables[(fieldname, default)] = self._table(fieldname, default)
        return table[docnum]

    def _table(self, fieldname: str, default: Any) -> list:
        reader, documents = self._reader, range(self._doc_count)
        if not isinstance(reader, W3PerDocReader):
            return [reader.doc_field_length(d, fieldname, default) for d in documents]
        column = reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return [default] * self._doc_count
        return [byte_to_length(b) if b else None for b in map(column.__getitem__, documents)]  # None for 0, as whoosh's


def write_index(path: Path, docs: Iterable[dict]) -> None:
    """Write a new index holding `docs` in the new folder `path` (one commit: all or nothing)."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), make_schema())
    writer = _SegmentWriter(ix, limitmb=LIMIT_MB)
    workers: list[tuple[Any, Any]] = []
    try:
        with without_gc():
            docs = list(docs)
            shares = _shares(docs, 2 if len(docs) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 1)
            workers = [_start_worker(path, share) for share in shares[1:]]
            for doc in shares[0]:
                writer.add_document(**doc)
            segments = [writer._finalize_segment()] + [_segment_of(process, pipe) for process, pipe in workers]
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        for process, _ in workers:
            if process.is_alive():
                process.kill()
            process.join()
        writer.cancel()
        raise
    finally:
        ix.close()



def _shares(docs: list[dict], n: int) -> list[list[dict]]:
    """`docs` in `n` shares of alternating runs of BATCH documents."""
    return [[doc for i, doc in enumerate(docs) if (i // BATCH) % n == k] for k in range(n)]


def _start_worker(path: Path, docs: list[dict]) -> tuple[Any, Any]:
    """A worker process writing `docs` into a segment of the index in `path`; it sends the segment back."""
    # fork is cheap but unsafe in a process that runs other threads (a server rebuilding in debug mode).
    context: Any = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_write_segment, args=(str(path), docs, sender), daemon=True)
    process.start()
    sender.close()
    return process, receiver


def _write_segment(path: str, docs: list[dict], pipe: Any) -> None:
    """In a worker: write `docs` into a new segment (not committed) and send it, or the error, to the parent."""
    try:
        with without_gc():  # already off in a forked worker, not in a spawned one
            writer = _SegmentWriter(whoosh_index.open_dir(path), _lk=False, limitmb=LIMIT_MB)
            for doc in docs:
                writer.add_document(**doc)
            pipe.send(("segment", writer._finalize_segment()))
    except BaseException as error:  # the parent re-raises it
        pipe.send(("error", f"{type(error).__name__}: {error}"))
        raise


def _segment_of(process: Any, pipe: Any) -> Any:
    """The segment a worker wrote, once it has finished."""
    try:
        what, value = pipe.recv()
    except EOFError:
        what, value = "error", "the index writer's worker process ended without a result"
    process.join()
    if what != "segment":
        raise RuntimeError(f"writing the search index failed in a worker: {value}")
    return value


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


def occurs(searcher: Searcher, field: str, term: str) -> bool:
    """Whether a live document holds `term` in `field`: what `doc_frequency` tells, without counting them all
    when the index has deletions (the postings are read only up to the first live document)."""
    reader = searcher.reader()
    if not reader.has_deletions():
        return searcher.doc_frequency(field, term) > 0
    return (field, term) in reader and reader.postings(field, term).is_active()  # whoosh skips deleted documents


def similar_terms(searcher: Searcher, field: str, word: str, edits: int, prefix: int) -> list[str]:
    """The terms of `field` within `edits` edits of `word` that share its first `prefix` letters (held by a live document).

    Edits are optimal-string-alignment ones (a swap of two neighbouring letters is one). whoosh's own
    `terms_within` computes the distance to every term of the prefix in Python: 3–15 ms a word on the shipped
    kb; here only terms of a length within reach are compared, in compiled code (about 7 times faster).
    """
    reader = searcher.reader()
    decode = reader.schema[field].from_bytes
    candidates = [term for term in map(decode, reader.expand_prefix(field, word[:prefix])) if abs(len(term) - len(word)) <= edits]
    found = [term for term, _, _ in process.extract(word, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None)]
    if reader.has_deletions():  # a term of deleted documents only stays in the term list until a merge
        found = [term for term in found if occurs(searcher, field, term)]
    return found


def terms_alike(searcher: Searcher, field: str, word: str, key: Callable[[str], str], firsts: Iterable[str]) -> list[str]:
    """The other terms of `field` as long as `word`, starting with one of `firsts`, whose `key` is the word's
    (held by a live document): the word spelt with other letters that `key` maps to the same ones."""
    reader = searcher.reader()
    decode = reader.schema[field].from_bytes
    wanted = key(word)
    found = [
        term for first in sorted(set(firsts)) for term in map(decode, reader.expand_prefix(field, first))
        if len(term) == len(word) and term != word and key(term) == wanted
    ]
    if reader.has_deletions():
        found = [term for term in found if occurs(searcher, field, term)]
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
# Those that `_skip_to` moves through a block with (`_maxid`: the block's last document).
BLOCK_SKIPPER = ("_read_ids", "_skip_to_block", "_maxid", "_ids", "_i")


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
                _skip_to(matcher, d)
            if matcher.is_active() and matcher.id() == d:
                found[d + offset] = matcher.value_as("positions")
    return found


def _skip_to(matcher, target: int) -> None:
    """Move a postings matcher to its first document ≥ `target`, as its `skip_to` does, but with a binary search
    inside the block: whoosh's W3 matcher steps through a block one posting at a time (at scale 100 that was
    most of the time of reading positions at chosen documents). Any other matcher skips in its own way."""
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    if not all(hasattr(leaf, a) for a in BLOCK_SKIPPER):
        matcher.skip_to(target)
        return
    if target > leaf._maxid:
        leaf._skip_to_block(lambda: target > leaf._maxid)
    if leaf.is_active():
        if leaf._ids is None:
            leaf._read_ids()
        leaf._i = bisect.bisect_left(leaf._ids, target, leaf._i)
    if matcher is not leaf:
        matcher._find_next()  # past deleted documents
