"""Phrase and in-order matching read at chosen documents must agree with whoosh's own Phrase query.

The engine replaced whoosh's Phrase matcher (which walks the whole index) by
reading positions only at candidate documents; these tests hold the two to the
same answer on real builds, including an index with several segments and
deleted documents (what an incremental build leaves).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from whoosh import query as Q

from indexer.analysis import analyze
from indexer.build import build
from indexer.search.positions import in_sequence, with_sequence
from indexer.search.snapshot import Snapshot, resolve_current

FIELDS = ("title", "body")


def phrases(snapshot: Snapshot) -> list[list[str]]:
    """Term sequences taken from the indexed texts: adjacent runs, runs with a word skipped, and reversed pairs."""
    db = sqlite3.connect(snapshot.path / "kb.sqlite")
    texts = [row[0] for row in db.execute("SELECT text FROM provisions UNION ALL SELECT text FROM cases ORDER BY 1 LIMIT 40")]
    db.close()
    found: list[list[str]] = []
    for text in texts:
        terms = analyze(text)[:60]
        for i in range(0, max(0, len(terms) - 3), 7):
            found += [terms[i : i + 2], terms[i : i + 3], [terms[i], terms[i + 2]], [terms[i + 1], terms[i]]]
    return [p for p in found if len(p) >= 2]


def compare(snapshot: Snapshot, slop: int) -> int:
    """Check every phrase in both ways; return how many matched somewhere (so the test cannot pass vacuously)."""
    searcher = snapshot.searcher()
    everything = range(searcher.doc_count_all())
    matched = 0
    for terms in phrases(snapshot):
        for field in FIELDS:
            expected = set(searcher.docs_for_query(Q.Phrase(field, terms, slop=slop)))
            assert with_sequence(searcher, [field], terms, everything, slop) == expected, (field, terms, slop)
            matched += bool(expected)
    return matched


@pytest.mark.parametrize("slop", [1, 3])
def test_same_documents_as_whoosh_phrase(built_data: Path, slop: int) -> None:
    snapshot = Snapshot(resolve_current(built_data))
    try:
        assert compare(snapshot, slop) > 20
    finally:
        snapshot.close()


def test_same_documents_after_an_incremental_build(kb_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build(kb_dir, data)
    law = kb_dir / "laws" / "test-order-379.ru.md"
    law.write_text(law.read_text(encoding="utf-8") + "\nДобавлено для проверки позиций.\n", encoding="utf-8")
    build(kb_dir, data)
    snapshot = Snapshot(resolve_current(data))
    try:
        assert len(snapshot.searcher().leaf_searchers()) > 1  # several segments, with deletions
        assert compare(snapshot, 1) > 20
    finally:
        snapshot.close()


@pytest.mark.parametrize(
    ("positions", "slop", "expected"),
    [
        ([[4], [5]], 1, True),  # adjacent
        ([[5], [4]], 1, False),  # reversed
        ([[4], [4]], 1, False),  # the same position is not "after"
        ([[4], [6]], 1, False),
        ([[4], [6]], 3, True),
        ([[4], [8]], 3, False),
        ([[1, 20], [2, 30], [31]], 1, False),  # each step must follow the previous one's match
        ([[1, 20], [2, 21], [22]], 1, True),
    ],
)
def test_in_sequence(positions: list[list[int]], slop: int, expected: bool) -> None:
    assert in_sequence(positions, slop) is expected
