"""Incremental builds with a corpus of official texts give exactly what a fresh build gives.

After each change to the corpus (an act's text changed, an act added or removed, the
whole corpus folder gone) the build that reuses the previous one is compared with a
fresh build of the same files and corpus in another data directory: every database
row, every indexed term and stored field, the engine's answers with their scores, and
the problems reported. Real reader, real SQLite and whoosh, real search engine.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_incremental import _answers, _database, _index
from test_official import CORPUS, link_corpus

from indexer import file_stats
from indexer.build import build
from indexer.search import SearchEngine

CONSTITUTION = Path("codes/00-constitution")
OLD_LAW = Path("codes/03-laws/19990301-test-old-basic-law-9002")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Edit a file keeping its size and setting its modification time back to what it was."""
    before = path.stat()
    assert len(old.encode()) == len(new.encode())
    _edit(path, old, new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


CORPUS_CHANGES: dict[str, Callable[[Path], None]] = {
    "an act's text changed": lambda corpus: _edit(corpus / OLD_LAW / "rus.md", "Переписка каждого", "Переписка и звонки каждого"),
    "a part of an act changed": lambda corpus: _edit(corpus / CONSTITUTION / "rus" / "sec002.md", "чистую питьевую воду", "чистую воду"),
    "an act's edition rewritten with its size and time kept": lambda corpus: _same_size_edit(
        corpus / CONSTITUTION / "meta.yaml", "kaz: 2026-03-01", "kaz: 2026-03-02"),
    "an act's text rewritten with its size and time kept": lambda corpus: _same_size_edit(
        corpus / OLD_LAW / "rus.md", "Переписка каждого", "ПЕРЕПИСКА каждого"),
    "an act removed": lambda corpus: shutil.rmtree(corpus / OLD_LAW),
    "an act moved to another folder": lambda corpus: (corpus / OLD_LAW).rename(corpus / "codes" / "03-laws" / "moved-9002"),
}


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch):
    """Corpus files count as settled once changed before the build looks at them, so that every reuse path is taken."""
    monkeypatch.setattr(file_stats, "SETTLED_NS", 0)


@pytest.fixture
def linked(tmp_path) -> tuple[Path, Path]:
    """A writable kb linking two acts of a writable copy of the fixture corpus."""
    kb, corpus = tmp_path / "kb", tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kb", kb)
    link_corpus(kb)
    shutil.copytree(CORPUS, corpus)
    return kb, corpus


def assert_same_as_fresh_build(kb: Path, data: Path, fresh: Path, official: list[Path]) -> None:
    said: list[str] = []
    incremental = build(kb, data, official=official, progress=said.append)
    assert incremental.built
    assert any(m.startswith("updating the previous build") for m in said), said
    full = build(kb, fresh, official=official)
    assert incremental.problems == full.problems
    assert incremental.counts == full.counts
    assert _database(incremental.path) == _database(full.path)
    assert _index(incremental.path) == _index(full.path)
    assert _answers(data) == _answers(fresh)
    assert _official_answers(data) == _official_answers(fresh)


def _official_answers(data: Path) -> list[list[dict]]:
    """The norms found for words only the official texts have (both languages), with their scores."""
    engine = SearchEngine(data)
    try:
        return [engine.search(query, limit=50)["norms"] for query in ("звонки переписка", "таза ауыз су", "питьевую воду")]
    finally:
        engine.close()


def _found(data: Path, query: str) -> list[str]:
    engine = SearchEngine(data)
    try:
        return [n["id"] for n in engine.search(query)["norms"]]
    finally:
        engine.close()


@pytest.mark.parametrize("change", CORPUS_CHANGES)
def test_each_corpus_change_gives_what_a_fresh_build_gives(change, linked, tmp_path):
    kb, corpus = linked
    data = tmp_path / "data"
    assert build(kb, data, official=[corpus]).built
    CORPUS_CHANGES[change](corpus)
    assert_same_as_fresh_build(kb, data, tmp_path / "fresh", [corpus])


def test_an_act_added_to_the_corpus_gives_what_a_fresh_build_gives(linked, tmp_path):
    kb, corpus = linked
    moved = tmp_path / "held-back"
    (corpus / OLD_LAW).rename(moved)
    data = tmp_path / "data"
    first = build(kb, data, official=[corpus])
    assert "official-unknown" in {p.code for p in first.problems}
    moved.rename(corpus / OLD_LAW)
    assert_same_as_fresh_build(kb, data, tmp_path / "fresh", [corpus])


def test_a_corpus_folder_removed_entirely_gives_what_a_fresh_build_gives(linked, tmp_path):
    kb, corpus = linked
    data = tmp_path / "data"
    build(kb, data, official=[corpus])
    shutil.rmtree(corpus)
    assert_same_as_fresh_build(kb, data, tmp_path / "fresh", [corpus])


def test_a_corpus_dropped_from_the_build_gives_what_a_fresh_build_without_it_gives(linked, tmp_path):
    kb, corpus = linked
    data = tmp_path / "data"
    build(kb, data, official=[corpus])
    assert_same_as_fresh_build(kb, data, tmp_path / "fresh", [])


def test_kb_and_corpus_changed_together_give_what_a_fresh_build_gives(linked, tmp_path):
    kb, corpus = linked
    data = tmp_path / "data"
    build(kb, data, official=[corpus])
    CORPUS_CHANGES["an act's text changed"](corpus)
    _edit(kb / "laws" / "test-constitution.ru.md", "official: 9002\n", "")
    assert_same_as_fresh_build(kb, data, tmp_path / "fresh", [corpus])


def test_of_two_folders_of_one_act_the_latest_edition_wins_after_a_same_size_edit(linked, tmp_path):
    """The act folders' facts are kept between builds (indexer/corpus_cache.py) only while their files are unchanged."""
    kb, corpus = linked
    copy = corpus / "codes" / "03-laws" / "20200505-copy-9002"
    shutil.copytree(corpus / OLD_LAW, copy)
    _edit(copy / "rus.md", "version_date: 2020-05-05", "version_date: 2021-05-05")
    _edit(copy / "rus.md", "Переписка каждого", "Переписка и звонки каждого")
    data = tmp_path / "data"
    build(kb, data, official=[corpus])
    assert _found(data, "звонки") == ["test-constitution/art-18"]  # the copy is the later edition
    _same_size_edit(copy / "rus.md", "version_date: 2021-05-05", "version_date: 2019-05-05")
    assert_same_as_fresh_build(kb, data, tmp_path / "fresh", [corpus])
    assert _found(data, "звонки") == []


def test_a_corpus_change_writes_the_changed_acts_shard_and_links_the_others(linked, tmp_path):
    kb, corpus = linked
    data = tmp_path / "data"
    first = build(kb, data, official=[corpus])
    CORPUS_CHANGES["an act's text changed"](corpus)
    second = build(kb, data, official=[corpus])
    shards = sorted(p.name for p in second.path.glob("official-*.pickle"))
    assert shards == sorted(p.name for p in first.path.glob("official-*.pickle")) and shards
    written = [name for name in shards if (second.path / name).stat().st_ino != (first.path / name).stat().st_ino]
    assert len(written) == 1  # the changed act's; the other act's shard (and every empty one) is a hard link
