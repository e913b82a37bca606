"""The case library (filters, a chart of outcomes, pages of cases) and the case page."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from app.browse import chosen_filters, out_of_range, page_number, vocabulary_key
from app.charts import outcome_chart
from app.i18n import content_language, locale
from app.kb import catalog, label, vocab
from app.letters import offered
from app.search import chosen_city
from indexer.catalog import PageOutOfRange

bp = Blueprint("cases", __name__, url_prefix="/cases")

# Case lines per page (a line weighs under 1 KB; a page may weigh 60 KB on a phone).
PAGE_SIZE = 50


def _checks() -> dict:
    """Each filter's label on the form and its check: a vocabulary key, or a year of four digits."""
    known = vocab()
    return {
        "group": (_("Group"), vocabulary_key(known, "groups")),
        "violation": (_("Violation"), vocabulary_key(known, "violations")),
        "outcome": (_("Outcome"), vocabulary_key(known, "outcomes")),
        "year": (_("Year"), lambda value: re.fullmatch(r"[0-9]{4}", value) is not None),
        "city": (_("City"), vocabulary_key(known, "places")),
    }


@bp.get("")
def index():
    filters = chosen_filters(request.args, _checks())
    try:
        page = catalog().case_page(locale(), page_number(request.args), PAGE_SIZE, **filters)
    except PageOutOfRange as error:
        out_of_range(error)
    facets = catalog().facets("cases", locale())
    present = {
        "groups": facets.get("groups", []),
        "violations": facets.get("violations", []),
        "outcomes": facets.get("outcome", []),
        "places": facets.get("city", []),
        "years": [(y, y) for y in facets.get("year", [])],
    }
    chart = outcome_chart(page.matched_facts, label, locale())
    return render_template("cases/index.html", page=page, cases=page.entries, filters=filters, present=present, chart=chart)


@bp.get("/<case_id>")
def case(case_id: str):
    case = catalog().case(case_id, content_language()) or abort(404)
    letters = offered(dict.fromkeys(case["violations"], 1.0))
    return render_template("cases/case.html", case=case, letters=letters, city=chosen_city(request.args))
