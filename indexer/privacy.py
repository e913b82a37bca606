"""Personal data that must not be published: IINs, contacts, real names and street addresses.

Case stories are anonymised (changed names only, no identifying details), so
any of these in a case is an error, which keeps the story out of the index
until it is fixed; in other entries' notes it is a warning.
The checks are deliberately simple patterns with a line number each: a
maintainer decides, the checker only points.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.models import Entry
from indexer.problems import Problems

IIN_RE = re.compile(r"(?<!\d)(\d{12})(?!\d)")
PHONE_RE = re.compile(r"(?<![\w+])(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
LOWER = "a-zа-яёәғқңөұүһі"
# A lookahead, so that overlapping pairs are all seen: "Спросить Айгерим Сейтказину".
NAME_PAIR_RE = re.compile(rf"(?=\b([{UPPER}][{LOWER}]+)\s+([{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)\b)")
SURNAME_ENDINGS = ("ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "ский", "ская", "цкий", "цкая", "енко",
                   "ұлы", "улы", "қызы", "кызы", "ov", "ova", "ev", "eva", "in", "ina", "sky", "skaya", "enko", "uly", "kyzy")
# Common given names in Kazakhstan (Kazakh, Russian) and English, folded; a match followed by a capitalised word is a full name.
GIVEN_NAMES = frozenset(
    """айгерим айгуль айдана айжан айман айнур алия алма амина асель асем аружан гульнара гульмира данара дана дина жанар
    жанна зарина индира камила карлыгаш лаура мадина майра мария назгуль наталья ольга сауле светлана татьяна томирис
    алла анна елена ирина екатерина марина людмила галина юлия оксана
    абай айдос айбек алибек алмас арман асхат аслан бауыржан булат даулет дамир данияр ерлан ержан ербол жандос кайрат
    марат максат мурат нурлан руслан санжар серик тимур талгат азамат александр алексей андрей дмитрий евгений иван игорь
    михаил николай олег павел сергей владимир виктор юрий
    aigerim aigul aidana aizhan ayman ainur aliya alma amina assel asem aruzhan gulnara gulmira danara dana dina zhanar
    zhanna zarina indira kamila laura madina maira maria nazgul natalia olga saule svetlana tatiana tomiris alla anna elena
    irina ekaterina marina lyudmila galina yulia oksana abai aidos aibek alibek almas arman askhat aslan baurzhan bulat
    daulet damir daniyar erlan erzhan erbol zhandos kairat marat maksat murat nurlan ruslan sanzhar serik timur talgat
    azamat alexander alexey andrey dmitry evgeny ivan igor mikhail nikolai oleg pavel sergey vladimir viktor yuri
    john mary james david michael sarah""".split()
)
CHANGED_RE = re.compile(r"name[s]? (?:was |were |has been |have been )?changed|имя изменено|имена изменены|изменено имя|"
                        r"есімі өзгертілген|есімдері өзгертілген|аты өзгертілген|not (?:her|his|their) real name", re.IGNORECASE)
STREET_RE = re.compile(
    rf"(?:\b(?:ул\.|улица|пр\.|просп\.|проспект|мкр\.?|микрорайон|пер\.|переулок|бульвар|street|st\.|avenue|ave\.)\s*[{UPPER}0-9][\w-]*"
    rf"(?:\s+[{UPPER}][\w-]*)?,?\s*(?:д\.|дом|house)?\s*\d+[а-яa-z]?(?:/\d+)?)"
    rf"|(?:\b[{UPPER}][\w-]+\s+(?:көшесі|даңғылы|шағын ауданы)\s*,?\s*\d+[а-яa-z]?(?:/\d+)?)",
    re.IGNORECASE,
)


def valid_iin(digits: str) -> bool:
    """A Kazakh individual identification number: 12 digits whose last is the mod-11 check digit."""
    numbers = [int(d) for d in digits]
    for weights in (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
        check = sum(n * w for n, w in zip(numbers[:11], weights, strict=True)) % 11
        if check != 10:
            return check == numbers[11]
    return False


def findings(text: str, *, in_case: bool) -> Iterator[tuple[int, str, str]]:
    """(line offset, code, message) for each piece of personal data in `text`."""
    lines = text.splitlines()
    for offset, line in enumerate(lines):
        for match in IIN_RE.finditer(line):
            if valid_iin(match.group(1)):
                yield offset, "personal-iin", f"looks like an IIN ({match.group(1)[:4]}…): remove it"
        if in_case:
            for match in PHONE_RE.finditer(line):
                yield offset, "personal-phone", f"phone number '{match.group()}' in a case story: remove it"
            for match in EMAIL_RE.finditer(line):
                yield offset, "personal-email", f"e-mail '{match.group()}' in a case story: remove it"
            for match in STREET_RE.finditer(line):
                yield offset, "personal-address", f"street address '{match.group().strip()}' in a case story: name the city only"
        names = [f"{m.group(1)} {m.group(2)}" for m in NAME_PAIR_RE.finditer(line) if _full_name(m.group(1).casefold(), m.group(2).casefold())]
        if names and not CHANGED_RE.search(" ".join(lines[max(0, offset - 1) : offset + 2])):
            for name in names:
                yield offset, "personal-name", f"'{name}' looks like a full name: use a changed first name and say so"


def _full_name(first: str, last: str) -> bool:
    """A given name followed by another capitalised word, or any capitalised word followed by a surname."""
    if last in GIVEN_NAMES:
        return False
    return first in GIVEN_NAMES or (len(last) > 4 and last.endswith(SURNAME_ENDINGS))


def _text_of(value: object) -> str:
    """A front-matter value as text; '' for lists and mappings (their str() could be huge: YAML aliases)."""
    return value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else ""


def check_personal_data(entry: Entry, problems: Problems) -> None:
    """Report personal data in a case story (errors) or in another entry's notes (warnings)."""
    in_case = entry.kind.name == "case"
    report = problems.error if in_case else problems.warning
    if entry.kind.name == "act":
        return
    texts = [(entry.line_of("title" if in_case else "name"), _text_of(entry.meta.get("title" if in_case else "name")))]
    texts.append((entry.body_line, entry.body))
    for first_line, text in texts:
        for offset, code, message in findings(text, in_case=in_case):
            report(entry.path, first_line + offset, code, message)
