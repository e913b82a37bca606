"""The read side: the search engine the CLI and the web app share."""

from indexer.search.engine import SearchEngine

__all__ = ["SearchEngine"]
