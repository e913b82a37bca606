"""Parse what a user typed: free words, "quoted phrases" and -excluded words.

No search-engine syntax leaks through: AND, OR, parentheses and field:value are
ordinary words, so any string whatsoever parses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from indexer.analysis.stopwords import is_stopword

# Longer queries are cut: nobody types more during a consultation, and it bounds the work per search.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 40
# Words and phrases are bits of a 64-bit mask per document (which of them it matched): 40 + 20 fit.
MAX_QUERY_PHRASES = 20

_PART_RE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# Punctuation typed without a space after it joins two words («меня,уволили»): they are two words.
_JOINED_RE = re.compile(r"[,;!?]+")


@dataclass
class ParsedQuery:
    """The parts of a query; `truncated` says it was cut to MAX_QUERY_CHARS."""

    text: str
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)

    @cached_property
    def countable(self) -> tuple[tuple[int, str], ...]:
        """(bit, text) of the parts that count as a match: the words that are not function words, and every
        quoted phrase (bit i is words then phrases, as in a document's mask of matched parts)."""
        parts = [*self.words, *self.phrases]
        return tuple((i, part) for i, part in enumerate(parts) if i >= len(self.words) or not is_stopword(part))


def clean(text: str) -> str:
    """Drop control and format characters, normalise to NFC, collapse spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    return " ".join(text.split())


def parse_query(raw: str) -> ParsedQuery:
    """Split a raw query into words, phrases and exclusions."""
    text = clean(raw if isinstance(raw, str) else str(raw))
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(text=text, truncated=truncated)
    for match in _PART_RE.finditer(text):
        if match.group(2) is not None:
            minus, value, is_phrase = match.group(1), match.group(2).strip(), True
        else:
            minus, value, is_phrase = match.group(3), match.group(4), False
        if not any(ch.isalnum() for ch in value):
            continue
        if minus:
            parsed.excluded.append(value)
        elif is_phrase and " " in value:
            parsed.phrases.append(value)
        else:
            parsed.words.extend(w for w in _JOINED_RE.split(value) if any(ch.isalnum() for ch in w))
    del parsed.words[MAX_QUERY_WORDS:]
    del parsed.phrases[MAX_QUERY_PHRASES:]
    return parsed
