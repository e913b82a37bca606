"""Letters (kb/letters/): complaint templates a REActor fills in (see indexer/letter_format.py).

The body is the template itself, placeholders and all: stored as written, filled in by
the app. Letters are not searched; they are offered from remedies, cases and the search page.
"""

from __future__ import annotations

from typing import Any

from indexer.kinds.base import LANGUAGES, Field, Kind, References, Row
from indexer.letter_format import check_template
from indexer.models import Entry
from indexer.problems import Problems
from indexer.scaffold import fill
from indexer.store import entry_fields
from indexer.validate import did_you_mean

FIELDS = (
    Field("id", "id", True),
    Field("title", "text", True),
    Field("lang", "enum", True, LANGUAGES),
    Field("blanks", "blanks", True),
    Field("addressee", "vocab:service_kinds"),
    Field("violations", "vocab_list:violations"),
    Field("cites", "provision_list"),
    Field("note", "text"),
)


def rows(entry: Entry) -> list[tuple[str, Row]]:
    """The letter's row, with its template (letters are public: no visibility)."""
    return [("letters", {**entry_fields(KIND, entry), "template": entry.body})]


def cross_check(entry: Entry, meta: dict[str, Any], refs: References, problems: Problems) -> dict[str, Any]:
    """The letter's `cites` without the provisions that do not exist (each an error at its line)."""
    cites = meta.get("cites", [])
    kept = []
    for i, ref in enumerate(cites):
        if ref in refs.provisions:
            kept.append(ref)
        else:
            problems.error(entry.path, entry.line_of("cites", i), "dangling-reference", f"cites: no provision '{ref}'{did_you_mean(ref, refs.provisions)}")
    return meta if len(kept) == len(cites) else {**meta, "cites": kept}


def check_body(entry: Entry, problems: Problems) -> bool:
    """The template's placeholders against its blanks (see indexer/letter_format.py)."""
    return check_template(entry.meta, entry.body, entry.body_line, entry.path, entry.item_lines.get("blanks", []), problems)


TEMPLATE = """---
id: {id}
title: "{mark} Жалоба …"          # what the form and the list of letters call it
lang: ru                       # ru | kk | en; translations share the id, one file per language
blanks:                        # what the REActor fills in; each one must appear in the text as {{name}}
  - {{name: client, label: "ФИО заявителя", required: true}}
  - {{name: reply_address, label: "Адрес или e-mail для ответа", required: true}}
  - {{name: facts, label: "Что произошло (даты, кто, где)", required: true, long: true}}
  - {{name: demands, label: "Чего вы просите", required: true, long: true}}
  # - {{name: event_date, label: "Дата события", type: date}}   # type: text (default) or date; long: a big text box
# addressee: ombudsman         # a key of 'service_kinds': the form offers those contacts, the client's city first
# violations: [discrimination] # keys of 'violations': when search results and cases offer this letter
# cites: [act-id/art-14]       # provisions that exist in kb/laws, printed in citation form at {{citations}}
---
{{addressee}}

от: {{client}}
адрес для ответа: {{reply_address}}

# ЖАЛОБА

{{facts}}

Считаю, что нарушены следующие нормы:

{{citations}}

Прошу: {{demands}}

{{today}}, {{client}}
"""


def scaffold(entry_id: str, lang: str) -> str:
    """The file `kb new letter ID` writes (one template, its texts to be rewritten in the file's language)."""
    return fill(TEMPLATE, entry_id, lang)


KIND = Kind(
    name="letter",
    folder="letters",
    table="letters",
    fields=FIELDS,
    rows=rows,
    scaffold=scaffold,
    # template: the letter's body as written, placeholders and all (indexer/letter_format.py fills it in).
    columns={"template": str},
    cross_check=cross_check,
    check_body=check_body,
    keeps_source=True,
)
