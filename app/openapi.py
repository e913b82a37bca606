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
    hit: dict[str, Any] = {"type": "object", "required": ["id", "url", "score"], "properties": {"id": {"type": "string"}, "url": {"type": "string"}, "score": {"type": "number"}}}
    nullable = {"type": ["string", "null"]}
    norm = {**hit, "properties": {
        **hit["properties"],
        "status": {"type": "string", "enum": ["in_force", "repealed", "not_yet_in_force"]},
        "valid_from": {**nullable, "description": "First day the provision's act applied (YYYY-MM-DD), when the kb records it."},
        "valid_until": {**nullable, "description": "Last day the provision's act applied, when the kb records it."},
        "replaced_by": {"type": ["object", "null"], "description": "For a repealed provision: the act that replaced its act and the provisions that replaced it.",
                        "properties": {"act": nullable, "provisions": {"type": "array", "items": {"type": "string"}}}},
        "replaces": {**nullable, "description": "The repealed provision this one replaced; it is listed right after that one."},
        "via": {**nullable, "description": "The case that pulled this provision in, when its text did not match the query."},
        "cited": {"type": "boolean", "description": "The query cited this provision (\"ст. 6 Трудового кодекса\")."},
    }}
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
                        "norms": {"type": "array", "items": norm, "description": "Provisions: id (act/provision), act, title, citation, status, snippet (HTML with <mark>), url."},
                        "cases": {"type": "array", "items": hit, "description": "Cases: id, title, outcome, date, city, snippet, url."},
                        "services": {"type": "array", "items": hit, "description": "Services: id, name, kind, city, phones (each a number, or {number, label, hours}), checked, url."},
                        "remedies": {"type": "array", "items": hit, "description": "Escalation ladders: id, title, violations, first_step (title, addressee, deadline), url, score."},
                        "suggestion": {"type": ["string", "null"], "description": "A corrected query when words unknown to the kb and to every dictionary were found."},
                        "expanded": {"type": "array", "description": "Everyday words of the query that were also searched as legal concepts (kb/lexicon.yaml).",
                                     "items": {"type": "object", "properties": {"word": {"type": "string"}, "means": {"type": "array", "items": {"type": "string"}}}}},
                        "fallback": {"type": "boolean", "description": "True when nothing matched and `services` holds the general routes (ombudsman, legal aid, hotlines) instead."},
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
