"""Walk kb/, parse every entry file and return valid entries plus every problem found.

Parsing (YAML, provisions, Markdown rendering) depends only on a file's bytes and is
cached between builds; validation against the vocabulary and across files runs every time.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from indexer import validate
from indexer.designators import ID_RE, parse_heading
from indexer.frontmatter import FrontMatterError, parse
from indexer.kinds import KINDS, Kind
from indexer.models import Entry, KnowledgeBase, Provision
from indexer.parallel import map_items
from indexer.privacy import check_personal_data
from indexer.problems import Problem, Problems
from indexer.analysis import distinct_words
from indexer.render import render
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


def read_bytes(kb_root: Path, path: Path, rel: str, problems: Problems) -> bytes | None:
    """Read a file's bytes, refusing links out of kb/, anything but a regular file, and huge files.

    Problems with the file as a whole are reported at line 1, so editors can jump to the file.
    """
    real = path
    try:
        if path.is_symlink():
            real = path.resolve(strict=True)
            if not real.is_relative_to(kb_root.resolve()):
                problems.error(rel, 1, "outside-kb", "symbolic link points outside the knowledge base; copy the file instead")
                return None
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            # A directory, a named pipe (reading it would hang the build) or a device.
            problems.error(rel, 1, "not-a-file", "not a regular file; remove it or rename it without '.md'")
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.error(rel, 1, "too-large", f"file is {info.st_size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB")
            return None
        return real.read_bytes()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop (Python < 3.13)
        reason = getattr(exc, "strerror", None) or str(exc)
        problems.error(rel, 1, "unreadable", f"cannot read file: {reason}")
        return None


# Byte-order marks of the encodings editors offer besides UTF-8 (UTF-32 first: its LE mark starts like UTF-16's).
OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
CYRILLIC_RE = re.compile("[а-яёәғқңөұүһі]{3,}", re.IGNORECASE)


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """Decode strict UTF-8, refusing empty and binary files and naming the encoding a file was saved in."""
    for bom, name in OTHER_BOMS:
        if data.startswith(bom):
            problems.error(rel, 1, "encoding", f"file is saved as {name}; save it as UTF-8 (without BOM)")
            return None
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
        hint = ""
        # Windows editors in Kazakhstan often save Cyrillic as Windows-1251.
        if CYRILLIC_RE.search(data.decode("cp1251", errors="replace")):
            hint = " (it looks like Windows-1251)"
        problems.error(rel, line, "encoding", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}; save the file as UTF-8")
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


@dataclass
class ParsedFile:
    """What one file gives before validation: the entry (None if unreadable) and its own problems.

    It depends only on the file's bytes, so a build can reuse it while the file is unchanged.
    """

    digest: str
    entry: Entry | None
    problems: list[Problem]


def parse_file(kind: Kind, rel: str, data: bytes, digest: str) -> ParsedFile:
    """Parse, split and render one file's bytes (no vocabulary needed)."""
    problems = Problems()
    text = decode(data, rel, problems)
    if text is None:
        return ParsedFile(digest, None, problems)
    try:
        doc = parse(text)
    except FrontMatterError as exc:
        problems.error(rel, exc.line, "front-matter", exc.message)
        return ParsedFile(digest, None, problems)
    entry = Entry(kind, rel, doc.meta, doc.key_lines, doc.item_lines, doc.body, doc.body_line)
    if kind.name == "act":
        entry.body = split_provisions(entry, problems)
        for provision in entry.provisions:
            provision.html, provision.text = render(provision.body)
            provision.words = distinct_words(provision.text)
            provision.body = ""
    entry.html, entry.text = render(entry.body)
    entry.words = distinct_words(entry.text)
    check_personal_data(entry, problems)
    # The Markdown source is not needed after rendering: dropping it keeps the build cache small.
    entry.body = ""
    return ParsedFile(digest, entry, problems)


def check_parsed(parsed: ParsedFile, vocab: Vocab, problems: Problems) -> Entry | None:
    """Validate a parsed file against the vocabulary; None when it has errors."""
    problems.extend(parsed.problems)
    if parsed.entry is None or any(p.is_error for p in parsed.problems):
        return None
    # Validation normalises and prunes fields, so it works on a copy: the parsed file stays reusable.
    entry = dataclasses.replace(parsed.entry, meta=copy.deepcopy(parsed.entry.meta))
    if not validate.check_entry(entry, vocab, problems):
        return None
    validate.check_file_name(entry, problems)
    validate.check_entry_rules(entry, problems)
    return entry


ParseCache = dict[str, ParsedFile]

def _parse_job(job: tuple[Kind, str, bytes, str]) -> ParsedFile:
    return parse_file(*job)


def parse_all(sources: Sources, cache: ParseCache) -> ParseCache:
    """Parse every file whose bytes changed since `cache`, on all cores when there are many."""
    fresh: ParseCache = {}
    jobs = []
    for kind, rel, data in sources.files:
        digest = hashlib.sha1(data).hexdigest()
        parsed = cache.get(rel)
        if parsed is not None and parsed.digest == digest:
            fresh[rel] = parsed
        else:
            jobs.append((kind, rel, data, digest))
    fresh.update((job[1], parsed) for job, parsed in zip(jobs, map_items(_parse_job, jobs)))
    return fresh


@dataclass
class Sources:
    """The bytes of every entry file, read once per build, with the problems met reading them."""

    files: list[tuple[Kind, str, bytes]]
    problems: list[Problem]

    def digest(self) -> str:
        """A hash of every entry file's name and bytes."""
        digest = hashlib.sha256()
        for _, rel, data in self.files:
            digest.update(rel.encode() + b"\0" + hashlib.sha1(data).digest())
        for problem in self.problems:
            digest.update(str(problem).encode())
        return digest.hexdigest()


def read_sources(kb_root: Path) -> Sources:
    """Read every entry file under kb/ (refusing links out of it, huge files)."""
    problems = Problems()
    files = []
    for kind, path in entry_files(kb_root):
        rel = display_path(kb_root, path)
        data = read_bytes(kb_root, path, rel, problems)
        if data is not None:
            files.append((kind, rel, data))
    return Sources(files, problems)


def load_kb(kb_root: Path | str) -> tuple[KnowledgeBase, Problems]:
    """Load and check the whole knowledge base; a bad file never stops the others."""
    kb, problems, _ = load_with_cache(kb_root, None)
    return kb, problems


def load_with_cache(
    kb_root: Path | str, cache: ParseCache | None, sources: Sources | None = None
) -> tuple[KnowledgeBase, Problems, ParseCache]:
    """`load_kb` reusing the previous build's parsed files.

    `cache` maps display paths to parsed files; an unchanged file is not
    parsed or rendered again. `sources` are the files if already read.
    Also returns the cache for the next build.
    """
    kb_root = Path(kb_root)
    problems = Problems()
    if not kb_root.is_dir():
        problems.error(str(kb_root), 0, "missing-kb", f"knowledge-base folder {kb_root} does not exist")
        return KnowledgeBase(str(kb_root), [], {}, []), problems, {}
    vocab = load_vocab(kb_root, problems)
    thesaurus = load_thesaurus(kb_root, problems)
    sources = sources or read_sources(kb_root)
    problems.extend(sources.problems)
    fresh = parse_all(sources, cache or {})
    entries = []
    for _, rel, _ in sources.files:
        entry = check_parsed(fresh[rel], vocab, problems)
        if entry is not None:
            entries.append(entry)
    validate.cross_check(entries, problems)
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    return KnowledgeBase(str(kb_root), entries, vocab, thesaurus), problems, fresh
