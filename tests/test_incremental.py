"""Incremental builds give exactly what a full build of the same files gives.

After each change to the knowledge base, the build that reuses the previous one
is compared with a fresh build of the same files in another data directory:
every database row, every stored field and indexed term (with its positions
or frequency) of every live search document, and the problems reported, which
must also be those of `kb check`.
"""

from __future__ import annotations

import gc
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURE_KB
from whoosh import index as whoosh_index

from indexer.build import THESAURUS, BuildResult, build
from indexer.load import load_kb
from indexer.problems import ContentError
from indexer.search import SearchEngine


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rename(path: Path, name: str) -> None:
    path.rename(path.with_name(name))


# Each change, applied to a copy of the fixture knowledge base.
CHANGES: dict[str, Callable[[Path], None]] = {
    "provision renamed": lambda kb: _edit(kb / "laws/test-order-379.en.md", "## Paragraph 30, sub-paragraph 2.", "## Paragraph 31."),
    "act text appended": lambda kb: (kb / "laws/test-constitution.ru.md").open("a", encoding="utf-8").write("\nДобавлено при проверке.\n"),
    "case norm removed": lambda kb: _edit(kb / "cases/test-damir.en.md", "test-constitution/art-14, ", ""),
    "service edited": lambda kb: _edit(kb / "services/test-aids-almaty.ru.md", "Тестирование на ВИЧ", "Тестирование и вакцинация"),
    "referenced service deleted": lambda kb: (kb / "services/test-ombudsman.ru.md").unlink(),
    "replacing act deleted": lambda kb: (kb / "laws/test-constitution-2026.ru.md").unlink(),
    "case renamed": lambda kb: _rename(kb / "cases/test-outing.en.md", "test-outing-story.en.md"),
    "duplicate id added before the original": lambda kb: shutil.copy(kb / "services/test-ngo-ukg.ru.md", kb / "services/a-copy.ru.md"),
    "broken file": lambda kb: _edit(kb / "services/test-aids-east.ru.md", "---\n", "---\n: [\n"),
    "vocabulary label changed": lambda kb: _edit(kb / "vocab.yaml", "en: Prisoners", "en: Former prisoners"),
    "vocabulary key removed": lambda kb: _edit(kb / "vocab.yaml", "  consultation: {en: Consultation, ru: Консультация, kk: Кеңес беру}\n", ""),
    "thesaurus group added": lambda kb: (kb / "thesaurus.yaml").open("a", encoding="utf-8").write("- [centre, центр, орталық]\n"),
}


def _database(build_dir: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(build_dir / "kb.sqlite")
    try:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        contents = {table: sorted(map(tuple, db.execute(f"SELECT * FROM {table}")), key=repr) for table in tables}
    finally:
        db.close()
    contents["meta"] = [row for row in contents["meta"] if row[0] != "built_at"]
    return contents


def _index(build_dir: Path) -> dict:
    """Stored fields, and per field and term the positions (or frequency) in each live document, by document key."""
    ix = whoosh_index.open_dir(str(build_dir / "whoosh"))
    reader = ix.reader()
    try:
        stored = {docnum: fields for docnum, fields in reader.iter_docs()}
        key = {docnum: fields["key"] for docnum, fields in stored.items()}
        postings = {}
        for field in sorted(reader.indexed_field_names()):
            kind = "positions" if reader.schema[field].format.supports("positions") else "frequency"
            for term in reader.field_terms(field):
                for docnum, value in reader.postings(field, term).items_as(kind):
                    postings[(field, term, key[docnum])] = value
        # An empty field's length reads as 0 or None depending on how whoosh wrote the segment: the same for scoring.
        lengths = {
            (key[docnum], field): reader.doc_field_length(docnum, field) or 0
            for docnum in stored
            for field in reader.schema.scorable_names()
        }
        return {"stored": sorted(stored.values(), key=lambda f: f["key"]), "postings": postings, "lengths": lengths}
    finally:
        reader.close()
        ix.close()


def assert_same_as_full_build(kb_dir: Path, data: Path, full_data: Path, messages: list[str] | None = None) -> BuildResult:
    """Build `kb_dir` incrementally in `data` and from scratch in `full_data`; both must give the same result.

    The incremental build's progress messages are added to `messages` when given.
    """
    messages = [] if messages is None else messages
    incremental = build(kb_dir, data, progress=messages.append)
    assert incremental.built
    assert any(m.startswith("updating the previous build") for m in messages), messages
    full = build(kb_dir, full_data)
    assert incremental.problems == full.problems == load_kb(kb_dir)[1]
    assert incremental.counts == full.counts
    assert _database(incremental.path) == _database(full.path)
    assert _index(incremental.path) == _index(full.path)
    assert (incremental.path / THESAURUS).read_bytes() == (full.path / THESAURUS).read_bytes()
    assert _answers(data) == _answers(full_data)
    return incremental


# Queries that match most of the fixture's documents in every language, so that every ranking statistic counts.
QUERIES = ("HIV refusal", "отказ ВИЧ дискриминация", "АИТВ бас тарту", "omb", "ombudsman Almaty", "статья 14")


def _answers(data: Path) -> list[dict]:
    """What the engine answers on the build served from `data`: every hit with its score, for each of QUERIES.

    An index updated in place keeps the documents it replaced (deleted, until whoosh merges their segment):
    the ranking must not count them, or scores drift from a fresh build's with every edit.
    """
    engine = SearchEngine(data)
    try:
        return [{k: v for k, v in engine.search(query, limit=50).items() if k != "took_ms"} for query in QUERIES]
    finally:
        engine.close()


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_gives_what_a_full_build_gives(change, kb_dir, tmp_path, built_data):
    data = tmp_path / "data"
    # The previous build: a copy of the session's build of the same files (the build names files relative to the
    # kb; assert_same_as_full_build checks that the next build updates it rather than starting again).
    shutil.copytree(built_data, data, symlinks=True)
    CHANGES[change](kb_dir)
    assert_same_as_full_build(kb_dir, data, tmp_path / "full")


@pytest.mark.slow  # 14 incremental and 14 full builds; each change alone is checked by the test above
def test_changes_one_after_another_and_their_undoing_give_what_full_builds_give(kb_dir, tmp_path):
    data = tmp_path / "data"
    build(kb_dir, data)
    for number, change in enumerate(CHANGES.values()):
        change(kb_dir)
        assert_same_as_full_build(kb_dir, data, tmp_path / f"full-{number}")
    shutil.rmtree(kb_dir)
    shutil.copytree(FIXTURE_KB, kb_dir)
    result = assert_same_as_full_build(kb_dir, data, tmp_path / "full-restored")
    assert not result.problems.errors


def test_a_dangling_reference_is_reported_again_until_it_is_fixed(kb_dir, tmp_path):
    data = tmp_path / "data"
    build(kb_dir, data)
    (kb_dir / "services/test-ombudsman.ru.md").unlink()
    first = assert_same_as_full_build(kb_dir, data, tmp_path / "full-1")
    dangling = [p for p in first.problems.errors if p.code == "dangling-reference"]
    assert [p.path.rsplit("/", 1)[-1] for p in dangling] == ["test-damir.en.md", "test-damir.ru.md"]
    # Another file changes: the cases are not re-checked one by one, yet their errors are still reported.
    CHANGES["service edited"](kb_dir)
    assert [p for p in assert_same_as_full_build(kb_dir, data, tmp_path / "full-2").problems if p.code == "dangling-reference"] == dangling
    shutil.copy(FIXTURE_KB / "services/test-ombudsman.ru.md", kb_dir / "services/test-ombudsman.ru.md")
    fixed = assert_same_as_full_build(kb_dir, data, tmp_path / "full-3")
    assert not fixed.problems.errors


def test_an_edit_writes_one_shard_and_links_the_others(kb_dir, tmp_path):
    data = tmp_path / "data"
    first = build(kb_dir, data)
    CHANGES["service edited"](kb_dir)
    second = build(kb_dir, data)
    shards = sorted(p.name for p in second.path.glob("*-*.pickle"))
    assert shards == sorted(p.name for p in first.path.glob("*-*.pickle"))
    linked = [name for name in shards if (second.path / name).stat().st_ino == (first.path / name).stat().st_ino]
    # The edited file's record and parsed file are written again; every other shard is a hard link.
    assert len(shards) - len(linked) == 2


def test_damaged_parse_shards_are_parsed_again(kb_dir, tmp_path):
    data = tmp_path / "data"
    first = build(kb_dir, data)
    for shard in first.path.glob("parsed-*.pickle"):
        shard.write_bytes(b"damaged")
    CHANGES["vocabulary label changed"](kb_dir)
    assert_same_as_full_build(kb_dir, data, tmp_path / "full")


def test_a_damaged_record_shard_means_a_full_rebuild(kb_dir, tmp_path):
    data = tmp_path / "data"
    first = build(kb_dir, data)
    next(first.path.glob("records-*.pickle")).write_bytes(b"damaged")
    CHANGES["service edited"](kb_dir)
    messages: list[str] = []
    result = build(kb_dir, data, progress=messages.append)
    assert any(m.startswith("writing database") for m in messages), messages
    assert _database(result.path) == _database(build(kb_dir, tmp_path / "full").path)


def test_builds_leave_the_garbage_collector_as_they_found_it(kb_dir, tmp_path):
    data = tmp_path / "data"
    build(kb_dir, data)
    CHANGES["service edited"](kb_dir)
    build(kb_dir, data)
    CHANGES["broken file"](kb_dir)
    with pytest.raises(ContentError):
        build(kb_dir, data, strict=True)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
