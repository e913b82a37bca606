"""Formal citations of provisions, in the language of the act's text.

"sub-paragraph 2) of paragraph 30 of the Rules …, approved by Order … No. 379 of 29 August 2018"
is what a lawyer pastes into a complaint; `cite()` builds the nearest form
that the act's front matter supports.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date

NUMBER_WORD = {"ru": "№", "kk": "№", "en": "No."}
BABEL_LOCALE = {"en": "en_GB"}
OF_DATE = {"ru": "от {date}", "kk": "{date}", "en": "of {date}"}


@lru_cache(maxsize=4096)
def act_reference(title: str, number: str | None, adopted: str | None, lang: str) -> str:
    """The act's title with its number and date: 'Labour Code … of 23 November 2015 No. 414-V'."""
    parts = [title]
    if adopted:
        date = format_date(dt.date.fromisoformat(adopted), format="long", locale=BABEL_LOCALE.get(lang, lang))
        parts.append(OF_DATE.get(lang, OF_DATE["en"]).format(date=date))
    if number:
        parts.append(f"{NUMBER_WORD.get(lang, 'No.')} {number}")
    return " ".join(parts)


def cite(designator: str, act_title: str, number: str | None, adopted: str | None, lang: str) -> str:
    """A provision's citation: its designator followed by the act reference."""
    reference = act_reference(act_title, number, adopted, lang)
    if not designator:
        return reference
    return f"{designator}, {reference}"
