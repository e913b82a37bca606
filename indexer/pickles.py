"""What builds keep between runs as pickles: read back tolerantly, replaced atomically.

Every such file only spares work: when it is missing, damaged or written by another
version, `load` gives None and the work is done again; when it cannot be written,
`replace` gives up and the next build does the work again.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from indexer.gc_pause import without_gc


def dump(path: Path, value: Any) -> None:
    """Write `value` to `path` (a new file in a build's staging folder: no reader sees it half-written)."""
    with open(path, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load(path: Path) -> Any:
    """The unpickled file, or None when it is missing or unreadable (with the cyclic collector paused: see gc_pause)."""
    try:
        with open(path, "rb") as handle, without_gc():
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def replace(path: Path, value: Any) -> None:
    """Replace `path` with `value` atomically (a reader sees the old file or the new one); a folder that cannot be
    written costs only what the file would have spared."""
    temporary = path.with_name(f".{path.name}-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        dump(temporary, value)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
