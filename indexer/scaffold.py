"""`kb new`: a starting file of any kind, every field explained (each kind's module holds its template).

Every text the maintainer must write is marked with PLACEHOLDER; `kb check` reports
each marked line as an error, so an untouched file is never published. The body's
headings and placeholders are in the file's language.
"""

from __future__ import annotations

import datetime as dt

# Marks text a maintainer has to replace (kb check: error[placeholder]).
PLACEHOLDER = "✎"


def fill(template: str, entry_id: str, lang: str, texts: dict[str, tuple[str, str]] | None = None) -> str:
    """A kind's template filled in for a new file: its id, today, the language and, with `texts`, its title and body in that language.

    `template` has the fields {id}, {today}, {year}, {mark}, {title} and {body} (literal braces doubled);
    `texts` maps a language to (title, body). Without `texts` the template is one text to be rewritten.
    """
    today = dt.date.today()
    if texts is None:
        return template.format(id=entry_id, today=today.isoformat(), mark=PLACEHOLDER).replace("lang: ru", f"lang: {lang}", 1)
    title, body = texts[lang]
    text = template.format(id=entry_id, today=today.isoformat(), year=today.year, mark=PLACEHOLDER, title=title, body="{body}")
    return text.replace("lang: ru", f"lang: {lang}", 1).replace("{body}", body.format(mark=PLACEHOLDER))


def scaffold(kind: str, entry_id: str, lang: str = "ru") -> str:
    """The text of a new file of `kind` with `entry_id`, in language `lang` (the kind's module writes it)."""
    from indexer.kinds import kind_named

    return kind_named(kind).scaffold(entry_id, lang)


def placeholder_lines(text: str) -> list[int]:
    """The lines (1-based) that still hold a placeholder of `kb new`."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if PLACEHOLDER in line]
