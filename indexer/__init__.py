"""Load, check and index the REAct knowledge base; search it.

The library never imports Flask: the web app in `app/` consumes it.
"""

from typing import Any

from indexer.load import load_kb
from indexer.problems import ContentError, IndexMissing, KBError, Problem

__all__ = ["ContentError", "IndexMissing", "KBError", "Problem", "SearchEngine", "load_kb"]


def __getattr__(name: str) -> Any:
    """`indexer.SearchEngine`, imported on first use: a build or a check never loads the search engine (0.17 s)."""
    if name == "SearchEngine":
        from indexer.search import SearchEngine

        return SearchEngine
    raise AttributeError(f"module 'indexer' has no attribute {name!r}")
