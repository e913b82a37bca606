"""The registry of content kinds: one module per kind in this package (act, case, service, letter, remedy).

`kinds()` lists them in the order their tables are written and their lists are
searched; `register` adds one more (a new module, or a test's throwaway kind). The
kind modules are imported on first use, so that the modules they import (validation,
storage, analysis) can themselves import `Field` and `Kind` from here.
"""

from __future__ import annotations

from indexer.kinds.base import LANGUAGES, VISIBILITIES, Field, Kind, References

__all__ = ["LANGUAGES", "VISIBILITIES", "Field", "Kind", "References", "kinds", "kind_named", "kind_of_folder", "register", "unregister"]

_registry: list[Kind] = []
BUILT_IN = ("act", "case", "service", "letter", "remedy")


def kinds() -> tuple[Kind, ...]:
    """Every registered kind, the built-in ones first."""
    if not _registry:
        from indexer.kinds import act, case, letter, remedy, service

        _registry.extend([act.KIND, case.KIND, service.KIND, letter.KIND, remedy.KIND])
    return tuple(_registry)


def kind_named(name: str) -> Kind:
    """The registered kind called `name`."""
    return next(k for k in kinds() if k.name == name)


def kind_of_folder(folder: str) -> Kind | None:
    """The kind whose files live in kb/<folder>/, or None for a folder that holds no kind."""
    return next((k for k in kinds() if k.folder == folder), None)


def register(kind: Kind) -> None:
    """Add a kind (its name, folder and table must be new)."""
    taken = [k for k in kinds() if {k.name, k.folder, k.table} & {kind.name, kind.folder, kind.table}]
    if taken:
        raise ValueError(f"kind '{kind.name}' clashes with '{taken[0].name}' (name, folder or table)")
    _registry.append(kind)


def unregister(name: str) -> None:
    """Remove a kind added with `register` (the built-in ones stay)."""
    _registry[:] = [k for k in kinds() if k.name != name or k.name in BUILT_IN]
