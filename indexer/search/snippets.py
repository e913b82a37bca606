"""Snippets: the passage of a text with the most query terms, HTML-escaped, matches in <mark>.

Written for speed over whoosh's highlighter (which builds a token object per
word of the text): words are found with the shared tokeniser's pattern and
stemmed with the shared (cached) stemmer, so what is marked is exactly what
matched in the index.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from indexer.analysis import fold, stem_word
from indexer.analysis.text import HYPHENS, HYPHENS_RE, WORD_RE

SNIPPET_CHARS = 220


def _word_start(text: str, i: int) -> int:
    """Where the word (a WORD_RE match: letters joined by single hyphens) holding position `i` starts."""
    while i > 0 and (_is_word_char(text[i - 1]) or (text[i - 1] in HYPHENS and i > 1 and _is_word_char(text[i - 2]))):
        i -= 1
    return i


def _is_word_char(c: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return c.isalnum() or c == "_"


@lru_cache(maxsize=64)
def _finder(terms: frozenset[str]) -> tuple[frozenset[str], re.Pattern[str]] | None:
    """The first two letters of the terms, and the pattern finding the words (or hyphen parts) that start with one.

    A word can only stem to a term it starts like, so only the words found are stemmed. Built once per
    query's terms, not once per text (joining and escaping the alternatives cost a fifth of a snippet).
    """
    starts = frozenset(t[:2] for t in terms if t)
    if not starts:
        return None
    return starts, re.compile("(?<!\\w)(?:" + "|".join(map(re.escape, sorted(starts, key=len, reverse=True))) + ")")


def _matches(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words of `text` whose term (or a hyphen part's) is in `terms`."""
    found = _finder(frozenset(terms))
    if found is None:
        return []
    starts, finder = found
    folded = fold(text)
    if len(folded) != len(text):  # a few letters fold to two ("ß" → "ss"); keep offsets aligned with the text
        folded = "".join(fold(c)[:1] or c for c in text)
    spans = []
    checked = -1  # the end of the last word looked at: a word with several hits is checked once
    for hit in finder.finditer(folded):
        start = hit.start()
        if start < checked:
            continue
        if start and folded[start - 1] in HYPHENS:  # a hyphen part: its word starts further back
            start = _word_start(folded, start)
        match = WORD_RE.match(folded, start)
        if match is None:  # the hit starts with a word character, so a word is always there
            continue
        checked = match.end()
        word = match.group()
        parts = HYPHENS_RE.split(word) if "-" in word or "\u2010" in word or "\u2011" in word else None  # HYPHENS, inline for speed
        if word[:2] not in starts and not (parts and any(p[:2] in starts for p in parts)):
            continue
        if stem_word(word) in terms or (parts and ("-".join(stem_word(p) for p in parts) in terms or any(stem_word(p) in terms for p in parts))):
            spans.append(match.span())
    return spans


def snippet(text: str, terms: set[str], size: int = SNIPPET_CHARS) -> str | None:
    """The window of about `size` characters holding the most matches, or None if nothing matches."""
    spans = _matches(text, terms) if text and terms else []
    if not spans:
        return None
    # Slide a window over the matches: the start whose window holds the most of them wins.
    best_start, best_count, last = spans[0][0], 0, 0
    for i, (start, _) in enumerate(spans):
        last = max(last, i)
        while last + 1 < len(spans) and spans[last + 1][1] <= start + size:
            last += 1
        if last - i + 1 > best_count:
            best_start, best_count = start, last - i + 1
    start = max(0, best_start - size // 4)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out = ["…" if start else ""]
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    out.append(" …" if end < len(text) else "")
    return "".join(out).strip()


def plain(text: str, size: int = SNIPPET_CHARS) -> str:
    """The start of `text`, HTML-escaped, when nothing in it matched."""
    text = text or ""
    cut = text[:size]
    if len(text) > size:
        cut = cut.rsplit(" ", 1)[0] + " …"
    return html.escape(cut)
