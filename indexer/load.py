"""Walk kb/, parse every entry file and return valid entries plus every problem found.

Parsing (YAML, provisions, Markdown rendering) depends only on a file's bytes, and
validation of one file only on its bytes and the vocabulary: a build reuses both from
the previous build while those are unchanged. The checks across files run every time.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import re
import stat
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from indexer import validate
from indexer.analysis import distinct_words
from indexer.designators import ID_RE, parse_heading
from indexer.file_stats import KnownFile, fingerprint, now_ns, settled
from indexer.frontmatter import FrontMatterError, parse
from indexer.kinds import Kind, kind_of_folder, kinds
from indexer.models import Entry, KnowledgeBase, Provision
from indexer.parallel import map_items
from indexer.privacy import check_personal_data
from indexer.problems import KBError, Problem, Problems
from indexer.render import act_links, first_lines, render
from indexer.scaffold import PLACEHOLDER, placeholder_lines
from indexer.vocab import Vocab, load_lexicon, load_thesaurus, load_vocab

# Larger files are refused: no legal act summary needs this much, and a huge file slows every build.
MAX_FILE_BYTES = 2 * 1024 * 1024


def entry_files(kb_root: Path) -> list[tuple[Kind, str]]:
    """Every Markdown file under the kind folders, sorted, as its display path (see display_path), without following links."""
    found: list[tuple[Kind, str]] = []
    for kind in kinds():
        folder = kb_root / kind.folder
        if not folder.is_dir():
            continue
        # Walked as strings (os.walk joins them as Path would): a Path per file costs more than the stat of a file not read.
        for dirpath, dirnames, filenames in os.walk(str(folder)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            found.extend((kind, f"{dirpath}/{name}") for name in sorted(filenames) if name.endswith(".md") and not name.startswith("."))
    return found


def display_path(kb_root: Path, path: Path) -> str:
    """The path as maintainers see it in messages: kb/laws/x.ru.md (relative to where kb/ was named)."""
    return (kb_root / path.relative_to(kb_root)).as_posix()


def regular_file(kb_root: Path, path: Path, rel: str, problems: Problems) -> tuple[str, os.stat_result] | None:
    """The file to read for `path` and its stat, refusing links out of kb/, anything but a regular file, and huge files.

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
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop (Python < 3.13)
        _unreadable(rel, exc, problems)
        return None
    if not stat.S_ISREG(info.st_mode):
        # A directory, a named pipe (reading it would hang the build) or a device.
        problems.error(rel, 1, "not-a-file", "not a regular file; remove it or rename it without '.md'")
        return None
    if info.st_size > MAX_FILE_BYTES:
        problems.error(rel, 1, "too-large", f"file is {info.st_size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB")
        return None
    return str(real), info


def _lstat_regular(path: str) -> os.stat_result | None:
    """The stat of a regular file of a readable size that is no symbolic link: what most entry files are (else None)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES else None


def _unreadable(rel: str, exc: Exception, problems: Problems) -> None:
    reason = getattr(exc, "strerror", None) or str(exc)
    problems.error(rel, 1, "unreadable", f"cannot read file: {reason}")


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


PROPER_WORD_RE = re.compile(r"\b[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]+")


def proper_words(body: str, first_line: int) -> dict[str, int]:
    """Each capitalised word of an act's body with the line it first appears on (where a person's name would be)."""
    return first_lines(PROPER_WORD_RE, body, first_line)


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
                problems.error(
                    entry.path, lineno, "bad-heading",
                    f"heading '{line[3:].strip()}' has no designator (Article 14, Статья 14, 14-бап, Пункт 30 …); add an explicit id such as {{#preamble}}",
                )
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
    for line in placeholder_lines(text):
        problems.error(rel, line, "placeholder", f"text left from 'kb new' (marked {PLACEHOLDER}): write your own and remove the mark")
    try:
        doc = parse(text)
    except FrontMatterError as exc:
        problems.error(rel, exc.line, "front-matter", exc.message)
        return ParsedFile(digest, None, problems)
    entry = Entry(kind, rel, doc.meta, doc.key_lines, doc.item_lines, doc.body, doc.body_line)
    if kind.has_provisions:
        entry.body = split_provisions(entry, problems)
        for provision in entry.provisions:
            provision.html, provision.text = render(provision.body)
            provision.words = distinct_words(provision.text)
            provision.body = ""
        entry.proper_words = proper_words(doc.body, doc.body_line)
    entry.act_links = act_links(doc.body, doc.body_line)
    entry.html, entry.text = render(entry.body)
    entry.words = distinct_words(entry.text)
    check_personal_data(entry, problems)
    # The Markdown source is not needed after rendering: dropping it keeps the build cache small.
    # A letter's source is its template, kept: checked with its blanks, stored for the app to fill in.
    if not kind.keeps_source:
        entry.body = ""
    return ParsedFile(digest, entry, problems)


# Errors that cost only a part of an entry: a provision whose heading is bad (or repeats another's id)
# is reported and left out, and the rest of its act is indexed.
PART_ERRORS = frozenset({"bad-heading", "duplicate-provision"})


def check_parsed(parsed: ParsedFile, vocab: Vocab, problems: Problems) -> Entry | None:
    """Validate a parsed file against the vocabulary; None when it has errors that leave the whole file out."""
    problems.extend(parsed.problems)
    if parsed.entry is None or any(p.is_error and p.code not in PART_ERRORS for p in parsed.problems):
        return None
    # Validation normalises and prunes fields, so it works on a copy: the parsed file stays reusable.
    entry = dataclasses.replace(parsed.entry, meta=copy.deepcopy(parsed.entry.meta))
    # Every check runs, so that one file's problems are all reported at once.
    body_ok = entry.kind.check_body(entry, problems)
    fields_ok = validate.check_entry(entry, vocab, problems)
    maps_ok = validate.check_provision_maps(entry, problems)
    if not (fields_ok and maps_ok and body_ok):
        return None
    validate.check_file_name(entry, problems)
    validate.check_entry_rules(entry, problems)
    return entry


@dataclass
class CheckedFile:
    """A file after parsing and validation against the vocabulary, before the checks across files.

    It depends only on the file's bytes and the vocabulary, so a build reuses it
    while both are unchanged. `problems` are the file's own (parsing and
    validation); `entry` is None when there are errors among them.
    """

    digest: str
    problems: list[Problem]
    entry: Entry | None


def check_file(parsed: ParsedFile, vocab: Vocab) -> CheckedFile:
    """Validate one parsed file against the vocabulary."""
    problems = Problems()
    entry = check_parsed(parsed, vocab, problems)
    return CheckedFile(parsed.digest, problems, entry)


def vocab_signature(vocab: Vocab) -> str:
    """A digest of the vocabulary as loaded: checked files are reused while it is unchanged."""
    return hashlib.sha1(repr(vocab).encode()).hexdigest()


def without_content(entry: Entry) -> Entry:
    """A copy of an entry without its rendered text (HTML, text, words of it and its provisions).

    What the checks across files need, and all a build keeps of a checked entry:
    the text stays in the parsed file, and `with_content` puts it back.
    """
    provisions = [dataclasses.replace(p, html="", text="", words="") for p in entry.provisions]
    return dataclasses.replace(entry, html="", text="", words="", provisions=provisions)


def with_content(entry: Entry, parsed: ParsedFile) -> Entry:
    """A checked entry kept without its content (see `without_content`), with the content of its parsed file."""
    source = parsed.entry
    assert source is not None, f"{entry.path} was checked without errors, so it parsed"
    return dataclasses.replace(entry, html=source.html, text=source.text, words=source.words, provisions=source.provisions)


def _parse_job(job: SourceFile) -> ParsedFile:
    return parse_file(job.kind, job.rel, job.content(), job.digest)


# The previous build's parsed file at a path, if it had these bytes (by digest).
ParsedLookup = Callable[[str, str], ParsedFile | None]


def parse_files(sources: Sources, paths: Collection[str], cache: ParsedLookup | None = None) -> dict[str, ParsedFile]:
    """The parsed files at `paths`: from `cache` when it has their bytes, else parsed (on all cores when many)."""
    found: dict[str, ParsedFile] = {}
    jobs = []
    for source in sources.files:
        if source.rel not in paths:
            continue
        parsed = cache(source.rel, source.digest) if cache else None
        if parsed is not None:
            found[source.rel] = parsed
        else:
            jobs.append(source)
    found.update((job.rel, parsed) for job, parsed in zip(jobs, map_items(_parse_job, jobs), strict=True))
    return found


class SourceChanged(KBError):
    """A file not read at the start of the build (its fingerprint was unchanged) was changed or removed during it."""


class SourceFile(NamedTuple):
    """One entry file: its kind, display path, bytes and their SHA-1, the file read and what the next build may trust of it.

    `data` is None when the file was not read, its digest known from the previous build
    (indexer/file_stats.py); `content()` reads it when it must be parsed after all.
    `known` is None when the file had changed too recently for its fingerprint to be trusted.
    """

    kind: Kind
    rel: str
    data: bytes | None
    digest: str
    path: str
    known: KnownFile | None

    def content(self) -> bytes:
        """The file's bytes: those read, or read now and checked against the digest the build went by."""
        if self.data is not None:
            return self.data
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise SourceChanged(f"{self.rel}: cannot read it any more ({exc.strerror or exc}): run the build again") from None
        if hashlib.sha1(data).hexdigest() != self.digest:
            raise SourceChanged(f"{self.rel}: changed while the build was running: run the build again")
        return data


@dataclass
class Sources:
    """The bytes of every entry file, read once per build, with the problems met reading them."""

    files: list[SourceFile]
    problems: list[Problem]

    def digest(self) -> str:
        """A hash of every entry file's name and bytes."""
        digest = hashlib.sha256()
        for source in self.files:
            digest.update(source.rel.encode() + b"\0" + source.digest.encode())
        for problem in self.problems:
            digest.update(str(problem).encode())
        return digest.hexdigest()

    def known_files(self) -> list[tuple[str, KnownFile]]:
        """The files whose fingerprints the next build may trust, with their digests."""
        return [(source.rel, source.known) for source in self.files if source.known is not None]


def stray_folders(kb_root: Path, problems: Problems) -> None:
    """A folder of kb/ that holds Markdown files but is no kind's folder: a warning, since its files are not read."""
    folders = {k.folder for k in kinds()}
    for path in sorted(kb_root.iterdir()) if kb_root.is_dir() else ():
        if path.is_dir() and not path.name.startswith(".") and path.name not in folders and any(path.rglob("*.md")):
            known = ", ".join(sorted(folders))
            problems.warning(display_path(kb_root, path) + "/", 0, "unknown-folder", f"no kind of entry lives here ({known}): its files are not read")


def read_sources(kb_root: Path, known: Mapping[str, KnownFile] | None = None) -> Sources:
    """Read every entry file under kb/ (refusing links out of it, huge files).

    A file `known` from the previous build whose fingerprint is unchanged is not
    read: its digest is the one known (indexer/file_stats.py).
    """
    problems = Problems()
    stray_folders(kb_root, problems)
    files = []
    known = known or {}
    seen = now_ns()
    for kind, rel in entry_files(kb_root):
        info = _lstat_regular(rel)
        real = rel
        if info is None:  # a symbolic link, or a file to refuse: the checks that say why
            found = regular_file(kb_root, Path(rel), rel, problems)
            if found is None:
                continue
            real, info = found
        stats = fingerprint(info)
        kept = known.get(rel)
        if kept is not None and kept[0] == stats:
            files.append(SourceFile(kind, rel, None, kept[1], real, kept))
            continue
        try:
            with open(real, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            _unreadable(rel, exc, problems)
            continue
        digest = hashlib.sha1(data).hexdigest()
        files.append(SourceFile(kind, rel, data, digest, real, (stats, digest) if settled(info, seen) else None))
    return Sources(files, problems)


def load_kb(kb_root: Path | str) -> tuple[KnowledgeBase, Problems]:
    """Load and check the whole knowledge base; a bad file never stops the others."""
    loaded = load_with_cache(kb_root, None)
    return loaded.kb, loaded.problems


@dataclass
class LoadCache:
    """What a previous build offers a load: its checked files (valid for one vocabulary) and parsed files."""

    vocab_signature: str
    checked: dict[str, CheckedFile]
    parsed: ParsedLookup


@dataclass
class Loaded:
    """A loaded knowledge base, with what a build needs to reuse work now and in the next build.

    `checked` holds every file read, in kb order. Entries of the files in `reused`
    come from the cache and so carry no content (see `without_content`); `parsed`
    holds the files parsed or fetched from the cache to be checked; `adjusted` the
    paths of the entries the checks across files changed (see validate.cross_check);
    `unread` the files that could not be read at all (their problems say why).
    """

    kb: KnowledgeBase
    problems: Problems
    vocab_signature: str = ""
    checked: dict[str, CheckedFile] = field(default_factory=dict)
    reused: set[str] = field(default_factory=set)
    parsed: dict[str, ParsedFile] = field(default_factory=dict)
    adjusted: set[str] = field(default_factory=set)
    unread: frozenset[str] = frozenset()

    def file_digests(self) -> dict[str, str]:
        """The digest of every file read, by path."""
        return {path: checked.digest for path, checked in self.checked.items()}

    def left_out(self) -> list[str]:
        """The files left out of the index for their own errors (unreadable ones included), by path."""
        return sorted(set(_left_out(self.checked).values()) | self.unread)


def _left_out(checked: dict[str, CheckedFile]) -> dict[tuple[str, str], str]:
    """The files left out for their own errors, by (kind, id) as their names say (kb/<folder>/<id>.<lang>.md)."""
    found = {}
    for rel, result in checked.items():
        if result.entry is not None:
            continue
        parts = rel.split("/")
        kind = kind_of_folder(parts[-2]) if len(parts) >= 2 else None
        if kind is not None:
            found[(kind.name, parts[-1].split(".")[0])] = rel
    return found


def load_with_cache(kb_root: Path | str, cache: LoadCache | None, sources: Sources | None = None) -> Loaded:
    """`load_kb` reusing what a previous build parsed and checked.

    A file whose bytes and vocabulary are unchanged is neither parsed nor
    validated again; one whose bytes are unchanged is not parsed again.
    `sources` are the files if already read.
    """
    kb_root = Path(kb_root)
    problems = Problems()
    if not kb_root.is_dir():
        problems.error(str(kb_root), 0, "missing-kb", f"knowledge-base folder {kb_root} does not exist")
        return Loaded(KnowledgeBase(str(kb_root), [], {}, []), problems)
    vocab = load_vocab(kb_root, problems)
    thesaurus = load_thesaurus(kb_root, problems)
    lexicon = load_lexicon(kb_root, problems, thesaurus)
    signature = vocab_signature(vocab)
    sources = sources or read_sources(kb_root)
    problems.extend(sources.problems)
    kept = cache.checked if cache and cache.vocab_signature == signature else {}
    reused = {s.rel for s in sources.files if s.rel in kept and kept[s.rel].digest == s.digest}
    parsed = parse_files(sources, {s.rel for s in sources.files} - reused, cache.parsed if cache else None)
    checked = {s.rel: kept[s.rel] if s.rel in reused else check_file(parsed[s.rel], vocab) for s in sources.files}
    entries = []
    for result in checked.values():
        problems.extend(result.problems)
        if result.entry is not None:
            entries.append(result.entry)
    adjusted = validate.cross_check(entries, problems, _left_out(checked))
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    unread = frozenset(p.path for p in sources.problems if p.is_error)
    return Loaded(KnowledgeBase(str(kb_root), entries, vocab, thesaurus, lexicon), problems, signature, checked, reused, parsed, adjusted, unread)
