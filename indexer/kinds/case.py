"""Cases (kb/cases/): anonymised stories of violations, what was done and how it ended.

A case's row holds the story; `case_norms` and `case_services` link it to the provisions
(or whole acts) it cites and the services involved, by id, so that pages and search can
follow them both ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from indexer.analysis import distinct_words
from indexer.kinds.base import LANGUAGES, VISIBILITIES, Field, Kind, References, Row
from indexer.models import Entry
from indexer.problems import Problems
from indexer.scaffold import fill
from indexer.schema import common_fields, labels
from indexer.store import TEXT_COLUMNS, text_row
from indexer.validate import did_you_mean
from indexer.vocab import Vocab

FIELDS = (
    Field("id", "id", True),
    Field("title", "text", True),
    Field("lang", "enum", True, LANGUAGES),
    Field("date", "partial_date", True),
    Field("jurisdiction", "jurisdiction", True),
    Field("groups", "vocab_list:groups", True),
    Field("violations", "vocab_list:violations", True),
    Field("outcome", "vocab:outcomes", True),
    Field("anonymised", "true", True),
    Field("city", "vocab:places"),
    Field("actions", "vocab_list:actions"),
    Field("norms", "ref_list"),
    Field("services", "id_list"),
    Field("source_url", "url"),
    Field("visibility", "enum", False, VISIBILITIES),
    Field("date_estimated", "bool"),
    Field("note", "text"),
    Field("persons", "text_list", stored=False),
)


def rows(entry: Entry) -> list[tuple[str, Row]]:
    """The case's row and its links.

    The link rows are keyed by case id, not language: its translations give the
    same rows (equal in every column).
    """
    found = text_row(entry)
    for ref in entry.meta.get("norms", []):
        act_id, _, local = ref.partition("/")
        found.append(("case_norms", {"case_id": entry.id, "ref": ref, "act_id": act_id, "provision_id": ref if local else None}))
    found += [("case_services", {"case_id": entry.id, "service_id": service}) for service in entry.meta.get("services", [])]
    return found


def documents(entry: Entry, vocab: Vocab) -> Iterator[Row]:
    """One `case` document: its title, its vocabulary labels in every language as names, its story."""
    meta = entry.meta
    places = vocab.get("places", {})
    names = " ".join(
        labels(vocab, "groups", meta["groups"])
        + labels(vocab, "violations", meta["violations"])
        + labels(vocab, "actions", meta.get("actions", []))
        + labels(vocab, "outcomes", [meta["outcome"]])
        + labels(vocab, "places", [meta["city"]] if meta.get("city") else [])
    )
    yield {
        **common_fields(entry),
        "key": f"case:{entry.id}:{entry.lang}",
        "doctype": "case",
        "id": entry.id,
        "title": meta["title"],
        "names": names,
        "body": entry.text,
        "spell": distinct_words(meta["title"], names) + " " + entry.words,
        "city": meta.get("city", ""),
        "region": places.get(meta.get("city", ""), {}).get("region", ""),
        "groups": ",".join(meta["groups"]),
        "violations": ",".join(meta["violations"]),
    }


def cross_check(entry: Entry, meta: dict[str, Any], refs: References, problems: Problems) -> dict[str, Any]:
    """The case without the norms and services that do not exist (each an error at its line); the story stays.

    A reference to a file left out for its own errors says so; otherwise "did you
    mean" suggests only entries of the same kind (services: of the case's city or national).
    """
    kept = []
    for i, ref in enumerate(meta.get("norms", [])):
        if ("/" in ref and ref not in refs.provisions) or ("/" not in ref and ref not in refs.acts):
            what = "provision" if "/" in ref else "act"
            failed = refs.left_out.get(("act", ref.split("/")[0]))
            hint = f": its act was left out, {failed} has errors (above)" if failed else did_you_mean(ref, refs.provisions if "/" in ref else refs.acts)
            problems.error(entry.path, entry.line_of("norms", i), "dangling-reference", f"norms: no {what} '{ref}'{hint}")
        else:
            kept.append(ref)
    if len(kept) < len(meta.get("norms", [])):
        meta = {**meta, "norms": kept}
    kept = []
    for i, ref in enumerate(meta.get("services", [])):
        if ref not in refs.services:
            failed = refs.left_out.get(("service", ref))
            nearby = {s for s, city in refs.services.items() if city in (meta.get("city"), "national") or not meta.get("city")}
            hint = f": left out, {failed} has errors (above)" if failed else did_you_mean(ref, nearby)
            problems.error(entry.path, entry.line_of("services", i), "dangling-reference", f"services: no service '{ref}'{hint}")
        else:
            kept.append(ref)
    if len(kept) < len(meta.get("services", [])):
        meta = {**meta, "services": kept}
    return meta


TEMPLATE = """---
id: {id}
title: "{mark} {title}"
lang: ru                       # ru | kk | en
date: "{year}"                 # YYYY, YYYY-MM or YYYY-MM-DD
jurisdiction: KZ
groups: [plhiv]                # keys of 'groups' in kb/vocab.yaml
violations: [discrimination]   # keys of 'violations'
outcome: unknown               # a key of 'outcomes'
anonymised: true               # changed names only, no identifying details
# city: almaty                 # a key of 'places'
# actions: [consultation]      # keys of 'actions'
# norms: [act-id/art-14]       # provisions (act-id/provision-id) or act ids cited
# services: [service-id]       # services involved
# source_url: https://…        # where the story was published
---
{body}"""

TEXTS = {
    "ru": ("Коротко: что произошло", """## Ситуация

{mark} Что произошло, без настоящих имён и узнаваемых подробностей.

## Действия

{mark} Что сделали REActor и клиент.

## Результат

{mark} Чем закончилось.

## Выводы

{mark} Что делать в похожем случае.
"""),
    "kk": ("Қысқаша: не болды", """## Жағдай

{mark} Не болды, шынайы есімдерсіз және адамды танытатын мәліметтерсіз.

## Әрекеттер

{mark} REActor мен клиент не істеді.

## Нәтиже

{mark} Немен аяқталды.

## Қорытынды

{mark} Ұқсас жағдайда не істеу керек.
"""),
    "en": ("Short title of what happened", """## Situation

{mark} What happened, anonymised.

## Actions

{mark} What the REActor and the client did.

## Outcome

{mark} What came of it.

## Lessons

{mark} What to do in a similar case.
"""),
}


def scaffold(entry_id: str, lang: str) -> str:
    """The file `kb new case ID` writes."""
    return fill(TEMPLATE, entry_id, lang, TEXTS)


KIND = Kind(
    name="case",
    folder="cases",
    table="cases",
    fields=FIELDS,
    rows=rows,
    scaffold=scaffold,
    columns=TEXT_COLUMNS,
    linked_tables={
        "case_norms": ({"case_id": str, "ref": str, "act_id": str, "provision_id": str}, ("case_id", "ref")),
        "case_services": ({"case_id": str, "service_id": str}, ("case_id", "service_id")),
    },
    indexes=(("case_norms", ("provision_id",)), ("case_norms", ("act_id",)), ("case_services", ("service_id",))),
    documents=documents,
    cross_check=cross_check,
    result_list="cases",
    doctype="case",
)
