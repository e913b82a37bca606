"""Remedies (kb/remedies/): escalation ladders for violation types, each step with its legal deadline.

The steps are stored as JSON (see indexer/remedies.py for their format and checks);
a ladder is a search document of type `remedy`, found by its text and by the
violation types of the best-matching cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from indexer.analysis import distinct_words
from indexer.kinds.base import LANGUAGES, VISIBILITIES, Field, Kind, References, Row
from indexer.models import Entry
from indexer.problems import Problems
from indexer.remedies import dangling
from indexer.scaffold import fill
from indexer.schema import common_fields, labels
from indexer.store import TEXT_COLUMNS, text_row
from indexer.validate import line_within
from indexer.vocab import Vocab

FIELDS = (
    Field("id", "id", True),
    Field("title", "text", True),
    Field("lang", "enum", True, LANGUAGES),
    Field("violations", "vocab_list:violations", True),
    Field("steps", "steps", True),
    Field("groups", "vocab_list:groups"),
    # Kinds of contact the violation comes from (police violence: police): the search puts them below the others.
    Field("against", "vocab_list:service_kinds"),
    Field("checked", "date"),
    Field("visibility", "enum", False, VISIBILITIES),
)


def documents(entry: Entry, vocab: Vocab) -> Iterator[Row]:
    """A remedy's document: its title, violation and group labels as names, its text and step titles as body."""
    meta = entry.meta
    names = " ".join(labels(vocab, "violations", meta["violations"]) + labels(vocab, "groups", meta.get("groups", [])))
    body = " ".join([entry.text, *(str(step.get("title", "")) for step in meta["steps"])])
    yield {
        **common_fields(entry),
        "key": f"remedy:{entry.id}:{entry.lang}",
        "doctype": "remedy",
        "id": entry.id,
        "title": meta["title"],
        "names": names,
        "body": body,
        "spell": distinct_words(meta["title"], names) + " " + entry.words,
        "groups": ",".join(meta.get("groups", [])),
        "violations": ",".join(meta["violations"]),
    }


def cross_check(entry: Entry, meta: dict[str, Any], refs: References, problems: Problems) -> dict[str, Any]:
    """The ladder's steps without missing grounds or letters, and without deadlines that rest on no provision of a checked act."""
    steps, found = dangling(meta["steps"], refs.provisions, refs.checked_acts, refs.letters)
    for where, message in found:
        problems.error(entry.path, line_within(entry, "steps", where), "dangling-reference", f"steps: {message}")
    return {**meta, "steps": steps} if found else meta


def rules(entry: Entry, problems: Problems) -> None:
    """A warning for deadlines never compared with the official text."""
    if "checked" not in entry.meta:
        problems.warning(entry.path, 1, "unverified", "deadlines never compared with the official text: add 'checked' once you have")


TEMPLATE = """---
id: {id}
title: "{mark} What happened, as the client would say it"
lang: ru
violations: [dismissal]        # keys of 'violations' in kb/vocab.yaml (1 or more)
# groups: [plhiv]              # keys of 'groups'
# against: [police]            # keys of 'service_kinds' the violation comes from: listed below the other contacts
# checked: {today}             # only once every deadline was compared with the official text
steps:                         # in the order to follow
  - title: "Written complaint to …"
    addressee: employer        # a key of 'service_kinds' (employer, institution, higher-body, police, court, prosecutor, ombudsman …)
    how: [in-writing]          # in-person, in-writing, e-otinish, phone, online-form
    attach: ["copy of the order"]
    # grounds: [act-id/art-1]  # provisions that give the right (must exist in kb/laws)
    # deadline: {{days: 30, count: calendar, from: "the day the order was handed over", provision: act-id/art-2}}
    # deadline: {{months: 1, from: "…", provision: act-id/art-2}}   # or {{none: true, provision: …}}: the law sets none
    # (the deadline's provision must exist, in an act with 'checked'; never a number from memory)
    # letter: complaint-employer   # id of a letter template
    # note: "Deadline not confirmed in the official text."   # for REActors: say why a step has no deadline
---
{mark} When to use this ladder and what to watch, in 2–5 sentences of your own words.
"""


def scaffold(entry_id: str, lang: str) -> str:
    """The file `kb new remedy ID` writes (one template, its texts to be rewritten in the file's language)."""
    return fill(TEMPLATE, entry_id, lang)


KIND = Kind(
    name="remedy",
    folder="remedies",
    table="remedies",
    fields=FIELDS,
    rows=text_row,
    scaffold=scaffold,
    # steps: the ladder as JSON (a list of steps, each with its deadline); see indexer/remedies.py.
    columns=TEXT_COLUMNS,
    documents=documents,
    cross_check=cross_check,
    rules=rules,
    result_list="remedies",
    doctype="remedy",
)
