"""Provision designators: "Article 14", "Статья 14, пункт 2", "14-бап", "Paragraph 30".

One table of units serves both the loader (a heading starts with a designator,
which gives the provision id) and the search engine (a query that cites a
provision the way lawyers write it).
"""

from __future__ import annotations

import re

NUMBER = r"(\d+(?:-\d+)?)"

# (code, words written before the number, Kazakh words written after it as "14-бап").
# Order of `code` in CANONICAL_ORDER gives the order of parts in an id: art-14-p-2.
UNITS: list[tuple[str, str, str]] = [
    ("art", r"article|art\.?|статья|статьи|статье|статью|статьей|статьёй|ст\.?", r"бап|баб\w*"),
    ("part", r"part|часть|части|ч\.", r"бөлік\w*|бөлiг\w*"),
    ("sp", r"sub-?paragraph|subpara\.?|sub\.|подпункт\w*|пп\.", r"тармақша\w*|тармақшa\w*"),
    ("p", r"paragraph|para\.?|p\.|пункт\w*|п\.", r"тармақ(?!ша)\w*|тармағ\w*"),
]
CANONICAL_ORDER = ["art", "part", "p", "sp"]

_BEFORE = {
    code: re.compile(rf"(?:{words})\s*{NUMBER}\)?", re.IGNORECASE) for code, words, _ in UNITS
}
_AFTER = {
    code: re.compile(rf"{NUMBER}\)?\s*-?\s*(?:{words})", re.IGNORECASE) for code, _, words in UNITS
}
_EXPLICIT_ID = re.compile(r"\s*\{#([a-z0-9-]+)\}\s*$")
_SEPARATOR = re.compile(r"^[\s,;]*")
_TITLE_SEPARATOR = re.compile(r"^[\s.:—–-]*")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _matched_length(separator: re.Pattern[str], text: str) -> int:
    """How many leading characters of `text` the separator takes (it matches the empty string too)."""
    found = separator.match(text)
    return found.end() if found else 0


def _unit_at(text: str) -> tuple[str, str, int] | None:
    """The designator unit at the very start of `text`: (code, number, length)."""
    for code, _, _ in UNITS:
        for pattern in (_BEFORE[code], _AFTER[code]):
            match = pattern.match(text)
            if match:
                return code, match.group(1), match.end()
    return None


def parse_heading(heading: str) -> tuple[str | None, str, str]:
    """Split a provision heading into (provision id or None, designator text, title).

    An explicit "{#id}" at the end wins; otherwise the leading designator units
    give the id, e.g. "Статья 14, пункт 2. Title" -> ("art-14-p-2", "Статья 14, пункт 2", "Title").
    """
    explicit = _EXPLICIT_ID.search(heading)
    if explicit:
        heading = heading[: explicit.start()].rstrip()
    parts: list[tuple[str, str]] = []
    rest = heading
    consumed = 0
    while True:
        skip = _matched_length(_SEPARATOR, rest) if parts else 0
        unit = _unit_at(rest[skip:])
        if unit is None:
            break
        code, number, length = unit
        parts.append((code, number))
        rest = rest[skip + length :]
        consumed += skip + length
    designator = heading[:consumed].strip()
    title = rest[_matched_length(_TITLE_SEPARATOR, rest) :].strip() if parts else heading.strip()
    if explicit:
        return explicit.group(1), designator, title
    if not parts:
        return None, "", title
    return "-".join(f"{code}-{number}" for code, number in parts), designator, title


def find_in_query(text: str) -> tuple[list[str], str]:
    """Provision ids a free-text query cites, and the query with the designators removed.

    "п. 30 приказа 379" -> (["p-30"], " приказа 379"). Units are put in canonical
    order; the full combination comes first, then shorter ones ("art-14-p-2", "art-14").
    """
    found: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    for code in CANONICAL_ORDER:
        for pattern in (_BEFORE[code], _AFTER[code]):
            for match in pattern.finditer(text):
                if any(s < match.end() and match.start() < e for s, e in spans):
                    continue
                if not _at_word_start(text, match.start()):
                    continue
                found.setdefault(code, match.group(1))
                spans.append(match.span())
    if not found:
        return [], text
    rest = text
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    ordered = [(code, found[code]) for code in CANONICAL_ORDER if code in found]
    candidates = ["-".join(f"{c}-{n}" for c, n in ordered[:k]) for k in range(len(ordered), 0, -1)]
    if len(ordered) > 1:
        candidates.extend(f"{c}-{n}" for c, n in ordered[1:])
    return list(dict.fromkeys(candidates)), rest


def _at_word_start(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()
