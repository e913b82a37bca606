"""Russian nouns with Kazakh endings: «омбудсменге», «прокуратураға», «адвокаттары».

Kazakh speech and Kazakh law texts take many nouns from Russian and inflect
them the Kazakh way (омбудсмен-ге "to the ombudsman", прокуратура-ға,
адвокат-тар-ы).  The bare noun is indexed by the Russian stemmer (it has no
Kazakh letter), but the inflected forms went elsewhere: the Kazakh stemmer
keeps the Russian nominative («полицияға» → «полиция» beside «полиц»), and a
form without a Kazakh letter went to the Russian stemmer whole
(«омбудсменге» → «омбудсменг»).

The rule: a word that is not itself a Russian word form is a Russian noun
with Kazakh endings when, after cutting one or more Kazakh personal, case,
possessive or plural endings (`kazakh.inflection_cuts`: vowel harmony and the
consonant fit are checked, harmony not after a last и or у before final
consonants, where Kazakh writes садик-ке, карантин-ді, ресурс-тар; never derivational suffixes, so министрлік
"ministry" stays apart from министр), what is left is a common noun of 5+
letters without a Kazakh-only letter, in the nominative, in the Russian
dictionary.  The word then gets that noun's own term.  If several cuts leave
such a noun the shortest wins (органдары → орган).

Left out on purpose, after measuring on the knowledge base:

* names: the dictionary knows Адам, Азамат, Аудан, Тарту as names;
* 4-letter nouns: the dictionary has rare ones that are Kazakh words
  (белг-і "sign", сапа "quality", шара "measure"), unless a letter native
  Kazakh words lack marks them as Russian (чат-ында, кафе-де, фото-сын);
* words the dictionary lacks, even with letters native Kazakh words do not
  have (полицей-лер): the Russian stemmer would only guess at them, and an
  unknown Russian form ending like a Kazakh ending (травмпункт-а) would be
  cut wrongly.  The lexicon covers such words.
"""

from __future__ import annotations

from indexer.analysis import kazakh, morphology

MIN_ROOT = 5
# A shorter noun counts when it has a letter native Kazakh words lack (в ф ц ч щ ь ъ э): чат-ында, фото-сын, кафе-де.
MIN_MARKED_ROOT = 3
NATIVE_LETTERS = frozenset("абгдежзийклмнопрстуұүхшыіәғқңөһяю")
KAZAKH_ONLY = frozenset("әғқңөұүһі")


def russian_root(word: str) -> str | None:
    """The Russian noun under the Kazakh endings of a lowercase word, or None."""
    roots = [rest for _, rest in kazakh.inflection_cuts(word) if is_russian_root(rest)]
    if not roots or morphology.is_russian_word(word):
        return None
    return roots[-1]


def is_russian_root(rest: str) -> bool:
    """True when what is left after Kazakh endings can be taken for a Russian noun."""
    long_enough = len(rest) >= MIN_ROOT or (len(rest) >= MIN_MARKED_ROOT and not NATIVE_LETTERS.issuperset(rest))
    return long_enough and not KAZAKH_ONLY.intersection(rest) and morphology.is_common_noun(rest)
