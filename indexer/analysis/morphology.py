"""The Russian dictionary of pymorphy3 (OpenCorpora): which words are Russian, and their dictionary forms.

A query word's dictionary form stands for it in thesaurus and lexicon matching when only
that form is known there («пыток» → пытка; indexer/search/clauses.py). The lemmas were
also tried as second index terms beside the Snowball stems («дети» → «ребёнок»): on the
held-out judgements 4 queries gained and 5 lost (sign test p = 1.0). Measured again with
only the lemmas whose stem differs from the word's own (the irregular forms: «пыток» →
«пытка», «людей» → «человек»), indexed at the word's position and searched as a second
alternative: nouns only, tuning 0.860 → 0.860 (14 up, 10 down), held-out 0.814 → 0.816
(6 up, 3 down) with norms, typo and colloquial each 0.001-0.002 lower and the build a few
seconds slower; with verbs and adjectives too, tuning 13 up and 14 down. Not adopted.
A query's verb form also searches its action noun (`action_nouns`: «уволили» → увольнение).
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache

_lock = threading.Lock()


@cache
def analyzer():
    """pymorphy3's Russian analyser (about 10 MB, loaded once per process)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


# Proper-noun grammemes: Адам, Азамат, Аудан, Тарту are Kazakh common words but Russian names.
_PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))


def is_common_noun(word: str) -> bool:
    """True when the dictionary has the lowercase word as a common noun in its own nominative form."""
    with _lock:
        parses = analyzer().parse(word)
    return any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.normal_form == word and not (p.tag.grammemes & _PROPER)
        and p.is_known
        for p in parses
    )


@lru_cache(maxsize=65536)
def russian_lemma(word: str) -> str | None:
    """The dictionary form of the most likely parse of a lowercase Russian word the dictionary knows; else None."""
    with _lock:
        parse = analyzer().parse(word)[0]
    return parse.normal_form if parse.is_known else None


def is_russian_word(word: str) -> bool:
    """True when the dictionary knows the lowercase word (in any of its forms)."""
    with _lock:
        return bool(analyzer().word_is_known(word))


# Verb forms whose infinitive has an action noun: a query's verb («разгласили») then also searches the noun the
# law writes («разглашение»); Snowball stems the two apart (разглас / разглашен).
_VERB_POS = frozenset(("VERB", "INFN", "PRTF", "PRTS", "GRND"))
# The stem's last consonant(s) before -ение, as the passive participle changes them: разгласить → разглашение,
# освободить → освобождение, запретить → запрещение, возместить → возмещение, выразить → выражение.
_ALTERNATIONS = (("ст", "щ"), ("с", "ш"), ("з", "ж"), ("д", "жд"), ("т", "щ"), ("т", "ч"), ("к", "ч"), ("г", "ж"))
_LABIALS = "бпвфм"
# A zero-suffix noun (отказать → отказ, арестовать → арест) is taken only from a stem this long: shorter
# ones are too often an unrelated word.
_MIN_ZERO_NOUN = 4


def _noun_candidates(infinitive: str) -> list[str]:
    """Action nouns an infinitive may have, by the regular suffixes; the dictionary decides which exist."""
    verb = infinitive[:-2] if infinitive.endswith(("ся", "сь")) else infinitive
    if not verb.endswith("ть") or len(verb) < 5:
        return []
    if verb.endswith(("овать", "евать")):
        root = verb[:-5]
        return [root + verb[-5] + "вание", root]
    base, vowel = verb[:-3], verb[-3]
    if vowel in "ая":
        return [base + vowel + "ние", base + "а" if vowel == "а" else base, base]
    if vowel not in "ие":
        return []
    found = [base + "ение", base + "ьнение", base + "иение"]
    if base and base[-1] in _LABIALS:
        found.append(base + "ление")
    found.extend(base[: -len(old)] + new + "ение" for old, new in _ALTERNATIONS if base.endswith(old))
    found.append(base)
    return found


@lru_cache(maxsize=65536)
def action_nouns(word: str) -> tuple[str, ...]:
    """The action nouns of a lowercase Russian verb form, found in the dictionary («уволили» → увольнение,
    «задержан» → задержание, «отказали» → отказ); () for any other word."""
    with _lock:
        parses = [p for p in analyzer().parse(word)[:2] if p.is_known and p.tag.POS in _VERB_POS]
    nouns: list[str] = []
    for parse in parses:
        for candidate in _noun_candidates(parse.normal_form):
            zero = not candidate.endswith("ние")
            if (len(candidate) >= _MIN_ZERO_NOUN or not zero) and candidate not in nouns and is_common_noun(candidate):
                nouns.append(candidate)
    return tuple(nouns)
