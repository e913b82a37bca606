"""Hostile input over HTTP: any parameter, any value, any bytes give a normal answer (200, 400, 404 or a redirect), never 500.

Every parameter the search page, the sheet, the library, the directory and the
API read is given arbitrary Unicode, control characters, operator soup, huge
values, numbers out of range, repeated keys and undecodable bytes.
"""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from indexer.search.query import MAX_QUERY_CHARS

pytestmark = pytest.mark.fuzz

PARAMETERS = [
    "q", "city", "lang", "language", "group", "violation", "kind", "jurisdiction", "limit", "page", "year", "outcome", "speaks", "free", "case", "next",
    "n", "h", "c", "s", "title", "link",
]
OPERATORS = st.sampled_from(
    [
        '"', "-", "AND", "OR", "NOT", "(", ")", "*", "?", "~", "^", ":", "title:", "{", "}", "[", "]", "\\", "/",
        "ст.", "14-бап", "п.", "%", "&", "=", "#", "<", ">", "'", ";--",
    ]
)
VALUES = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(whitelist_categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Mn")), max_size=30),
    st.lists(st.one_of(OPERATORS, st.text(max_size=6)), max_size=30).map(" ".join),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "", " ", "0", "-1", "101", "1e9", "NaN", "None", "null", "[]", "{}", "true", "ru", "kk", "en", "de",
            "ust-kamenogorsk", "plhiv", "test-damir", "٣", "１０",
        ]
    ),
    st.sampled_from(["x" * 100_000, "ВИЧ " * 25_000, '"' * 5_000, "-" * 5_000, "a" * (MAX_QUERY_CHARS + 1)]),
)
QUERY = st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=8)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PAGES = ["/", "/search", "/sheet", "/sheet/new", "/cases", "/services", "/laws", "/about"]
ENTRY_ROUTES = ["/laws/{}", "/laws/test-order-379/{}", "/cases/{}", "/services/{}", "/services/{}.vcf", "/api/acts/{}", "/api/cases/{}", "/api/services/{}"]


def assert_normal(response, allowed):
    assert response.status_code in allowed, response.status_code
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "Internal Server Error" not in body


@FUZZ
@given(params=QUERY)
def test_api_search_answers_200_or_a_json_400(client, params):
    response = client.get("/api/search", query_string=params)
    assert_normal(response, (200, 400))
    assert response.mimetype == "application/json"
    data = response.get_json()
    if response.status_code == 400:
        assert data["error"]["status"] == 400 and data["error"]["message"]
    else:
        assert len(data["query"]) <= MAX_QUERY_CHARS
        assert all(len(data[name]) <= 100 for name in ("norms", "cases", "services"))


@FUZZ
@given(params=QUERY, path=st.sampled_from(PAGES), lang_cookie=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=10))
def test_pages_answer_200_or_400(client, params, path, lang_cookie):
    client.set_cookie("lang", lang_cookie)
    client.set_cookie("city", lang_cookie)
    response = client.get(path, query_string=params, headers={"Accept-Language": lang_cookie or "*"})
    # /sheet/new?case=… of no case is a 404, and so is a page past the end of a browse list (?page=N).
    paged = any(name == "page" for name, _ in params) and path in ("/cases", "/services", "/laws")
    assert_normal(response, (200, 302, 400, 404) if path.startswith("/sheet") or paged else (200, 400))
    if response.status_code == 200 and path in ("/", "/search"):
        # A huge query is cut: the page echoes at most the limit in each of its few places.
        assert len(response.data) < 200_000


@FUZZ
@given(raw=st.binary(max_size=200), path=st.sampled_from(["/search", "/api/search", "/sheet", "/cases", "/services"]))
def test_undecodable_query_strings(client, raw, path):
    """Raw bytes, percent-encoded as a browser or a script might send them (invalid UTF-8 included)."""
    response = client.get(f"{path}?q={quote_from_bytes(raw)}&city={quote_from_bytes(raw[::-1])}&limit={quote_from_bytes(raw[:3])}")
    assert_normal(response, (200, 302, 400))


@FUZZ
@given(
    entry_id=st.one_of(
        st.text(min_size=1, max_size=80), st.sampled_from(["x" * 10_000, "%00", "..", "test-damir\x00", "TEST-DAMIR", "test-damir/../test-outing"])
    ),
    route=st.sampled_from(ENTRY_ROUTES),
)
def test_entry_routes_answer_200_or_404(client, entry_id, route):
    response = client.get(route.format(quote_from_bytes(entry_id.encode("utf-8"), safe="")), follow_redirects=True)
    assert_normal(response, (200, 404))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "x" * (MAX_QUERY_CHARS + 1), f"q is {MAX_QUERY_CHARS + 1} characters long; the limit is {MAX_QUERY_CHARS}"),
        ("q=" + "x" * 100_000, "the limit is 500"),
        ("q=x&limit=101", "limit must be between 1 and 100"),
        ("q=x&limit=100000000000000000000000", "limit must be between 1 and 100"),
        ("q=x&limit=-5", "limit must be between 1 and 100"),
        ("q=x&limit=1.5", "limit must be a whole number"),
    ],
)
def test_api_caps_have_clear_messages(client, query, message):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400 and message in response.get_json()["error"]["message"]


def test_a_long_query_on_the_page_is_cut_and_says_so(client):
    from conftest import page

    soup = page(client.get("/search?lang=en&q=" + "ВИЧ+" * 25_000))
    assert soup.select_one("p.notice").get_text() == "Your query was cut to 500 characters."
    assert len(soup.select_one("input#q")["value"]) == MAX_QUERY_CHARS
    # Links keep at most the cut query (percent-encoded Cyrillic: 6 bytes a letter), not the 100 KB sent.
    assert max(len(a["href"]) for a in soup.select("a[href]")) < 8 * MAX_QUERY_CHARS


@FUZZ
@given(form=st.dictionaries(st.sampled_from(["name", "password", "csrf", "next", "q"]), VALUES, max_size=4), token=st.booleans(), nxt=VALUES)
def test_the_sign_in_form_answers_without_a_500(auth_app, form, token, nxt):
    client = auth_app.test_client()
    if token:
        from conftest import page

        form["csrf"] = page(client.get("/sign-in")).select_one("input[name=csrf]")["value"]
    response = client.post("/sign-in", data=form, query_string={"next": nxt})
    assert_normal(response, (303, 400, 401, 413, 429))
