"""Reading only the kb files that changed: each file's digest kept with what `os.stat` said of it.

A build keeps, beside the index, every file's fingerprint (size, modification and
status-change times in nanoseconds, inode and device) with the SHA-1 of the bytes it
read. The next build takes the digest of a file whose fingerprint is unchanged
without reading it. Writing a file, or setting its modification time back
(`touch -d`), always moves its status-change time, which no program can set; a file
moved or copied in place gets a new inode. A fingerprint is kept only for a file
last changed SETTLED_NS before it was looked at: two writes within one tick of a
coarse file-system clock would leave the same times.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from indexer import pickles

FILE_STATS = "sources.pickle"
# How long before it is looked at a file must have last changed for its fingerprint to be trusted next time.
SETTLED_NS = 2_000_000_000

# size, st_mtime_ns, st_ctime_ns, st_ino, st_dev
Fingerprint = tuple[int, int, int, int, int]


# A file as a previous build read it: its fingerprint and the SHA-1 of its bytes.
KnownFile = tuple[Fingerprint, str]


def fingerprint(info: os.stat_result) -> Fingerprint:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def now_ns() -> int:
    """The time a file is looked at, to tell whether it had settled (see SETTLED_NS)."""
    return time.time_ns()


def settled(info: os.stat_result, seen_ns: int) -> bool:
    """Whether a file looked at `seen_ns` had last changed long enough before for its fingerprint to be trusted."""
    return max(info.st_mtime_ns, info.st_ctime_ns) < seen_ns - SETTLED_NS


def load_known(build_dir: Path | None) -> dict[str, KnownFile]:
    """The files a build read, by display path; empty when it kept none or its file is damaged (then every file is read)."""
    known = pickles.load(build_dir / FILE_STATS) if build_dir is not None else None
    return known if isinstance(known, dict) else {}


def save_known(build_dir: Path, files: Iterable[tuple[str, KnownFile]]) -> None:
    """Write the files a build read into `build_dir`, replacing any kept there (atomically: a reader sees one or the other).

    A folder that cannot be written costs only the reuse: the next build reads every file.
    """
    pickles.replace(build_dir / FILE_STATS, dict(files))


def same_files(known: Mapping[str, KnownFile], files: Iterable[tuple[str, KnownFile]]) -> bool:
    """Whether the files a build read are those kept (else a no-op build keeps the new fingerprints)."""
    return dict(files) == known
