"""The JSON API: the search contract, entries, the OpenAPI description and JSON errors."""

import pytest
from conftest import LANGUAGES

LISTS = ("norms", "cases", "services", "remedies")
APP_FIELDS = ("url", "article_change")


def without_timing(result):
    """The search object without its time, and without what the app adds to each hit (its page, the edition mark)."""
    return {k: [{f: x for f, x in hit.items() if f not in APP_FIELDS} for hit in v] if k in LISTS else v for k, v in result.items() if k != "took_ms"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_returns_the_engine_object(client, engine, lang):
    response = client.get(f"/api/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang={lang}&limit=3")
    assert response.status_code == 200 and response.mimetype == "application/json"
    expected = engine.search("HIV refusal resocialization", city="ust-kamenogorsk", lang=lang, limit=3)
    assert without_timing(response.get_json()) == without_timing(expected)


def test_every_hit_has_the_address_of_its_page(client):
    """The engine's hits carry no addresses; the app adds each one's page, and each page opens."""
    pages = {"norms": lambda h: f"/laws/{h['act']}/{h['id'].split('/', 1)[1]}", "cases": lambda h: f"/cases/{h['id']}",
             "services": lambda h: f"/services/{h['id']}", "remedies": lambda h: f"/remedies/{h['id']}"}
    found = []
    for query in ("HIV refusal resocialization", "омбудсмен", "ВИЧ"):
        result = client.get(f"/api/search?q={query}&city=ust-kamenogorsk").get_json()
        found += [(name, hit) for name in LISTS for hit in result[name]]
    assert {name for name, _ in found} >= {"norms", "cases", "services"}
    for name, hit in found:
        assert hit["url"] == pages[name](hit), (name, hit["id"])
        assert client.get(hit["url"]).status_code == 200, hit["url"]


def test_search_takes_the_filters(client, engine):
    result = client.get("/api/search?q=woman&violation=outing").get_json()
    assert [c["id"] for c in result["cases"]] == ["test-outing"]
    assert without_timing(result) == without_timing(engine.search("woman", filters={"violation": "outing"}))


def test_search_does_not_set_cookies(client):
    assert "Set-Cookie" not in client.get("/api/search?q=HIV&lang=kk").headers


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "q is required"), ("q=x&limit=0", "between 1 and 100"), ("q=x&limit=many", "whole number"), ("q=x&lang=de", "lang must be one of"),
     ("q=x&group=" + "x" * 65, "a filter is a vocabulary key of at most 64")],
)
def test_bad_parameters_are_json_400(client, query, message):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == 400 and message in error["message"]


def test_act_with_provisions(client):
    act = client.get("/api/acts/test-order-379?lang=en").get_json()
    assert act["id"] == "test-order-379" and act["lang"] == "en" and act["langs"] == ["ru", "en"]
    assert [p["id"] for p in act["provisions"]] == ["test-order-379/p-30", "test-order-379/p-30-sp-2"]
    assert act["provisions"][1]["cited_in"] == 1 and "379" in act["provisions"][1]["citation"]
    assert act["provisions"][1]["url"] == "/laws/test-order-379/p-30-sp-2"
    assert "path" not in act and act["kb_file"] == "laws/test-order-379.en.md"


def test_case_with_links(client):
    case = client.get("/api/cases/test-damir").get_json()
    assert case["outcome"] == "resolved" and case["groups"] == ["plhiv", "prisoners"]
    assert [c["url"] for c in case["cited"]] == ["/laws/test-order-379/p-30-sp-2", "/laws/test-constitution/art-14"]
    assert case["involved"] == [{"id": "test-ombudsman", "name": "Уполномоченный по правам человека в Республике Казахстан", "url": "/services/test-ombudsman"}]


def test_service(client):
    service = client.get("/api/services/test-ngo-ukg").get_json()
    assert service["phones"] == ["+7 7232 000 001", "+7 7232 000 002"] and service["lat"] == 49.9483
    assert service["vcard"] == "/services/test-ngo-ukg.vcf"


@pytest.mark.parametrize("url", ["/api/acts/nope", "/api/cases/nope", "/api/services/nope", "/api/nothing-here"])
def test_unknown_ids_are_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["error"]["status"] == 404


def test_wrong_method_is_json_405(client):
    response = client.post("/api/search?q=x")
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405


def test_openapi_describes_every_route(client, app):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    api_rules = {
        r.rule.replace("<act_id>", "{id}").replace("<case_id>", "{id}").replace("<service_id>", "{id}")
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/")
    }
    assert api_rules == set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert names == {"q", "city", "lang", "limit", "group", "violation", "kind", "language", "jurisdiction"}
