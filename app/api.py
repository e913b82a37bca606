"""The JSON API: search (the `kb search --json` object, each hit with its page) and single entries. Errors are JSON too."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for

from app.kb import catalog, engine, internal
from app.links import with_pages
from app.openapi import document
from app.search import chosen_city, search_filters, with_article_changes
from indexer.kinds import LANGUAGES, kind_named
from indexer.search.engine import MAX_LIMIT
from indexer.search.query import MAX_QUERY_CHARS

bp = Blueprint("api", __name__, url_prefix="/api")


def _lang() -> str | None:
    lang = request.args.get("lang") or None
    if lang is not None and lang not in LANGUAGES:
        abort(400, f"lang must be one of {', '.join(LANGUAGES)}")
    return lang


def _public(row: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """An entry as the API gives it: without build-machine details (the absolute file path), and with the
    yes/no fields of its kind as booleans (the database stores them as 0 and 1)."""
    flags = {f.name for f in kind_named(kind).fields if f.type in ("bool", "true")} if kind else set()
    return {k: bool(v) if k in flags and v is not None else v for k, v in row.items() if k != "path"}


def _provision(row: dict[str, Any], act_id: str) -> dict[str, Any]:
    """A provision of an act, its `replaced_by` (stored as JSON text) as a list of provision ids."""
    replaced_by = json.loads(row["replaced_by"]) if row.get("replaced_by") else None
    return {**_public(row), "replaced_by": replaced_by, "url": url_for("laws.provision", act_id=act_id, local_id=row["local_id"])}


@bp.get("/search")
def search():
    if "q" not in request.args:
        abort(400, "the parameter q is required")
    query = request.args["q"]
    if len(query) > MAX_QUERY_CHARS:
        # The page cuts a long query and says so; a program is told plainly instead.
        abort(400, f"q is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    try:
        limit = int(request.args.get("limit", 10))
    except ValueError:
        abort(400, "limit must be a whole number")
    if not 1 <= limit <= MAX_LIMIT:
        abort(400, f"limit must be between 1 and {MAX_LIMIT}")
    city = chosen_city(request.args, use_cookie=False)
    result = engine().find(query, city=city, lang=_lang(), limit=limit, filters=search_filters(request.args), internal=internal())
    return jsonify(with_article_changes(with_pages(result)))


@bp.get("/acts/<act_id>")
def act(act_id: str):
    act = catalog().act(act_id, _lang()) or abort(404, f"no act '{act_id}'")
    provisions = [_provision(p, act_id) for p in act["provisions"]]
    return jsonify({**_public(act, "act"), "provisions": provisions, "url": url_for("laws.act", act_id=act_id)})


@bp.get("/cases/<case_id>")
def case(case_id: str):
    case = catalog().case(case_id, _lang()) or abort(404, f"no case '{case_id}'")
    cited = [
        {
            "ref": link["ref"],
            "citation": link["provision"]["citation"] if link["provision"] else (link["act"] or {}).get("title"),
            "url": url_for("laws.provision", act_id=link["provision"]["act_id"], local_id=link["provision"]["local_id"])
            if link["provision"]
            else url_for("laws.act", act_id=link["ref"]),
        }
        for link in case["cited"]
    ]
    involved = [{"id": s["id"], "name": s["name"], "url": url_for("services.service", service_id=s["id"])} for s in case["involved"]]
    return jsonify({**_public(case, "case"), "cited": cited, "involved": involved, "url": url_for("cases.case", case_id=case_id)})


@bp.get("/services/<service_id>")
def service(service_id: str):
    service = catalog().service(service_id, _lang()) or abort(404, f"no service '{service_id}'")
    cases = [{"id": c["id"], "title": c["title"], "url": url_for("cases.case", case_id=c["id"])} for c in service["cases"]]
    links = {"url": url_for("services.service", service_id=service_id), "vcard": url_for("services.vcard", service_id=service_id)}
    return jsonify({**_public(service, "service"), "cases": cases, **links})


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
