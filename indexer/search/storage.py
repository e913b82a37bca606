"""Open a built whoosh index read into memory instead of memory-mapped.

whoosh memory-maps segment files. When such a file is truncated or overwritten
under a running server (a disk problem, a restore or a copy made in place), the
next read of a lost page kills the whole server with SIGBUS: no error page, no
other request answered (issue 6). Reading each file once, when a build is
opened, costs the index's size in memory and searches as fast; damage then
shows as an error while opening, which the snapshot reports as IndexMissing.

whoosh's own in-memory file copies its buffer twice (into a BytesIO, and again
for each part of a compound segment file): three times the index's size. Here
every part is a view of the one copy read from disk.
"""

from __future__ import annotations

import threading
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import Index


class _Reader:
    """A read-only file over `data[start:end]` that never copies more than what is read."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self._data, self._start, self._end, self._pos = data, start, end, start

    def read(self, size: int | None = -1) -> bytes:
        end = self._end if size is None or size < 0 else min(self._pos + size, self._end)
        chunk = self._data[self._pos : end]
        self._pos = max(self._pos, end)
        return chunk

    def peek(self, size: int = 1) -> bytes:
        """What the next read would return, unconsumed: lets pickle read ahead instead of byte by byte."""
        return self._data[self._pos : min(self._pos + max(size, 1), self._end)]

    def readline(self, size: int | None = -1) -> bytes:
        newline = self._data.find(b"\n", self._pos, self._end)
        end = self._end if newline < 0 else newline + 1
        return self.read(end - self._pos if size is None or size < 0 else min(size, end - self._pos))

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (self._start, self._pos, self._end)[whence]
        self._pos = max(self._start, base + offset)
        return self._pos - self._start

    def tell(self) -> int:
        return self._pos - self._start

    def close(self) -> None:
        pass


class SharedBufferFile(BufferFile):
    """whoosh's in-memory structured file over a slice of shared bytes; its subsets share them too."""

    def __init__(self, data: bytes, start: int = 0, end: int | None = None, name: str | None = None) -> None:
        end = len(data) if end is None else end
        super().__init__(b"", name=name)
        self._data, self._offset = data, start
        self._buf = memoryview(data)[start:end]
        self.file = _Reader(data, start, end)

    def subset(self, position: int, length: int, name: str | None = None) -> SharedBufferFile:
        start = self._offset + position
        return SharedBufferFile(self._data, start, start + length, name=name or self._name)


class MemoryStorage(FileStorage):
    """A read-only folder of index files, each read into memory on first use."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(str(path), supports_mmap=False, readonly=True)
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def open_file(self, name: str, **kwargs: object) -> SharedBufferFile:
        """The file's bytes as a whoosh structured file (read from disk once)."""
        data = self._files.get(name)
        if data is None:
            with self._lock:
                data = self._files.get(name)
                if data is None:
                    with open(self._fpath(name), "rb") as handle:
                        data = self._files[name] = handle.read()
        return SharedBufferFile(data, name=name)


def open_index(path: Path | str) -> Index:
    """The whoosh index in `path`, read into memory."""
    return MemoryStorage(path).open_index()
