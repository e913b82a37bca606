"""The law browser: the index of acts, an act with its provisions, and one provision's permalink."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, render_template

from app.i18n import content_language, locale
from app.kb import catalog

bp = Blueprint("laws", __name__, url_prefix="/laws")


@bp.get("")
def index():
    acts = catalog().acts(locale())
    by_kind = [(kind, list(group)) for kind, group in groupby(acts, key=lambda a: a["kind"])]
    return render_template("laws/index.html", by_kind=by_kind, total=len(acts))


@bp.get("/<act_id>")
def act(act_id: str):
    act = catalog().act(act_id, content_language()) or abort(404)
    return render_template("laws/act.html", act=act)


@bp.get("/<act_id>/<local_id>")
def provision(act_id: str, local_id: str):
    """A provision we summarised, with its official text beneath; else an article only the official text has."""
    provision = catalog().provision(act_id, local_id, content_language())
    official = official_versions(catalog().official_text(act_id, local_id), content_language())
    if provision is None:
        article = catalog().official_only(act_id, local_id, content_language()) or abort(404)
        return render_template("laws/official.html", article=article, act=article["act"], official=official)
    cases = catalog().citing_cases(provision["id"], locale())
    return render_template("laws/provision.html", provision=provision, act=provision["act"], cases=cases, official=official)


def official_versions(by_lang: dict[str, dict], lang: str) -> list[dict]:
    """The official text's language versions, the page's language first (the others go one tap away)."""
    order = [lang, "ru", "kk"]
    return sorted(by_lang.values(), key=lambda v: order.index(v["lang"]) if v["lang"] in order else len(order))
