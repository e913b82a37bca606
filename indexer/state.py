"""What a build leaves for the next one, so that an edit re-indexes only what it changed.

Stored beside the index it describes (and so swapped with it atomically): the
parsed files by path and content hash, and a digest of every database row and
search document. The next build diffs its rows and documents against those
digests and applies only the differences to copies of the previous database
and index.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.load import ParseCache

STATE_FILE = "state.pickle"


@dataclass
class BuildState:
    """The parse cache and the digests of what a build wrote."""

    code_hash: str
    parsed: ParseCache = field(default_factory=dict)
    row_digests: dict[str, dict[Any, str]] = field(default_factory=dict)
    doc_digests: dict[str, str] = field(default_factory=dict)
    concepts: dict[str, tuple[str, str]] = field(default_factory=dict)


def digest(value: Any) -> str:
    """A digest of a row or document (built with a fixed key order, so repr is stable)."""
    return hashlib.sha1(repr(value).encode()).hexdigest()


def diff(old: dict[Any, str], new: dict[Any, str]) -> tuple[set[Any], set[Any]]:
    """Keys to delete (gone) and keys to write (new or changed)."""
    removed = old.keys() - new.keys()
    written = {key for key, value in new.items() if old.get(key) != value}
    return set(removed), written


def save_state(build_dir: Path, state: BuildState) -> None:
    """Write the state into a finished build folder."""
    with open(build_dir / STATE_FILE, "wb") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load_state(build_dir: Path, code_hash: str) -> BuildState | None:
    """The state of a previous build, if it exists and was written by the same code."""
    try:
        with open(build_dir / STATE_FILE, "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not isinstance(state, BuildState) or state.code_hash != code_hash:
        return None
    return state
