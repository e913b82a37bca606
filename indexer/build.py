"""`kb build`: load and check kb/, then write the database and the search index atomically.

Everything is written into a fresh folder under the data directory; only when
it is complete does the `current` link switch to it (one rename). A crash or
an error mid-build leaves the previous index serving, and a running server
picks up the new one on its next search.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import gc
import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from indexer.analysis.thesaurus import Thesaurus
from indexer.derive import Derived, add_official, derive, next_state, reusable_outputs, thesaurus_signature
from indexer.file_stats import load_known, same_files, save_known
from indexer.fulltext import update_index, write_index
from indexer.layout import CURRENT, INDEX_FORMAT, LEXICON, MANIFEST, THESAURUS, WHOOSH_DIR
from indexer.load import Loaded, ParsedFile, Sources, load_with_cache, parse_files, read_sources, with_content
from indexer.official import corpus_dirs, signature
from indexer.official_layer import EDITIONS_CACHE, official_layer
from indexer.parent_death import children_die_with_this_process
from indexer.problems import BuildBusy, PartialRefusal, Problems, StrictRefusal, summary
from indexer.state import (
    PARSED,
    SHARDS,
    BuildState,
    ParseStore,
    changed_shards,
    changes,
    load_state,
    save_shards,
    save_state,
    shard_of,
)
from indexer.store import DB_NAME, content_tables, update_database, write_database

LOCK = ".build.lock"

Progress = Callable[[str], None]
T = TypeVar("T")


@dataclass
class BuildResult:
    """What a build did: whether it wrote anything, counts, time, and problems."""

    built: bool
    path: Path | None
    problems: Problems
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# The indexer's modules that only read a built index (search, pages, CLI reports): every other
# module shapes what a build writes, so changing it (or adding one) means rebuilding everything.
READ_SIDE = ("search", "catalog.py", "cli.py", "evaluate.py", "stale.py", "stats.py", "update.py", "__main__.py")
# The libraries whose versions shape what a build writes (parsing, rendering, stemming, the index).
WRITE_SIDE_LIBRARIES = ("markdown", "nh3", "pyyaml", "snowballstemmer", "whoosh-reloaded", "pymorphy3", "pymorphy3-dicts-ru", "pyspellchecker", "sqlite-utils")


def code_files() -> list[Path]:
    """The indexer's write-side source files: all of them but the read side."""
    package = Path(__file__).parent
    return sorted(p for p in package.rglob("*.py") if p.relative_to(package).parts[0] not in READ_SIDE)


def library_versions() -> str:
    """The installed versions of the write-side libraries, one `name==version` per line ('?' when not installed)."""
    found = []
    for name in WRITE_SIDE_LIBRARIES:
        try:
            found.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}==?")
    return "\n".join(found)


def code_hash() -> str:
    """A hash of the index format, of the code that writes the index and of the libraries it uses."""
    digest = hashlib.sha256(f"format={INDEX_FORMAT}\n{library_versions()}".encode())
    for path in code_files():
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def official_dirs(official: Iterable[Path | str] | None = None) -> list[Path]:
    """The corpus folders of the official texts: those given, else KB_OFFICIAL's (none: no official layer)."""
    return [Path(d) for d in official] if official is not None else corpus_dirs(os.environ.get("KB_OFFICIAL"))


def content_hash(kb_root: Path, sources: Sources | None = None, official: list[Path] | None = None) -> str:
    """A hash of every file the build reads (the corpus's too, when one is configured) and of the code that writes the index."""
    digest = hashlib.sha256(code_hash().encode())
    corpus = official_dirs(official)
    if corpus:
        digest.update(b"official\0" + signature(corpus).encode())
    for name in ("vocab.yaml", "thesaurus.yaml", "lexicon.yaml"):
        try:
            digest.update(name.encode() + b"\0" + (kb_root / name).read_bytes())
        except OSError:
            digest.update(name.encode() + b"\0<unreadable>")
    digest.update((sources or read_sources(kb_root)).digest().encode())
    return digest.hexdigest()


def current_manifest(data_dir: Path) -> dict | None:
    """The manifest of the index being served, or None if there is none."""
    try:
        return json.loads((data_dir / CURRENT / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_up_to_date(kb_root: Path, data_dir: Path) -> bool:
    """True when the served index was built from exactly these files."""
    manifest = current_manifest(data_dir)
    if not manifest:
        return False
    sources = read_sources(kb_root, load_known((data_dir / CURRENT).resolve())) if kb_root.is_dir() else None
    return manifest.get("content_hash") == content_hash(kb_root, sources, official_dirs())


# One thread of this process at a time per lock file: a POSIX record lock (lockf) is held by the process, so it
# does not keep out another thread of the same process, and closing any descriptor of the file releases it.
_LOCAL_LOCKS: dict[str, threading.Lock] = {}
_LOCAL_LOCKS_GUARD = threading.Lock()


@contextmanager
def build_lock(data_dir: Path, progress: Progress, wait: bool = True) -> Iterator[None]:
    """Hold the data directory's build lock; a second build (thread or process) waits, or refuses with wait=False.

    The lock is `fcntl.lockf`'s, which belongs to this process: a process forked
    during the build (the index writer's and the parser's workers) neither holds
    it nor can release it, and it ends with the process however the process ends.
    Those workers die with the build (indexer/parent_death.py), not to be left
    blocked for ever on their job queues by a killed build.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK
    with _LOCAL_LOCKS_GUARD:
        local = _LOCAL_LOCKS.setdefault(os.path.realpath(path), threading.Lock())
    busy = f"another build is running in {data_dir}"
    if not local.acquire(blocking=False):
        _refuse_or_say(busy, wait, progress)
        local.acquire()
    try:
        with open(path, "w") as handle:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                _refuse_or_say(busy, wait, progress)
                fcntl.lockf(handle, fcntl.LOCK_EX)
            with children_die_with_this_process():
                yield
    finally:
        local.release()


def _refuse_or_say(busy: str, wait: bool, progress: Progress) -> None:
    if not wait:
        raise BuildBusy(busy)
    progress(f"{busy}; waiting for it to finish…")


def build(
    kb_root: Path | str,
    data_dir: Path | str,
    *,
    force: bool = False,
    strict: bool = False,
    allow_partial: bool = True,
    wait: bool = True,
    official: Iterable[Path | str] | None = None,
    progress: Progress = lambda message: None,
) -> BuildResult:
    """Build the database and index from kb/ unless they are up to date.

    With strict=True any error aborts the build before anything is written;
    otherwise files with errors are left out and the rest is indexed, unless
    allow_partial=False: then a file left out aborts the build (PartialRefusal)
    and the index served stays the previous one. Unless
    `force` is set, a previous build by the same code is reused: unchanged
    files are not parsed or checked again, and only the rows and documents of
    changed entries are derived and written. `official` names the folders of the
    official texts' corpus (default: KB_OFFICIAL; see indexer/official.py).
    """
    kb_root, data_dir = Path(kb_root), Path(data_dir)
    corpus = official_dirs(official)
    started = time.perf_counter()
    with build_lock(data_dir, progress, wait):
        manifest = current_manifest(data_dir)
        known = load_known((data_dir / CURRENT).resolve()) if manifest and not force else {}
        sources = read_sources(kb_root, known) if kb_root.is_dir() else None
        if sources and known:
            unread = sum(source.data is None for source in sources.files)
            progress(f"{len(sources.files)} kb files: {len(sources.files) - unread} read, {unread} unchanged since the previous build")
        digest = content_hash(kb_root, sources, corpus)
        if not force and manifest and manifest.get("content_hash") == digest:
            if sources and not same_files(known, sources.known_files()):  # files touched, or settled since: trusted next time
                save_known((data_dir / CURRENT).resolve(), sources.known_files())
            progress("index is up to date (nothing changed in the knowledge base); use --force to rebuild")
            return BuildResult(False, data_dir / CURRENT, Problems(), manifest.get("counts", {}), time.perf_counter() - started)

        code = code_hash()
        base = (data_dir / CURRENT).resolve() if manifest and not force else None
        with _spared_by_gc(lambda: load_state(base, code) if base else None) as previous:
            store = ParseStore(base) if previous and base else None
            progress(f"loading {kb_root} …")
            loaded = load_with_cache(kb_root, previous.load_cache(store) if previous and store else None, sources)
            kb, problems = loaded.kb, loaded.problems
            # The acts read before keep their official texts' outputs while the thesaurus that tagged them is the same.
            kept = previous.official if previous and previous.thesaurus_signature == thesaurus_signature(kb.thesaurus) else None
            layer = official_layer(kb.of_kind("act"), corpus, problems, kept, data_dir / EDITIONS_CACHE)
            if corpus:
                progress(f"read {sum(map(len, layer.rows.values()))} official article texts from {', '.join(map(str, corpus))} "
                         f"({len(layer.rows)} acts read, {len(layer.acts) - len(layer.rows)} unchanged since the previous build)")
            progress(f"loaded {len(kb.entries)} entries ({summary(problems)}) at {time.perf_counter() - started:.1f} s")
            if problems.errors and strict:
                raise StrictRefusal(f"build refused in strict mode: {summary(problems)}", problems)
            left_out = loaded.left_out()
            if left_out and not allow_partial:
                shown = ", ".join(left_out[:3]) + (f" and {len(left_out) - 3} more" if len(left_out) > 3 else "")
                raise PartialRefusal(
                    f"build refused: {len(left_out)} {'files' if len(left_out) != 1 else 'file'} left out for "
                    f"{'their' if len(left_out) != 1 else 'its'} errors ({shown}); "
                    "fix them, or publish the rest with --allow-partial (the index served stays the previous one until then)",
                    problems,
                )

            reused = reusable_outputs(loaded, previous)
            todo = [entry for entry in kb.entries if entry.path not in reused]
            parsed_shards = changed_shards(previous.file_digests(), loaded.file_digests()) if previous else set(range(SHARDS))
            # The content of entries to derive that were checked in an earlier build, and every file of the shards to write.
            parsed = _parsed_files(loaded, sources, store, {e.path for e in todo if e.path in loaded.reused} | {
                path for path in loaded.checked if shard_of(path) in parsed_shards})
            thesaurus = Thesaurus(kb.thesaurus)
            derived = derive(
                [with_content(entry, parsed[entry.path]) if entry.path in loaded.reused else entry for entry in todo],
                kb.vocab,
                thesaurus,
                previous.concepts(paths=(entry.path for entry in todo)) if previous else {},
            )
            add_official(derived, layer, thesaurus, previous.concepts(acts=layer.rows) if previous else {})
            progress(f"prepared {len(derived.docs)} search documents at {time.perf_counter() - started:.1f} s")
            state = next_state(code, loaded, derived, reused)
            meta: dict[str, Any] = {
                "format": INDEX_FORMAT,
                "content_hash": digest,
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "kb": str(kb_root.resolve()),
            }
            staging = Path(tempfile.mkdtemp(prefix=f"build-{dt.datetime.now():%Y%m%d-%H%M%S}-", dir=data_dir))
            try:
                if previous and base:
                    counts = _update_build(base, staging, previous, state, derived, meta, progress)
                else:
                    progress(f"writing database ({sum(len(r) for r in derived.rows.values())} rows) …")
                    counts = write_database(staging / DB_NAME, derived.rows, meta)
                    progress(f"writing search index ({len(derived.docs)} documents) …")
                    write_index(staging / WHOOSH_DIR, derived.docs.values())
                (staging / THESAURUS).write_text(json.dumps(kb.thesaurus, ensure_ascii=False), encoding="utf-8")
                (staging / LEXICON).write_text(json.dumps(kb.lexicon, ensure_ascii=False), encoding="utf-8")
                # Shards of files that did not change are hard links to the previous build's.
                linked_from = base if previous else None
                save_state(staging, state, previous, linked_from)
                save_shards(staging, PARSED, parsed, parsed_shards, linked_from)
                save_known(staging, sources.known_files() if sources else [])
                meta["counts"] = {k: counts[k] for k in ("acts", "provisions", "cases", "services")}
                meta["problems"] = {"errors": len(problems.errors), "warnings": len(problems.warnings)}
                _fsync_write(staging / MANIFEST, json.dumps(meta, ensure_ascii=False, indent=2))
                switch_current(data_dir, staging)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        remove_old_builds(data_dir, keep={staging.name, *_previous(data_dir)})
        seconds = time.perf_counter() - started
        progress(
            "built {acts} acts, {provisions} provisions, {cases} cases, {services} services".format(**meta["counts"])
            + f" in {seconds:.1f} s → {staging}"
        )
        return BuildResult(True, staging, problems, meta["counts"], seconds)


@contextmanager
def _spared_by_gc(load: Callable[[], T]) -> Iterator[T]:
    """Load what lives until the build ends (the previous build's state) and keep the cyclic garbage collector off it.

    It is a million small objects without reference cycles: unless frozen, the
    collector scans them over and over, which took a third of an incremental
    build at 30,000 documents. Nothing is collected while they load, either.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        value = load()
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    try:
        yield value
    finally:
        gc.unfreeze()


def _update_build(base: Path, staging: Path, previous: BuildState, state: BuildState, derived: Derived, meta: dict, progress: Progress) -> dict[str, int]:
    """Write into `staging` copies of the previous database and index with what changed since; return row counts."""
    table_changes, doc_changes = changes(previous, state, content_tables())
    changed = sum(len(w) + len(r) for r, w in table_changes.values())
    progress(f"updating the previous build: {changed} rows, {len(doc_changes[0]) + len(doc_changes[1])} search documents changed …")
    shutil.copyfile(base / DB_NAME, staging / DB_NAME)
    counts = update_database(staging / DB_NAME, derived.rows, table_changes, meta)
    update_index(base / WHOOSH_DIR, staging / WHOOSH_DIR, derived.docs, *doc_changes)
    return counts


def _parsed_files(loaded: Loaded, sources: Sources | None, store: ParseStore | None, paths: set[str]) -> dict[str, ParsedFile]:
    """The files the load parsed, and those at `paths`: from the previous build's shards, or parsed again."""
    missing = paths - loaded.parsed.keys()
    if not missing or sources is None:
        return loaded.parsed
    return {**loaded.parsed, **parse_files(sources, missing, store.get if store else None)}


def _fsync_write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def switch_current(data_dir: Path, target: Path) -> None:
    """Point data/current at `target` in one atomic rename, remembering the previous build."""
    link = data_dir / CURRENT
    previous = os.readlink(link) if link.is_symlink() else None
    temporary = data_dir / f".{CURRENT}-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(target.name, temporary)
    os.replace(temporary, link)
    if previous:
        (data_dir / ".previous").write_text(previous)
    fd = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _previous(data_dir: Path) -> set[str]:
    try:
        return {(data_dir / ".previous").read_text().strip()}
    except OSError:
        return set()


def remove_old_builds(data_dir: Path, keep: set[str]) -> None:
    """Delete finished or abandoned builds except the current and the previous one.

    The previous build is kept so that a server still reading it can finish its requests.
    """
    for child in data_dir.iterdir():
        if child.is_dir() and not child.is_symlink() and child.name.startswith("build-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
