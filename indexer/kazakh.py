"""Kazakh case endings for the text the app generates: dates with postpositions, citations.

Kazakh glues case endings to the last word, and an ending takes the vowel of the
word (back а/ы after а, о, ұ, ы; front е/і after ә, е, ө, ү, і) and a first
consonant that assimilates to the word's last sound: «қаңтардан», «маусымнан»,
«қыркүйектен»; «қаңтарға», «қыркүйекке»; «шілдедегі», «қыркүйектегі».
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан")

BACK_VOWELS = set("аоұыяё")
FRONT_VOWELS = set("әеөүіэ")
# Word-final sounds, by the ending they take: vowels, sonorants (и, у, й count here),
# nasals, and voiceless consonants (with б, в, г, д, which are devoiced at the end of a word).
VOWELS = BACK_VOWELS | FRONT_VOWELS | set("ю")
NASALS = set("мнң")
VOICELESS = set("кқпстфхцчшщбвгд")

# case → its back forms (after a vowel, a sonorant, a nasal, a voiceless consonant);
# the front forms swap а→е, ы→і, ғ→г, қ→к.
ENDINGS = {
    "ablative": ("дан", "дан", "нан", "тан"),
    "dative": ("ға", "ға", "ға", "қа"),
    "locative": ("да", "да", "да", "та"),
    "attributive": ("дағы", "дағы", "дағы", "тағы"),
    "genitive": ("ның", "дың", "ның", "тың"),
}
FRONT = str.maketrans("аығқ", "еігк")


def is_front(word: str) -> bool:
    """Whether `word` takes front endings: its last vowel is front (и and у decide only alone)."""
    letters = word.casefold()
    for letter in reversed(letters):
        if letter in FRONT_VOWELS:
            return True
        if letter in BACK_VOWELS:
            return False
    return "и" in letters


def inflect(word: str, case: str) -> str:
    """`word` with the ending of `case` (ablative, dative, locative, attributive, genitive)."""
    last = word[-1:].casefold()
    after_vowel, after_sonorant, after_nasal, after_voiceless = ENDINGS[case]
    if last in VOWELS:
        ending = after_vowel
    elif last in NASALS:
        ending = after_nasal
    elif last in VOICELESS:
        ending = after_voiceless
    else:
        ending = after_sonorant
    return word + (ending.translate(FRONT) if is_front(word) else ending)


def month(number: int, case: str | None = None) -> str:
    """The name of month `number` (1–12), with the case ending `case` when given."""
    name = MONTHS[number - 1]
    return inflect(name, case) if case else name


def date_phrase(value: str, case: str | None = None) -> str:
    """A knowledge-base date ('2016', '2016-01' or '2016-01-01') in Kazakh, its last word in `case`.

    '2016-01-01', 'ablative' → «2016 жылғы 1 қаңтардан» (to go before «бастап»);
    'dative' → «…қаңтарға» («дейін»); 'attributive' → «…қаңтардағы» (before a noun);
    no case → «2016 жылғы 1 қаңтар».
    """
    parts = value[:10].split("-")
    year = parts[0]
    if len(parts) == 1:
        # A year alone: «2016 жылдан», «2016 жылға», «2016 жылы», «2016 жылғы».
        special = {None: year, "locative": f"{year} жылы", "attributive": f"{year} жылғы"}
        return special[case] if case is None or case in special else f"{year} {inflect('жыл', case)}"
    if len(parts) == 2:
        return f"{year} жылғы {month(int(parts[1]), case)}"
    day = dt.date.fromisoformat(value[:10])
    return f"{year} жылғы {day.day} {month(day.month, case)}"
