"""The official layer of a build: the linked acts' official texts as rows and search documents.

An act's front matter links its corpus entry (`official: <act_code>`). Each article
of the linked act, in Russian and Kazakh, becomes a row of `official_texts` under our
provision ids (`kz-labour-code/art-16`), whether we summarised it or not: the pages
show it under our summary, or alone as "not yet summarised". Its search documents
(doctype `norm`, `source: official`) follow our ids too: a summarised paragraph
(`art-16-p-2`) is found by its paragraph's text, every other article by its whole text.

A build reads again only the acts whose corpus files or kb files changed since the
previous build (see `fingerprint`); the others keep their outputs and problems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.kinds.base import Row
from indexer.models import Entry
from indexer.official import CorpusError, OfficialAct, find_acts, read_act
from indexer.problems import Problems
from indexer.state import LinkedAct

TABLE = "official_texts"
OFFICIAL_TEXTS_TABLE = (
    {"id": str, "lang": str, "act_id": str, "local_id": str, "designator": str, "title": str, "text": str,
     "paragraphs": str, "position": int, "edition": str, "source_url": str, "act_code": str, "act_title": str,
     "visibility": str},
    ("id", "lang"),
)


ARTICLE_RE = re.compile(r"^art-\d+(?:-\d+)*")


def article_of(local_id: str) -> str | None:
    """The article a provision id belongs to: `art-16` of `art-16-p-2` (None: not an article's)."""
    match = ARTICLE_RE.match(local_id)
    return match.group(0) if match else None


def _links(acts: Iterable[Entry], problems: Problems) -> dict[str, tuple[str, list[Entry]]]:
    """Act id → (its act code, its language files), for the acts whose files link the corpus; disagreements reported."""
    links: dict[str, tuple[str, list[Entry]]] = {}
    for entry in sorted(acts, key=lambda e: e.path):
        code = entry.meta.get("official")
        if code is None:
            continue
        code = str(code)
        if entry.id in links and links[entry.id][0] != code:
            problems.error(entry.path, entry.line_of("official"), "official-conflict",
                           f"official: '{code}' differs from '{links[entry.id][0]}' in {links[entry.id][1][0].path}; "
                           "the translations of one act link one corpus act")
            continue
        links.setdefault(entry.id, (code, []))[1].append(entry)
    return links


@dataclass
class OfficialLayer:
    """Every linked act found in the corpus by act id, and the rows and documents of those read by this build."""

    acts: dict[str, LinkedAct] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    docs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def official_layer(acts: list[Entry], dirs: list[Path], problems: Problems, previous: Mapping[str, LinkedAct] | None = None) -> OfficialLayer:
    """The `official_texts` rows and search documents of the linked acts (none without a corpus); problems reported.

    Errors: an act code the corpus lacks, a corpus folder that does not exist. Warnings: a
    summarised article the official text lacks (numbered differently?), an act the corpus
    says ceased to apply while ours is in force. An act of `previous` (the last build's) with
    the same fingerprint is not read again: its problems are repeated and it gives no rows here.
    """
    layer = OfficialLayer()
    links = _links(acts, problems)
    if not dirs or not links:
        return layer
    try:
        folders = find_acts(dirs)
    except CorpusError as exc:
        problems.error(str(exc).split(":")[0], 0, "official-corpus", str(exc).split(": ", 1)[-1])
        return layer
    for act_id, (code, entries) in sorted(links.items()):
        first = entries[0]
        if code not in folders:
            problems.error(first.path, first.line_of("official"), "official-unknown",
                           f"official: no act '{code}' in the corpus ({', '.join(str(d) for d in dirs)})")
            continue
        key = fingerprint(folders[code], entries)
        kept = (previous or {}).get(act_id)
        if kept is not None and kept.fingerprint == key and kept.outputs is not None:
            problems.extend(kept.problems)
            layer.acts[act_id] = kept
            continue
        try:
            official = read_act(folders[code])
        except CorpusError as exc:
            problems.error(first.path, first.line_of("official"), "official-unreadable", str(exc))
            continue
        found = Problems()
        _check(official, entries, found)
        problems.extend(found)
        layer.acts[act_id] = LinkedAct(key, list(found))
        layer.rows[act_id], layer.docs[act_id] = _act_outputs(act_id, official, entries)
    return layer


def fingerprint(folder: Path, entries: list[Entry]) -> str:
    """A digest of what an act's official texts, their documents and warnings come from.

    The act's corpus folder (every file's name, size and time, as `official.signature`
    reads a folder that is no clone), its kb files' front matter and provision ids and
    lines, and today's date (an announced repeal takes effect on a day).
    """
    digest = hashlib.sha1(f"{folder.resolve()}\0{dt.date.today().isoformat()}\n".encode())
    for root, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(root, name))
            except OSError:
                continue  # gone meanwhile: reading the act will say so
            digest.update(f"{os.path.relpath(os.path.join(root, name), folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for entry in entries:
        provisions = [(p.local_id, p.line) for p in entry.provisions]
        digest.update(repr((entry.path, entry.lang, sorted(entry.meta.items(), key=lambda item: item[0]), provisions)).encode())
    return digest.hexdigest()


def _check(official: OfficialAct, entries: list[Entry], problems: Problems) -> None:
    """Warn of summarised articles the official text lacks and of a status the corpus contradicts."""
    articles = {a.local_id for texts in official.articles.values() for a in texts}
    for entry in entries:
        for p in entry.provisions:
            article = article_of(p.local_id)
            if article and article not in articles:
                problems.warning(entry.path, p.line, "official-missing",
                                 f"{p.local_id}: the official text of act '{official.act_code}' has no "
                                 f"{article.replace('art-', 'article ')} (numbered differently?)")
    first = entries[0]
    if official.ceased and str(first.meta.get("status") or "in_force") == "in_force":
        problems.warning(first.path, first.line_of("official"), "official-status",
                         f"the corpus says act '{official.act_code}' ceased to apply (\"{official.requisite[:120]}\"), but this act is in force here")


def _act_outputs(act_id: str, official: OfficialAct, entries: list[Entry]) -> tuple[list[Row], list[dict[str, Any]]]:
    meta = entries[0].meta
    summarised = {p.local_id for e in entries for p in e.provisions}
    visibility = meta.get("visibility", "public")
    names = {e.lang: " ".join([e.meta["title"], *e.meta.get("aliases", []), str(e.meta.get("number", ""))]) for e in entries}
    kb_names = " ".join(names.values())
    rows: list[Row] = []
    docs: list[dict[str, Any]] = []
    for lang, articles in sorted(official.articles.items()):
        act_title = official.titles.get(lang, "")
        for position, article in enumerate(articles):
            full_id = f"{act_id}/{article.local_id}"
            rows.append({
                "id": full_id, "lang": lang, "act_id": act_id, "local_id": article.local_id,
                "designator": article.designator, "title": article.title, "text": article.text,
                "paragraphs": json.dumps(article.paragraphs, ensure_ascii=False), "position": position,
                "edition": official.version_dates.get(lang), "source_url": official.sources.get(lang),
                "act_code": official.act_code, "act_title": act_title, "visibility": visibility,
            })
            parts = [p for p in summarised if p.startswith(article.local_id + "-p-")]
            if article.local_id in summarised or not parts:
                targets = [(full_id, article.text)]
            else:  # only some of its paragraphs are summarised: each is found by its own paragraph's text
                targets = [(f"{act_id}/{p}", article.paragraphs[p.split("-p-")[1]]) for p in sorted(parts) if p.split("-p-")[1] in article.paragraphs]
            for doc_id, body in targets:
                docs.append({
                    "lang": lang, "jurisdiction": meta.get("jurisdiction", ""), "visibility": visibility,
                    "key": f"official:{doc_id}:{lang}", "doctype": "norm", "id": doc_id,
                    "title": f"{article.designator} {article.title}".strip(), "names": f"{kb_names} {act_title}",
                    "body": body, "spell": "", "status": str(meta.get("status") or "in_force"), "source": "official",
                })
    return rows, docs
