"""The SQLite database (sqlite-utils): tables other tools can query, and the app renders from.

Each kind has its table, one row per entry and language (acts, cases, services, letters,
remedies), and may have linked tables (provisions; case_norms and case_services, links by
id): its module in indexer/kinds/ says which and gives the rows. Besides them: vocab
(labels) and meta (build facts).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import sqlite_utils

from indexer.kinds import Kind, kinds
from indexer.kinds.base import Row, TableSpec
from indexer.models import Entry

DB_NAME = "kb.sqlite"


TYPE_OF_FIELD = {"bool": int, "true": int, "latitude": float, "longitude": float}
# Every kind's table has these beside its stored fields (a kind's module adds its own, see Kind.columns).
COMMON_COLUMNS = {"path": str}
# Tables that belong to no kind.
SHARED_TABLES: dict[str, TableSpec] = {
    "vocab": ({"section": str, "key": str, "en": str, "ru": str, "kk": str, "region": str}, ("section", "key")),
    "meta": ({"key": str, "value": str}, ("key",)),
}
ENTRY_KEY = ("id", "lang")
# Rows per table, keyed by primary key.
Rows = dict[str, dict[tuple[Any, ...], dict[str, Any]]]


def _kind_columns(kind: Kind) -> dict[str, type]:
    columns = {f.name: TYPE_OF_FIELD.get(f.type, str) for f in kind.stored_fields}
    columns.update(COMMON_COLUMNS)
    columns.update(kind.columns)
    return columns


def content_tables() -> tuple[str, ...]:
    """The tables rows are derived into (meta holds build facts instead), in the order they are written."""
    own = [k.table for k in kinds()]
    linked = [table for k in kinds() for table in k.linked_tables]
    return (*own, *linked, "vocab")


def _specs() -> dict[str, TableSpec]:
    """Every table's columns and primary key."""
    return _specs_of(kinds())


@functools.lru_cache(maxsize=4)
def _specs_of(registered: tuple[Kind, ...]) -> dict[str, TableSpec]:
    specs: dict[str, TableSpec] = {k.table: (_kind_columns(k), ENTRY_KEY) for k in registered}
    for kind in registered:
        specs.update(kind.linked_tables)
    specs.update(SHARED_TABLES)
    return specs


def create_tables(db: sqlite_utils.Database) -> None:
    """Create every table with explicit columns, so empty tables exist too."""
    for table, (columns, pk) in _specs().items():
        db.table(table).create(columns, pk=pk if len(pk) > 1 else pk[0])


def entry_fields(kind: Kind, entry: Entry) -> Row:
    """The stored fields of an entry, with its visibility (public by default) and path: the start of its table's row."""
    row = {f.name: entry.meta.get(f.name) for f in kind.stored_fields}
    if "visibility" in kind.field_names:
        row["visibility"] = entry.meta.get("visibility", "public")
    row["path"] = entry.path
    return row


def text_row(entry: Entry) -> list[tuple[str, Row]]:
    """The row of a kind whose table holds its stored fields and its rendered body (`body_html`, `text`)."""
    return [(entry.kind.table, {**entry_fields(entry.kind, entry), "body_html": entry.html, "text": entry.text})]


# Columns of `text_row`, for a kind's `columns`.
TEXT_COLUMNS = {"body_html": str, "text": str}


def _pk(table: str) -> tuple[str, ...]:
    return _specs()[table][1]


def row_key(table: str, row: dict[str, Any]) -> tuple[Any, ...]:
    """A row's primary key."""
    return tuple(row[k] for k in _pk(table))


def entry_rows(entry: Entry) -> list[tuple[str, dict[str, Any]]]:
    """The rows one entry gives, each with its table (its kind's module decides, see Kind.rows)."""
    return entry.kind.rows(entry)


def vocab_rows(vocab: dict[str, dict[str, dict[str, str]]]) -> list[dict[str, Any]]:
    """The rows of the vocab table: every key's labels, by section."""
    return [
        {"section": section, "key": key, **{k: labels.get(k) for k in ("en", "ru", "kk", "region")}}
        for section, keys in vocab.items()
        for key, labels in keys.items()
    ]


def _meta_rows(meta: dict[str, Any]) -> list[dict[str, str]]:
    return [{"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in meta.items()]


def write_database(path: Path, rows: Rows, meta: dict[str, Any]) -> dict[str, int]:
    """Write every table into a new database file; return row counts.

    The file is new, in a build's own folder, and served only once the build is complete: it is written
    without a rollback journal or a sync per transaction (sqlite-utils commits every insert batch; those
    commits' syncs, waiting on the disk, were three quarters of the time, more while other processes
    write), then synced once.
    """
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    with db.conn:
        create_tables(db)
        for table, by_key in rows.items():
            db.table(table).insert_all(by_key.values())
        db.table("meta").insert_all(_meta_rows(meta))
        for kind in kinds():
            for table, columns in kind.indexes:
                db.table(table).create_index(list(columns))
    counts = {name: db[name].count for name in db.table_names()}
    db.close()
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return counts


def update_database(path: Path, rows: Rows, changes: dict[str, tuple[set, set]], meta: dict[str, Any]) -> dict[str, int]:
    """Apply changes to a copy of the previous database: per table, (keys to delete, keys to write)."""
    db = sqlite_utils.Database(path)
    with db.conn:
        for table, (removed, written) in changes.items():
            for key in removed:
                db.table(table).delete(key)
            db.table(table).upsert_all((rows[table][key] for key in written), pk=_pk(table))
        db.table("meta").upsert_all(_meta_rows(meta), pk="key")
    counts = {name: db[name].count for name in db.table_names()}
    db.close()
    return counts
