"""The referral sheet handed to the client, and the builder where the REActor chooses what goes on it.

`/sheet/new` (the builder) is opened from the search results with the ids of
the entries found (`n` norms, `c` cases, `s` services, `r` next steps, `city`, `title`) or from
a case page (`case`); it never receives the words typed, so nothing it renders
can repeat them. Its form sends the REActor's choice to `/sheet`, whose address
holds only entry ids, a case reference per case (`c`, see sheet_content), the
title key, the city, the language and `link=1` when the REActor wants the
sheet's online link and QR code printed on it. The same address always gives
the same sheet for the same knowledge base, for anyone: internal entries never
go on it, even for a signed-in REActor (issue 6).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup

from app.i18n import locale, partial_date
from app.kb import public_catalog, vocab
from app.remedies import HOW_LABELS
from app.search import MAX_FILTER_CHARS, chosen_city
from app.sheet_content import cases_by_ref, chosen_norms, contacts, next_steps, norm_groups, offered_cases

bp = Blueprint("sheet", __name__)

# Parameters naming entries: norms (provision or act ids), their repealed predecessors shown as history, cases, services,
# and remedies (the next steps with their deadlines).
NORMS, HISTORY, CASES, SERVICES, REMEDIES = "n", "h", "c", "s", "r"
LISTS = {NORMS: "norms", CASES: "cases", SERVICES: "services", REMEDIES: "remedies"}  # parameter → list of a search result
# At most this many ids of one kind are read from an address (the builder offers a search page's worth).
MAX_IDS = 40
# Ladders of next steps offered and printed: the best matches; more would bury the first step (and the page budget).
MAX_LADDERS = 2
# An entry id longer than this is not one; it is ignored.
MAX_ID_CHARS = 200
# Shown after an entry the sheet gives in another language than the client's.
IN_LANGUAGE = {"kk": _l("(in Kazakh)"), "ru": _l("(in Russian)"), "en": _l("(in English)")}


def _ids(name: str) -> list[str]:
    values = (value.strip() for value in request.args.getlist(name)[:MAX_IDS])
    return [value for value in values if value and len(value) <= MAX_ID_CHARS]


def _title() -> str | None:
    """The sheet's title: a key of `violations` in vocab.yaml, or none."""
    key = request.args.get("title", "")
    return key if key in vocab().get("violations", {}) else None


@bp.app_template_global()
def sheet_builder_url(result: dict[str, Any], city: str | None, violation: str | None, hidden: set[str]) -> str:
    """The builder's address for a search result: the ids found (internal ones left out), never the query."""
    found: dict[str, Any] = {name: [hit["id"] for hit in result[section] if hit["id"] not in hidden] for name, section in LISTS.items()}
    return url_for("sheet.builder", city=city, title=violation, **found)


@bp.get("/sheet/new")
def builder():
    catalog, lang = public_catalog(), locale()
    city = chosen_city(request.args)
    case_id = request.args.get("case", "")
    if case_id:
        case = catalog.case(case_id[:MAX_FILTER_CHARS], lang) or abort(404)
        norm_refs = [link["ref"] for link in case["cited"]]
        case_ids, service_ids = [case["id"]], [service["id"] for service in case["involved"]]
        remedy_ids = [remedy["id"] for violation in case["violations"] for remedy in catalog.remedies(lang, violation=violation)]
    else:
        norm_refs, case_ids, service_ids, remedy_ids = _ids(NORMS), _ids(CASES), _ids(SERVICES), _ids(REMEDIES)
    if not (norm_refs or case_ids or service_ids):
        return redirect(url_for("search.search"))
    limit = current_app.config["SHEET_LIMIT"]
    groups, repealed_left_out = norm_groups(catalog, norm_refs, lang)
    # Ticked at first: provisions in force. A whole act standing for a repealed provision is the REActor's call.
    ticked = [g.current.ref for g in groups if not g.current.is_act and g.current.status == "in_force"][:limit]
    cases, cases_left_out = offered_cases(catalog, case_ids, lang)
    return render_template(
        "sheet/builder.html",
        groups=groups,
        ticked=set(ticked),
        repealed_left_out=repealed_left_out,
        cases=cases,
        cases_left_out=cases_left_out,
        services=contacts(catalog, service_ids, city, lang),
        # The best-matching ladder is ticked at first; a sheet with several ladders gets long.
        remedies=next_steps(catalog, remedy_ids, lang, MAX_LADDERS),
        limit=limit,
        city=city,
        title=_title(),
    )


def _qr_code(address: str) -> Markup:
    """The address as a QR code, an inline SVG drawn on the server (no script, no image request)."""
    svg = segno.make(address, error="m").svg_inline(omitsize=True, border=2, svgclass="qr", lineclass=None, title=_("QR code of this sheet's address"))
    return Markup(svg)


@bp.get("/sheet")
def sheet():
    if "q" in request.args:
        # An address from before issue 11 carries the words typed: they are dropped, never shown.
        return redirect(url_for("search.search"))
    if "case" in request.args:
        return redirect(url_for("sheet.builder", case=request.args["case"][:MAX_FILTER_CHARS]))
    catalog, lang = public_catalog(), locale()
    city = chosen_city(request.args, use_cookie=False)
    norms = chosen_norms(catalog, _ids(NORMS), _ids(HISTORY), lang)
    cases = cases_by_ref(catalog, _ids(CASES), lang)
    services = contacts(catalog, _ids(SERVICES), city, lang)
    remedies = next_steps(catalog, _ids(REMEDIES), lang, MAX_LADDERS)
    if not (norms or cases or services or remedies):
        return redirect(url_for("search.search"))
    title = _title()
    address = qr = None
    if request.args.get("link") == "1":
        # Rebuilt from what is shown, not copied from the request: it holds nothing the sheet does not.
        address = url_for(
            "sheet.sheet",
            _external=True,
            lang=lang,
            title=title,
            city=city,
            n=[g.current.ref for g in norms],
            h=[h.ref for g in norms for h in g.history],
            c=[case["ref"] for case in cases],
            s=[service["id"] for service in services],
            r=[remedy["id"] for remedy in remedies],
            link="1",
        )
        qr = _qr_code(address)
    today = partial_date(dt.date.today().isoformat())
    return render_template(
        "sheet/sheet.html",
        norms=norms,
        cases=cases,
        services=services,
        remedies=remedies,
        how_labels=HOW_LABELS,
        city=city,
        title=title,
        address=address,
        qr=qr,
        today=today,
        in_language=IN_LANGUAGE,
    )
