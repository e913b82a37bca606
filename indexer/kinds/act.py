"""Acts (kb/laws/): laws, codes, the constitution, ministerial orders; each '## ' heading is a provision.

An act's table row holds its summary; each provision is a row of `provisions` (with
its citation, status, REActors-only note and violation tags) and a search document
of type `norm`. Repealed acts and provisions point at what replaced them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from indexer.analysis import distinct_words
from indexer.citations import cite
from indexer.kinds.base import LANGUAGES, VISIBILITIES, Field, Kind, References, Row
from indexer.models import Entry
from indexer.official_layer import CHANGES_TABLE, OFFICIAL_CHANGES_TABLE, OFFICIAL_TEXTS_TABLE, TABLE as OFFICIAL_TABLE
from indexer.problems import Problems
from indexer.scaffold import fill
from indexer.schema import common_fields
from indexer.store import entry_fields
from indexer.validate import did_you_mean
from indexer.vocab import Vocab

ACT_KINDS = ("constitution", "code", "law", "order", "rules", "decree", "treaty", "other")
ACT_STATUSES = ("in_force", "repealed", "not_yet_in_force")

FIELDS = (
    Field("id", "id", True),
    Field("title", "text", True),
    Field("kind", "enum", True, ACT_KINDS),
    Field("jurisdiction", "jurisdiction", True),
    Field("lang", "enum", True, LANGUAGES),
    Field("source_url", "url", True),
    Field("number", "text"),
    Field("adopted", "date"),
    Field("issuer", "text"),
    Field("status", "enum", False, ACT_STATUSES),
    Field("valid_from", "date"),
    Field("valid_until", "date"),
    Field("replaced_by", "id"),
    Field("replacements", "replacement_map"),
    Field("checked", "date"),
    Field("official_version", "date"),
    Field("official", "act_code"),
    Field("aliases", "text_list"),
    Field("topics", "vocab_list:topics"),
    Field("visibility", "enum", False, VISIBILITIES),
    Field("note", "text"),
    Field("notes", "note_map", stored=False),
    Field("violations", "violation_map", stored=False),
)

PROVISIONS_TABLE = (
    {"id": str, "lang": str, "act_id": str, "local_id": str, "designator": str, "title": str, "citation": str,
     "status": str, "replaced_by": str, "body_html": str, "text": str, "note": str, "violations": str, "position": int,
     "visibility": str, "path": str, "line": int},
    ("id", "lang"),
)


def effective_status(meta: dict[str, Any]) -> str:
    """An act's status, defaulting to in force."""
    return str(meta.get("status") or "in_force")


def rows(entry: Entry) -> list[tuple[str, Row]]:
    """The acts row and provisions rows of one act file.

    A provision's note for REActors (the act's `notes`) has its own column: never
    part of `text` or `body_html`, the summary that search, the sheet and the API use.
    """
    meta = entry.meta
    notes = meta.get("notes", {})
    violations = meta.get("violations", {})
    act = entry_fields(KIND, entry)
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
    return [("acts", act), *(("provisions", row) for row in provisions)]


def documents(entry: Entry, vocab: Vocab) -> Iterator[Row]:
    """One `norm` document per provision: its designator and title, the act's names, its summary."""
    meta = entry.meta
    act_names = " ".join([meta["title"], *meta.get("aliases", []), str(meta.get("number", ""))])
    for p in entry.provisions:
        title = f"{p.designator} {p.title}".strip()
        yield {
            **common_fields(entry),
            "key": f"norm:{p.full_id}:{p.lang}",
            "doctype": "norm",
            "id": p.full_id,
            "title": title,
            "names": act_names,
            "body": p.text,
            "spell": distinct_words(title, act_names) + " " + p.words,
            "status": effective_status(meta),
        }


def cross_check(entry: Entry, meta: dict[str, Any], refs: References, problems: Problems) -> dict[str, Any]:
    """The act without a `replaced_by` that names no act, and without `replacements` that do not exist."""
    replaced_by = meta.get("replaced_by")
    if replaced_by and replaced_by not in refs.acts:
        problems.error(entry.path, entry.line_of("replaced_by"), "dangling-reference", f"replaced_by: no act with id '{replaced_by}'")
        meta = {k: v for k, v in meta.items() if k != "replaced_by"}
    replacements = meta.get("replacements")
    if not replacements:
        return meta
    own = {p.local_id for p in entry.provisions}
    kept: dict[str, list[str]] = {}
    line = entry.line_of("replacements")
    for local, targets in replacements.items():
        if local not in own:
            problems.error(entry.path, line, "dangling-reference", f"replacements: this act has no provision '{local}'{did_you_mean(local, own)}")
            continue
        for target in targets:
            if target not in refs.provisions:
                problems.error(entry.path, line, "dangling-reference", f"replacements: no provision '{target}'{did_you_mean(target, refs.provisions)}")
        found = [t for t in targets if t in refs.provisions]
        if found:
            kept[local] = found
    if kept == replacements:
        return meta
    return {**{k: v for k, v in meta.items() if k != "replacements"}, **({"replacements": kept} if kept else {})}


def rules(entry: Entry, problems: Problems) -> None:
    """Warnings: a repealed act without its last day, an act never compared with the official text, no provisions."""
    meta = entry.meta
    if meta.get("status") == "repealed" and "valid_until" not in meta:
        problems.warning(entry.path, entry.line_of("status"), "repealed-without-date", "repealed act: add valid_until (the last day it applied)")
    if "checked" not in meta:
        problems.warning(entry.path, 1, "unverified", "act never compared with the official text: add 'checked' once you have")
    if not entry.provisions:
        problems.warning(entry.path, entry.body_line, "no-provisions", "act has no provisions (no '## ' headings)")


TEMPLATE = """---
id: {id}
title: "{mark} {title}"
kind: law                      # constitution | code | law | order | rules | decree | treaty | other
jurisdiction: KZ
lang: ru                       # ru | kk | en; translations share the id, one file per language
source_url: https://adilet.zan.kz/rus/docs/XXXXXXXXXX   # {mark} the official text's address
# number: "123-VI"             # the act's number as printed
# adopted: 2020-07-07          # date of adoption, YYYY-MM-DD
# issuer: "Parliament of the Republic of Kazakhstan"
# status: in_force             # in_force | repealed | not_yet_in_force
# valid_from: 2020-07-18
# valid_until: 2023-06-30      # last day it applied, for repealed acts
# replaced_by: other-act-id
# checked: {today}             # only once you compared this file with the official text
# aliases: ["Short name", "Сокращение", "Қысқаша атауы"]
# topics: [hiv, discrimination]   # keys of 'topics' in kb/vocab.yaml
---
{body}"""

TEXTS = {
    "ru": ("Полное официальное название акта", """{mark} О чём этот акт простыми словами: кого он защищает и когда REActor на него ссылается.

## Статья 1. {mark} Название статьи

{mark} Что статья даёт клиенту и как ею пользоваться (2–6 предложений своими словами). Цитируйте закон
лишь коротко, «в кавычках», где важны точные слова.
"""),
    "kk": ("Актінің толық ресми атауы", """{mark} Бұл акт не туралы, қарапайым сөзбен: кімді қорғайды және REActor оған қашан сілтеме жасайды.

## 1-бап. {mark} Баптың атауы

{mark} Бап клиентке не береді және оны қалай қолдануға болады (өз сөзіңізбен 2–6 сөйлем). Заңды тек
қысқа, «тырнақшада», нақты сөздер маңызды жерде ғана келтіріңіз.
"""),
    "en": ("Full official title of the act", """{mark} What the act is about, in plain words: who it protects and when a REActor cites it.

## Article 1. {mark} Title of the article

{mark} What this article gives the client and how to use it (2–6 sentences, your own words).
Quote the law only briefly, "in quotation marks", where the exact words matter.
"""),
}


def scaffold(entry_id: str, lang: str) -> str:
    """The file `kb new act ID` writes."""
    return fill(TEMPLATE, entry_id, lang, TEXTS)


KIND = Kind(
    name="act",
    folder="laws",
    table="acts",
    fields=FIELDS,
    rows=rows,
    scaffold=scaffold,
    columns={"summary_html": str, "summary_text": str},
    linked_tables={"provisions": PROVISIONS_TABLE, OFFICIAL_TABLE: OFFICIAL_TEXTS_TABLE, CHANGES_TABLE: OFFICIAL_CHANGES_TABLE},
    indexes=(("provisions", ("act_id",)), (OFFICIAL_TABLE, ("act_id",))),
    documents=documents,
    cross_check=cross_check,
    rules=rules,
    result_list="norms",
    doctype="norm",
    has_provisions=True,
)
