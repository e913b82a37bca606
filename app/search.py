"""The search page (the home page): norms, similar cases and contacts for one query, on one screen."""

from __future__ import annotations

from typing import Any

import nh3
from flask import Blueprint, current_app, make_response, render_template, request
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.i18n import locale
from app.kb import engine, vocab
from app.prefs import remember, remembered

bp = Blueprint("search", __name__)

CITY_COOKIE = "city"
# Facet parameters of the search page, the sheet and /api/search, as the engine names its filters.
FILTERS = ("group", "violation", "kind", "language", "jurisdiction")


def search_filters(args: MultiDict[str, str]) -> dict[str, str]:
    """The filters given in the query string."""
    return {name: args[name].strip() for name in FILTERS if args.get(name, "").strip()}


def chosen_city(args: MultiDict[str, str], use_cookie: bool = True) -> str | None:
    """The client's city from the form, else the remembered one; only known places count."""
    value = args.get("city", "") if "city" in args or not use_cookie else remembered(CITY_COOKIE)
    return value if value and value in vocab().get("places", {}) else None


def run_search(query: str, city: str | None, filters: dict[str, str], limit: int) -> dict[str, Any] | None:
    """The engine's result in the interface language, or None for an empty query."""
    return engine().search(query, city=city, lang=locale(), limit=limit, filters=filters) if query.strip() else None


@bp.get("/")
@bp.get("/search")
def search():
    query = request.args.get("q", "")
    city = chosen_city(request.args)
    filters = search_filters(request.args)
    result = run_search(query, city, filters, current_app.config["PAGE_LIMIT"])
    response = make_response(render_template("search/index.html", query=query, city=city, filters=filters, result=result))
    if "city" in request.args:
        remember(response, CITY_COOKIE, city)
    return response


@bp.app_template_filter("snippet")
def snippet(html: str | None) -> Markup:
    """The engine's snippet (escaped text with <mark>), re-sanitised so nothing else can slip through."""
    return Markup(nh3.clean(html or "", tags={"mark"}, attributes={}))
