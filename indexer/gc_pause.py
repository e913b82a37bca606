"""Pausing Python's cyclic garbage collector around work that makes millions of small objects without cycles.

Unpickling a build's state or writing an index's postings creates tuples and dicts by the million; each
allocation burst triggers a collection that scans them all again, for nothing (about a tenth of the time).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_gc() -> Iterator[None]:
    """Keep the cyclic collector off inside; turn it back on after only if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
