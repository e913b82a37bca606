"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Every field of every answer is described, with `additionalProperties: false` wherever
the shape is closed: the tests validate each API response they get against this
document (tests/api_contract.py), so a field added without its schema fails them.
A kind registered beyond the built-in ones adds its list to the search result here too.
"""

from __future__ import annotations

from typing import Any

from app.search import JURISDICTION_RE, MAX_FILTER_CHARS
from indexer.hours import ALWAYS
from indexer.kinds import LANGUAGES, VISIBILITIES
from indexer.kinds.act import ACT_KINDS, ACT_STATUSES
from indexer.remedies import COUNTS
from indexer.search.engine import FILTERS, MAX_LIMIT, other_kinds
from indexer.search.query import MAX_QUERY_CHARS
from indexer.validate import CHANNELS, MESSENGERS

Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
LANG: Schema = {"type": "string", "enum": list(LANGUAGES)}
DATE: Schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
PARTIAL_DATE: Schema = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "description": "YYYY, YYYY-MM or YYYY-MM-DD."}
STRINGS: Schema = {"type": "array", "items": STRING}
PAGE: Schema = {"type": "string", "pattern": "^/", "description": "The address of the entry's page on this site."}
SCORE: Schema = {"type": "number", "minimum": 0, "description": "Relevance within its list (higher is better); comparable only within one answer."}
SNIPPET: Schema = {"type": "string", "description": "The best passage, HTML-escaped, with `<mark>` around the matched words."}
MATCHED: Schema = {"type": "array", "items": STRING, "description": "The query's words (or quoted phrases) this entry matched, directly, through a synonym or a correction."}
KEY: Schema = {"type": "string", "description": "A key of kb/vocab.yaml."}
KEYS: Schema = {"type": "array", "items": KEY}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema, description: str = "") -> Schema:
    """`schema` or null (a field the entry may leave out is null, never missing)."""
    if "$ref" in schema:
        found: Schema = {"oneOf": [schema, {"type": "null"}]}
    else:
        found = {k: v for k, v in schema.items() if k not in ("type", "enum", "description")}
        found["type"] = [schema["type"], "null"]
        if "enum" in schema:
            found["enum"] = [*schema["enum"], None]
    if description or schema.get("description"):
        found["description"] = description or schema["description"]
    return found


def closed(properties: dict[str, Schema], optional: tuple[str, ...] = (), description: str = "") -> Schema:
    """An object with exactly these properties, all present except the `optional` ones."""
    found: Schema = {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        found["description"] = description
    return found


def described(schema: Schema, description: str) -> Schema:
    return {**schema, "description": description}


# -- shared pieces ---------------------------------------------------------------------------

def _shared() -> dict[str, Schema]:
    return {
        "OpeningHours": {
            "description": f'Structured opening hours in Kazakhstan\'s time (UTC+5): "{ALWAYS}", or days (`mon` … `sun`, ranges such as `mon-fri`) '
            'mapped to "HH:MM-HH:MM" (several separated by commas) or "closed".',
            "oneOf": [{"type": "string", "const": ALWAYS}, {"type": "object", "minProperties": 1, "additionalProperties": STRING}],
        },
        "Phone": {
            "description": 'A number as written ("+7 7172 123456", "111"), or one with its label and hours.',
            "oneOf": [
                STRING,
                closed({"number": STRING, "label": STRING, "hours": {"anyOf": [ref("OpeningHours"), STRING]}}, optional=("label", "hours")),
            ],
        },
        "Deadline": closed(
            {
                "days": {"type": "integer", "minimum": 1},
                "months": {"type": "integer", "minimum": 1},
                "count": {"type": "string", "enum": list(COUNTS), "description": "Days counted as calendar or working days."},
                "from": described(STRING, "The event the period runs from."),
                "provision": described(STRING, "The full id of the provision that sets the deadline."),
                "none": {"type": "boolean", "const": True, "description": "The law sets no deadline (`provision` says so)."},
            },
            optional=("days", "months", "count", "from", "none"),
            description="A step's legal deadline: `days` or `months` from an event, or `none`; always with its provision.",
        ),
        "Link": closed({"id": STRING, "title": STRING, "url": PAGE}, description="Another entry, by id, title and page."),
    }


# -- /api/search ----------------------------------------------------------------------------

def _hits() -> dict[str, Schema]:
    return {
        "NormHit": closed(
            {
                "id": described(STRING, "The provision's full id (`kz-order-379/p-30`)."),
                "act": described(STRING, "The act's id."),
                "title": described(STRING, "Designator and title (`Статья 14. Равенство`)."),
                "act_title": STRING,
                "citation": described(STRING, "The provision cited as lawyers of its language write it."),
                "status": {"type": "string", "enum": list(ACT_STATUSES)},
                "replaced_by": nullable(
                    closed({"act": nullable(STRING, "The act that replaced this provision's act."), "provisions": described(STRINGS, "The provisions that replaced it, as far as the kb maps them.")}),
                    "For a repealed provision: what replaced it (null when in force or unknown).",
                ),
                "valid_from": nullable(DATE, "First day the provision's act applied, when the kb records it."),
                "valid_until": nullable(DATE, "Last day the provision's act applied, when the kb records it."),
                "replaces": nullable(STRING, "The repealed provision this one replaced; it is listed right after that one."),
                "via": nullable(STRING, "The case that pulled this provision in, when its text did not match the query."),
                "lang": described(LANG, "The language version shown."),
                "snippet": SNIPPET,
                "matched": MATCHED,
                "cited": {"type": "boolean", "description": 'The query cited this provision ("ст. 6 Трудового кодекса").'},
                "source": {
                    "type": "string",
                    "enum": ["summary", "official"],
                    "description": "`summary`: our own words; `official`: an article of a linked act not yet summarised, found by the law's own text.",
                },
                "article_change": nullable(
                    {"type": "string", "enum": ["changed", "added", "removed", "unchanged", "unknown"]},
                    "For a summary: what happened to its article's official text since the edition its act was checked against "
                    "(`unknown`: the corpus's history could not be read); null when the corpus has no newer edition, and for official-only hits.",
                ),
                "url": PAGE,
                "score": SCORE,
            },
            description="A provision.",
        ),
        "CaseHit": closed(
            {
                "id": STRING,
                "title": STRING,
                "outcome": described(KEY, "A key of `outcomes` (resolved, partly-resolved, …)."),
                "date": PARTIAL_DATE,
                "city": nullable(KEY, "A key of `places`, when the case names one."),
                "lang": LANG,
                "snippet": SNIPPET,
                "matched": MATCHED,
                "url": PAGE,
                "score": SCORE,
            },
            description="An anonymised case.",
        ),
        "ServiceHit": closed(
            {
                "id": STRING,
                "name": STRING,
                "kind": described(KEY, "A key of `service_kinds`."),
                "city": described(STRING, "A key of `places`, or `national`."),
                "phones": {"type": "array", "items": ref("Phone")},
                "checked": nullable(DATE, "When the details were last confirmed (null: never)."),
                "lang": LANG,
                "snippet": SNIPPET,
                "matched": MATCHED,
                "url": PAGE,
                "score": SCORE,
                "via": nullable(STRING, "The case that involved this contact, when its text did not match the query."),
                "first_step_of": nullable(
                    STRING, "The `remedies` ladder whose first step is addressed to contacts of this kind (they are lifted for it)."
                ),
            },
            description="A referral contact; with a city, those of the city first, then its region's, then national ones.",
        ),
        "RemedyHit": closed(
            {
                "id": STRING,
                "title": STRING,
                "violations": described(KEYS, "The violation types (keys of `violations`) the ladder is for."),
                "first_step": nullable(
                    closed({"title": STRING, "addressee": described(KEY, "A key of `service_kinds`."), "deadline": nullable(ref("Deadline"))}),
                    "The ladder's first step.",
                ),
                "lang": LANG,
                "url": PAGE,
                "score": SCORE,
            },
            description="An escalation ladder (next steps), found by its text or by the violation types of the best cases.",
        ),
        "EntryHit": closed(
            {"id": STRING, "title": STRING, "lang": LANG, "snippet": SNIPPET, "matched": MATCHED, "url": PAGE, "score": SCORE},
            description="An entry of a kind added beyond the built-in ones.",
        ),
    }


def _search_result() -> Schema:
    lists = {
        "norms": ("NormHit", "Provisions: those the query cites first, then by relevance; a repealed one is followed by what replaced it."),
        "cases": ("CaseHit", "Cases."),
        "services": ("ServiceHit", "Referral contacts (with `fallback`: the general routes instead)."),
        "remedies": ("RemedyHit", "Escalation ladders."),
        **{kind.result_list: ("EntryHit", f"Entries of kind '{kind.name}'.") for kind in other_kinds()},
    }
    return closed(
        {
            "query": described(STRING, "The query as searched."),
            "took_ms": {"type": "number", "minimum": 0},
            **{name: {"type": "array", "items": ref(schema), "description": text} for name, (schema, text) in lists.items()},
            "suggestion": nullable(STRING, "The query with its misspelt words corrected, when words unknown to the kb and to every dictionary were found."),
            "expanded": {
                "type": "array",
                "description": "Everyday words of the query that were also searched as legal concepts (kb/lexicon.yaml).",
                "items": closed({"word": STRING, "means": STRINGS}),
            },
            "fallback": {"type": "boolean", "description": "Present when nothing matched: true when `services` then holds the general routes (ombudsman, legal aid, hotlines)."},
            "notice": described(STRING, "Present when the query was cut (the API refuses such a query, so only `kb search` gives it)."),
        },
        optional=("fallback", "notice"),
        description="The object `kb search --json` prints, each hit with its page (`url`), which the web app adds.",
    )


# -- /api/acts, /api/cases, /api/services ---------------------------------------------------------

def _entries() -> dict[str, Schema]:
    text = {"body_html": described(STRING, "The text, rendered and sanitised."), "text": described(STRING, "The text without markup.")}
    common = {
        "kb_file": described(STRING, "The entry's file inside kb/ (`laws/x.ru.md`)."),
        "langs": {"type": "array", "items": LANG, "description": "Every language the entry exists in."},
        "visibility": {"type": "string", "enum": list(VISIBILITIES), "description": "`internal` only for signed-in REActors."},
    }
    note = nullable(STRING, "A note for REActors (not part of the text).")
    provision = closed(
        {
            "id": described(STRING, "The full id (`act-id/provision-id`)."),
            "lang": LANG,
            "act_id": STRING,
            "local_id": described(STRING, "The id within the act (`art-14`, `p-30-sp-2`)."),
            "designator": described(STRING, "`Статья 14`, `14-бап`, `Article 14` …"),
            "title": STRING,
            "citation": STRING,
            "status": {"type": "string", "enum": list(ACT_STATUSES)},
            "replaced_by": nullable(STRINGS, "The provisions that replaced this one (the act's `replacements`)."),
            **text,
            "note": note,
            "violations": described(KEYS, "The violation types the act tags this provision with."),
            "position": described(INTEGER, "Its order within the act."),
            "line": described(INTEGER, "Its heading's line in the file."),
            "visibility": common["visibility"],
            "kb_file": common["kb_file"],
            "cited_in": {"type": "integer", "minimum": 0, "description": "How many cases cite it."},
            "has_official": {"type": "boolean", "description": "The official text of its article is in the configured corpus."},
            "article_change": nullable(
                {"type": "string", "enum": ["changed", "added", "removed", "unchanged", "unknown"]},
                "What happened to its article's official text since the edition the act was checked against (`unknown`: the "
                "corpus's history could not be read); null when the corpus has no newer edition.",
            ),
            "url": PAGE,
        }
    )
    edition_change = closed(
        {
            "act_id": STRING,
            "checked": described(DATE, "The edition the act was checked against (its `official_version`)."),
            "edition": described(DATE, "The corpus's newer edition."),
            "compared": described(STRING, "The date of the edition found in the corpus's history for `checked` (empty when not found)."),
            "amended_by": described(STRING, "The act whose amendments made the newer edition, as the corpus cites it (in Russian; empty when the corpus does not say)."),
            "amended_by_url": described(STRING, "Its page in the official reference bank (empty when not given)."),
            "changed": described(STRINGS, "Articles (`art-14`) whose text changed."),
            "added": described(STRINGS, "Articles the newer edition added."),
            "removed": described(STRINGS, "Articles the newer edition no longer has."),
            "unavailable": described(INTEGER, "1 when the corpus's history could not be read: which articles changed is not known."),
            "visibility": common["visibility"],
        }
    )
    official_article = closed(
        {
            "id": described(STRING, "The article's full id (`kz-health-code/art-76`)."),
            "lang": LANG,
            "local_id": STRING,
            "designator": STRING,
            "title": nullable(STRING),
            "position": described(INTEGER, "Its order within the official text."),
            "summarised": described({"type": "boolean"}, "The kb has a summary of this article."),
            "partly_summarised": described({"type": "boolean"}, "The kb summarises some of its paragraphs only."),
            "langs": described(common["langs"], "Every language its official text exists in."),
            "article_change": nullable(
                {"type": "string", "enum": ["changed", "added", "removed", "unchanged", "unknown"]},
                "What happened to its text since the edition the act was checked against; null when the corpus has no newer edition.",
            ),
        }
    )
    act = closed(
        {
            "id": STRING,
            "lang": LANG,
            "title": STRING,
            "kind": {"type": "string", "enum": list(ACT_KINDS)},
            "jurisdiction": described(STRING, "ISO country code (KZ) or an international body."),
            "source_url": {"type": "string", "format": "uri", "description": "The official text."},
            "number": nullable(STRING),
            "adopted": nullable(DATE),
            "issuer": nullable(STRING),
            "status": {"type": "string", "enum": list(ACT_STATUSES)},
            "valid_from": nullable(DATE),
            "valid_until": nullable(DATE, "The last day it applied, for a repealed act."),
            "replaced_by": nullable(STRING, "The id of the act that replaced it."),
            "replacements": nullable(
                {"type": "object", "additionalProperties": STRINGS},
                "Its provisions (by local id) mapped to the provisions that replaced them.",
            ),
            "checked": nullable(DATE, "When the file was last compared with the official text (null: never)."),
            "official_version": nullable(DATE, "The date of the official version compared."),
            "official": nullable(STRING, "Its act code in the corpus of official texts (`official:`), when linked."),
            "official_articles": {
                "type": "array",
                "items": official_article,
                "description": "Every article of its official text, when a corpus is configured and the act linked (else empty).",
            },
            "edition_change": nullable(edition_change, "The law's newer edition than `official_version`, when a corpus is configured."),
            "changed_provisions": {
                "type": "array",
                "items": closed({"id": STRING, "lang": LANG, "local_id": STRING, "designator": STRING, "title": nullable(STRING)}),
                "description": "Our provisions (of every part) whose article changed since `official_version`.",
            },
            "aliases": STRINGS,
            "topics": described(KEYS, "Keys of `topics`."),
            "note": note,
            "summary_html": described(STRING, "What the act is about, rendered."),
            "summary_text": STRING,
            **common,
            "provisions": {"type": "array", "items": provision, "description": "In order, in the act's language version shown."},
            "cited_whole": {"type": "integer", "minimum": 0, "description": "How many cases cite the act as a whole."},
            "replacement": nullable(closed({"id": STRING, "lang": LANG, "title": STRING, "langs": common["langs"]}), "The act named by `replaced_by`."),
            "url": PAGE,
        }
    )
    case = closed(
        {
            "id": STRING,
            "title": STRING,
            "lang": LANG,
            "date": PARTIAL_DATE,
            "jurisdiction": STRING,
            "groups": described(KEYS, "Keys of `groups`."),
            "violations": described(KEYS, "Keys of `violations`."),
            "outcome": described(KEY, "A key of `outcomes`."),
            "anonymised": {"type": "boolean", "const": True},
            "city": nullable(KEY, "A key of `places`."),
            "actions": described(KEYS, "Keys of `actions`."),
            "norms": described(STRINGS, "The provisions (`act/provision`) or whole acts cited, as written."),
            "services": described(STRINGS, "The ids of the services involved, as written."),
            "source_url": nullable({"type": "string", "format": "uri"}),
            "date_estimated": nullable({"type": "boolean"}, "The date is an estimate."),
            "note": note,
            **text,
            **common,
            "cited": {
                "type": "array",
                "description": "The provisions and acts cited that this reader may see.",
                "items": closed({"ref": STRING, "citation": described(STRING, "The provision's citation, or the act's title."), "url": PAGE}),
            },
            "involved": {"type": "array", "items": closed({"id": STRING, "name": STRING, "url": PAGE}), "description": "The services involved."},
            "url": PAGE,
        }
    )
    service = closed(
        {
            "id": STRING,
            "name": STRING,
            "kind": described(KEY, "A key of `service_kinds`."),
            "jurisdiction": STRING,
            "city": described(STRING, "A key of `places`, or `national`."),
            "lang": LANG,
            "address": nullable(STRING),
            "phones": {"type": "array", "items": ref("Phone")},
            "messengers": {
                "type": "array",
                "items": closed({"type": {"type": "string", "enum": list(MESSENGERS)}, "value": described(STRING, "A @handle, username or phone number."), "label": STRING}, optional=("label",)),
            },
            "online_form": nullable({"type": "string", "format": "uri"}),
            "email": nullable(STRING),
            "website": nullable({"type": "string", "format": "uri"}),
            "hours": nullable(STRING, "The opening hours as one line of text."),
            "opening_hours": nullable(ref("OpeningHours"), "The hours when they are structured (the basis of \"open now\")."),
            "languages": described(STRINGS, "Language codes spoken."),
            "accessibility": nullable(STRING),
            "groups": described(KEYS, "Keys of `groups`."),
            "free": nullable({"type": "boolean"}),
            "source_url": nullable({"type": "string", "format": "uri"}),
            "sources": nullable(
                {"type": "object", "propertyNames": {"enum": list(CHANNELS)}, "additionalProperties": {"type": "string", "format": "uri"}},
                "The page each channel was read on.",
            ),
            "checked": nullable(DATE, "When the details were last confirmed (null: never)."),
            "unconfirmed": nullable({"type": "boolean"}, "The organisation itself is not confirmed."),
            "lat": nullable({"type": "number", "minimum": -90, "maximum": 90}),
            "lon": nullable({"type": "number", "minimum": -180, "maximum": 180}),
            **text,
            **common,
            "cases": {"type": "array", "items": ref("Link"), "description": "The cases it was involved in."},
            "url": PAGE,
            "vcard": described(PAGE, "Its vCard 3.0 download."),
        }
    )
    return {"Act": act, "Case": case, "Service": service}


# -- errors and paths -----------------------------------------------------------------------------

ERROR = closed(
    {
        "error": closed(
            {
                "status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status again."},
                "title": described(STRING, "Its name (`Bad Request`)."),
                "message": described(STRING, "What was wrong, naming the parameter or value."),
            }
        )
    },
    description="Every error under /api/ is this JSON object.",
)
ERROR_RESPONSES = {
    "BadRequest": "A parameter is invalid: `q` missing or too long, `limit` not a whole number in range, an unknown `lang`, "
    "or a filter (`city`, `group`, `violation`, `kind`, `language`, `jurisdiction`) that is no known value (the message names it).",
    "NotFound": "No such entry (or it is internal and the reader is not signed in); also any other address under /api/.",
    "MethodNotAllowed": "Any method but GET and HEAD, at any address under /api/; the `Allow` header lists the methods.",
    "PayloadTooLarge": "A request body over 16 KB, at any address under /api/.",
    "ServerError": "An unexpected failure (logged without the query string).",
    "Unavailable": "No index is being served yet, or the index turned out damaged: the message says to run `kb build`.",
}


def _error_response(description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def _json(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*names: str) -> dict[str, Schema]:
    codes = {"BadRequest": "400", "NotFound": "404", "ServerError": "500", "Unavailable": "503"}
    return {codes[name]: {"$ref": f"#/components/responses/{name}"} for name in names}


def _param(name: str, description: str, required: bool = False, schema: Schema | None = None, where: str = "query") -> Schema:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema or STRING}


LANG_PARAM = _param("lang", "Preferred language of the entries shown (of an entry's translations, this one; else ru, en, kk).", schema=LANG)


def _entry(summary: str, schema: str) -> Schema:
    return {
        "get": {
            "summary": summary,
            "parameters": [_param("id", "The entry's id.", True, where="path"), LANG_PARAM],
            "responses": {
                "200": _json("The entry in its preferred language version, with `langs` listing all versions.", ref(schema)),
                **_errors("BadRequest", "NotFound", "ServerError", "Unavailable"),
            },
        }
    }


def _search() -> Schema:
    filters = {
        "group": "Only cases and services for this group (a key of `groups`).",
        "violation": "Only cases with this violation (a key of `violations`).",
        "kind": "Only services of this kind (a key of `service_kinds`).",
        "language": "Only entries written in this language.",
        "jurisdiction": "Only entries of this jurisdiction (a two-letter code such as KZ).",
    }
    schemas = {"language": LANG, "jurisdiction": {"type": "string", "pattern": f"^{JURISDICTION_RE.pattern}$"}}
    return {
        "get": {
            "summary": "Search norms, cases, services and next steps (the object `kb search --json` prints, each hit with its page).",
            "parameters": [
                _param("q", f"The query: words, \"quoted phrases\", -excluded words; at most {MAX_QUERY_CHARS} characters.", True, {"type": "string", "maxLength": MAX_QUERY_CHARS}),
                _param("city", "The client's city (a key of `places`, or `national`): its services first, then its region's, then national ones."),
                LANG_PARAM,
                _param("limit", "Hits per list.", schema={"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10}),
                *(_param(name, filters[name], schema=schemas.get(name, {"type": "string", "maxLength": MAX_FILTER_CHARS})) for name in FILTERS),
            ],
            "responses": {
                "200": _json("The ranked lists.", ref("SearchResult")),
                **_errors("BadRequest", "ServerError", "Unavailable"),
                "429": {
                    "description": "Too many searches from one address: sent by the reverse proxy of the recommended set-up "
                    "(deploy/nginx, 5 a second with bursts of 20), not by the app; its body is the proxy's HTML page.",
                    "content": {"text/html": {"schema": STRING}},
                },
            },
        }
    }


def document() -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "REAct knowledge base",
            "version": "1",
            "description": "Kazakh norms, REAct cases and referral contacts, read-only. Every answer is JSON; an error is "
            "`{\"error\": {\"status\", \"title\", \"message\"}}`. Any other address under /api/ answers 404, any method but GET "
            "and HEAD 405, a body over 16 KB 413, each with that error object (see components/responses). Internal entries "
            "appear only for a signed-in REActor's session cookie.",
        },
        "paths": {
            "/api/search": _search(),
            "/api/acts/{id}": _entry("An act with its provisions; each provision has `citation` and `cited_in`.", "Act"),
            "/api/cases/{id}": _entry("A case with the provisions it cites and the services involved.", "Case"),
            "/api/services/{id}": _entry("A referral contact with the cases it was involved in.", "Service"),
            "/api/openapi.json": {
                "get": {
                    "summary": "This description.",
                    "responses": {"200": _json("The OpenAPI 3.1 document.", {"type": "object", "required": ["openapi", "info", "paths"]}), **_errors("ServerError")},
                }
            },
        },
        "components": {
            "schemas": {**_shared(), **_hits(), "SearchResult": _search_result(), **_entries(), "Error": ERROR},
            "responses": {name: _error_response(text) for name, text in ERROR_RESPONSES.items()},
        },
    }
