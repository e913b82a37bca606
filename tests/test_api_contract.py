"""The API's contract (issue 14): the OpenAPI document is valid, describes every field closed, and every answer matches it.

Every API answer any test gets is already checked by the test client (tests/api_contract.py);
these tests prove that the check bites, and drive the answers worth checking: every entry of
the fixture kb, and real queries over the knowledge base we ship.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from api_contract import ContractViolation, check, schema_errors
from conftest import FIXTURE_KB, REPO, sign_in
from openapi_core import OpenAPI
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from werkzeug.wrappers import Response

from app.links import with_pages
from app.openapi import document
from app.search import with_article_changes
from indexer.search.query import MAX_QUERY_CHARS

# Objects whose keys are data, not fields: a map of provisions, of channels, of days; and the served document itself.
OPEN_MAPS = {"replacements", "sources", "OpeningHours", "openapi.json"}
GENERAL_ROUTES = {"ombudsman", "legal-aid", "hotline"}


def test_the_served_document_is_valid_openapi_3_1(client):
    served = client.get("/api/openapi.json").get_json()
    assert served == json.loads(json.dumps(document()))
    validate(served)  # raises on any error
    assert OpenAPI.from_dict(served).spec["openapi"] == "3.1.0"


def test_a_broken_document_is_refused_by_the_same_validator():
    broken = document()
    broken["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"type": "thing"}
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def _objects(node, where=""):
    """Every (place, object schema with properties or a map) in the document."""
    if isinstance(node, dict):
        if node.get("type") in ("object", ["object", "null"]):
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


def test_every_object_is_closed_and_every_field_required():
    found = list(_objects(document()))
    assert len(found) > 25
    for where, schema in found:
        if any(name in where.split("/") for name in OPEN_MAPS):
            continue
        assert schema.get("additionalProperties") is False, where
        assert set(schema["properties"]) - set(schema["required"]) <= {"label", "hours", "days", "months", "count", "from", "none", "fallback", "notice"}, where


def _answer(response, body) -> Response:
    """The same answer with another JSON body."""
    return Response(json.dumps(body), status=response.status_code, mimetype="application/json")


@pytest.mark.parametrize(
    ("url", "spoil"),
    [
        ("/api/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk", lambda r: r["services"][0].update(email="x@example.org")),
        ("/api/search?q=HIV+refusal+resocialization", lambda r: r.update(debug=True)),
        ("/api/search?q=HIV+refusal+resocialization", lambda r: r["norms"][0].update(status="valid")),
        ("/api/search?q=HIV+refusal+resocialization", lambda r: r["remedies"][0]["first_step"].pop("addressee")),
        ("/api/acts/test-order-379", lambda r: r["provisions"][0].update(path="/home/build/kb/laws/test-order-379.ru.md")),
        ("/api/acts/test-order-379", lambda r: r["provisions"][1].update(replaced_by='["test-order-230/p-1"]')),
        ("/api/cases/test-damir", lambda r: r.update(anonymised=1)),
        ("/api/services/test-ngo-ukg", lambda r: r["phones"].append({"number": "+7 7232 000 003", "fax": True})),
        ("/api/services/nope", lambda r: r["error"].update(trace="...")),
    ],
)
def test_an_answer_off_its_schema_breaks_the_contract(client, url, spoil):
    response = client.get(url)  # itself checked, and passing
    body = copy.deepcopy(response.get_json())
    check(response.request, _answer(response, body))  # the same answer rebuilt passes
    spoil(body)
    with pytest.raises(ContractViolation):
        check(response.request, _answer(response, body))


def test_an_undocumented_status_breaks_the_contract(client):
    response = client.get("/api/acts/test-order-379")
    with pytest.raises(ContractViolation, match="418"):
        check(response.request, Response(response.get_data(), status=418, mimetype="application/json"))
    unknown = client.get("/api/nothing-here")
    with pytest.raises(ContractViolation, match="instead of 404"):
        check(unknown.request, _answer(response, response.get_json()))


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/api/search?q=x&city=atlantis", 400),
        ("GET", "/api/search?q=x&kind=astrologer", 400),
        ("GET", "/api/acts/test-order-379?lang=de", 400),
        ("GET", "/api/cases/nobody", 404),
        ("GET", "/api/no/such/thing", 404),
        ("DELETE", "/api/services/test-ngo-ukg", 405),
        ("OPTIONS", "/api/search", 405),
        ("HEAD", "/api/acts/test-order-379", 200),
        ("HEAD", "/api/acts/nobody", 404),
        ("HEAD", "/api/nothing", 404),
    ],
)
def test_errors_are_answered_as_documented(client, method, url, status):
    response = client.open(url, method=method)  # the client checks it against the document
    assert response.status_code == status
    if method == "HEAD":
        assert response.get_data() == b""
    elif status >= 400:
        assert response.get_json()["error"]["status"] == status


def test_a_body_too_large_is_a_documented_413(client):
    response = client.get("/api/search?q=x", data=b"x" * (64 * 1024))
    assert response.status_code == 413 and response.get_json()["error"]["status"] == 413


def test_the_engines_object_with_its_pages_matches_the_search_result_schema(app, engine):
    """The engine's object (what `kb search --json` prints) with each hit's page and edition mark, as the app adds them: the API's
    schema describes it, `notice` of a cut query (which the API refuses, but the search page shows) included."""
    doc = document()
    for query in ("HIV refusal resocialization", "ст. 14 Конституции", "в и на", "HIV " * MAX_QUERY_CHARS):
        with app.test_request_context():
            result = with_article_changes(with_pages(engine.find(query, city="ust-kamenogorsk")))
        assert schema_errors(doc, {"$ref": "#/components/schemas/SearchResult"}, result) == [], query
    assert "notice" in result and schema_errors(doc, {"$ref": "#/components/schemas/SearchResult"}, {**result, "notice": 3})


def _entry_ids(kb: Path, folder: str) -> list[str]:
    return sorted({f.name.split(".")[0] for f in (kb / folder).glob("*.md")})


API_FOLDERS = {"acts": "laws", "cases": "cases", "services": "services"}


@pytest.mark.parametrize("endpoint", API_FOLDERS)
def test_every_fixture_entry_matches_its_schema(auth_app, endpoint):
    anonymous, member = auth_app.test_client(), auth_app.test_client()
    assert sign_in(member).status_code == 303
    for entry_id in _entry_ids(FIXTURE_KB, API_FOLDERS[endpoint]):
        for lang in ("ru", "kk", "en"):
            assert member.get(f"/api/{endpoint}/{entry_id}?lang={lang}").status_code == 200, entry_id
            assert anonymous.get(f"/api/{endpoint}/{entry_id}?lang={lang}").status_code == (404 if "quiet" in entry_id else 200)


def test_yes_no_fields_are_booleans_and_maps_are_decoded(client):
    assert client.get("/api/services/test-ngo-ukg").get_json()["free"] is True
    assert client.get("/api/services/test-aids-east").get_json()["unconfirmed"] is True
    assert client.get("/api/cases/test-damir").get_json()["anonymised"] is True
    act = client.get("/api/acts/test-constitution?lang=en").get_json()
    provision = next(p for p in act["provisions"] if p["local_id"] == "art-14")
    assert act["replacements"] == {"art-14": ["test-constitution-2026/art-14"]}
    assert provision["replaced_by"] == ["test-constitution-2026/art-14"]


# -- the knowledge base we ship ---------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_api(shipped, catalogs):
    """A test client of the web app over the shipped knowledge base (the session's build)."""
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(shipped.data_dir), "KB_DIR": str(REPO / "kb")})
    yield app.test_client()
    app.extensions["kb_engine"].close()


def test_shipped_russian_query_with_a_city_puts_its_contacts_first(shipped_api):
    result = shipped_api.get("/api/search?q=уволили+из-за+ВИЧ&city=almaty&lang=ru").get_json()
    assert result["norms"] and result["cases"] and result["services"][0]["city"] == "almaty"
    assert result["remedies"][0]["id"] == "dismissal" and "fallback" not in result


def test_shipped_kazakh_and_english_queries_find_the_dismissal_ladder(shipped_api):
    for query, lang in (("жұмыстан+шығарды", "kk"), ("fired+because+of+HIV", "en")):
        result = shipped_api.get(f"/api/search?q={query}&lang={lang}").get_json()
        assert result["remedies"][0]["id"] == "dismissal" and result["norms"], query


def test_shipped_citation_is_cited_first(shipped_api):
    norms = shipped_api.get("/api/search?q=ст.+14+Конституции&limit=20").get_json()["norms"]
    assert norms[0]["cited"] is True and "/art-14" in norms[0]["id"]


def test_shipped_repealed_norm_says_what_replaced_it(shipped_api):
    norms = shipped_api.get("/api/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk").get_json()["norms"]
    repealed = next(n for n in norms if n["id"] == "kz-order-379/p-30-sp-2")
    assert repealed["status"] == "repealed" and "kz-order-230/p-1" in repealed["replaced_by"]["provisions"]


def test_shipped_zero_results_offer_the_general_routes(shipped_api):
    result = shipped_api.get("/api/search?q=в+и+на&city=almaty").get_json()
    assert result["norms"] == [] and result["cases"] == [] and result["fallback"] is True
    assert result["services"] and {hit["kind"] for hit in result["services"]} <= GENERAL_ROUTES


def test_shipped_typo_and_everyday_word(shipped_api):
    assert shipped_api.get("/api/search?q=дискриминацея").get_json()["suggestion"] == "дискриминация"
    assert shipped_api.get("/api/search?q=наркоман").get_json()["expanded"]


@pytest.mark.parametrize("endpoint", API_FOLDERS)
def test_every_shipped_entry_matches_its_schema(shipped_api, endpoint):
    ids = _entry_ids(REPO / "kb", API_FOLDERS[endpoint])
    assert ids
    for entry_id in ids:
        assert shipped_api.get(f"/api/{endpoint}/{entry_id}?lang=kk").status_code == 200, entry_id
