"""Failed sign-ins counted per name and per address, shared by all of the server's processes.

`kb serve` forks several worker processes; a count kept in each would let a
guesser get five tries per worker. The table lives in anonymous shared memory
made when the app is created, before the fork, so every worker sees the same
counts. Nothing reaches the disk, and keys (a name, an address) are kept only as
salted hashes. The table has a fixed size: when every slot a key may use is
taken, the one whose last failure is oldest is reused.
"""

from __future__ import annotations

import hashlib
import mmap
import secrets
import threading
import time
from collections.abc import Iterable

import numpy as np

SLOTS = 8192
PROBES = 8  # slots a key may use, from its hash on


class Throttle:
    """Per key, the times of its last `limit` failures within `window` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._salt = secrets.token_bytes(16)
        record = np.dtype([("key", "<u8", 2), ("times", "<f8", limit)])
        self._memory = mmap.mmap(-1, SLOTS * record.itemsize)  # MAP_SHARED: forked workers see one table
        self._table = np.frombuffer(self._memory, dtype=record)
        self._lock = _process_shared_lock()

    def _key(self, key: str) -> np.ndarray:
        digest = hashlib.blake2b(key.encode(), key=self._salt, digest_size=16).digest()
        return np.frombuffer(digest, dtype="<u8") | 1  # never (0, 0): that marks a free slot

    def _slots(self, key: np.ndarray) -> list[int]:
        start = int(key[0] % SLOTS)
        return [(start + i) % SLOTS for i in range(PROBES)]

    def _find(self, key: np.ndarray) -> int | None:
        keys = self._table["key"]
        return next((s for s in self._slots(key) if (keys[s] == key).all()), None)

    def _recent(self, slot: int, now: float) -> int:
        times = self._table["times"][slot]
        return int(np.count_nonzero((times > 0) & (times > now - self.window)))  # 0: an unused entry

    def blocked(self, keys: Iterable[str]) -> bool:
        """Whether any of the keys has failed `limit` times within the window."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                slot = self._find(self._key(key))
                if slot is not None and self._recent(slot, now) >= self.limit:
                    return True
        return False

    def fail(self, keys: Iterable[str]) -> None:
        """Count one failure for each key."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                hashed = self._key(key)
                slot = self._find(hashed)
                if slot is None:
                    slot = min(self._slots(hashed), key=lambda s: self._table["times"][s].max())
                    self._table["key"][slot] = hashed
                    self._table["times"][slot] = 0.0
                times = self._table["times"][slot]
                times[int(times.argmin())] = now  # the oldest failure makes way

    def forget(self, keys: Iterable[str]) -> None:
        """Clear the keys' failures (after a successful sign-in)."""
        with self._lock:
            for key in keys:
                slot = self._find(self._key(key))
                if slot is not None:
                    self._table["key"][slot] = 0
                    self._table["times"][slot] = 0.0


def _process_shared_lock():
    """A lock that holds across forked processes and threads; a thread lock where the system has none."""
    try:
        import multiprocessing

        return multiprocessing.get_context("fork").Lock()
    except (ImportError, OSError, ValueError):
        return threading.Lock()
