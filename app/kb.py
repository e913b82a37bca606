"""The app's handles on the built knowledge base: one search engine and one catalog, shared by all threads.

Both follow rebuilds (`data/current`) by themselves. In debug mode the index is
rebuilt before a request whenever a file under kb/ changed. Entries marked
`visibility: internal` exist only for signed-in REActors: `catalog()` and
`internal()` decide it once, here, for every page and the API.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, current_app, g, request, url_for
from markupsafe import Markup, escape

from app.auth import signed_in
from app.i18n import locale
from indexer.build import build, is_up_to_date
from indexer.catalog import Catalog
from indexer.render import ACT_ANCHOR_RE
from indexer.search import SearchEngine


def engine() -> SearchEngine:
    return current_app.extensions["kb_engine"]


def internal() -> bool:
    """Whether this request may see internal entries (a signed-in REActor)."""
    return signed_in()


def catalog() -> Catalog:
    """The catalog this request may read: with internal entries only for a signed-in REActor."""
    return current_app.extensions["kb_catalog_internal" if internal() else "kb_catalog"]


def public_catalog() -> Catalog:
    """The catalog without internal entries, whoever asks (for what is handed to clients)."""
    return current_app.extensions["kb_catalog"]


def vocab() -> dict[str, dict[str, dict[str, str]]]:
    """The vocabulary, looked up once per request (a page shows many labels)."""
    if "kb_vocab" not in g:
        g.kb_vocab = catalog().vocab()
    return g.kb_vocab


def label(section: str, key: str | None) -> str:
    """A vocabulary key's label in the interface language (the key itself when unknown)."""
    if not key:
        return ""
    labels = vocab().get(section, {}).get(key)
    return labels.get(locale(), key) if labels else key


def options(section: str, keys: list[str] | None = None) -> list[tuple[str, str]]:
    """(key, label) pairs of a vocabulary section, or of some of its keys, sorted by label."""
    choices = catalog().vocab_choices(section, locale())
    return choices if keys is None else [pair for pair in choices if pair[0] in keys]


def labels(section: str, keys: list[str]) -> list[str]:
    """The labels of some keys of a vocabulary section, in alphabetical order (a card's groups, a case's violations)."""
    return [caption for _, caption in options(section, keys)] + [key for key in keys if key not in vocab().get(section, {})]


def cities() -> list[tuple[str, str]]:
    """The places a client can live in (every place but 'national'), sorted by label."""
    return [pair for pair in options("places") if pair[0] != "national"]


def act_titles() -> dict[str, tuple[str, str]]:
    """Act id → (title, language of the title) in the interface language where it exists, once per request."""
    if "kb_act_titles" not in g:
        g.kb_act_titles = {act["id"]: (act["title"], act["lang"]) for act in catalog().acts(locale())}
    return g.kb_act_titles


def with_act_titles(html: str) -> Markup:
    """Rendered Markdown with each `[[act-id]]` link showing the act's title (an act this reader may not see: nothing)."""
    titles = act_titles()

    def link(match: re.Match[str]) -> str:
        if match.group(1) not in titles:
            return ""
        title, lang = titles[match.group(1)]
        return f'<a href="{escape(url_for("laws.act", act_id=match.group(1)))}" lang="{lang}">{escape(title)}</a>'

    return Markup(ACT_ANCHOR_RE.sub(link, html))


def _rebuild_when_stale() -> None:
    # Issue 3: in development, editing kb/ is enough; the next page shows the change.
    if not current_app.debug or request.path.startswith("/static/"):
        return
    kb_dir, data_dir = Path(current_app.config["KB_DIR"]), Path(current_app.config["DATA_DIR"])
    if not is_up_to_date(kb_dir, data_dir):
        current_app.logger.info("kb/ changed: rebuilding the index")
        build(kb_dir, data_dir, progress=current_app.logger.info)


def init_app(app: Flask) -> None:
    engine = SearchEngine(app.config["DATA_DIR"])
    app.extensions["kb_engine"] = engine
    app.extensions["kb_catalog"] = Catalog(engine)
    app.extensions["kb_catalog_internal"] = Catalog(engine, internal=True)
    app.before_request(_rebuild_when_stale)
    app.add_template_global(label)
    app.add_template_global(options)
    app.add_template_global(labels)
    app.add_template_filter(with_act_titles)
    app.add_template_global(cities)
