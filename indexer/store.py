"""The SQLite database (sqlite-utils): tables other tools can query, and the app renders from.

Tables: acts, provisions, cases, services (one row per entry and language),
case_norms and case_services (links, by id), vocab (labels) and meta (build facts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils

from indexer.citations import cite
from indexer.kinds import ACT, CASE, SERVICE, Kind
from indexer.models import Entry, KnowledgeBase
from indexer.render import to_html, to_text

DB_NAME = "kb.sqlite"


def effective_status(meta: dict[str, Any]) -> str:
    """An act's status, defaulting to in force."""
    return str(meta.get("status") or "in_force")


TYPE_OF_FIELD = {"bool": int, "true": int, "latitude": float, "longitude": float}
EXTRA_COLUMNS = {
    "acts": {"path": str, "summary_html": str, "summary_text": str},
    "cases": {"path": str, "body_html": str, "text": str},
    "services": {"path": str, "body_html": str, "text": str},
}
TABLES: dict[str, tuple[dict[str, type], tuple[str, ...]]] = {
    "provisions": (
        {"id": str, "lang": str, "act_id": str, "local_id": str, "designator": str, "title": str, "citation": str,
         "status": str, "body_html": str, "text": str, "position": int, "path": str, "line": int},
        ("id", "lang"),
    ),
    "case_norms": ({"case_id": str, "ref": str, "act_id": str, "provision_id": str}, ("case_id", "ref")),
    "case_services": ({"case_id": str, "service_id": str}, ("case_id", "service_id")),
    "vocab": ({"section": str, "key": str, "en": str, "ru": str, "kk": str, "region": str}, ("section", "key")),
    "meta": ({"key": str, "value": str}, ("key",)),
}


def _kind_columns(kind: Kind, table: str) -> dict[str, type]:
    columns = {f.name: TYPE_OF_FIELD.get(f.type, str) for f in kind.fields}
    columns.update(EXTRA_COLUMNS[table])
    return columns


def create_tables(db: sqlite_utils.Database) -> None:
    """Create every table with explicit columns, so empty tables exist too."""
    for table, kind in (("acts", ACT), ("cases", CASE), ("services", SERVICE)):
        db[table].create(_kind_columns(kind, table), pk=("id", "lang"))
    for table, (columns, pk) in TABLES.items():
        db[table].create(columns, pk=pk if len(pk) > 1 else pk[0])


def _fields(kind: Kind, entry: Entry) -> dict[str, Any]:
    row = {f.name: entry.meta.get(f.name) for f in kind.fields}
    row["path"] = entry.path
    return row


def act_rows(entry: Entry) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The acts row and provisions rows of one act file."""
    meta = entry.meta
    act = _fields(ACT, entry)
    act["status"] = effective_status(meta)
    act["summary_html"] = to_html(entry.body)
    act["summary_text"] = to_text(entry.body)
    provisions = []
    for p in entry.provisions:
        provisions.append(
            {
                "id": p.full_id,
                "lang": p.lang,
                "act_id": p.act_id,
                "local_id": p.local_id,
                "designator": p.designator,
                "title": p.title,
                "citation": cite(p.designator, meta["title"], meta.get("number"), meta.get("adopted"), p.lang),
                "status": act["status"],
                "body_html": to_html(p.body),
                "text": to_text(p.body),
                "position": p.position,
                "path": entry.path,
                "line": p.line,
            }
        )
    return act, provisions


Texts = dict[tuple[str, str, str], str]


def write_database(path: Path, kb: KnowledgeBase, meta: dict[str, Any]) -> tuple[dict[str, int], Texts]:
    """Write every table into a new database file.

    Returns row counts per table and the plain text of every provision, case
    and service by (doctype, id, lang), which the search index reuses.
    """
    db = sqlite_utils.Database(path)
    acts, provisions, cases, services = [], [], [], []
    case_norms: dict[tuple[str, str], dict[str, Any]] = {}
    case_services: set[tuple[str, str]] = set()
    for entry in kb.entries:
        if entry.kind is ACT:
            act, rows = act_rows(entry)
            acts.append(act)
            provisions.extend(rows)
        elif entry.kind is CASE:
            row = _fields(CASE, entry)
            row["body_html"], row["text"] = to_html(entry.body), to_text(entry.body)
            cases.append(row)
            for ref in entry.meta.get("norms", []):
                act_id, _, local = ref.partition("/")
                case_norms[(entry.id, ref)] = {"case_id": entry.id, "ref": ref, "act_id": act_id, "provision_id": ref if local else None}
            case_services.update((entry.id, s) for s in entry.meta.get("services", []))
        elif entry.kind is SERVICE:
            row = _fields(SERVICE, entry)
            row["body_html"], row["text"] = to_html(entry.body), to_text(entry.body)
            services.append(row)
    vocab_rows = [
        {"section": section, "key": key, "en": labels.get("en"), "ru": labels.get("ru"), "kk": labels.get("kk"), "region": labels.get("region")}
        for section, keys in kb.vocab.items()
        for key, labels in keys.items()
    ]
    with db.conn:
        create_tables(db)
        db["acts"].insert_all(acts)
        db["provisions"].insert_all(provisions)
        db["cases"].insert_all(cases)
        db["services"].insert_all(services)
        db["case_norms"].insert_all(case_norms.values())
        db["case_services"].insert_all({"case_id": c, "service_id": s} for c, s in sorted(case_services))
        db["vocab"].insert_all(vocab_rows)
        db["meta"].insert_all({"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in meta.items())
        for table, columns in (("provisions", ["act_id"]), ("case_norms", ["provision_id"]), ("case_norms", ["act_id"]), ("case_services", ["service_id"])):
            db[table].create_index(columns)
    counts = {name: db[name].count for name in db.table_names()}
    db.close()
    texts: Texts = {("norm", r["id"], r["lang"]): r["text"] for r in provisions}
    texts.update({("case", r["id"], r["lang"]): r["text"] for r in cases})
    texts.update({("service", r["id"], r["lang"]): r["text"] for r in services})
    return counts, texts
