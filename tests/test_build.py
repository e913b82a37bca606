"""`kb build`: real SQLite and whoosh output, atomic swaps, no-op rebuilds, the build lock."""

import json
import os
import sqlite3
import threading
import time

import pytest

from indexer import build as build_module
from indexer.build import CURRENT, build, build_lock
from indexer.problems import BuildBusy, ContentError
from indexer.search import SearchEngine


def test_build_writes_queryable_tables(kb_dir, tmp_path):
    data = tmp_path / "data"
    result = build(kb_dir, data)
    assert result.built
    assert result.counts == {"acts": 6, "provisions": 11, "cases": 3, "services": 4}
    db = sqlite3.connect(data / CURRENT / "kb.sqlite")
    db.row_factory = sqlite3.Row
    row = db.execute("SELECT * FROM provisions WHERE id = 'test-order-379/p-30-sp-2' AND lang = 'en'").fetchone()
    assert row["designator"] == "Paragraph 30, sub-paragraph 2"
    assert row["citation"].startswith("Paragraph 30, sub-paragraph 2, Rules of activity")
    assert "of 29 August 2018 No. 379" in row["citation"]
    assert row["status"] == "repealed"
    links = {tuple(r) for r in db.execute("SELECT case_id, ref FROM case_norms")}
    assert ("test-damir", "test-order-379/p-30-sp-2") in links
    assert {tuple(r) for r in db.execute("SELECT case_id, service_id FROM case_services")} == {("test-damir", "test-ombudsman")}
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
    monkeypatch.setattr(build_module, "write_index", crash)
    with pytest.raises(RuntimeError):
        build(kb_dir, data)
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
    assert result.counts["services"] == 4


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
    assert not engine.search("вакцинация")["services"]
    path = kb_dir / "services/test-aids-almaty.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Тестирование на ВИЧ", "Тестирование и вакцинация"), encoding="utf-8")
    build(kb_dir, data)
    assert [h["id"] for h in engine.search("вакцинация")["services"]] == ["test-aids-almaty"]
    engine.close()
