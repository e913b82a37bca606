"""Russian act titles in the genitive, for citations: «ст. 6 Трудового кодекса Республики Казахстан …».

A small rule set for the kinds of titles in kb/laws: the leading noun (Кодекс, Закон,
Конституция, Правила, Приказ) and the adjectives before it are declined, the rest of the
title (already in an oblique case: «Республики Казахстан «О …»») is kept. An order's
title «Об утверждении Правил …» names rules that are already in the genitive: the citation
points into them, «…Правил …, утверждённых приказом … от … № …».
"""

from __future__ import annotations

import re

NOUNS = {"кодекс": "кодекса", "закон": "закона", "конституция": "конституции", "правила": "правил", "приказ": "приказа"}
# Nouns written in lower case inside a citation whatever their case in the title.
LOWER = {"приказ"}
ADJECTIVE = re.compile(r"(ый|ий|ой)$")
APPROVAL = re.compile(r"^Об утверждении\s+(.+)$", re.IGNORECASE)
TRAILING_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")


def _adjective_genitive(word: str) -> str:
    """'Трудовой' → 'Трудового', 'процедурно-процессуальный' → 'процедурно-процессуального'."""
    return ADJECTIVE.sub("ого", word)


def _noun_genitive(word: str) -> str:
    genitive = NOUNS[word.casefold()]
    return genitive if word.casefold() in LOWER or word[:1].islower() else genitive[:1].upper() + genitive[1:]


def genitive_title(title: str) -> str | None:
    """The title in the genitive, or None when its leading noun is not one the rules know."""
    words = title.split(" ")
    for i, word in enumerate(words):
        if word.casefold() in NOUNS:
            if not all(ADJECTIVE.search(w) for w in words[:i]):
                return None
            return " ".join([*(_adjective_genitive(w) for w in words[:i]), _noun_genitive(word), *words[i + 1 :]])
    return None


def act_reference_genitive(title: str, number: str | None, date: str | None) -> str:
    """The act as the object of a citation: title in the genitive, then «от <date> № <number>».

    `date` is the adoption date already formatted («23 ноября 2015 г.»). A title the rules
    do not know is kept in the nominative, in quotation marks.
    """
    facts = " ".join(part for part in (f"от {date}" if date else "", f"№ {number}" if number else "") if part)
    year = date and re.search(r"\d{4}", date)
    if year:
        title = re.sub(rf"\s+{year.group(0)} года$", "", title)
    approval = APPROVAL.match(title)
    if approval:
        rules, issuer = approval.group(1), ""
        note = TRAILING_PARENTHESIS.search(rules)
        if note:
            rules = rules[: note.start()]
            issuer = note.group(1)[len("приказ ") :] if note.group(1).startswith("приказ ") else ""
        rules = rules[:1].upper() + rules[1:]
        by = " ".join(part for part in ("приказом", issuer, facts) if part)
        return f"{rules}, утверждённых {by}"
    genitive = genitive_title(title)
    return f"{genitive or f'«{title}»'} {facts}".strip()
