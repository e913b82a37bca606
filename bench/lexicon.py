"""Word lists (bench/words/) and the text made from them.

`concepts.txt` holds legal concepts in English, Russian and Kazakh with their
inflected forms; `function.txt` the small words in between. Texts draw
concepts with a Zipf-like frequency (a few words are everywhere, most are
rare, as in real legal text) and lean on a handful of topic concepts per
document, so that multi-word queries find documents that are about them.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

WORDS = Path(__file__).parent / "words"
LANGS = ("en", "ru", "kk")
ZIPF_EXPONENT = 0.9
TOPIC_SHARE = 0.35
FUNCTION_SHARE = 0.3


@dataclass(frozen=True)
class Concept:
    """One concept's forms per language; the first form is the dictionary form."""

    forms: dict[str, tuple[str, ...]]

    def lemma(self, lang: str) -> str:
        return self.forms[lang][0]


def read_columns(path: Path) -> list[dict[str, tuple[str, ...]]]:
    """Parse `en | ru | kk` lines (comma-separated forms), skipping comments and blank lines."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = [c.strip() for c in line.split("|")]
        if len(columns) != len(LANGS):
            raise ValueError(f"{path}: expected {len(LANGS)} columns in {line!r}")
        rows.append({lang: tuple(w.strip() for w in col.split(",") if w.strip()) for lang, col in zip(LANGS, columns, strict=True)})
    return rows


class Lexicon:
    """The word lists and a seeded sampler of words, titles, sentences and paragraphs."""

    def __init__(self, seed: int) -> None:
        self.concepts = [Concept(row) for row in read_columns(WORDS / "concepts.txt")]
        self.function = {lang: [w for row in read_columns(WORDS / "function.txt") for w in row[lang]] for lang in LANGS}
        # Which concepts are frequent depends on the seed; the frequency curve does not.
        order = list(range(len(self.concepts)))
        random.Random(f"{seed}:zipf").shuffle(order)
        self.ranked = order
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(order))))

    @cached_property
    def thesaurus_groups(self) -> list[list[str]]:
        """One synonym group per concept: its dictionary form in every language plus English variants."""
        groups, seen = [], set()
        for concept in self.concepts:
            members = [concept.lemma("en"), *concept.forms["en"][1:2], concept.lemma("ru"), concept.lemma("kk")]
            group = [m for m in dict.fromkeys(members) if m.casefold() not in seen]
            seen.update(m.casefold() for m in group)
            if len(group) >= 2:
                groups.append(group)
        return groups

    def word(self, rng: random.Random, lang: str, topics: list[int]) -> str:
        """One concept form: from the document's topics or from the whole vocabulary."""
        if topics and rng.random() < TOPIC_SHARE:
            concept = self.concepts[rng.choice(topics)]
        else:
            concept = self.concepts[self.ranked[rng.choices(range(len(self.ranked)), cum_weights=self.cumulative)[0]]]
        return rng.choice(concept.forms[lang])

    def title(self, rng: random.Random, lang: str, topics: list[int], words: int = 0) -> str:
        """A short title of concept words, capitalised."""
        count = words or rng.randint(2, 5)
        return _capitalise(" ".join(self.word(rng, lang, topics) for _ in range(count)))

    def sentence(self, rng: random.Random, lang: str, topics: list[int]) -> str:
        """A sentence of 7–16 words, concept forms mixed with function words."""
        parts = []
        for _ in range(rng.randint(7, 16)):
            if rng.random() < FUNCTION_SHARE:
                parts.append(rng.choice(self.function[lang]))
            else:
                parts.append(self.word(rng, lang, topics))
        if rng.random() < 0.15:
            quote = " ".join(self.word(rng, lang, topics) for _ in range(rng.randint(2, 4)))
            parts.insert(rng.randint(1, len(parts)), f"«{quote}»")
        if rng.random() < 0.1:
            parts.insert(rng.randint(1, len(parts)), str(rng.randint(2, 365)))
        return _capitalise(" ".join(parts)) + "."

    def paragraph(self, rng: random.Random, lang: str, topics: list[int], low: int, high: int) -> str:
        """low..high sentences, wrapped at about 100 characters like hand-written Markdown."""
        text = " ".join(self.sentence(rng, lang, topics) for _ in range(rng.randint(low, high)))
        return wrap(text)


def wrap(text: str, width: int = 100) -> str:
    """Break text into lines of at most `width` characters at spaces."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
