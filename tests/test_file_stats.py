"""A build reads only the kb files whose fingerprint changed (indexer/file_stats.py) and still gives a fresh build's result.

Every build here is the real one (SQLite, whoosh, the search engine); after each change
the incremental build is compared with a fresh build of the same files
(test_incremental.assert_same_as_full_build), and the build's own count of the files
it read shows which were taken on trust.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from test_incremental import assert_same_as_full_build

from indexer import file_stats
from indexer.build import build
from indexer.file_stats import FILE_STATS, load_known
from indexer.load import SourceChanged, read_sources

READ_RE = re.compile(r"^(\d+) kb files: (\d+) read, (\d+) unchanged since the previous build$")
SERVICE = "services/test-aids-almaty.ru.md"


@pytest.fixture
def settled_at_once(monkeypatch):
    """Files count as settled once changed before the build looks at them: no waiting out SETTLED_NS (coarse clocks)."""
    monkeypatch.setattr(file_stats, "SETTLED_NS", 0)


def read_count(messages: list[str]) -> int:
    """How many kb files the build read (the others it took from the previous build's fingerprints)."""
    counts = [int(m.group(2)) for m in map(READ_RE.match, messages) if m]
    assert len(counts) == 1, messages
    return counts[0]


def build_saying(kb: Path, data: Path) -> tuple[bool, list[str]]:
    messages: list[str] = []
    return build(kb, data, progress=messages.append).built, messages


def same_size_edit(path: Path) -> None:
    """Change one letter of the file, keeping its size and setting its modification time back to what it was."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Тестирование на ВИЧ", "Тестирование на ВИЧ".swapcase(), 1), encoding="utf-8")
    assert path.stat().st_size == before.st_size and path.read_text(encoding="utf-8") != text
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_a_no_op_build_reads_no_file_and_a_touched_file_is_read_once(kb_dir, tmp_path, settled_at_once):
    data = tmp_path / "data"
    assert build(kb_dir, data).built
    built, said = build_saying(kb_dir, data)
    assert not built and read_count(said) == 0
    os.utime(kb_dir / SERVICE)  # a new time, the same bytes: nothing to rebuild, but the file is read to know that
    built, said = build_saying(kb_dir, data)
    assert not built and read_count(said) == 1
    built, said = build_saying(kb_dir, data)  # the no-op build kept the file's new fingerprint
    assert not built and read_count(said) == 0


def test_a_file_rewritten_with_its_size_and_modification_time_kept_is_read_and_rebuilt(kb_dir, tmp_path, settled_at_once):
    data = tmp_path / "data"
    build(kb_dir, data)
    same_size_edit(kb_dir / SERVICE)
    messages: list[str] = []
    result = assert_same_as_full_build(kb_dir, data, tmp_path / "full", messages)
    assert read_count(messages) == 1
    assert "Тестирование на ВИЧ".swapcase() in (result.path / "kb.sqlite").read_bytes().decode("utf-8", "replace")


CHANGES = {
    "edited": lambda kb: (kb / SERVICE).write_text((kb / SERVICE).read_text(encoding="utf-8") + "\nДобавлено.\n", encoding="utf-8"),
    "added": lambda kb: shutil.copy(kb / "cases/test-damir.en.md", kb / "cases/test-damir-copy.en.md"),
    "removed": lambda kb: (kb / "services/test-ombudsman.ru.md").unlink(),
    "renamed": lambda kb: (kb / "cases/test-outing.en.md").rename(kb / "cases/test-outing-story.en.md"),
    # A file moved in place of another, with the other's size and times: its inode tells them apart.
    "replaced by a file of the same size and times": lambda kb: _replace_keeping_stat(kb / SERVICE),
}


def _replace_keeping_stat(path: Path) -> None:
    before = path.stat()
    other = path.with_name(".replacement")
    text = path.read_text(encoding="utf-8")
    other.write_text(text.replace("Тестирование на ВИЧ", "Тестирование на ВИЧ".swapcase(), 1), encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    other.replace(path)


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_file_is_read_and_the_others_are_not(change, kb_dir, tmp_path, settled_at_once):
    data = tmp_path / "data"
    build(kb_dir, data)
    CHANGES[change](kb_dir)
    messages: list[str] = []
    assert_same_as_full_build(kb_dir, data, tmp_path / "full", messages)
    assert read_count(messages) == (0 if change == "removed" else 1)


def test_a_file_changed_just_before_the_build_is_read_again_by_the_next(kb_dir, tmp_path):
    """Its fingerprint is not trusted: a second write within one tick of a coarse clock would leave it the same."""
    data = tmp_path / "data"
    (kb_dir / SERVICE).write_text((kb_dir / SERVICE).read_text(encoding="utf-8") + "\nДобавлено.\n", encoding="utf-8")
    build(kb_dir, data)
    assert f"{kb_dir}/{SERVICE}" not in load_known((data / "current").resolve())


def test_files_not_read_are_read_when_they_must_be_parsed_again(kb_dir, tmp_path, settled_at_once):
    data = tmp_path / "data"
    first = build(kb_dir, data)
    for shard in first.path.glob("parsed-*.pickle"):
        shard.write_bytes(b"damaged")
    vocab = kb_dir / "vocab.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("en: Prisoners", "en: Former prisoners"), encoding="utf-8")
    messages: list[str] = []
    assert_same_as_full_build(kb_dir, data, tmp_path / "full", messages)
    assert read_count(messages) == 0  # every entry file was parsed again, from bytes read only then


def test_a_damaged_fingerprint_file_means_every_file_is_read(kb_dir, tmp_path, settled_at_once):
    data = tmp_path / "data"
    first = build(kb_dir, data)
    (first.path / FILE_STATS).write_bytes(b"damaged")
    CHANGES["edited"](kb_dir)
    messages: list[str] = []
    assert_same_as_full_build(kb_dir, data, tmp_path / "full", messages)
    assert not [m for m in messages if READ_RE.match(m)]  # nothing known: every file read, as in a first build


def test_a_file_changed_after_the_build_looked_at_it_stops_the_build_with_its_name(kb_dir, tmp_path, settled_at_once):
    data = tmp_path / "data"
    build(kb_dir, data)
    sources = read_sources(kb_dir, load_known((data / "current").resolve()))
    source = next(s for s in sources.files if s.rel.endswith(SERVICE))
    assert source.data is None
    same_size_edit(kb_dir / SERVICE)
    with pytest.raises(SourceChanged, match=re.escape(SERVICE) + ": changed while the build was running"):
        source.content()
