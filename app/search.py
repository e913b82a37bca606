"""The search page (the home page): norms, similar cases and contacts for one query, on one screen."""

from __future__ import annotations

import re
from typing import Any

import nh3
from flask import Blueprint, abort, current_app, make_response, render_template, request
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.i18n import locale
from app.kb import catalog, engine, internal, vocab
from app.letters import offered
from app.links import with_pages
from app.prefs import remember, remembered
from indexer.kinds import LANGUAGES
from indexer.search.query import MAX_QUERY_CHARS

bp = Blueprint("search", __name__)

CITY_COOKIE = "city"
# Facet parameters of the search page, the sheet and /api/search, as the engine names its filters.
FILTERS = ("group", "violation", "kind", "language", "jurisdiction")


# A filter value is a vocabulary key (a short slug) or a language code; anything longer is refused
# rather than echoed back on the page (chips, links, the form) however long it is.
MAX_FILTER_CHARS = 64


# The vocabulary section each filter's values come from.
FILTER_SECTIONS = {"group": "groups", "violation": "violations", "kind": "service_kinds"}
JURISDICTION_RE = re.compile(r"[A-Z]{2}")


def search_filters(args: MultiDict[str, str]) -> dict[str, str]:
    """The filters given in the query string; a 400 naming the value when it is no known key.

    An unknown value used to give fewer or no results without a word of why (and a
    cached filter mask per distinct value).
    """
    filters = {name: args[name].strip() for name in FILTERS if args.get(name, "").strip()}
    for name, value in filters.items():
        if len(value) > MAX_FILTER_CHARS:
            abort(400, f"{name} is {len(value)} characters long; a filter is a vocabulary key of at most {MAX_FILTER_CHARS}")
        if name in FILTER_SECTIONS and value not in vocab().get(FILTER_SECTIONS[name], {}):
            abort(400, f"{name}={value} is not a key of '{FILTER_SECTIONS[name]}' in the vocabulary")
        if name == "language" and value not in LANGUAGES:
            abort(400, f"language={value} is not one of {', '.join(LANGUAGES)}")
        if name == "jurisdiction" and not JURISDICTION_RE.fullmatch(value):
            abort(400, f"jurisdiction={value} is not a two-letter country code such as KZ")
    return filters


def chosen_city(args: MultiDict[str, str], use_cookie: bool = True) -> str | None:
    """The client's city from the form, else the remembered one; only known places count."""
    value = args.get("city", "") if "city" in args or not use_cookie else remembered(CITY_COOKIE)
    if value and value not in vocab().get("places", {}) and "city" in args and value != "national":
        abort(400, f"city={value[:MAX_FILTER_CHARS]} is not a place of the vocabulary")
    return value if value and value in vocab().get("places", {}) else None


def query_arg(args: MultiDict[str, str]) -> tuple[str, bool]:
    """The query typed, cut to the engine's limit, and whether it was cut (the page then says so)."""
    query = args.get("q", "")
    return query[:MAX_QUERY_CHARS], len(query) > MAX_QUERY_CHARS


def run_search(
    query: str, city: str | None, filters: dict[str, str], limit: int, cut: bool = False, with_internal: bool | None = None
) -> dict[str, Any] | None:
    """The engine's result in the interface language (each hit with its page's `url`), or None for an empty query.

    Internal entries are searched for a signed-in REActor unless `with_internal` says otherwise.
    """
    if not query.strip():
        return None
    with_internal = internal() if with_internal is None else with_internal
    result = with_article_changes(with_pages(engine().find(query, city=city, lang=locale(), limit=limit, filters=filters, internal=with_internal)))
    if cut:
        result["notice"] = f"query was cut to {MAX_QUERY_CHARS} characters"
    return result


def with_article_changes(result: dict[str, Any]) -> dict[str, Any]:
    """Each norm hit with `article_change` (see Catalog.article_changes): a summary whose article's official
    text changed since its act was checked is marked in the list, not only on its own page. Official-only hits
    show the current text itself, so they are never marked."""
    summaries = [hit for hit in result["norms"] if hit["source"] == "summary"]
    changes = catalog().article_changes((hit["act"], hit["id"].split("/", 1)[1], hit["lang"]) for hit in summaries)
    for hit in result["norms"]:
        hit["article_change"] = changes.get(hit["id"])
    return result


@bp.get("/")
@bp.get("/search")
def search():
    query, cut = query_arg(request.args)
    city = chosen_city(request.args)
    filters = search_filters(request.args)
    result = run_search(query, city, filters, current_app.config["PAGE_LIMIT"], cut)
    hidden = catalog().internal_ids() if result and internal() else set()
    # The contact cards need every channel of a service, which the engine's hits do not carry.
    contacts = {s["id"]: s for s in catalog().services(locale(), ids=[hit["id"] for hit in result["services"]])} if result else {}
    letters = offered_letters(result, filters)
    response = make_response(
        render_template("search/index.html", query=query, city=city, filters=filters, result=result, hidden=hidden, contacts=contacts, letters=letters)
    )
    if "city" in request.args:
        remember(response, CITY_COOKIE, city)
    return response


def offered_letters(result: dict[str, Any] | None, filters: dict[str, str]) -> list[dict[str, Any]]:
    """Letters for the violations of the cases found (the better the hit, the more it counts) and of the violation filter."""
    if not result:
        return []
    ids = [hit["id"] for hit in result["cases"]]
    weights: dict[str, float] = {}
    for case in catalog().cases(locale(), ids=ids):
        for violation in case["violations"]:  # the first case found counts 1, the second 1/2 …
            weights[violation] = max(weights.get(violation, 0.0), 1 / (ids.index(case["id"]) + 1))
    if filters.get("violation"):
        weights[filters["violation"]] = 1.0
    return offered(weights)


@bp.app_template_filter("snippet")
def snippet(html: str | None) -> Markup:
    """The engine's snippet (escaped text with <mark>), re-sanitised so nothing else can slip through."""
    return Markup(nh3.clean(html or "", tags={"mark"}, attributes={}))
