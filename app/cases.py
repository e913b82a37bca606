"""The case library (filters and a chart of outcomes) and the case page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from app.charts import outcome_chart
from app.i18n import content_language, locale
from app.kb import catalog, label

bp = Blueprint("cases", __name__, url_prefix="/cases")

FILTERS = ("group", "violation", "outcome", "year", "city")


@bp.get("")
def index():
    everything = catalog().cases(locale())
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    cases = catalog().cases(locale(), **filters) if filters else everything
    present = {
        "groups": sorted({g for c in everything for g in c["groups"]}),
        "violations": sorted({v for c in everything for v in c["violations"]}),
        "outcomes": sorted({c["outcome"] for c in everything}),
        "places": sorted({c["city"] for c in everything if c["city"]}),
        "years": [(y, y) for y in sorted({c["date"][:4] for c in everything}, reverse=True)],
    }
    chart = outcome_chart(cases, label, locale())
    return render_template("cases/index.html", cases=cases, filters=filters, present=present, chart=chart, total=len(everything))


@bp.get("/<case_id>")
def case(case_id: str):
    case = catalog().case(case_id, content_language()) or abort(404)
    return render_template("cases/case.html", case=case)
