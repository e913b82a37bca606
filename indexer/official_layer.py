"""The official layer of a build: the linked acts' official texts as rows and search documents.

An act's front matter links its corpus entry (`official: <act_code>`). Each article
of the linked act, in Russian and Kazakh, becomes a row of `official_texts` under our
provision ids (`kz-labour-code/art-16`), whether we summarised it or not: the pages
show it under our summary, or alone as "not yet summarised". Its search documents
(doctype `norm`, `source: official`) follow our ids too: a summarised paragraph
(`art-16-p-2`) is found by its paragraph's text, every other article by its whole text.

An act file whose `official_version` is older than the corpus's edition is compared with
that edition (indexer/official_editions.py): `kb check` names the articles that changed,
and a row of `official_changes` per act and `official_version` tells the pages which.

A build reads again only the acts whose corpus files or kb files changed since the
previous build (see `fingerprint`); the others keep their outputs and problems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.citations import cite
from indexer.corpus_cache import ACTS_CACHE, ActFolders
from indexer.kinds.base import Row
from indexer.models import Entry
from indexer.official import CorpusError, OfficialAct, add_files, find_acts, read_act
from indexer.official_editions import EditionCache, EditionChange
from indexer.problems import Problems
from indexer.state import LinkedAct

TABLE = "official_texts"
OFFICIAL_TEXTS_TABLE = (
    {"id": str, "lang": str, "act_id": str, "local_id": str, "designator": str, "title": str, "text": str,
     "paragraphs": str, "position": int, "edition": str, "source_url": str, "act_code": str, "act_title": str,
     "citation": str, "visibility": str},
    ("id", "lang"),
)
# What changed in an act's official text since the edition an act file was checked against (`checked`, its
# official_version): the corpus's `edition`, the older edition found (`compared`), article ids as JSON lists, and
# `unavailable` (1: the history could not be read, so which articles changed is not known); `amended_by` (and its
# `amended_by_url`): the act whose amendments made the corpus's edition, as the corpus names it.
CHANGES_TABLE = "official_changes"
OFFICIAL_CHANGES_TABLE = (
    {"act_id": str, "checked": str, "edition": str, "compared": str, "changed": str, "added": str, "removed": str,
     "unavailable": int, "amended_by": str, "amended_by_url": str, "visibility": str},
    ("act_id", "checked"),
)
# The file the comparisons of editions are kept in between builds, in the data folder.
EDITIONS_CACHE = ".official-editions.json"


ARTICLE_RE = re.compile(r"^(?:art|p|an-\d+-p)-\d+(?:-\d+)*")
PARAGRAPH_OF_RE = re.compile(r"^-p-(\d+(?:-\d+)*)")


def article_of(local_id: str) -> str | None:
    """The unit of the official text a provision id belongs to: `art-16` of `art-16-p-2`, `p-30` of
    `p-30-sp-2` (an order's point), `an-1-p-4` (its annex's point 4); None: no such unit."""
    match = ARTICLE_RE.match(local_id)
    return match.group(0) if match else None


def paragraph_of(local_id: str, article: str) -> str | None:
    """The paragraph number of an article's provision id: "2" of `art-16-p-2` (None: the whole article)."""
    match = PARAGRAPH_OF_RE.match(local_id[len(article):])
    return match.group(1) if match else None


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
    # The `official_changes` rows (a newer edition than an act file's official_version) of each act read.
    changes: dict[str, list[Row]] = field(default_factory=dict)


def official_layer(
    acts: list[Entry], dirs: list[Path], problems: Problems, previous: Mapping[str, LinkedAct] | None = None, cache: Path | None = None
) -> OfficialLayer:
    """The `official_texts` rows, search documents and `official_changes` rows of the linked acts (none without a corpus).

    Errors: an act code the corpus lacks, a corpus folder that does not exist. Warnings: a
    summarised article the official text lacks (numbered differently?), an act the corpus
    says ceased to apply while ours is in force or the reverse, a newer edition than an act
    file's `official_version` with the articles that changed. `cache` is the file the
    comparisons of editions are kept in (None: compare every time); the act folders' facts
    are kept beside it (indexer/corpus_cache.py). An act of `previous`
    (the last build's) with the same fingerprint is not read again: its problems are
    repeated and it gives no rows here.
    """
    layer = OfficialLayer()
    links = _links(acts, problems)
    if not dirs or not links:
        return layer
    known = ActFolders(cache.with_name(ACTS_CACHE) if cache else None)
    try:
        folders = find_acts(dirs, known.facts)
    except CorpusError as exc:
        problems.error(str(exc).split(":")[0], 0, "official-corpus", str(exc).split(": ", 1)[-1])
        return layer
    known.save()
    editions = EditionCache(cache)
    # Every language file of an act, whether it names the link itself or not: each has its own official_version.
    files: dict[str, list[Entry]] = {}
    for entry in sorted(acts, key=lambda e: e.path):
        files.setdefault(entry.id, []).append(entry)
    for act_id, (code, entries) in sorted(links.items()):
        first = entries[0]
        if code not in folders:
            problems.error(first.path, first.line_of("official"), "official-unknown",
                           f"official: no act '{code}' in the corpus ({', '.join(str(d) for d in dirs)})")
            continue
        key = fingerprint(folders[code], files[act_id])
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
        layer.changes[act_id] = _edition_changes(act_id, official, files[act_id], editions, found)
        problems.extend(found)
        layer.acts[act_id] = LinkedAct(key, list(found))
        layer.rows[act_id], layer.docs[act_id] = _act_outputs(act_id, official, entries)
    editions.save()
    return layer


def fingerprint(folder: Path, entries: list[Entry]) -> str:
    """A digest of what an act's official texts, their documents and warnings come from.

    The act's corpus folder (every file's name, size and time, as `official.signature`
    reads a folder that is no clone), its kb files' front matter and provision ids and
    lines, and today's date (an announced repeal takes effect on a day).
    """
    digest = hashlib.sha1(f"{folder.resolve()}\0{dt.date.today().isoformat()}\n".encode())
    add_files(digest, folder)
    for entry in entries:
        provisions = [(p.local_id, p.line) for p in entry.provisions]
        digest.update(repr((entry.path, entry.lang, sorted(entry.meta.items(), key=lambda item: item[0]), provisions)).encode())
    return digest.hexdigest()


def _check(official: OfficialAct, entries: list[Entry], problems: Problems) -> None:
    """Warn of summarised articles the official text lacks and of a status the corpus contradicts (either way)."""
    by_lang = {lang: {a.local_id: a for a in texts} for lang, texts in official.articles.items()}
    every = {local_id for texts in by_lang.values() for local_id in texts}
    for entry in entries:
        # A Russian or Kazakh summary is checked against the official text in its language, others against any.
        texts = [by_lang[entry.lang]] if entry.lang in by_lang else list(by_lang.values())
        for p in entry.provisions:
            article = article_of(p.local_id)
            if not article:
                continue
            paragraph = paragraph_of(p.local_id, article)
            found = [t[article] for t in texts if article in t]
            if not found:
                where = f" in its {entry.lang} text" if article in every else ""
                problems.warning(entry.path, p.line, "official-missing",
                                 f"{p.local_id}: the official text of act '{official.act_code}' has no {_unit_name(article)}{where} (numbered differently?)")
            elif paragraph and not any(not a.paragraphs or paragraph in a.paragraphs for a in found):
                problems.warning(entry.path, p.line, "official-missing",
                                 f"{p.local_id}: {_unit_name(article)} of the official text of act '{official.act_code}' "
                                 f"has no paragraph {paragraph} (numbered differently?)")
    first = entries[0]
    status = str(first.meta.get("status") or "in_force")
    until = f"valid until {first.meta['valid_until']}" if first.meta.get("valid_until") else "no valid_until"
    if official.ceased and status != "repealed":
        when = f"on {official.repealed_on}" if official.repealed_on else f'"{official.requisite[:120]}"'
        problems.warning(first.path, first.line_of("official"), "official-status",
                         f"the corpus says act '{official.act_code}' ceased to apply ({when}; its edition of {official.edition}), "
                         f"but this act is {status.replace('_', ' ')} here: set status: repealed and valid_until, or link the act in force")
    elif status == "repealed" and not official.ceased:
        problems.warning(first.path, first.line_of("status"), "official-status",
                         f"this act is repealed here ({until}), but the corpus's edition of {official.edition} of act "
                         f"'{official.act_code}' does not say it ceased to apply: check the status here, or link the act that replaced it")


def _numbers(articles: list[str]) -> str:
    """Article ids as a maintainer reads them: `art-16`, `art-22-1` → '16, 22-1'."""
    return ", ".join(a.removeprefix("art-") for a in articles) or "none"


def _edition_changes(act_id: str, official: OfficialAct, entries: list[Entry], editions: EditionCache, problems: Problems) -> list[Row]:
    """Compare each act file's `official_version` older than the corpus's edition with it: a warning per file, a row per version.

    The warning names first the changed articles the file summarises (they are what a maintainer
    must re-read), then the other changed, added and removed articles.
    """
    rows: dict[str, Row] = {}
    for entry in entries:
        checked = str(entry.meta.get("official_version") or "")
        if not checked or not official.edition or checked >= official.edition:
            continue
        change = editions.change(official, checked)
        amended = f" (amended by {official.amended_by})" if official.amended_by else ""
        head = f"{act_id}: the corpus has the edition of {official.edition}{amended}, our summaries were checked against {checked}"
        if change.unavailable:
            message = f"{head}; the changed articles cannot be named: {change.unavailable}"
        else:
            ours = {article_of(p.local_id) for p in entry.provisions}
            touched = change.changed + change.removed
            parts = [f"changed articles with summaries: {_numbers([a for a in touched if a in ours])}"]
            parts += [f"{label}: {_numbers(found)}" for label, found in (
                ("other changed", [a for a in change.changed if a not in ours]), ("added", change.added),
                ("removed", [a for a in change.removed if a not in ours])) if found]
            message = f"{head}; " + "; ".join(parts)
        problems.warning(entry.path, entry.line_of("official_version"), "official-newer", message)
        rows[checked] = _change_row(act_id, change, official, entries[0].meta.get("visibility", "public"))
    return list(rows.values())


def _change_row(act_id: str, change: EditionChange, official: OfficialAct, visibility: str) -> Row:
    return {
        "act_id": act_id, "checked": change.checked, "edition": change.edition, "compared": change.compared,
        "changed": json.dumps(change.changed), "added": json.dumps(change.added), "removed": json.dumps(change.removed),
        "unavailable": int(bool(change.unavailable)), "amended_by": official.amended_by, "amended_by_url": official.amended_by_url,
        "visibility": visibility,
    }


def _unit_name(unit: str) -> str:
    """`art-16` → "article 16", `p-3` → "point 3", `an-1-p-3` → "point 3 of annex 1"."""
    if unit.startswith("art-"):
        return "article " + unit[4:]
    if unit.startswith("an-"):
        annex, point = unit[3:].split("-p-", 1)
        return f"point {point} of annex {annex}"
    return "point " + unit[2:]


def _act_outputs(act_id: str, official: OfficialAct, entries: list[Entry]) -> tuple[list[Row], list[dict[str, Any]]]:
    meta = entries[0].meta
    summarised = {p.local_id for e in entries for p in e.provisions}
    visibility = meta.get("visibility", "public")
    names = {e.lang: " ".join([e.meta["title"], *e.meta.get("aliases", []), str(e.meta.get("number", ""))]) for e in entries}
    kb_names = " ".join(names.values())
    rows: list[Row] = []
    docs: list[dict[str, Any]] = []
    titles = {e.lang: e.meta["title"] for e in entries}
    for lang, articles in sorted(official.articles.items()):
        act_title = official.titles.get(lang, "")
        # Cited as our summaries are, in the text's language: the act's title from our file in that language, else the corpus's.
        cited_title = titles.get(lang) or (act_title.capitalize() if act_title.isupper() else act_title)
        for position, article in enumerate(articles):
            full_id = f"{act_id}/{article.local_id}"
            rows.append({
                "id": full_id, "lang": lang, "act_id": act_id, "local_id": article.local_id,
                "designator": article.designator, "title": article.title, "text": article.text,
                "paragraphs": json.dumps(article.paragraphs, ensure_ascii=False), "position": position,
                "edition": official.version_dates.get(lang), "source_url": official.sources.get(lang),
                "act_code": official.act_code, "act_title": act_title, "visibility": visibility,
                "citation": cite(article.local_id, article.designator, cited_title, meta.get("number"), meta.get("adopted"), lang),
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
