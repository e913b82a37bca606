"""The law browser: the index of acts (by kind, a kind's acts a page at a time), an act with its
provisions (a long act in parts that fit a page), and one provision's permalink."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.browse import chosen_filters, out_of_range, page_number
from app.i18n import content_language, locale
from app.kb import catalog
from indexer.catalog import Page, PageOutOfRange, paginate
from indexer.kinds.act import ACT_KINDS

bp = Blueprint("laws", __name__, url_prefix="/laws")

# Acts listed per kind on the index (the rest are a link away, on the kind's own pages) and per page of one kind.
PER_KIND = 20
PAGE_SIZE = 50
# Articles of the official text listed at a time on an act's page (`?articles=N`): a code of hundreds of
# articles stays within the page budget, the others a link away.
ARTICLES_PER_LIST = 50


@bp.get("")
def index():
    filters = chosen_filters(request.args, {"kind": (_("Kind of act"), lambda value: value in ACT_KINDS)})
    acts = catalog().acts(locale())
    kind = filters.get("kind")
    if not kind:
        by_kind = [(k, group[:PER_KIND], len(group)) for k, group in ((k, list(g)) for k, g in groupby(acts, key=lambda a: a["kind"]))]
        return render_template("laws/index.html", by_kind=by_kind, total=len(acts), page=None, kind=None)
    of_kind = [a for a in acts if a["kind"] == kind]
    number = page_number(request.args)
    try:
        shown, pages = paginate(of_kind, number, PAGE_SIZE)
    except PageOutOfRange as error:
        out_of_range(error)
    page = Page(shown, len(of_kind), len(acts), number, pages)
    return render_template("laws/index.html", by_kind=[(kind, shown, len(of_kind))], total=len(acts), page=page, kind=kind)


@bp.get("/<act_id>")
def act(act_id: str):
    """An act with the provisions of one part (`?page=N`): a long act comes in parts that fit a page."""
    try:
        act = catalog().act(act_id, content_language(), part=page_number(request.args)) or abort(404)
        articles = act["official_articles"]
        number = page_number(MultiDict({"page": request.args.get("articles", "1")}))
        shown, pages = paginate(articles, number, ARTICLES_PER_LIST)
    except PageOutOfRange as error:
        out_of_range(error)
    act["articles_list"] = Page(shown, len(articles), len(articles), number, pages)
    act["articles_ranges"] = [_range(articles[i:i + ARTICLES_PER_LIST]) for i in range(0, len(articles), ARTICLES_PER_LIST)]
    return render_template("laws/act.html", act=act, articles_asked="articles" in request.args, articles_per_list=ARTICLES_PER_LIST)


def _range(articles: list[dict]) -> str:
    """The numbers of the first and last article of a stretch of the list: "51–100"."""
    first, last = (_number(a["local_id"]) for a in (articles[0], articles[-1]))
    return first if first == last else f"{first}–{last}"


def _number(local_id: str) -> str:
    """An article's number as its id writes it: "22-1" of `art-22-1`, "30" of `p-30` or `an-1-p-30`."""
    return local_id.rsplit("-p-", 1)[-1] if local_id.startswith("an-") else local_id.split("-", 1)[-1]


@bp.get("/<act_id>/<local_id>")
def provision(act_id: str, local_id: str):
    """A provision we summarised, with its official text beneath; else an article only the official text has."""
    provision = catalog().provision(act_id, local_id, content_language())
    official = official_versions(catalog().official_text(act_id, local_id), content_language())
    if provision is None:
        article = catalog().official_only(act_id, local_id, content_language()) or abort(404)
        return render_template("laws/official.html", article=article, act=article["act"], official=official)
    cases = catalog().citing_cases(provision["id"], locale())
    part = catalog().part_of(act_id, local_id, content_language())
    return render_template(
        "laws/provision.html", provision=provision, act=provision["act"], cases=cases, part=part if part > 1 else None, official=official
    )


def official_versions(by_lang: dict[str, dict], lang: str) -> list[dict]:
    """The official text's language versions, the page's language first (the others go one tap away)."""
    order = [lang, "ru", "kk"]
    return sorted(by_lang.values(), key=lambda v: order.index(v["lang"]) if v["lang"] in order else len(order))
