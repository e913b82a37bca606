"""Tokenising, case folding and per-token stemming for Russian, Kazakh and English.

Each token's language is decided by its letters: Latin words get the English
Snowball stemmer, Cyrillic words with Kazakh letters or Kazakh endings get the
Kazakh stemmer, other Cyrillic words the Russian Snowball stemmer; a Russian
noun with Kazakh endings («омбудсменге») gets the term of the bare noun
(`indexer.analysis.borrowed`). Numbers and mixed tokens are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from indexer.analysis import borrowed, kazakh, morphology

# A word is a run of letters/digits, optionally joined by hyphens ("ВИЧ-инфекция", "30-1", "14-бап").
HYPHENS = "-‐‑"  # hyphen-minus, hyphen, non-breaking hyphen
WORD_RE = re.compile(rf"\w+(?:[{HYPHENS}]\w+)*", re.UNICODE)
HYPHENS_RE = re.compile(f"[{HYPHENS}]")
LATIN_RE = re.compile(r"[a-z]")
_EDGES_RE = re.compile(r"^[\W_]+|[\W_]+$")
CYRILLIC_RE = re.compile(r"[а-яәғқңөұүһі]")

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")

# British spellings are folded into the American ones the English stemmer knows
# ("resocialisation" → "resocialization", "centre" → "center"), so both spellings meet.
BRITISH_ENDINGS = (
    ("isations", "izations"), ("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"),
    ("ise", "ize"), ("tres", "ters"), ("tre", "ter"),
)
# Words shorter than this are not stemmed: stemming "hiv" or "вич" only hurts.
MIN_STEM_INPUT = 4
# Forms the Russian Snowball stemmer gives the stem of unrelated words, with a term of their own. Slang «копы»
# (cops) stemmed like «копии» (copies) and «копить» (to save): a police query matched documents about copies, and
# «копии документов» was expanded to the police concept (kb/lexicon.yaml lists «копы»).
OWN_TERMS = {form: "копы" for form in ("коп", "копа", "копу", "копом", "копе", "копы", "копов", "копам", "копами", "копах")}
# «исправительные работы», «общественные работы» are punishments, not a job: after these stems «работ-» gets a term
# of its own (`in_context`), or a query about work («уволили с работы из-за ВИЧ») matched every Criminal Code article
# listing them.
PENALTY_QUALIFIERS = frozenset({"исправительн", "обществен"})
WORK, PENALTY_WORK = "работ", "работ-наказание"


@dataclass(frozen=True, slots=True)
class Token:
    """One search term with its place in the text (for phrases and highlighting)."""

    term: str
    surface: str
    pos: int
    start: int
    end: int


# A Latin letter that looks like a Cyrillic one, next to a Cyrillic letter: official Kazakh texts write «кепiлдiк»,
# «мiндеттi» with a Latin i (169 of the 2026 Constitution's 10,280 Kazakh words), which a query typed with і missed.
# (The look-alike is matched first and its neighbours looked at after: the regular expression engine then skips
# quickly to the next Latin letter, twice as fast over long texts as looking behind at every position.)
HOMOGLYPH_RE = re.compile(r"[aceiopxy](?:(?<=[а-яәғқңөұүһі][aceiopxy])|(?=[а-яәғқңөұүһі]))")
HOMOGLYPHS = str.maketrans("aceiopxy", "асеіорху")


def fold(text: str) -> str:
    """Unicode case folding plus ё→е and Latin look-alikes inside Cyrillic words made Cyrillic (one letter for one:
    offsets into the text stay right), the normalisation every term goes through."""
    folded = text.casefold().replace("ё", "е")
    return HOMOGLYPH_RE.sub(lambda m: m.group().translate(HOMOGLYPHS), folded)


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """Stem one folded word with the stemmer of its language (OWN_TERMS aside)."""
    if word in OWN_TERMS:
        return OWN_TERMS[word]
    if len(word) < MIN_STEM_INPUT or word.isdigit():
        return word
    if LATIN_RE.search(word):
        if CYRILLIC_RE.search(word) or not word.isascii():
            return word
        return _ENGLISH.stemWord(american_spelling(word))
    if CYRILLIC_RE.search(word):
        root = borrowed.russian_root(word)
        if root:
            return stem_word(root)
        if kazakh.looks_kazakh(word):
            return kazakh.stem(word)
        return _RUSSIAN.stemWord(word)
    return word


def lemma_term(word: str) -> str | None:
    """The stem of a folded Russian word's dictionary form when it differs from the word's own stem
    («пыток» → «пытк», «людей» → «человек»); None otherwise."""
    if len(word) < MIN_STEM_INPUT or not CYRILLIC_RE.search(word) or LATIN_RE.search(word) or kazakh.looks_kazakh(word):
        return None
    lemma = morphology.russian_lemma(word)
    term = stem_word(fold(lemma)) if lemma else None
    return term if term and term != stem_word(word) else None


def action_noun_terms(word: str) -> list[str]:
    """The stems of a folded Russian verb form's action nouns that differ from the word's own stem
    («разгласили» → «разглашен», «отказали» → «отказ»); [] for any other word."""
    if len(word) < MIN_STEM_INPUT or not CYRILLIC_RE.search(word) or LATIN_RE.search(word) or kazakh.looks_kazakh(word):
        return []
    own = stem_word(word)
    return [t for t in dict.fromkeys(stem_word(noun) for noun in morphology.action_nouns(word)) if t != own]


def american_spelling(word: str) -> str:
    """Map a British -ise/-isation/-tre ending to the American one (words of 6+ letters only)."""
    if len(word) >= 6:
        for british, american in BRITISH_ENDINGS:
            if word.endswith(british):
                return word[: -len(british)] + american
    return word


def distinct_words(*texts: str) -> str:
    """Each distinct folded word once, space-separated: the vocabulary typo correction draws on."""
    return " ".join(dict.fromkeys(WORD_RE.findall(fold(" ".join(texts)))))


def tokens(text: str, *, stem: bool = True) -> list[Token]:
    """Analyse `text` into tokens.

    A hyphenated word yields the whole word and then each part, all at the
    position of the first part's slot, so phrase queries over the split parts
    and queries for the whole word both match.
    """
    out: list[Token] = []
    pos = 0
    folded = fold(text)
    for match in WORD_RE.finditer(folded):
        word = match.group()
        start, end = match.span()
        parts = HYPHENS_RE.split(word)
        if len(parts) > 1:
            whole = "-".join(parts)
            out.append(Token(_term(whole, stem), whole, pos, start, end))
            offset = start
            for part in parts:
                if part:
                    out.append(Token(_term(part, stem), part, pos, offset, offset + len(part)))
                    pos += 1
                offset += len(part) + 1
        else:
            term = in_context(out[-1].term if out else None, _term(word, stem))
            out.append(Token(term, word, pos, start, end))
            pos += 1
    return out


def in_context(previous: str | None, term: str) -> str:
    """A term as the word before it makes it: «работ» after «исправительн»/«обществен» is the punishment."""
    return PENALTY_WORK if term == WORK and previous in PENALTY_QUALIFIERS else term


def bare(word: str) -> str:
    """A typed word without the punctuation around it ("меня," → "меня", «ВИЧ?» → "ВИЧ"; "из-за" stays)."""
    return _EDGES_RE.sub("", word)


def says_not(text: str) -> bool:
    """True when a Kazakh word of `text` says "not" though its term does not (see `kazakh.says_not`)."""
    return any(kazakh.says_not(word) for word in WORD_RE.findall(fold(text)))


def analyze(text: str) -> list[str]:
    """The terms of `text` in order, as the index sees them."""
    return [t.term for t in tokens(text)]


def _term(word: str, stem: bool) -> str:
    if not stem:
        return word
    if "-" in word:
        return "-".join(stem_word(p) for p in word.split("-"))
    return stem_word(word)
