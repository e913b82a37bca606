"""About this knowledge base: what it holds, when it was built, how to add an entry; the site's icon."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, url_for
from markupsafe import Markup

from app.kb import catalog
from indexer.render import render

bp = Blueprint("about", __name__)


TITLE_RE = re.compile(r"\A\s*# [^\n]*\n")


@lru_cache(maxsize=4)
def _rendered(path: Path, mtime: float) -> Markup:
    """kb/README.md as sanitised HTML, rendered once per version of the file; its `# ` title line is left
    out, as the page has its own translated <h1> (the rendering allows no <h1>)."""
    return Markup(render(TITLE_RE.sub("", path.read_text(encoding="utf-8"), count=1))[0])


def format_url() -> str:
    """Where to read the content format: the repository's kb/README.md, or this app's copy of it."""
    repo = current_app.config.get("KB_REPO_URL", "").rstrip("/")
    if repo:
        return f"{repo}/blob/{current_app.config['KB_REPO_BRANCH']}/kb/README.md"
    return url_for("about.kb_format")


@bp.get("/about")
def about():
    return render_template("about/about.html", counts=catalog().counts(), meta=catalog().meta(), format_url=format_url())


@bp.get("/favicon.ico")
def favicon():
    """The site's icon (app/static/favicon.ico) where browsers ask for it; same headers as every response."""
    return current_app.send_static_file("favicon.ico")


@bp.get("/about/kb-format")
def kb_format():
    path = Path(current_app.config["KB_DIR"]) / "README.md"
    if not path.is_file():
        abort(404)
    return render_template("about/kb_format.html", body=_rendered(path.resolve(), path.stat().st_mtime))
