"""`kb build`: real SQLite and whoosh output, atomic swaps, no-op rebuilds, the build lock."""

import importlib.metadata
import json
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from indexer import build as build_module
from indexer.build import CURRENT, build, build_lock
from indexer.fulltext import filter_query, matching_docs, open_index
from indexer.problems import BuildBusy, ContentError
from indexer.search import SearchEngine


def test_build_writes_queryable_tables(kb_dir, tmp_path):
    data = tmp_path / "data"
    result = build(kb_dir, data)
    assert result.built
    # Rows per language, internal entries included (the fixture has an internal act, case and service).
    assert result.counts == {"acts": 7, "provisions": 12, "cases": 4, "services": 5}
    db = sqlite3.connect(data / CURRENT / "kb.sqlite")
    db.row_factory = sqlite3.Row
    row = db.execute("SELECT * FROM provisions WHERE id = 'test-order-379/p-30-sp-2' AND lang = 'en'").fetchone()
    assert row["designator"] == "Paragraph 30, sub-paragraph 2"
    assert row["citation"] == "Paragraph 30(2) of the Rules of activity of organisations providing special social services of 29 August 2018 No. 379"
    assert row["status"] == "repealed"
    links = {tuple(r) for r in db.execute("SELECT case_id, ref FROM case_norms")}
    assert ("test-damir", "test-order-379/p-30-sp-2") in links
    assert {tuple(r) for r in db.execute("SELECT case_id, service_id FROM case_services")} == {
        ("test-damir", "test-ombudsman"), ("test-damir", "test-quiet-doctor"), ("test-quiet-case", "test-quiet-doctor")}
    assert db.execute("SELECT visibility FROM services WHERE id = 'test-quiet-doctor'").fetchone()[0] == "internal"
    assert json.loads(db.execute("SELECT phones FROM services WHERE id = 'test-ombudsman'").fetchone()[0]) == ["+7 7172 740 000"]
    act = db.execute("SELECT * FROM acts WHERE id = 'test-constitution' AND lang = 'ru'").fetchone()
    assert (act["status"], act["valid_until"], act["replaced_by"]) == ("repealed", "2026-06-30", "test-constitution-2026")
    db.close()


def test_unchanged_kb_is_not_rebuilt_and_force_rebuilds(kb_dir, tmp_path):
    data = tmp_path / "data"
    first = build(kb_dir, data)
    again = build(kb_dir, data)
    assert not again.built
    assert os.readlink(data / CURRENT) == first.path.name
    forced = build(kb_dir, data, force=True)
    assert forced.built and os.readlink(data / CURRENT) == forced.path.name


def test_an_edit_triggers_a_rebuild(kb_dir, tmp_path):
    data = tmp_path / "data"
    build(kb_dir, data)
    path = kb_dir / "services/test-aids-almaty.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Тестирование на ВИЧ", "Тестирование и вакцинация"), encoding="utf-8")
    assert build(kb_dir, data).built


def test_error_mid_build_keeps_the_previous_index_serving(kb_dir, tmp_path, monkeypatch):
    data = tmp_path / "data"
    build(kb_dir, data)
    engine = SearchEngine(data)
    before = engine.search("resocialization")
    served = os.readlink(data / CURRENT)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    (kb_dir / "cases/test-outing.en.md").unlink()
    for writer in ("write_index", "update_index"):
        monkeypatch.setattr(build_module, writer, crash)
    with pytest.raises(RuntimeError):
        build(kb_dir, data)
    with pytest.raises(RuntimeError):
        build(kb_dir, data, force=True)
    assert os.readlink(data / CURRENT) == served
    assert [d.name for d in data.iterdir() if d.name.startswith("build-")] == [served]
    assert engine.search("resocialization")["cases"] == before["cases"]
    engine.close()


def test_strict_build_refuses_to_write_when_there_are_errors(kb_dir, tmp_path):
    data = tmp_path / "data"
    (kb_dir / "services/broken.ru.md").write_text("---\nid: broken\n---\n", encoding="utf-8")
    with pytest.raises(ContentError, match="strict"):
        build(kb_dir, data, strict=True)
    assert not (data / CURRENT).exists()
    result = build(kb_dir, data)
    assert result.built and result.problems.errors
    assert result.counts["services"] == 5


def test_a_second_build_waits_or_refuses(kb_dir, tmp_path):
    data = tmp_path / "data"
    messages = []
    with build_lock(data, messages.append):
        with pytest.raises(BuildBusy):
            build(kb_dir, data, wait=False)
        waiter = threading.Thread(target=lambda: build(kb_dir, data, progress=messages.append))
        waiter.start()
        time.sleep(0.3)
        assert waiter.is_alive()
        assert any("waiting" in m for m in messages)
    waiter.join(timeout=30)
    assert (data / CURRENT / "manifest.json").exists()


def test_running_engine_follows_a_rebuild(kb_dir, tmp_path):
    data = tmp_path / "data"
    build(kb_dir, data)
    engine = SearchEngine(data)
    assert engine.search("вакцинация").get("fallback")  # nothing found: only the general routes are offered
    path = kb_dir / "services/test-aids-almaty.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Тестирование на ВИЧ", "Тестирование и вакцинация"), encoding="utf-8")
    build(kb_dir, data)
    assert [h["id"] for h in engine.search("вакцинация")["services"]] == ["test-aids-almaty"]
    engine.close()


def test_an_edit_rewrites_only_what_it_changed(kb_dir, tmp_path):
    data = tmp_path / "data"
    first = build(kb_dir, data)
    old_engine_dir = first.path
    path = kb_dir / "services/test-aids-almaty.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Тестирование на ВИЧ", "Тестирование и вакцинация"), encoding="utf-8")
    messages = []
    second = build(kb_dir, data, progress=messages.append)
    assert any("1 rows, 1 search documents changed" in m for m in messages), messages
    engine = SearchEngine(data)
    assert ids_of(engine.search("вакцинация")["services"]) == ["test-aids-almaty"]
    assert ids_of(engine.search("resocialization")["cases"]) == ["test-damir"]
    engine.close()
    # The previous build is untouched: a server still reading it sees the old text.
    assert second.path != old_engine_dir
    old = open_index(old_engine_dir / "whoosh")
    searcher = old.searcher()
    assert matching_docs(searcher, filter_query([("body", "вакцинац")])) == []
    assert matching_docs(searcher, filter_query([("id", "test-aids-almaty")]))
    searcher.close()
    old.close()


def test_incremental_and_full_builds_give_the_same_database(kb_dir, tmp_path):
    data = tmp_path / "data"
    build(kb_dir, data)
    (kb_dir / "cases/test-outing.en.md").unlink()
    path = kb_dir / "laws/test-order-379.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Paragraph 30, sub-paragraph 2.", "## Paragraph 31."), encoding="utf-8")
    incremental = build(kb_dir, data)
    full = build(kb_dir, tmp_path / "full")

    def dump(build_dir):
        db = sqlite3.connect(build_dir / "kb.sqlite")
        tables = ("acts", "provisions", "cases", "services", "case_norms", "case_services", "vocab")
        out = {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}"))) for t in tables}
        db.close()
        return out

    assert dump(incremental.path) == dump(full.path)
    engine = SearchEngine(data)
    assert "test-order-379/p-31" in ids_of(engine.search("contraindications")["norms"])
    assert engine.search("staff chat")["cases"] == []
    engine.close()


def ids_of(hits):
    return [hit["id"] for hit in hits]


def test_the_build_is_stale_when_an_indexing_module_is_added_or_a_library_changes_version(monkeypatch, tmp_path):
    """Issue 14: the freshness hash covers every write-side module by default and the libraries' versions."""
    before = build_module.code_hash()
    package = tmp_path / "indexer"
    shutil.copytree(Path(build_module.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_module, "__file__", str(package / "build.py"))
    assert build_module.code_hash() == before, "a copy of the same code has the same hash"
    (package / "kinds" / "glossary.py").write_text('"""A new kind."""\n', encoding="utf-8")
    assert build_module.code_hash() != before, "a new module under indexer/ makes the index stale"
    (package / "kinds" / "glossary.py").unlink()
    (package / "stats.py").write_text("# read side: reports only\n", encoding="utf-8")
    assert build_module.code_hash() == before, "a read-side module does not"

    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0" if name == "snowballstemmer" else real_version(name))
    assert build_module.code_hash() != before, "another version of the stemmer makes the index stale"
