"""The baseline: SQLite FTS5 (unicode61, diacritics removed, bm25) over the same documents.

The index is built from the built database's provisions, cases and services
(title and plain text), one FTS table per list. A query becomes an FTS5
expression of its words (OR), "phrases" and -exclusions (NOT); like our
engine, each search asks the three lists for their top 10 with a snippet, and
services are limited to the city, its region and national ones when a city is given.
No stemming, synonyms or typo tolerance: it shows what plain full-text search costs.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

from bench.measure import percentiles
from bench.queries import Query
from indexer.search.query import parse_query

TOKEN_RE = re.compile(r"\w+")
TOKENIZER = "unicode61 remove_diacritics 2"
# (FTS table, source table, title expression)
SOURCES = (
    ("norms", "provisions", "designator || ' ' || title || ' ' || citation"),
    ("cases", "cases", "title"),
    ("services", "services", "name"),
)
LIMIT = 10


def build_fts(database: Path, target: Path) -> float:
    """Create the FTS5 tables in `target` from the kb database; return the seconds it took."""
    started = time.perf_counter()
    conn = sqlite3.connect(f"file:{target}", uri=True)
    conn.execute("ATTACH DATABASE ? AS kb", (f"file:{database}?mode=ro",))
    with conn:
        conn.execute("CREATE TABLE places AS SELECT key, region FROM kb.vocab WHERE section = 'places'")
        for name, source, title in SOURCES:
            conn.execute(
                f"CREATE VIRTUAL TABLE {name} USING fts5(id UNINDEXED, lang UNINDEXED, city UNINDEXED, "
                f"region UNINDEXED, title, body, tokenize = '{TOKENIZER}')"
            )
            city = "s.city" if source != "provisions" else "''"
            conn.execute(
                f"INSERT INTO {name} (id, lang, city, region, title, body) "
                f"SELECT s.id, s.lang, {city}, COALESCE(v.region, ''), {title}, s.text FROM kb.{source} s "
                f"LEFT JOIN kb.vocab v ON v.section = 'places' AND v.key = {city}"
            )
    conn.execute("DETACH DATABASE kb")
    conn.close()
    return round(time.perf_counter() - started, 3)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """The FTS5 expression for a query, or None when it has nothing to search for."""
    parsed = parse_query(text)
    positive = [_quote(t) for w in parsed.words for t in TOKEN_RE.findall(w.lower())]
    positive += [_quote(" ".join(TOKEN_RE.findall(p.lower()))) for p in parsed.phrases if TOKEN_RE.search(p)]
    negative = [_quote(t) for w in parsed.excluded for t in TOKEN_RE.findall(w.lower())]
    if not positive:
        return None
    expression = "(" + " OR ".join(positive) + ")"
    if negative:
        expression += " NOT (" + " OR ".join(negative) + ")"
    return expression


class FtsSearch:
    """Runs the three top-10 lists for a query against the FTS5 index."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)
        self.region = dict(self.conn.execute("SELECT key, region FROM places").fetchall())

    def search(self, query: Query) -> int:
        """Return how many hits the three lists have."""
        expression = match_expression(query.text)
        if expression is None:
            return 0
        found = 0
        for name, _, _ in SOURCES:
            sql = f"SELECT id, snippet({name}, 5, '<mark>', '</mark>', '…', 16) FROM {name} WHERE {name} MATCH ?"
            params: list[object] = [expression]
            if name == "services" and query.city:
                sql += " AND (city = ? OR region = ? OR city = 'national')"
                params += [query.city, self.region.get(query.city, query.city)]
            sql += f" ORDER BY bm25({name}, 0, 0, 0, 0, 3.0, 1.0) LIMIT {LIMIT}"
            found += len(self.conn.execute(sql, params).fetchall())
        return found

    def close(self) -> None:
        self.conn.close()


def fts_latency(path: Path, queries: list[Query]) -> dict[str, object]:
    """Warm latency of the mix against the FTS5 index (one pass to warm, one timed)."""
    search = FtsSearch(path)
    try:
        for query in queries:
            search.search(query)
        timings = []
        for query in queries:
            started = time.perf_counter()
            search.search(query)
            timings.append(time.perf_counter() - started)
    finally:
        search.close()
    return {"queries": len(queries), **percentiles(timings)}
