"""The search page and the JSON search API."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, render_template, request

from indexer.problems import IndexMissing
from indexer.search import SearchEngine

bp = Blueprint("search", __name__)


def engine() -> SearchEngine:
    """The app's one search engine (it follows rebuilds by itself)."""
    return current_app.extensions["kb_engine"]


def _params() -> dict:
    return {
        "city": request.args.get("city") or None,
        "lang": request.args.get("lang") or None,
    }


@bp.get("/")
@bp.get("/search")
def search_page():
    query = request.args.get("q", "")
    try:
        result = engine().search(query, **_params()) if query.strip() else None
    except IndexMissing as exc:
        return render_template("index_missing.html", message=str(exc)), 503
    return render_template("search.html", query=query, result=result)


@bp.get("/api/search")
def search_api():
    try:
        return jsonify(engine().search(request.args.get("q", ""), **_params()))
    except IndexMissing as exc:
        return jsonify({"error": str(exc)}), 503


def init_app(app: Flask) -> None:
    app.extensions["kb_engine"] = SearchEngine(app.config["DATA_DIR"])
    app.register_blueprint(bp)
