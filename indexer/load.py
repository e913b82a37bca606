"""Walk kb/, parse every entry file and return valid entries plus every problem found."""

from __future__ import annotations

import os
from pathlib import Path

from indexer import validate
from indexer.designators import ID_RE, parse_heading
from indexer.frontmatter import FrontMatterError, parse
from indexer.kinds import KINDS, Kind
from indexer.models import Entry, KnowledgeBase, Provision
from indexer.problems import Problems
from indexer.vocab import Vocab, load_thesaurus, load_vocab

# Larger files are refused: no legal act summary needs this much, and a huge file slows every build.
MAX_FILE_BYTES = 2 * 1024 * 1024


def entry_files(kb_root: Path) -> list[tuple[Kind, Path]]:
    """Every Markdown file under the kind folders, sorted, without following links out of kb/."""
    found: list[tuple[Kind, Path]] = []
    for kind in KINDS:
        folder = kb_root / kind.folder
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(".md") and not name.startswith("."):
                    found.append((kind, Path(dirpath) / name))
    return found


def display_path(kb_root: Path, path: Path) -> str:
    """The path as maintainers see it in messages: kb/laws/x.ru.md (relative to where kb/ was named)."""
    return (kb_root / path.relative_to(kb_root)).as_posix()


def read_text(kb_root: Path, path: Path, rel: str, problems: Problems) -> str | None:
    """Read a file as strict UTF-8, refusing links out of kb/, huge and binary files."""
    try:
        real = path.resolve(strict=True)
    except OSError as exc:
        problems.error(rel, 0, "unreadable", f"cannot read file: {exc.strerror}")
        return None
    if not real.is_relative_to(kb_root.resolve()):
        problems.error(rel, 0, "outside-kb", "symbolic link points outside the knowledge base; copy the file instead")
        return None
    size = real.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.error(rel, 0, "too-large", f"file is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB")
        return None
    data = real.read_bytes()
    if not data.strip():
        problems.error(rel, 1, "empty-file", "file is empty")
        return None
    if b"\x00" in data:
        problems.error(rel, data[: data.index(b"\x00")].count(b"\n") + 1, "binary", "file contains NUL bytes: is it a binary file?")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(rel, line, "encoding", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None


def split_provisions(entry: Entry, problems: Problems) -> str:
    """Cut an act's body at level-2 headings; return the preamble and fill entry.provisions."""
    preamble: list[str] = []
    current: list[str] | None = None
    heading: tuple[str, str, str, int] | None = None
    in_fence = False
    seen: dict[str, int] = {}

    def close() -> None:
        if heading is None or current is None:
            return
        local_id, designator, title, line = heading
        entry.provisions.append(
            Provision(entry.id, local_id, entry.lang, designator, title, "".join(current).strip(), line, len(entry.provisions))
        )

    for offset, line in enumerate(entry.body.splitlines(keepends=True)):
        lineno = entry.body_line + offset
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            close()
            local_id, designator, title = parse_heading(line[3:].strip())
            current = []
            heading = None
            if local_id is None:
                problems.error(entry.path, lineno, "bad-heading", f"heading '{line[3:].strip()}' has no designator (Article 14, Статья 14, 14-бап, Пункт 30 …); add an explicit id such as {{#preamble}}")
            elif not ID_RE.match(local_id):
                problems.error(entry.path, lineno, "bad-heading", f"provision id '{local_id}' is not valid: lowercase letters, digits, hyphens")
            elif local_id in seen:
                problems.error(entry.path, lineno, "duplicate-provision", f"provision '{local_id}' already starts at line {seen[local_id]}")
            else:
                seen[local_id] = lineno
                heading = (local_id, designator, title, lineno)
            continue
        (preamble if current is None else current).append(line)
    close()
    return "".join(preamble).strip()


def load_entry(kind: Kind, kb_root: Path, path: Path, vocab: Vocab, problems: Problems) -> Entry | None:
    """Parse and check one file; None when it has errors that keep it out of the index."""
    rel = display_path(kb_root, path)
    text = read_text(kb_root, path, rel, problems)
    if text is None:
        return None
    try:
        doc = parse(text)
    except FrontMatterError as exc:
        problems.error(rel, exc.line, "front-matter", exc.message)
        return None
    entry = Entry(kind, rel, doc.meta, doc.key_lines, doc.item_lines, doc.body, doc.body_line)
    if not validate.check_entry(entry, vocab, problems):
        return None
    errors_before = len(problems.errors)
    if kind.name == "act":
        entry.body = split_provisions(entry, problems)
        if len(problems.errors) > errors_before:
            return None
    validate.check_file_name(entry, problems)
    validate.check_entry_rules(entry, problems)
    return entry


def load_kb(kb_root: Path | str) -> tuple[KnowledgeBase, Problems]:
    """Load and check the whole knowledge base; a bad file never stops the others."""
    kb_root = Path(kb_root)
    problems = Problems()
    if not kb_root.is_dir():
        problems.error(str(kb_root), 0, "missing-kb", f"knowledge-base folder {kb_root} does not exist")
        return KnowledgeBase(str(kb_root), [], {}, []), problems
    vocab = load_vocab(kb_root, problems)
    thesaurus = load_thesaurus(kb_root, problems)
    entries = []
    for kind, path in entry_files(kb_root):
        entry = load_entry(kind, kb_root, path, vocab, problems)
        if entry is not None:
            entries.append(entry)
    validate.cross_check(entries, problems)
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    return KnowledgeBase(str(kb_root), entries, vocab, thesaurus), problems
