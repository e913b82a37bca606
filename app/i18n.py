"""Interface language and locale formatting.

The language is an explicit choice (`?lang=` on any page, remembered in a
cookie), else the browser's Accept-Language, else Russian. Dates and numbers
are formatted for that locale by Babel.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_skeleton
from flask import Flask, Response, current_app, request
from flask_babel import Babel, format_date, format_datetime, format_decimal, get_locale

from app.prefs import remember, remembered
from indexer.collation import collation_key
from indexer.kazakh import date_phrase

LANG_COOKIE = "lang"
# Each language named in itself, as language switchers do.
NATIVE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def select_locale() -> str:
    """The interface language of this request."""
    languages = current_app.config["LANGUAGES"]
    for choice in (request.args.get("lang"), remembered(LANG_COOKIE)):
        if choice is not None and choice in languages:
            return choice
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def locale() -> str:
    """The interface language code: kk, ru or en."""
    return str(get_locale())


def chosen_version() -> str | None:
    """The language version of entries asked for with `?language=`, if any (links keep it)."""
    chosen = request.args.get("language")
    return chosen if chosen in current_app.config["LANGUAGES"] else None


def content_language() -> str:
    """The language version of an entry to show: the one asked for, else the interface language."""
    return chosen_version() or locale()


def partial_date(value: str | None, case: str | None = None) -> str:
    """A date of the knowledge base ('2023', '2023-04' or '2023-04-05') in the interface language.

    `case` is the Kazakh case the phrase around it asks for (`ablative` before «бастап»,
    `dative` before «дейін», `attributive` before a noun): Kazakh inflects the month
    («2016 жылғы 1 қаңтардан бастап»). Russian and English phrases need no change.
    """
    if not value:
        return ""
    try:
        if locale() == "kk":
            return date_phrase(value, case)
        if len(value) == 4:
            return value
        if len(value) == 7:
            return format_skeleton("yMMMM", dt.date.fromisoformat(value + "-01"), locale=get_locale())
        return format_date(dt.date.fromisoformat(value[:10]), "long")
    except ValueError:
        return value


def timestamp(value: str | None) -> str:
    """An ISO date-time (such as the build time) in the interface language and the app's time zone."""
    return format_datetime(dt.datetime.fromisoformat(value), "medium") if value else ""


def language_name(code: str) -> str:
    """The name of a language in the interface language: 'казахский', 'Kazakh'."""
    try:
        name = Locale.parse(code).get_language_name(get_locale()) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def language_names(codes: list[str]) -> list[str]:
    """The names of some languages in the interface language, in its alphabetical order."""
    return sorted(map(language_name, codes), key=lambda name: collation_key(name, locale()))


def _remember_choice(response: Response) -> Response:
    choice = request.args.get("lang")
    # A referral sheet is in the client's language, which is not the REActor's choice for the interface.
    own_choice = not request.path.startswith("/api/") and request.endpoint != "sheet.sheet"
    if choice in current_app.config["LANGUAGES"] and choice != remembered(LANG_COOKIE) and own_choice:
        remember(response, LANG_COOKIE, choice)
    response.vary.update(("Cookie", "Accept-Language"))
    return response


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.after_request(_remember_choice)
    app.add_template_filter(partial_date)
    app.add_template_filter(timestamp)
    app.add_template_filter(format_decimal, "number")
    app.add_template_filter(language_name)
    app.add_template_filter(language_names)
    app.jinja_env.globals["native_names"] = NATIVE_NAMES
    app.context_processor(lambda: {"locale": locale(), "chosen_version": chosen_version()})
