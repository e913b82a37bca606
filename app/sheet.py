"""The referral sheet: one printable page for the client, reproduced by its short address.

`/sheet?q=…&city=…&lang=…` (plus any search filters) is built from a search,
`/sheet?case=…&city=…&lang=…` from a case; the same address always gives the
same sheet for the same knowledge base. The sheet is handed to the client and
its address may be sent to them, so it never holds internal entries, even for
a signed-in REActor: those are passed on in person, with consent (issue 6).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from app.i18n import locale, partial_date
from app.kb import public_catalog as catalog
from app.search import chosen_city, query_arg, run_search, search_filters

bp = Blueprint("sheet", __name__)

# "What worked": cases that ended well come first.
OUTCOME_RANK = {"resolved": 0, "partly-resolved": 1, "pending": 2}


def _in_order(rows: list[dict[str, Any]], ids: list[str]) -> list[dict[str, Any]]:
    by_id = {row["id"]: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def _from_search(query: str, city: str | None, filters: dict[str, str], limit: int) -> dict[str, Any]:
    result = run_search(query, city, filters, limit, with_internal=False) or {"norms": [], "cases": [], "services": []}
    lang = locale()
    norms = [catalog().provision(*hit["id"].split("/", 1), lang) for hit in result["norms"]]
    case_ids = [hit["id"] for hit in result["cases"]]
    service_ids = [hit["id"] for hit in result["services"]]
    return {
        "subject": query,
        "norms": [n for n in norms if n],
        "cases": _in_order(catalog().cases(lang, ids=case_ids), case_ids),
        "services": _in_order(catalog().services(lang, ids=service_ids), service_ids),
    }


def _from_case(case_id: str, city: str | None, limit: int) -> dict[str, Any]:
    case = catalog().case(case_id, locale()) or abort(404)
    services = sorted(case["involved"], key=lambda s: (s["city"] != city, s["city"] != "national"))
    return {
        "subject": case["title"],
        "norms": [link["provision"] for link in case["cited"] if link["provision"]][:limit],
        "cases": [case],
        "services": services[:limit],
    }


@bp.get("/sheet")
def sheet():
    limit = current_app.config["SHEET_LIMIT"]
    city = chosen_city(request.args, use_cookie=False)
    filters = search_filters(request.args)
    case_id = request.args.get("case", "")
    query, _ = query_arg(request.args)
    if case_id:
        content = _from_case(case_id, city, limit)
        params: dict[str, str | None] = {"case": case_id}
    elif query.strip():
        content = _from_search(query, city, filters, limit)
        params = {"q": query, **filters}
    else:
        return redirect(url_for("search.search"))
    content["cases"].sort(key=lambda c: OUTCOME_RANK.get(c["outcome"], len(OUTCOME_RANK)))
    share = url_for("sheet.sheet", _external=True, **params, city=city, lang=locale())
    today = partial_date(dt.date.today().isoformat())
    return render_template("sheet/sheet.html", **content, city=city, share=share, today=today)
