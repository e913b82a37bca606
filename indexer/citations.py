"""Formal citations of provisions, in the language of the act's text, as lawyers write them.

- kk: the act first, then a chain of genitives, innermost unit last:
  «Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Еңбек кодексінің 6-бабының 2-тармағы»
- ru: innermost unit first, the act in the genitive:
  «п. 2 ст. 6 Трудового кодекса Республики Казахстан от 23 ноября 2015 г. № 414-V»
- en: «Article 6(2) of the Labour Code of the Republic of Kazakhstan of 23 November 2015 No. 414-V»

`cite()` builds the nearest form that the act's front matter supports. A provision with
an explicit id (`{#some-id}`) has no units to decline: its heading's designator is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from babel.dates import format_date

from indexer.kazakh import date_phrase, inflect
from indexer.russian import act_reference_genitive

UNIT_ID = re.compile(r"(art|part|p|sp)-(\d+(?:-\d+)?)(?=-(?:art|part|p|sp)-|$)")

# Kazakh units: (possessive as the last link, possessive + genitive inside the chain).
KK_UNITS = {
    "art": ("{n}-бабы", "{n}-бабының"),
    "part": ("{n}-бөлігі", "{n}-бөлігінің"),
    "p": ("{n}-тармағы", "{n}-тармағының"),
    "sp": ("{n}) тармақшасы", "{n}) тармақшасының"),
}
RU_UNITS = {"art": "ст. {n}", "part": "ч. {n}", "p": "п. {n}", "sp": "подп. {n})"}
EN_UNITS = {"art": "Article {n}", "part": "Part {n}", "p": "Paragraph {n}", "sp": "Sub-paragraph {n})"}
ORDER = ("art", "part", "p", "sp")
# "Қазақстан Республикасының": the act's date and number go right after it.
KK_REPUBLIC = "Қазақстан Республикасының "
TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def units(local_id: str) -> list[tuple[str, str]]:
    """(unit, number) pairs of a provision id, outermost first: 'art-6-p-2' → [('art','6'), ('p','2')]."""
    found = UNIT_ID.findall(local_id)
    if "-".join(f"{code}-{number}" for code, number in found) != local_id:
        return []
    return sorted(found, key=lambda pair: ORDER.index(pair[0]))


def _date(adopted: str, lang: str) -> str:
    """The act's date as its language writes it. Babel keeps «1995 г.» together with a narrow no-break space
    (U+202F), which a citation pasted into e-Otinish, a Word letter or a cp1251 form turns into '?' or a box:
    an ordinary no-break space keeps them together too."""
    written = format_date(dt.date.fromisoformat(adopted), format="long", locale={"en": "en_GB"}.get(lang, lang))
    return written.replace("\u202f", "\u00a0")


# -- Kazakh ---------------------------------------------------------------


def _kk_designator(parts: list[tuple[str, str]]) -> str:
    """«6-бабының 2-тармағы»: every unit but the last in the genitive."""
    words = [KK_UNITS[code][0 if i == len(parts) - 1 else 1].format(n=n) for i, (code, n) in enumerate(parts)]
    return " ".join(words)


def kk_act_genitive(title: str, number: str | None, adopted: str | None) -> str:
    """The act's title in the genitive, with its date and number where Kazakh puts them.

    «Қазақстан Республикасының Еңбек кодексі» → «Қазақстан Республикасының 2015 жылғы
    23 қарашадағы № 414-V Еңбек кодексінің». A year already in the title («1995 жылғы»)
    becomes the full date; a closing parenthesis (a note on adoption) is left out.
    """
    title = TRAILING_PARENTHESIS.sub("", title)
    head, last = title.rsplit(" ", 1) if " " in title else ("", title)
    title = f"{head} {inflect(last, 'genitive')}".strip()
    when = date_phrase(adopted, "attributive") if adopted else ""
    facts = " ".join(part for part in (when, f"№ {number}" if number else "") if part)
    if not facts:
        return title
    if adopted and when in title:
        return title
    year = f"{adopted[:4]} жылғы " if adopted else None
    if year and year in title:
        return title.replace(year, facts + " ", 1)
    # The republic named outside the quoted name: «…Қазақстан Республикасының ішкі істер органдары туралы» names it inside.
    at = title.find(KK_REPUBLIC, title.rfind("»") + 1)
    if at < 0:
        at = title.find(KK_REPUBLIC)
    if at >= 0:
        at += len(KK_REPUBLIC)
        return f"{title[:at]}{facts} {title[at:]}"
    return f"{facts} {title}"


# -- Russian and English ---------------------------------------------------


def _facts(number: str | None, adopted: str | None, lang: str) -> str:
    parts = []
    if adopted:
        parts.append(("от {date}" if lang == "ru" else "of {date}").format(date=_date(adopted, lang)))
    if number:
        parts.append(f"{'№' if lang == 'ru' else 'No.'} {number}")
    return " ".join(parts)


def _en_designator(parts: list[tuple[str, str]]) -> str:
    """'Article 76(2)', 'Article 1(1)(2)', 'Paragraph 30(2)'."""
    (code, number), *inner = parts
    return EN_UNITS[code].format(n=number) + "".join(f"({n})" for _, n in inner)


def _en_reference(title: str, number: str | None, adopted: str | None) -> str:
    """'the Labour Code … of 23 November 2015 No. 414-V'; an order's rules: '… approved by Order No. 379 of …'."""
    title = TRAILING_PARENTHESIS.sub("", title) if adopted and re.search(rf"\({adopted[:4]}\)\s*$", title) else title
    approval = re.match(r"On (?:the )?approval of (?:the )?(.+?)(?:\s*\((Order [^()]*)\))?$", title)
    if approval:
        order = " ".join(p for p in (approval.group(2) or "Order", f"No. {number}" if number else "", f"of {_date(adopted, 'en')}" if adopted else "") if p)
        return f"the {approval.group(1)}, approved by {order}"
    article = "" if title.startswith(("the ", "The ")) else "the "
    return f"{article}{title} {_facts(number, adopted, 'en')}".strip()


@lru_cache(maxsize=4096)
def act_reference(title: str, number: str | None, adopted: str | None, lang: str) -> str:
    """The act's title with its number and date, as it stands alone: 'Labour Code … of 23 November 2015 No. 414-V'."""
    if lang == "kk":
        when = date_phrase(adopted, "attributive") if adopted else ""
        facts = " ".join(p for p in (when, f"№ {number}" if number else "") if p)
        return f"{facts} {title}" if facts and not (when and when in title) else title
    return f"{title} {_facts(number, adopted, lang)}".strip()


def cite(local_id: str, designator: str, act_title: str, number: str | None, adopted: str | None, lang: str) -> str:
    """A provision's citation in `lang` (the language of the act's text); see the module's docstring."""
    parts = units(local_id)
    if not parts:
        reference = act_reference(act_title, number, adopted, lang)
        return f"{designator}, {reference}" if designator else reference
    if lang == "kk":
        return f"{kk_act_genitive(act_title, number, adopted)} {_kk_designator(parts)}"
    if lang == "ru":
        chain = " ".join(RU_UNITS[code].format(n=n) for code, n in reversed(parts))
        return f"{chain} {act_reference_genitive(act_title, number, adopted and _date(adopted, 'ru'))}"
    return f"{_en_designator(parts)} of {_en_reference(act_title, number, adopted)}"
