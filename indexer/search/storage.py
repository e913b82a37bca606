"""Open a built whoosh index read into memory instead of memory-mapped.

whoosh memory-maps segment files. When such a file is truncated or overwritten
under a running server (a disk problem, a restore or a copy made in place), the
next read of a lost page kills the whole server with SIGBUS: no error page, no
other request answered (issue 6). Reading each file once, when a build is
opened, costs the index's size in memory and searches as fast; damage then
shows as an error while opening, which the snapshot reports as IndexMissing.
"""

from __future__ import annotations

import threading
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import Index


class MemoryStorage(FileStorage):
    """A read-only folder of index files, each read into memory on first use."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(str(path), supports_mmap=False, readonly=True)
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def open_file(self, name: str, **kwargs: object) -> BufferFile:
        """The file's bytes as a whoosh structured file (read from disk once)."""
        data = self._files.get(name)
        if data is None:
            with self._lock:
                data = self._files.get(name)
                if data is None:
                    with open(self._fpath(name), "rb") as handle:
                        data = self._files[name] = handle.read()
        return BufferFile(memoryview(data), name=name)


def open_index(path: Path | str) -> Index:
    """The whoosh index in `path`, read into memory."""
    return MemoryStorage(path).open_index()
