"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from indexer.kinds import LANGUAGES


def _param(name: str, description: str, required: bool = False, schema: dict[str, Any] | None = None, where: str = "query") -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema or {"type": "string"}}


LANG = _param("lang", "Preferred language of the entries shown (of an entry's translations, this one).", schema={"type": "string", "enum": list(LANGUAGES)})
ERRORS = {
    "400": {"$ref": "#/components/responses/Error"},
    "404": {"$ref": "#/components/responses/Error"},
    "503": {"$ref": "#/components/responses/Error"},
}


def _entry(summary: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": [_param("id", "The entry's id.", True, where="path"), LANG],
            "responses": {"200": {"description": "The entry, in its preferred language version, with `langs` listing all versions.",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}, **ERRORS},
        }
    }


def document() -> dict[str, Any]:
    """The OpenAPI document."""
    hit = {"type": "object", "required": ["id", "url", "score"], "properties": {"id": {"type": "string"}, "url": {"type": "string"}, "score": {"type": "number"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "REAct knowledge base", "version": "1", "description": "Kazakh norms, REAct cases and referral contacts."},
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search norms, cases and services (the object `kb search --json` prints).",
                    "parameters": [
                        _param("q", "The query: words, \"quoted phrases\", -excluded words; at most 500 characters (longer is a 400 error).", True, schema={"type": "string", "maxLength": 500}),
                        _param("city", "A place key: its services first, then its region's, then national ones."),
                        LANG,
                        _param("limit", "Hits per list.", schema={"type": "integer", "minimum": 1, "maximum": 100, "default": 10}),
                        _param("group", "Only cases and services for this group (vocabulary key)."),
                        _param("violation", "Only cases with this violation (vocabulary key)."),
                        _param("kind", "Only services of this kind (vocabulary key)."),
                        _param("language", "Only entries written in this language.", schema={"type": "string", "enum": list(LANGUAGES)}),
                        _param("jurisdiction", "Only entries of this jurisdiction (ISO code, e.g. KZ)."),
                    ],
                    "responses": {"200": {"description": "Three ranked lists.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}}}, **ERRORS},
                }
            },
            "/api/acts/{id}": _entry("An act with its provisions; each provision has `citation` and `cited_in`."),
            "/api/cases/{id}": _entry("A case with the provisions it cites and the services involved."),
            "/api/services/{id}": _entry("A referral contact with the cases it was involved in."),
        },
        "components": {
            "schemas": {
                "SearchResult": {
                    "type": "object",
                    "required": ["query", "took_ms", "norms", "cases", "services", "suggestion"],
                    "properties": {
                        "query": {"type": "string"},
                        "took_ms": {"type": "number"},
                        "norms": {"type": "array", "items": hit, "description": "Provisions: id (act/provision), act, title, citation, status, snippet (HTML with <mark>), url."},
                        "cases": {"type": "array", "items": hit, "description": "Cases: id, title, outcome, date, city, snippet, url."},
                        "services": {"type": "array", "items": hit, "description": "Services: id, name, kind, city, phones (each a number, or {number, label, hours}), checked, url."},
                        "suggestion": {"type": ["string", "null"], "description": "A corrected query when words were misspelt."},
                    },
                },
                "Error": {
                    "type": "object",
                    "properties": {"error": {"type": "object", "properties": {"status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"}}}},
                },
            },
            "responses": {"Error": {"description": "An error, as JSON.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        },
    }
