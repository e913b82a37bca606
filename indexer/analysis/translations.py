"""Translations of search terms between Russian, Kazakh and English, mined from the kb's parallel entries.

Most entries exist in several languages under one id: each version says the same
thing in other words. A term of one language that keeps occurring in the versions
whose other-language version holds a given term (their Dice coefficient over the
aligned entries) is taken as that term's translation: "evict" → «выселен»,
"dismiss" → «увольнен», «балабақша» → «сад».

A query word also searches its translations, but only in entries with no version
in the word's language (see `indexer.search.clauses`): where such a version exists
the word finds it literally. So an English or Kazakh question still reaches a norm
a maintainer wrote in Russian only, and the reverse.

The table ships with the code (`translations.tsv` beside this module) and is
reviewed in git like the thesaurus: `kb translations` mines it again from a built
kb. Mining in every build would let one edited entry change how unrelated queries
are searched, unseen.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.analysis.stopwords import is_stopword
from indexer.analysis.text import tokens

TABLE = Path(__file__).with_name("translations.tsv")
LANGUAGES = ("ru", "kk", "en")
# A pair of terms must share at least this many aligned entries, with at least this Dice coefficient.
MIN_SHARED = 2
MIN_DICE = 0.4
# Translations kept per term (the strongest first), and only pairs each side keeps.
PER_TERM = 3
# A weaker translation is kept only this close to the strongest: "refusal" is «отказ» (Dice 0.85), not «права» (0.41),
# a word that merely stands beside it in many provisions.
RELATIVE_DICE = 0.6
# Terms shorter than this say too little to translate (articles' letters, abbreviations' parts).
MIN_TERM = 3
HEADER = (
    "# Search-term translations mined from the kb's parallel entries by `kb translations`; do not edit by hand.\n"
    "# source language, source term, target language, target term, a word it stands for, Dice coefficient, aligned entries\n"
)
_LETTERS = {"en": re.compile("[a-z]+"), "ru": re.compile("[а-я]+"), "kk": re.compile("[а-яәғқңөұүһі]+")}
# What is mined: each kind's table and the columns holding its text.
MINED = {
    "provisions": "title || ' ' || text",
    "cases": "title || ' ' || text",
    "remedies": "title || ' ' || text",
    "acts": "title || ' ' || coalesce(summary_text, '')",
}


@dataclass(frozen=True, slots=True)
class Translation:
    """One term's translation: searched in entries that lack a version in `source`."""

    source: str  # the language of the query term
    source_term: str
    target: str  # the language of the translated term
    term: str  # the translated term (analysed, as the index holds it)
    word: str  # a word of the texts with that term, for whoever reviews the table
    dice: float
    shared: int


def translations_of(term: str) -> tuple[tuple[str, str], ...]:
    """The shipped table's translations of an analysed term, as (its source language, the translated term), the
    strongest first (any source language)."""
    return _table().get(term, ())


def load() -> None:
    """Read the table now (a server does it before forking, so its workers share it)."""
    _table()


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[tuple[str, str], ...]]:
    """Only what a search needs, compactly (a server holds it in every worker): per term, (source, translated
    term) pairs by strength; the table file keeps the rest for review."""
    found: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    if TABLE.exists():
        with TABLE.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.startswith("#"):
                    source, term, _target, translated, _word, dice, _shared = line.rstrip("\n").split("\t")
                    found[sys.intern(term)].append((-float(dice), sys.intern(source), sys.intern(translated)))
    return {term: tuple((source, translated) for _, source, translated in sorted(rows)) for term, rows in found.items()}


@dataclass
class MiningReport:
    """What a mining run found: aligned entries and translations, per (source, target) language pair."""

    aligned: dict[tuple[str, str], int]
    translated: dict[tuple[str, str], int]
    rows: list[Translation]


def mine(db: sqlite3.Connection) -> MiningReport:
    """Mine the table from a built kb's database: every pair of languages, both ways."""
    versions = _versions(db)
    rows: list[Translation] = []
    aligned: dict[tuple[str, str], int] = {}
    translated: dict[tuple[str, str], int] = {}
    words = _display_words(versions)
    candidates: dict[tuple[str, str], list[Translation]] = {}
    for source in LANGUAGES:
        for target in LANGUAGES:
            if source != target:
                pairs = [(v[source][0], v[target][0]) for v in versions if source in v and target in v]
                candidates[source, target] = list(_pair_translations(source, target, pairs, words))
                aligned[source, target] = len(pairs)
    for (source, target), found in candidates.items():
        # Only pairs each side names among its strongest: a frequent word co-occurs with many terms
        # («алынған», "obtained", with «права»), but «права»'s own translations are «құқық», "right".
        back = {(t.source_term, t.term) for t in candidates[target, source]}
        kept = [t for t in found if (t.term, t.source_term) in back]
        translated[source, target] = len(kept)
        rows.extend(kept)
    return MiningReport(aligned, translated, rows)


def _versions(db: sqlite3.Connection) -> list[dict[str, tuple[frozenset[str], Counter[tuple[str, str]]]]]:
    """Each entry's versions: language → (its distinct terms, (term, word) counts)."""
    by_entry: dict[tuple[str, str], dict[str, tuple[frozenset[str], Counter[tuple[str, str]]]]] = defaultdict(dict)
    for table, text in MINED.items():
        for entry_id, lang, content in db.execute(f"SELECT id, lang, {text} FROM {table}"):  # noqa: S608 (fixed names)
            if lang not in LANGUAGES:
                continue
            counts = Counter(
                (t.term, t.surface) for t in tokens(content or "")
                if len(t.term) >= MIN_TERM and _written_in(lang, t.term) and not is_stopword(t.surface)
            )
            by_entry[table, entry_id][lang] = (frozenset(term for term, _ in counts), counts)
    return [v for v in by_entry.values() if len(v) > 1]


def _written_in(lang: str, term: str) -> bool:
    """True when a term is a word in the letters of its text's language: not a number, a document code
    ("v2000021692") or a web address's part ("kaz" in a Kazakh text's link)."""
    return bool(_LETTERS[lang].fullmatch(term))


def _display_words(versions: Iterable[dict[str, tuple[frozenset[str], Counter[tuple[str, str]]]]]) -> dict[str, str]:
    """Each term's most frequent word in the texts (the word the table file names beside it)."""
    counts: Counter[tuple[str, str]] = Counter()
    for version in versions:
        for _, words in version.values():
            counts.update(words)
    best: dict[str, tuple[int, str]] = {}
    for (term, word), n in counts.items():
        if term not in best or (n, word) > best[term]:
            best[term] = (n, word)
    return {term: word for term, (_, word) in best.items()}


def _pair_translations(source: str, target: str, pairs: list[tuple[frozenset[str], frozenset[str]]], words: dict[str, str]) -> Iterator[Translation]:
    """Each source term's strongest target terms over the aligned pairs (terms spelt alike left out)."""
    shared: Counter[tuple[str, str]] = Counter()
    df_source: Counter[str] = Counter()
    df_target: Counter[str] = Counter()
    for source_terms, target_terms in pairs:
        df_source.update(source_terms)
        df_target.update(target_terms)
        for a in source_terms:
            for b in target_terms:
                shared[a, b] += 1
    best: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for (a, b), n in shared.items():
        if n < MIN_SHARED or a == b:
            continue
        dice = 2 * n / (df_source[a] + df_target[b])
        if dice >= MIN_DICE:
            best[a].append((dice, n, b))
    for a in sorted(best):
        strongest = sorted(best[a], key=lambda x: (-x[0], -x[1], x[2]))[:PER_TERM]
        for dice, n, b in strongest:
            if dice >= RELATIVE_DICE * strongest[0][0]:
                yield Translation(source, a, target, b, words.get(b, b), round(dice, 3), n)


def write(rows: list[Translation], path: Path = TABLE) -> None:
    """Write the table (sorted, so that a re-mined table differs from the last only where the kb did), atomically."""
    temporary = path.with_suffix(".tsv.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        for t in sorted(rows, key=lambda t: (t.source, t.source_term, t.target, -t.dice, t.term)):
            out.writerow([t.source, t.source_term, t.target, t.term, t.word, f"{t.dice:.3f}", t.shared])
    temporary.replace(path)
    _table.cache_clear()
