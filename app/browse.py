"""What the browse lists (the case library, the directory, the law browser) share: checked filters and page numbers.

A filter value must be one the form offers: an unknown one is refused with a 400 that says which,
instead of a silently empty list. A page past the end is a 404 that says how many pages there are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NoReturn

from flask_babel import gettext as _, ngettext
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from app.search import MAX_FILTER_CHARS
from indexer.catalog import PageOutOfRange

# A check per filter: whether a value is acceptable.
Check = Callable[[str], bool]


def refuse(error: type[HTTPException], explanation: str) -> NoReturn:
    """Stop the request with `error`, its page showing `explanation` (already translated)."""
    exception = error(explanation)
    exception.explanation = explanation  # type: ignore[attr-defined]  # read by the error page (app/errors.py)
    raise exception


def chosen_filters(args: MultiDict[str, str], checks: dict[str, tuple[str, Check]]) -> dict[str, str]:
    """The filters given in the query string, each checked: name → (its label on the form, check).

    An unknown value is a 400 naming the field and the value (cut to a key's length).
    """
    filters = {name: args[name].strip() for name in checks if args.get(name, "").strip()}
    for name, value in filters.items():
        caption, check = checks[name]
        if len(value) > MAX_FILTER_CHARS or not check(value):
            shown = value[:MAX_FILTER_CHARS] + ("…" if len(value) > MAX_FILTER_CHARS else "")
            refuse(BadRequest, _("%(field)s: “%(value)s” is not one of the choices. Pick one from the list or clear the filters.", field=caption, value=shown))
    return filters


def page_number(args: MultiDict[str, str]) -> int:
    """The `page` asked for (1 when none); a 400 when it is not a whole number from 1."""
    value = args.get("page", "1").strip() or "1"
    if not re.fullmatch(r"[0-9]{1,6}", value) or int(value) < 1:
        refuse(BadRequest, _("“%(value)s” is not a page number.", value=value[:MAX_FILTER_CHARS]))
    return int(value)


def out_of_range(error: PageOutOfRange) -> NoReturn:
    """A 404 for a page past the end of a list, saying how many pages it has."""
    refuse(NotFound, ngettext("There is no page %(number)d: this list has %(num)d page.", "There is no page %(number)d: this list has %(num)d pages.",
                              error.pages, number=error.number))


def vocabulary_key(vocab: dict[str, dict[str, dict[str, str]]], section: str) -> Check:
    """A check: the value is a key of one section of the vocabulary."""
    return lambda value: value in vocab.get(section, {})

