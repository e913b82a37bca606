"""Light suffix-stripping stemmer for Kazakh (Cyrillic script) plus a cheap
Kazakh-vs-Russian detector.

Input is a single lowercase token with ``ё`` already folded to ``е``.

Approach
--------
Kazakh is agglutinative: a noun is ``root + derivation + plural + possessive
+ case + personal`` (e.g. құқық-тар-ы-ның "of their rights").  ``stem`` peels
suffixes off the end, outermost class first, in this order::

    0 personal    -мын/-мін, -сың, -мыз/-міз, -сыз/-сіз (and б/п variants)
    1 case        genitive -ның/-дың/-тың, dative -ға/-қа/-на (and -а/-е after
                  a 1st/2nd person possessive), accusative -ны/-ды/-ты/-н,
                  locative -да/-та/-нда (+ -дағы "located in"), ablative
                  -дан/-тан/-нан, instrumental -мен/-бен/-пен
    2 possessive  -ы/-і, -сы/-сі, -ымыз/-іміз, -ыңыз/-іңіз, -ым/-ың (guarded)
    3 plural      -лар/-дар/-тар (front: -лер/-дер/-тер)
    4 derivation  -шылық, -лық/-дық/-тық, -сыз "without", -шы agent, -ды/-ты,
                  and a stem-final -ы/-і (repeatable)

After a suffix of class k has been removed only classes > k may follow (the
derivation class may repeat), so a case ending is never removed from inside a
plural.  Within the allowed classes the longest matching suffix wins.

A suffix is removed only if
* at least 3 letters, including a vowel, remain;
* vowel harmony holds: a back-vowel suffix (а о ұ ы) needs a stem whose last
  harmonic vowel is back (а о ұ ы я), a front one (ә е ө ү і) a front stem
  (ә е ө ү і э); и/у are skipped, a stem with no harmonic vowel takes both;
  the instrumental -мен/-бен/-пен ignores harmony, as in Kazakh;
* the suffix's initial consonant fits the stem's last sound (л/д/т, н/д/т,
  ғ/қ, м/б/п alternations), e.g. -тар only after a voiceless consonant;
* its extra guard holds (e.g. bare accusative -н only after a clearly
  possessive -ы/-і; -сы/-ны not after ы/і, which favours жұмыс-ы over жұмы-сы).

Each intermediate and final stem is normalised: a final ғ/г/б becomes қ/к/п
(құқығы -> құқық, жүрегі -> жүрек, кітабы -> кітап; done always, so a loanword
such as педагог/педагогы also collapses), and a few stems that drop a vowel
before a vowel-initial suffix are restored (халқы -> халық, мүлкі -> мүлік).
A short list of frequent words whose ending merely looks like a case suffix
(тұлға, теңге, Қазақстан ...) is returned untouched.

The stemmer deliberately under-stems when in doubt; it is meant for search
(forms of one word -> one key), not for linguistic analysis.  Verbs are not
analysed beyond what the noun suffixes above happen to remove.
"""

_MIN = 3
_BACK = "аоұыя"
_FRONT = "әеөүіэ"
_VOW = "аәеоөұүыіэяюё"            # true vowels (и, у behave as glides too)
_ANYV = _VOW + "иу"
_V2 = "аәеоөұүэяюё"               # vowels other than ы/і
_GL = "йуи"
_SON = "лмнңр"
_VZ = "жз"
_VL = "пфктсшщхцчқһбвгдғ"         # voiceless (+ voiced stops of loanwords)
_KZ_LETTERS = frozenset("әғқңөұүһі")
_RU_ONLY = frozenset("вфцчщьъэё")
_DEVOICE = {"ғ": "қ", "г": "к", "б": "п"}
_NEUTRAL = frozenset(("мен", "бен", "пен", "менен", "бенен", "пенен"))
_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
# stems that lose a vowel before a vowel-initial suffix: халық -> халқы
_ELIDED = {"халқ": "халық", "мүлк": "мүлік", "ерк": "ерік", "орн": "орын",
           "ауз": "ауыз", "мұрн": "мұрын", "ерн": "ерін", "қарн": "қарын",
           "құлқ": "құлық"}
# frequent bare words whose ending looks like a suffix (forms still stem)
_PROTECTED = frozenset((
    "тұлға", "тамға", "теңге", "тақта", "пошта", "дәптер", "экзамен", "орда",
    "дастан", "бостан", "майдан", "қазақстан", "өзбекстан", "қырғызстан",
    "тәжікстан", "түркменстан", "ауғанстан", "пәкістан", "үндістан",
    "түркістан", "татарстан", "дағыстан"))

_DERIV = 4
# (class, suffixes, condition on the remaining stem).  A condition is a string
# of letters the stem may end in, "" for any, or a "#..." guard (see _cond_ok).
_TABLE = (
    (0, "мын мін мыз міз", _V2 + _GL + _SON), (0, "бын бін быз біз", _VZ),
    (0, "пын пін пыз піз", _VL), (0, "сың сің", "#NOTYI"),
    (0, "сыз сіз сыңдар сіңдер сыздар сіздер", ""),
    (1, "ның нің", _VOW + "мнң"), (1, "дың дің", "лрйуижз"),
    (1, "тың тің", _VL),
    (1, "ны ні", _V2), (1, "ды ді", "лмнңрйуижз"), (1, "ты ті", _VL),
    (1, "н", "#POSS3"),
    (1, "ға ге да де дағы дегі", _VOW + _GL + _SON + _VZ),
    (1, "қа ке та те тағы тегі", _VL), (1, "на не нда нде ндағы ндегі", "ыі"),
    (1, "а е", "#SGDAT"),
    (1, "дан ден", _VOW + _GL + "лр" + _VZ), (1, "тан тен", _VL),
    (1, "нан нен", "мнңыі"),
    (1, "мен менен", _VOW + _GL + _SON), (1, "бен бенен", _VZ),
    (1, "пен пенен", _VL),
    (2, "ы і ымыз іміз ыңыз іңіз", "#C"), (2, "сы сі мыз міз ңыз ңіз", _V2),
    (2, "ым ім ың ің", "ғгб"),
    (3, "лар лер", _VOW + _GL + "р"), (3, "дар дер", "лмнңжз"),
    (3, "тар тер", _VL),
    (4, "шылық шілік сыз сіз", ""), (4, "шы ші", "#AGENT"),
    (4, "лық лік", _VOW + _GL + "р"), (4, "дық дік ды ді", "лмнңжз"),
    (4, "тық тік ты ті", _VL), (4, "ы і", "#C"),
)


def _harmony_of(s):
    for ch in reversed(s):
        if ch in _BACK:
            return "b"
        if ch in _FRONT:
            return "f"
    return None


def _build():
    by_last = {}
    for slot, sufs, cond in _TABLE:
        for suf in sufs.split():
            harm = None if suf in _NEUTRAL else _harmony_of(suf)
            by_last.setdefault(suf[-1], []).append((suf, slot, cond, harm))
    for entries in by_last.values():
        entries.sort(key=lambda e: (-len(e[0]), e[1]))
    return by_last


_BY_LAST = _build()


def _poss3_evident(rem):
    """rem ends in an -ы/-і that is clearly a 3rd-person possessive."""
    if rem[-1:] not in ("ы", "і"):
        return False
    base = rem[:-1]
    return (base[-1:] in ("с", "ғ", "г", "б", "ң") or base.endswith(_PLURAL)
            or base.endswith(("ым", "ім")) or base in _ELIDED)


def _cond_ok(cond, rem):
    last = rem[-1]
    if not cond:
        return True
    if cond[0] != "#":
        return last in cond
    if cond == "#C":                      # consonant or glide
        return last not in _VOW
    if cond == "#POSS3":
        return _poss3_evident(rem)
    if cond == "#AGENT":                  # -ушы/-уші, or after a consonant
        return last == "у" or (last not in _VOW and last != "ш")
    if cond == "#NOTYI":
        return last not in "ыі"
    if cond == "#SGDAT":                  # құқығыма, жүрегіңе
        return len(rem) > 3 and last in "мң" and rem[-2] in "ыі" and rem[-3] in "ғгб"
    return False


def _normalise(s):
    if s in _ELIDED:
        return _ELIDED[s]
    last = s[-1:]
    if last in _DEVOICE and len(s) >= _MIN:
        return s[:-1] + _DEVOICE[last]
    return s


def _analyse(word):
    """Return (stem before final normalisation, list of removed suffixes)."""
    removed = []
    cur = 0
    while True:
        for suf, slot, cond, harm in _BY_LAST.get(word[-1:], ()):
            if slot < cur or not word.endswith(suf):
                continue
            rem = word[:-len(suf)]
            if len(rem) < _MIN or not any(c in _ANYV for c in rem):
                continue
            if not _cond_ok(cond, rem):
                continue
            if harm is not None:
                h = _harmony_of(rem)
                if h is not None and h != harm:
                    continue
            removed.append(suf)
            word = _normalise(rem)
            cur = slot if slot == _DERIV else slot + 1
            break
        else:
            return word, removed


def stem(word: str) -> str:
    """Return the search stem of a lowercase Kazakh word."""
    if len(word) < _MIN or word in _PROTECTED:
        return word
    return _normalise(_analyse(word)[0])


def looks_kazakh(word: str) -> bool:
    """Conservatively guess whether a lowercase Cyrillic word is Kazakh.

    True if the word has a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і).  Otherwise
    it needs two well-formed Kazakh suffixes other than a bare -ы/-і
    (адам-дар-ды, бала-лар-мен), or a plural suffix that is followed by another
    suffix (жол-дар-ы) or sits on a 4+ letter stem ending in a vowel or a single
    consonant (адам-дар).  One case ending such as -да is not enough (Russian
    города, среда), nor is -на/-нда after -ы (Russian алтына).  Words with
    letters native Kazakh words lack (в ф ц ч щ ь ъ э ё) or starting with two
    consonants (брандмейстер, трейлер) are never guessed Kazakh.
    """
    if any(c in _KZ_LETTERS for c in word):
        return True
    if (len(word) < 5 or any(c in _RU_ONLY for c in word)
            or (word[0] not in _ANYV and word[1] not in _ANYV)):
        return False
    rest, removed = _analyse(word)
    if len([s for s in removed if s not in ("ы", "і")]) >= 2:
        return True
    if not any(s in _PLURAL for s in removed):
        return False
    return len(removed) >= 2 or (len(rest) >= 4 and (rest[-1] in _ANYV or rest[-2] in _ANYV))
