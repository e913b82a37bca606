"""Addresses: this page with changed parameters, edit and phone links, and the page of every search hit."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for

from indexer.search.engine import other_kinds
from indexer.search.query import MAX_QUERY_CHARS
from indexer.search.results import SearchResult


def url_with(**changes: str | None) -> str:
    """This page's address with some query parameters changed (None or '' removes one).

    Every value is cut to the query limit, so a hostile 100 KB parameter is not copied into every link.
    """
    args = {key: [value[:MAX_QUERY_CHARS] for value in values] for key, values in request.args.to_dict(flat=False).items()}
    for key, value in changes.items():
        if value:
            args[key] = [value]
        else:
            args.pop(key, None)
    query = urlencode(args, doseq=True)
    return f"{request.path}?{query}" if query else request.path


def edit_url(entry: dict[str, Any]) -> str:
    """Where to edit an entry's file, when a repository URL is configured; '' otherwise."""
    repo = current_app.config.get("KB_REPO_URL", "").rstrip("/")
    if not repo or not entry.get("kb_file"):
        return ""
    return f"{repo}/edit/{current_app.config['KB_REPO_BRANCH']}/kb/{entry['kb_file']}"


def tel_url(phone: str) -> str:
    """A tel: link for a phone written '+7 7172 123456'."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


# The page of a hit of each built-in list: its endpoint, and its arguments taken from the (typed) hit.
HIT_PAGES: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "norms": ("laws.provision", lambda hit: {"act_id": hit.act, "local_id": hit.local_id}),
    "cases": ("cases.case", lambda hit: {"case_id": hit.id}),
    "services": ("services.service", lambda hit: {"service_id": hit.id}),
    "remedies": ("remedies.remedy", lambda hit: {"remedy_id": hit.id}),
}


def hit_pages() -> dict[str, tuple[str, Callable[[Any], dict[str, Any]]]]:
    """HIT_PAGES and the list of every other searched kind, whose pages app/entries.py serves."""
    others = {kind.result_list: (f"entries.show_{kind.name}", lambda hit: {"entry_id": hit.id}) for kind in other_kinds()}
    return {**HIT_PAGES, **others}


def with_pages(result: SearchResult) -> dict[str, Any]:
    """The engine's result as the API and the templates use it: its JSON object, each hit with its page's `url`."""
    out = result.to_dict()
    for name, (endpoint, arguments) in hit_pages().items():
        for typed, hit in zip(result.hits(name), out[name], strict=True):
            hit["url"] = url_for(endpoint, **arguments(typed))
    return out


def init_app(app: Flask) -> None:
    for helper in (url_with, edit_url, tel_url):
        app.add_template_global(helper)
