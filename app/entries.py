"""Pages of the kinds that have no blueprint of their own: `/<folder>/<id>` shows the entry's title and text.

The built-in kinds (laws, cases, services, remedies, letters) have their own pages;
a kind added as a module in indexer/kinds/ is shown here until it gets one, so that
whatever the search lists can be opened.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, render_template
from flask_babel import gettext as _

from app.i18n import content_language, locale
from app.kb import catalog
from indexer.kinds import Kind, kind_named
from indexer.search.engine import other_kinds


def _show(kind_name: str, entry_id: str):
    kind = kind_named(kind_name)
    entry = catalog().entry(kind, entry_id, content_language()) or abort(404)
    return render_template("entries/entry.html", kind=kind, entry=entry, title=entry[kind.title_field])


def register_pages(app: Flask) -> None:
    """A page route for every searched kind without a page of its own, and the templates' view of those kinds."""
    bp = Blueprint("entries", __name__)
    for kind in other_kinds():
        bp.add_url_rule(f"/{kind.folder}/<entry_id>", f"show_{kind.name}", _show, defaults={"kind_name": kind.name})
    app.register_blueprint(bp)
    app.add_template_global(other_sections, "other_sections")
    app.add_template_global(lambda kind: heading(kind, locale()), "kind_heading")


def other_sections() -> list[tuple[str, str, str, str]]:
    """The search page's sections for those kinds, as the page lists its own: (list, heading, partial, empty text)."""
    return [(k.result_list or k.name, heading(k, locale()), "search/_entry.html", _("Nothing found.")) for k in other_kinds()]


def heading(kind: Kind, lang: str) -> str:
    """The kind's name in the interface language, else English, else its list's name."""
    return kind.label.get(lang) or kind.label.get("en") or kind.result_list or kind.name
