"""Light suffix-stripping stemmer for Kazakh (Cyrillic script) plus a cheap
Kazakh-vs-Russian detector.

Input is one lowercase token with ``ё`` already folded to ``е``.  The stem is
an index key: forms of one word should give the same key; it need not be a
dictionary word.  When in doubt the stemmer under-stems.  Verb forms are
recognised first and reduced to their verb's key (indexer.analysis.kazakh_verbs:
алмады, алған, алу -> алу); every other word is analysed as a noun.

A Kazakh noun is ``root + derivation + plural + possessive + case + personal``
(құқық-тар-ы-ның "of their rights").  ``stem`` peels suffixes off the end,
outermost class first::

    0 personal    -мын/-мін, -мыз/-міз, -сың/-сің, -сыз/-сіз (+ б/п variants)
    1 case        genitive -ның/-дың/-тың, dative -ға/-қа/-на, accusative
                  -ны/-ды/-ты/-н, locative -да/-та/-нда (+ -дағы "located
                  in"), ablative -дан/-тан/-нан, instrumental -мен/-бен/-пен
    2 possessive  -ы/-і, -сы/-сі, -ымыз/-іміз, -ыңыз/-іңіз (and -мыз, -ңыз)
    3 plural      -лар/-дар/-тар, front -лер/-дер/-тер
    4 derivation  -шылық, -лық/-дық/-тық, -сыз "without", agent -шы,
                  -ды/-ты "with", stem-final -ы/-і, -сы/-сі (class repeats)

Once a suffix of class k is gone only classes > k may follow (a case ending
is never cut from inside a plural); among those the longest match wins.  A
suffix is removed only if

* 3+ letters including a vowel remain (2 for a few short nouns, not by
  derivation: іс, іш, үй, ел, ер, ой, ат, от, ет, су, із, өз);
* vowel harmony holds: a back suffix (а о ұ ы) needs a stem whose last
  harmonic vowel is back (а о ұ ы я), a front one (ә е ө ү і) a front stem
  (ә е ө ү і э); и/у are skipped, a stem without such vowels takes both, and
  the instrumental -мен/-бен/-пен ignores harmony, as in Kazakh;
* its first consonant fits the stem's last sound (л/д/т, н/д/т, ғ/қ, м/б/п):
  -тар only after a voiceless consonant, -дар after л м н ң ж з, etc.;
* its guard holds: -н, -нда, -на, -нан need a possessive -ы/-і before them,
  a bare -н a clearly possessive one (баласы-н, құқығы-н, шешімі-н, not
  алтын, мәтін); -сы/-ны are not taken after ы/і (жұмыс-ы, not жұмы-сы)
  except after ш ж қ к (сатушы-сы, жалақы-сы) and in loans (акті-сі); agent
  -шы only follows у or a consonant (сатушы, жұмысшы, but ағаш-ы).

After every cut a final ғ/г/б becomes қ/к/п (құқығы -> құқық, жүрегі ->
жүрек, кітабы -> кітап; always, so педагог/педагогы agree too), and stems
that lose a vowel are restored (халқы -> халық, мүлкі -> мүлік).  Finally a
stem ending in vowel + н/с (not ы/і) drops that consonant, because заман-ы /
бала-ны and кеңес-і / мәселе-сі cannot be told apart (заман, заманы,
заманда -> "зама"; кеңес, кеңесі -> "кеңе"), and so does a final т after
к/п/с/ш (субъект-і ~ субъек-ті -> "субъек").  A short list of frequent words
whose ending only looks like a suffix (тұлға, теңге, Қазақстан, мәтін ...) is
never cut, though it is normalised the same way, and a short list of derived
words that name a concept of their own (бастық "boss", соттылық "criminal
record" ...) is never cut below itself.  A final soft sign of a Russian loan is
transparent to the consonant fit and takes either harmony (лагерь-ден).
"""

import re

from indexer.analysis import kazakh_verbs

_MIN = 3
_BACK = "аоұыя"
_FRONT = "әеөүіэ"
_VOW = "аәеоөұүыіэяюё"            # true vowels; и, у also act as glides
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
_SHORT = frozenset(("іс", "іш", "үй", "ел", "ер", "ой", "ат", "от", "ет", "су",
                    "із", "өз"))
# stems that lose a vowel before a vowel-initial suffix: халық -> халқы
_ELIDED = {"халқ": "халық", "мүлк": "мүлік", "ерк": "ерік", "орн": "орын",
           "кәсіпорн": "кәсіпорын", "ауз": "ауыз", "мұрн": "мұрын",
           "ерн": "ерін", "қарн": "қарын", "құлқ": "құлық"}
# nouns in -ғы/-гі/-ды/-ді/-лы/-лі that take -сы/-сі, -ны/-ні (белгі-сі "its sign", қорытынды-сы "its
# conclusion", қаулы-сы "its resolution"): after these letters -сы is usually part of
# the word (соғыс-ы "war", сөгіс-і "reprimand", әдіс-і "method", келіс-і "agreement")
_SY_NOUNS = frozenset(("белгі", "кедергі", "қорытынды", "белсенді", "қаулы"))
# bare accusative -н: minimal length of the noun before the -ы/-і, by its last
# letter (ғ г б also need a vowel before them: құқығы-н, but тұрғын)
_POSS3_MIN = {"с": 1, "ң": 1, "н": 1, "з": 2, "ғ": 3, "г": 3, "б": 3, "т": 4,
              "л": 4, "у": 4, "м": 4, "р": 4, "ш": 3, "й": 5}
_DERIV = 4
# (class, suffixes, condition on the remaining stem).  A condition is a string
# of letters the stem may end in, "" for any, or a "#..." guard (_cond_ok).
_TABLE = (
    (0, "мын мін", _GL + _SON), (0, "мыз міз", _V2 + _GL + _SON),
    (0, "бын бін быз біз", _VZ), (0, "пын пін пыз піз", _VL),
    (0, "сың сің", "#NOTYI"), (0, "сыз сіз сыңдар сіңдер сыздар сіздер", ""),
    (1, "ның нің", _VOW + "мнң"), (1, "дың дің", "лрйуижз"),
    (1, "тың тің", _VL), (1, "ны ні", "#V2"), (1, "ды ді", "лмнңрйуижз"),
    (1, "ты ті", "#T"), (1, "н", "#POSS3"),
    (1, "ға ге да де дағы дегі", _VOW + _GL + _SON + _VZ),
    (1, "қа ке та те тағы тегі", _VL),
    (1, "на не нда нде ндағы ндегі нан нен", "#NDA"),
    (1, "дан ден", _VOW + _GL + "лр" + _VZ), (1, "тан тен", _VL),
    (1, "нан нен", "мнң"), (1, "мен менен", _VOW + _GL + _SON),
    (1, "бен бенен", _VZ), (1, "пен пенен", _VL),
    (2, "ы і ымыз іміз ыңыз іңіз", "#C"), (2, "сы сі", "#V2"),
    (2, "мыз міз ңыз ңіз", _V2),
    (3, "лар лер", _VOW + _GL + "р"), (3, "дар дер", "лмнңжз"),
    (3, "тар тер", _VL),
    (4, "шылық шілік сыз сіз", ""), (4, "шы ші", "#AGENT"),
    (4, "лық лік", _VOW + _GL + "р"), (4, "дық дік ды ді", "лмнңжз"),
    (4, "тық тік", _VL), (4, "ты ті", "#T"), (4, "ы і", "#C"),
    (4, "сы сі", "#V2"),
)


# 1st/2nd person singular possessives (статус-ым-ды "my status"), cut only
# when looking for a Russian root: on native words they are too often part of
# the stem (шеш-ім, адам, мың).
_LOAN_TABLE = ((2, "ым ім ың ің", "#C"), (2, "м ң", _V2))


def _build():
    by_last = {}
    for loan_only, table in ((False, _TABLE), (True, _LOAN_TABLE)):
        for slot, sufs, cond in table:
            for suf in sufs.split():
                harm = None if suf in _NEUTRAL else kazakh_verbs.harmony(suf)
                by_last.setdefault(suf[-1], []).append((suf, slot, cond, harm, loan_only))
    for entries in by_last.values():
        entries.sort(key=lambda e: (-len(e[0]), e[1]))
    return by_last


_BY_LAST = _build()


def _normalise(s):
    if s in _ELIDED:
        return _ELIDED[s]
    last = s[-1:]
    if last in _DEVOICE and len(s) >= _MIN:
        return s[:-1] + _DEVOICE[last]
    return s


def _final(s):
    s = _normalise(s)
    if len(s) > _MIN:
        if s[-1] == "т" and s[-2] in "кпсш":      # субъект-і ~ субъек-ті
            return s[:-1]
        if s[-1] in "нс" and s[-2] in _V2:        # заман-ы ~ бала-ны
            return s[:-1]
    return s


# derived words that name a concept of their own: no suffix cuts them (or a
# longer word starting with them) below their own length, so бастық
# "boss" is not бас "head", соттылық "criminal record" not сот "court",
# басшы(лық) "leader(ship)" not бас, орталық "centre" not орта "middle,
# environment", жауапкершілік "liability" not жауапкер "defendant", әкімшілік
# "administration, administrative" not әкім "akim", жүкті(лік) "pregnant (pregnancy)"
# not жүк "load", салдар "consequence" not сал- "put", абайсыз(дық) "negligent
# (negligence)" not Абай, жарлық "decree" not жар.  Their inflections still reach them (бастығы,
# бастықтар -> бастық).
_LEXICALISED = frozenset(("бастық", "басшы", "соттылық", "орталық", "жауапкершілік", "әкімшілік", "жүкті",
                          "салдар", "абайсыз", "жарлық"))

# frequent words whose ending merely looks like a suffix; they are not cut
# (their final forms are listed too, so that stem() stays idempotent)
_PROTECTED = frozenset((
    "тұлға", "тамға", "теңге", "тақта", "пошта", "дәптер", "экзамен", "орда",
    "мәтін", "алтын", "шығын", "тұрғын", "ағын", "жиын", "егін", "орын",
    "кәсіпорын", "ойын", "мойын", "кейін", "бұрын", "бүгін", "тегін", "сүргін",
    "түйін", "жақын", "дайын", "бүтін", "пішін", "ағылшын", "оқиға", "мағына",
    "басқа",
    "дастан", "бостан", "майдан", "қазақстан", "өзбекстан", "қырғызстан",
    "тәжікстан", "түркменстан", "ауғанстан", "пәкістан", "үндістан",
    "түркістан", "татарстан", "дағыстан"))
# their inflected forms are never taken for forms of a verb inside them (теңге-ні is not тең-ген-і; a verb made
# from them is a verb: орында-ды "performed", мойында-ды "admitted")
_PROTECTED_PREFIXES = tuple(sorted(_PROTECTED))
_PROTECTED = _PROTECTED | frozenset(_final(w) for w in _PROTECTED)


def _poss3_evident(rem):
    """rem ends in an -ы/-і that is clearly a 3rd-person possessive."""
    base = rem[:-1]
    if base.endswith(_PLURAL) or base in _ELIDED:
        return True
    last, need = base[-1:], _POSS3_MIN.get(base[-1:], 99)
    if len(base) < need:
        return False
    if last == "р":                       # дәрігер-і-н, but бұрын, дарын
        return base[-2] in "еіүөо"
    return last not in _DEVOICE or base[-2] in _VOW


def _cond_ok(cond, rem):
    last = rem[-1]
    if not cond:
        return True
    if cond[0] != "#":
        return last in cond
    if cond == "#C":                      # consonant or glide
        return last not in _VOW
    if cond == "#T":                      # -ты after voiceless, not субъек-ті
        return last in _VL and rem[-2] not in _VL
    if cond == "#V2":                     # бала-ны, but жұмыс-ы; сатушы-сы, белгі-сі
        return last in _V2 or rem in _SY_NOUNS or (last in "ыі" and (
            rem[-2] in "шжқк"
            or (rem[-2] == "т" and rem[-3:-2] in _VL)))
    if cond in ("#NDA", "#POSS3"):        # -н(да) after a possessive -ы/-і
        if last not in "ыі" or rem + "н" in _PROTECTED:
            return False
        if rem[-2] in "қғкг" and rem[-3] not in _VOW and rem[:-1] not in _ELIDED:
            return False                  # босқын-да, тізгін-де; халқы-нда
        return cond == "#NDA" or _poss3_evident(rem)
    if cond == "#AGENT":                  # -ушы/-уші, or after a consonant
        return last == "у" or (last not in _VOW and last != "ш")
    return last not in "ыі"               # "#NOTYI"


def _floor(word):
    """The length below which no suffix may cut `word`: that of a listed
    lexicalised word it starts with (0: none)."""
    return max((len(w) for w in _LEXICALISED if word.startswith(w)), default=0)


def _loan_final_vowel(rem):
    """rem ends in и or у and consonants: a word taken from Russian whose last vowel is no guide to the ending
    Kazakh writes after it (садик-ке, журналист-тер, карантин-ді: front after и; but вирус-қа, пункт-іне)."""
    stripped = rem.rstrip("бвгджзйклмнпрстфхцчшщ")
    return stripped != rem and stripped[-1:] in ("и", "у")


def _peel(word, last_slot=_DERIV, loans=False):
    """Cut suffixes of classes up to `last_slot` off `word`, outermost first
    (with `loans`, also the possessives of _LOAN_TABLE).

    Yields (suffix, remainder as cut, remainder normalised) for every cut; the
    next cut starts from the normalised remainder.
    """
    cur = 0
    while True:
        floor = _floor(word)
        for suf, slot, cond, harm, loan_only in _BY_LAST.get(word[-1:], ()):
            if slot < cur or slot > last_slot or (loan_only and not loans) or not word.endswith(suf):
                continue
            rem = word[:-len(suf)]
            if len(rem) < _MIN and (rem not in _SHORT or slot == _DERIV):
                continue
            if len(rem) < floor:
                continue
            soft = rem.endswith("ь")      # loans: медаль-ге, the consonant decides
            if not any(c in _ANYV for c in rem) or not _cond_ok(cond, rem[:-1] if soft else rem):
                continue
            if harm is not None and not soft and not (loans and _loan_final_vowel(rem)):
                h = kazakh_verbs.harmony(rem)
                if h is not None and h != harm:
                    continue
            word = _normalise(rem)
            yield suf, rem, word
            cur = slot if slot == _DERIV else slot + 1
            break
        else:
            return


def _analyse(word):
    """Return (stem before the final step, list of removed suffixes)."""
    removed = []
    for suf, _, rest in _peel(word):
        removed.append(suf)
        word = rest
    return word, removed


def inflection_cuts(word: str) -> list[tuple[str, str]]:
    """(suffix, what is left) for each inflectional cut of `word`, outermost
    first: personal, case, possessive (with -ым/-ың) and plural endings, never
    derivation; the remainders are not normalised.  омбудсменнің ->
    [(нің, омбудсмен)], прокуратурасының -> [(ның, прокуратурасы),
    (сы, прокуратура)].  Used to find a Russian noun under Kazakh endings
    (indexer.analysis.borrowed)."""
    if len(word) < _MIN:
        return []
    return [(suf, rem) for suf, rem, _ in _peel(word, _DERIV - 1, loans=True)]


def stem(word: str) -> str:
    """Return the search stem of a lowercase Kazakh word: a verb form gives
    its verb's key (kazakh_verbs: алмады, алған, алу -> алу), any other word
    its noun stem."""
    if len(word) < _MIN:
        return word
    if word in _PROTECTED:
        return _final(word)
    root = kazakh_verbs.analyse(word)
    if root and len(root) <= max((len(w) for w in _PROTECTED_PREFIXES if word.startswith(w)), default=0):
        root = None                       # теңге-ні is no тең-ген-і, but орында-ды "performed" is a verb
    if root:
        return kazakh_verbs.key(root)
    return kazakh_verbs.devoice_key(_final(_analyse(word)[0]))


# A noun with the privative suffix "without" (заңсыз "unlawful", рұқсатсыз "without permission"), then
# perhaps -дық "-ness" and a case ending: the stemmer cuts the suffix, so only the word shows the "without".
_PRIVATIVE_RE = re.compile(r"^[а-яәғқңөұүһі]{2,}?(сыз|сіз)(дық|дік|лық|лік)?(ға|ге|қа|ке|да|де|та|те|ты|ті|ды|ді|ның|нің|тың|тің|дың|дің|пен|бен|мен)?$")


def says_not(word: str) -> bool:
    """True for a Kazakh word whose meaning is a negation of its term's: a negated verb («бермеді» "did not
    give") or a noun with "without" («заңсыздық» "lawlessness", term «заң» "law")."""
    return kazakh_verbs.is_negated(word) or bool(_PRIVATIVE_RE.match(word))


# Kazakh letters and the Russian look-alikes people type for them on a keyboard without Kazakh letters.
_PLAIN = str.maketrans("әғқңөұүһі", "агкноуухи")


def plain_letters(word: str) -> str:
    """The word as typed on a Russian keyboard: each Kazakh letter replaced by its look-alike («құқық» → «кукык»)."""
    return word.translate(_PLAIN)


def kazakh_first_letters(letter: str) -> set[str]:
    """The letters a word typed without Kazakh letters may really start with («к»: к or қ)."""
    return {letter} | {kazakh for kazakh, plain in zip("әғқңөұүһі", "агкноуухи", strict=True) if plain == letter}


# Kazakh words without a Kazakh-only letter that their letters alone would send to the Russian stemmer: жария
# "public" (жария ету "to disclose") went there to «жар», the term of Russian «жар», «жара» ("fever", "heat"), so the
# lexicon read a fever as a disclosure.  A word whose Kazakh stem is one of theirs is Kazakh.
NATIVE = frozenset(("жария",))


def _native(word: str) -> bool:
    """True for a form of a NATIVE word (stemmed only when it starts like one: stemming every word the
    analysis asks about would double the cost of `looks_kazakh`)."""
    return word.startswith(_NATIVE_PREFIXES) and stem(word) in _NATIVE_STEMS


def looks_kazakh(word: str) -> bool:
    """Conservatively guess whether a lowercase Cyrillic word is Kazakh.

    True if the word has a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і), starts
    with a listed lexicalised word (басшы-ны), is a form of a NATIVE word
    (жария) or is a form of a listed verb
    (kazakh_verbs.ROOTS: алды, бермеді, беру; no word of the kb's Russian
    texts is one), also a verb made of a Russian noun in -ия (ресоциализациялау).  Otherwise
    it needs two well-formed Kazakh suffixes other than a bare -ы/-і
    (адам-дар-ды, бала-лар-мен), or a plural suffix that is followed by another
    suffix (жол-дар-ы) or sits on a 4+ letter stem ending in a vowel or a single
    consonant (адам-дар).  One case ending such as -да is not enough (Russian
    города, среда), nor is -на/-нда after -ы (Russian алтына).  Words with
    letters native Kazakh words lack (в ф ц ч щ ь ъ э ё) or starting with two
    consonants (брандмейстер, трейлер) are never guessed Kazakh.
    """
    if any(c in _KZ_LETTERS for c in word) or _floor(word) or _native(word):
        return True
    verb = kazakh_verbs.analyse(word, listed_only=True) if len(word) >= 4 else None
    if verb and (not _RU_ONLY.intersection(word) or verb.endswith(kazakh_verbs.LOAN_VERB)):
        return True
    if (len(word) < 5 or any(c in _RU_ONLY for c in word)
            or (word[0] not in _ANYV and word[1] not in _ANYV)):
        return False
    rest, removed = _analyse(word)
    if len([s for s in removed if s not in ("ы", "і")]) >= 2:
        return True
    if not any(s in _PLURAL for s in removed):
        return False
    return len(removed) >= 2 or (
        len(rest) >= 4 and (rest[-1] in _ANYV or rest[-2] in _ANYV))


_NATIVE_STEMS = frozenset(stem(w) for w in NATIVE)
# A form starts with its stem but for the last two letters, which an elision or devoicing may change (халық: халқ).
_NATIVE_PREFIXES = tuple(sorted({s[:-2] for s in _NATIVE_STEMS}))
