"""Spread a pure per-item function over the machine's cores when there is enough work."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_FROM = 400
MAX_WORKERS = 8


def map_items(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple = (),
) -> list[R]:
    """`[func(item) for item in items]`, on all cores when the list is long.

    `func` and `initializer` must be module-level functions. The initializer
    also runs here when the work stays in this process.
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < PARALLEL_FROM or workers < 2:
        if initializer:
            initializer(*initargs)
        return [func(item) for item in items]
    # fork is cheap but unsafe in a process that runs other threads (a server rebuilding in debug mode).
    method = "fork" if threading.active_count() == 1 else "spawn"
    chunk = max(16, len(items) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=initializer, initargs=initargs) as pool:
        return list(pool.map(func, items, chunksize=chunk))
