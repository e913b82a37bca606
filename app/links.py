"""Addresses the templates build: this page with changed parameters, edit and phone links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request

from indexer.search.query import MAX_QUERY_CHARS


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


def init_app(app: Flask) -> None:
    for helper in (url_with, edit_url, tel_url):
        app.add_template_global(helper)
