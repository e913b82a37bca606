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
    provision = catalog().provision(act_id, local_id, content_language()) or abort(404)
    cases = catalog().citing_cases(provision["id"], locale())
    return render_template("laws/provision.html", provision=provision, act=provision["act"], cases=cases)
