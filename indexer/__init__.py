"""Load, check and index the REAct knowledge base; search it.

The library never imports Flask: the web app in `app/` consumes it.
"""

from indexer.load import load_kb
from indexer.problems import ContentError, IndexMissing, KBError, Problem
from indexer.search import SearchEngine

__all__ = ["ContentError", "IndexMissing", "KBError", "Problem", "SearchEngine", "load_kb"]
