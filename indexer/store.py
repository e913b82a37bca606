"""The SQLite database (sqlite-utils): tables other tools can query, and the app renders from.

Tables: acts, provisions, cases, services, letters, remedies (one row per entry and language),
case_norms and case_services (links, by id), vocab (labels) and meta (build facts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils

from indexer.citations import cite
from indexer.hours import hours_text
from indexer.kinds import ACT, CASE, LETTER, REMEDY, SERVICE, Kind
from indexer.models import Entry

DB_NAME = "kb.sqlite"


def effective_status(meta: dict[str, Any]) -> str:
    """An act's status, defaulting to in force."""
    return str(meta.get("status") or "in_force")


TYPE_OF_FIELD = {"bool": int, "true": int, "latitude": float, "longitude": float}
EXTRA_COLUMNS = {
    "acts": {"path": str, "summary_html": str, "summary_text": str},
    "cases": {"path": str, "body_html": str, "text": str},
    # opening_hours: structured hours as JSON (a mapping of days, or "24/7"); null when `hours` is free text.
    "services": {"path": str, "body_html": str, "text": str, "opening_hours": str},
    # template: the letter's body as written, placeholders and all (indexer/letter_format.py fills it in).
    "letters": {"path": str, "template": str},
    # steps: the ladder as JSON (a list of steps, each with its deadline); see indexer/remedies.py.
    "remedies": {"path": str, "body_html": str, "text": str},
}
TABLES: dict[str, tuple[dict[str, type], tuple[str, ...]]] = {
    "provisions": (
        {"id": str, "lang": str, "act_id": str, "local_id": str, "designator": str, "title": str, "citation": str,
         "status": str, "replaced_by": str, "body_html": str, "text": str, "note": str, "violations": str, "position": int,
         "visibility": str, "path": str, "line": int},
        ("id", "lang"),
    ),
    "case_norms": ({"case_id": str, "ref": str, "act_id": str, "provision_id": str}, ("case_id", "ref")),
    "case_services": ({"case_id": str, "service_id": str}, ("case_id", "service_id")),
    "vocab": ({"section": str, "key": str, "en": str, "ru": str, "kk": str, "region": str}, ("section", "key")),
    "meta": ({"key": str, "value": str}, ("key",)),
}


ENTRY_TABLES = (("acts", ACT), ("cases", CASE), ("services", SERVICE), ("letters", LETTER), ("remedies", REMEDY))


def _kind_columns(kind: Kind, table: str) -> dict[str, type]:
    columns = {f.name: TYPE_OF_FIELD.get(f.type, str) for f in kind.stored_fields}
    columns.update(EXTRA_COLUMNS[table])
    return columns


def create_tables(db: sqlite_utils.Database) -> None:
    """Create every table with explicit columns, so empty tables exist too."""
    for table, kind in ENTRY_TABLES:
        db[table].create(_kind_columns(kind, table), pk=("id", "lang"))
    for table, (columns, pk) in TABLES.items():
        db[table].create(columns, pk=pk if len(pk) > 1 else pk[0])


def _fields(kind: Kind, entry: Entry) -> dict[str, Any]:
    row = {f.name: entry.meta.get(f.name) for f in kind.stored_fields}
    row["visibility"] = entry.meta.get("visibility", "public")
    row["path"] = entry.path
    return row


def act_rows(entry: Entry) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The acts row and provisions rows of one act file.

    A provision's note for REActors (the act's `notes`) has its own column: never
    part of `text` or `body_html`, the summary that search, the sheet and the API use.
    """
    meta = entry.meta
    notes = meta.get("notes", {})
    violations = meta.get("violations", {})
    act = _fields(ACT, entry)
    act["status"] = effective_status(meta)
    act["summary_html"], act["summary_text"] = entry.html, entry.text
    provisions = [
        {
            "id": p.full_id,
            "lang": p.lang,
            "act_id": p.act_id,
            "local_id": p.local_id,
            "designator": p.designator,
            "title": p.title,
            "citation": cite(p.local_id, p.designator, meta["title"], meta.get("number"), meta.get("adopted"), p.lang),
            "status": act["status"],
            # The provisions that replaced this one (the act's `replacements`), as a JSON list.
            "replaced_by": json.dumps(meta["replacements"][p.local_id]) if p.local_id in meta.get("replacements", {}) else None,
            "body_html": p.html,
            "text": p.text,
            "note": notes.get(p.local_id),
            # The violation types the act tags this provision with (its `violations`), as a JSON list.
            "violations": json.dumps(violations[p.local_id]) if p.local_id in violations else None,
            "position": p.position,
            "visibility": act["visibility"],
            "path": entry.path,
            "line": p.line,
        }
        for p in entry.provisions
    ]
    return act, provisions


# Rows per table, keyed by primary key.
Rows = dict[str, dict[tuple[Any, ...], dict[str, Any]]]
# The tables rows are derived into (meta holds build facts instead), in the order they are written.
CONTENT_TABLES = ("acts", "provisions", "cases", "services", "letters", "remedies", "case_norms", "case_services", "vocab")


def _pk(table: str) -> tuple[str, ...]:
    return ("id", "lang") if table in ("acts", "cases", "services", "letters", "remedies") else TABLES[table][1]


def row_key(table: str, row: dict[str, Any]) -> tuple[Any, ...]:
    """A row's primary key."""
    return tuple(row[k] for k in _pk(table))


def entry_rows(entry: Entry) -> list[tuple[str, dict[str, Any]]]:
    """The rows one entry gives, each with its table.

    A case's link rows are keyed by case id, not language: its translations
    give the same rows (equal in every column).
    """
    if entry.kind is ACT:
        act, provisions = act_rows(entry)
        return [("acts", act), *(("provisions", row) for row in provisions)]
    if entry.kind is CASE:
        rows = [("cases", {**_fields(CASE, entry), "body_html": entry.html, "text": entry.text})]
        for ref in entry.meta.get("norms", []):
            act_id, _, local = ref.partition("/")
            rows.append(("case_norms", {"case_id": entry.id, "ref": ref, "act_id": act_id, "provision_id": ref if local else None}))
        rows += [("case_services", {"case_id": entry.id, "service_id": service}) for service in entry.meta.get("services", [])]
        return rows
    if entry.kind is LETTER:
        row = {**_fields(LETTER, entry), "template": entry.body}
        del row["visibility"]  # letters are public templates
        return [("letters", row)]
    if entry.kind is REMEDY:
        return [("remedies", {**_fields(REMEDY, entry), "body_html": entry.html, "text": entry.text})]
    return [("services", service_row(entry))]


def service_row(entry: Entry) -> dict[str, Any]:
    """A service's row: `hours` as one line of text, and `opening_hours` when they are structured."""
    row = {**_fields(SERVICE, entry), "body_html": entry.html, "text": entry.text}
    hours = entry.meta.get("hours")
    row["opening_hours"] = json.dumps(hours, ensure_ascii=False) if isinstance(hours, dict) or hours == "24/7" else None
    row["hours"] = hours_text(hours) if hours is not None else None
    return row


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
    """Write every table into a new database file; return row counts."""
    db = sqlite_utils.Database(path)
    with db.conn:
        create_tables(db)
        for table, by_key in rows.items():
            db[table].insert_all(by_key.values())
        db["meta"].insert_all(_meta_rows(meta))
        for table, columns in (("provisions", ["act_id"]), ("case_norms", ["provision_id"]), ("case_norms", ["act_id"]), ("case_services", ["service_id"])):
            db[table].create_index(columns)
    counts = {name: db[name].count for name in db.table_names()}
    db.close()
    return counts


def update_database(path: Path, rows: Rows, changes: dict[str, tuple[set, set]], meta: dict[str, Any]) -> dict[str, int]:
    """Apply changes to a copy of the previous database: per table, (keys to delete, keys to write)."""
    db = sqlite_utils.Database(path)
    with db.conn:
        for table, (removed, written) in changes.items():
            for key in removed:
                db[table].delete(key)
            db[table].upsert_all((rows[table][key] for key in written), pk=_pk(table))
        db["meta"].upsert_all(_meta_rows(meta), pk="key")
    counts = {name: db[name].count for name in db.table_names()}
    db.close()
    return counts
