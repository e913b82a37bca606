"""The fixed query mix: the same 240 queries at every scale and seed.

Categories: single words, multi-word queries (some with -exclusions), quoted
phrases, typos, Russian/Kazakh inflected forms, thesaurus hits across
languages, citations of the acts every scale has, and city-filtered searches.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.lexicon import Lexicon
from bench.places import REAL_PLACES, towns
from bench.plans import FIXED_ACTS, act_number

# category: how many queries of it
MIX = {"word": 40, "multi": 40, "phrase": 20, "typo": 25, "inflection": 30, "thesaurus": 25, "citation": 20, "city": 40}
LANG_WEIGHTS = {"ru": 5, "kk": 3, "en": 2}
SERVICE_WORDS = [
    "адвокат", "центр СПИД", "юридическая помощь", "психолог", "кризисный центр", "омбудсмен", "lawyer", "legal aid",
    "ЖИТС орталығы", "заңгер", "бесплатный юрист", "телефон доверия", "NGO", "прокуратура", "врач",
]
# (template, index of the cited act in FIXED_ACTS); {n} is a provision number the act has at every scale.
CITATIONS = [
    ("ст. {n} Конституции", 0), ("статья {n} Конституции РК", 0), ("{n}-бап Конституция", 0), ("Article {n} Constitution", 0),
    ("ст. {n} кодекса {num}", 1), ("{n}-бап кодекс", 1), ("Code {num} article {n}", 1),
    ("ст. {n} закона {num}", 2), ("art. {n} Law {num}", 2), ("статья {n} закона {num} дискриминация", 2),
    ("п. {n} приказа {num}", 3), ("Order {num} paragraph {n}", 3), ("{n}-тармақ {num} бұйрық", 3), ("пункт {n} приказа {num} отказ", 3),
    ("п. {n} правил {num}", 4), ("Rules {num} paragraph {n}", 4), ("ст. {n} Конституции права человека", 0),
    ("ст. {n} Конституции равенство", 0), ("ч. 1 ст. {n} кодекса {num}", 1), ("Article {n}, paragraph 1 Constitution", 0),
]


# Queries that reach official texts (with --official): Kazakh words, and citations of articles our
# summaries of the first acts do not have (the constitution summarises 12 articles, the code 20).
OFFICIAL_MIX = {"official-kk": 24, "official-citation": 12}
OFFICIAL_CITATIONS = [("ст. {n} Конституции", 0), ("{n}-бап Конституция", 0), ("статья {n} кодекса {num}", 1), ("{n}-бап кодекс", 1)]


@dataclass(frozen=True)
class Query:
    """One search of the mix: its category, text and optional city filter."""

    category: str
    text: str
    city: str | None = None


def _typo(rng: random.Random, word: str) -> str:
    """One edit: drop, double, swap or replace a letter (never the first one)."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.randrange(4)
    if edit == 0:
        return word[:i] + word[i + 1 :]
    if edit == 1:
        return word[:i] + word[i] + word[i:]
    if edit == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letters = "абвгдежзиклмнопрстуфхцчшыэюя" if word[0] > "z" else "abcdefghiklmnoprstuvwy"
    return word[:i] + rng.choice([c for c in letters if c != word[i]]) + word[i + 1 :]


def query_mix(official: bool = False) -> list[Query]:
    """The fixed mix of 240 queries, grouped by category (with `official`, 36 more that reach official texts)."""
    rng = random.Random("bench-queries")
    lex = Lexicon(seed=0)
    concepts = lex.concepts
    langs, weights = list(LANG_WEIGHTS), list(LANG_WEIGHTS.values())

    def lang() -> str:
        return rng.choices(langs, weights=weights)[0]

    def form(language: str, lemma: bool = False) -> str:
        forms = rng.choice(concepts).forms[language]
        return forms[0] if lemma else rng.choice(forms)

    mix: list[Query] = []
    for _ in range(MIX["word"]):
        mix.append(Query("word", form(lang(), lemma=rng.random() < 0.5)))
    for i in range(MIX["multi"]):
        language = lang()
        words = [form(language) for _ in range(rng.randint(2, 4))]
        if i % 8 == 0:
            words.append("-" + form(language, lemma=True).split()[0])
        mix.append(Query("multi", " ".join(words)))
    phrases = sorted({f for c in concepts for language in langs for f in c.forms[language] if " " in f})
    for i in range(MIX["phrase"]):
        phrase = f'"{rng.choice(phrases)}"'
        mix.append(Query("phrase", phrase if i % 2 else f"{phrase} {form('ru')}"))
    singles = sorted({f for c in concepts for language in langs for f in c.forms[language] if f.isalpha() and len(f) >= 6})
    for i in range(MIX["typo"]):
        typo = _typo(rng, rng.choice(singles).lower())
        mix.append(Query("typo", typo if i % 3 else f"{typo} {form('ru', lemma=True)}"))
    for i in range(MIX["inflection"]):
        language = "ru" if i % 2 else "kk"
        forms = rng.choice([c for c in concepts if len(c.forms[language]) > 2]).forms[language]
        inflected = rng.choice(forms[1:])
        mix.append(Query("inflection", inflected if i % 3 else f"{inflected} {form(language)}"))
    for i in range(MIX["thesaurus"]):
        concept = rng.choice(concepts)
        language = "kk" if i % 2 else "en"
        mix.append(Query("thesaurus", concept.lemma(language) if i % 4 < 2 else rng.choice(concept.forms[language])))
    for template, act in CITATIONS[: MIX["citation"]]:
        kind, _, provisions = FIXED_ACTS[act]
        text = template.format(n=rng.randint(1, provisions), num=act_number(act, kind))
        mix.append(Query("citation", text))
    real = [p[0] for p in REAL_PLACES]
    cities = real + rng.sample([t for t in towns() if t not in real], 10)
    for i in range(MIX["city"]):
        city = cities[i % len(cities)]
        text = rng.choice(SERVICE_WORDS) if i % 2 else f"{form('ru')} {rng.choice(SERVICE_WORDS)}"
        mix.append(Query("city", text, city))
    return mix + (official_queries(lex) if official else [])


def official_queries(lex: Lexicon) -> list[Query]:
    """Kazakh queries of two or three words (official texts are in Russian and Kazakh) and citations of official-only articles."""
    rng = random.Random("bench-official-queries")
    mix = [Query("official-kk", " ".join(rng.choice(rng.choice(lex.concepts).forms["kk"]) for _ in range(rng.randint(2, 3))))
           for _ in range(OFFICIAL_MIX["official-kk"])]
    for i in range(OFFICIAL_MIX["official-citation"]):
        template, act = OFFICIAL_CITATIONS[i % len(OFFICIAL_CITATIONS)]
        kind, _, provisions = FIXED_ACTS[act]
        mix.append(Query("official-citation", template.format(n=rng.randint(provisions + 1, 80), num=act_number(act, kind))))
    return mix
