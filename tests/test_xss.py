"""XSS: payloads in every displayed field and body of every kind, and in every parameter, never render executable.

A knowledge base is built from the fixture with the payloads of tests/xss.py in
every displayed front-matter string, every Markdown body and heading, every
vocabulary label and kb/README.md. Every page it gives (anonymous and signed
in, in every language) is parsed with an HTML parser and searched for scripts,
event handlers, javascript:/data: URLs, frames, plugins and styles.
"""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_KB, sign_in
from xss import PAYLOADS, executable_forms, hostile_kb

from app.search import MAX_FILTER_CHARS
from app.sheet_content import case_ref
from indexer.build import build

pytestmark = pytest.mark.fuzz

START = [
    "/",
    "/search?q=script+alert+xss",
    "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk",
    "/search?q=zhasyryn",
    "/search?q=Order+379+paragraph+30",
    "/laws",
    "/cases",
    "/cases?group=plhiv",
    "/services",
    "/services?city=ust-kamenogorsk",
    "/sheet/new?n=test-constitution-2026/art-14&n=test-constitution/art-14&c=test-damir&s=test-ngo-ukg&city=ust-kamenogorsk",
    "/sheet/new?case=test-damir",
    f"/sheet?n=test-constitution-2026/art-14&h=test-constitution/art-14&c={case_ref('test-damir')}&s=test-ngo-ukg&s=test-ombudsman&link=1",
    "/about",
    "/about/kb-format",
    "/no/such/page",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, catalogs, accounts_file):
    """The web app over the fixture knowledge base with payloads everywhere."""
    from app import create_app

    root = tmp_path_factory.mktemp("xss")
    kb = hostile_kb(FIXTURE_KB, root / "kb")
    (kb / "README.md").write_text("# Format\n\n" + "\n\n".join(PAYLOADS), encoding="utf-8")
    result = build(kb, root / "data")
    assert not result.problems.errors, [str(p) for p in result.problems.errors]
    app = create_app({"TESTING": True, "DATA_DIR": str(root / "data"), "KB_DIR": str(kb), "ACCOUNTS_FILE": str(accounts_file)})
    yield app
    app.extensions["kb_engine"].close()


def crawl(client, lang: str) -> tuple[dict[str, list[str]], dict[str, object]]:
    """Every page reachable from START by links in one language: the problems per HTML page, and the other answers."""
    client.get(f"/?lang={lang}")
    problems: dict[str, list[str]] = {}
    others: dict[str, object] = {}
    queue = list(START)
    while queue and len(problems) + len(others) < 150:
        url = queue.pop(0)
        if url in problems or url in others:
            continue
        response = client.get(url)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        if response.mimetype != "text/html":
            others[url] = response
            continue
        text = response.get_data(as_text=True)
        assert "SECRET_KEY" not in text and "&lt;Config" not in text, url
        soup = BeautifulSoup(text, "html.parser")
        problems[url] = executable_forms(soup)
        for a in soup.select("a[href]"):
            parts = urlsplit(a["href"])
            # Other interface languages are other crawls; sign-in links lead off the content.
            if not parts.netloc and parts.path.startswith("/") and not parts.path.startswith(("/static/", "/sign-")) and "lang=" not in parts.query:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return problems, others


def test_the_payloads_are_many_and_reach_every_field(hostile):
    assert len(PAYLOADS) >= 40
    client = hostile.test_client()
    act = client.get("/api/acts/test-order-379?lang=en").get_json()
    assert "<script>window.__xss=1</script>" in act["title"] and "onerror" in act["provisions"][0]["title"]
    service = client.get("/api/services/test-ngo-ukg").get_json()
    assert "<script>" in service["name"] and "<script>" in service["address"] and "onload" in service["email"]
    assert "<script>" in client.get("/api/cases/test-damir?lang=en").get_json()["title"]


@pytest.mark.parametrize(("lang", "who"), [("en", "anonymous"), ("kk", "anonymous"), ("ru", "signed-in")])
def test_no_page_carries_a_payload_in_executable_form(hostile, lang, who):
    client = hostile.test_client()
    if who == "signed-in":
        assert sign_in(client).status_code == 303
    problems, others = crawl(client, lang)
    assert len(problems) > 40
    assert {url: found for url, found in problems.items() if found} == {}
    for url, response in others.items():
        # vCards and JSON are never sniffed as HTML.
        assert response.mimetype in ("text/vcard", "application/json"), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_browser_grade_parser_agrees(hostile):
    """html5lib parses as browsers do (mis-nested tags, foreign content): one page of each kind."""
    client = hostile.test_client()
    assert sign_in(client).status_code == 303
    urls = [
        "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang=en",
        "/laws/test-order-379?lang=en",
        "/laws/test-order-379/p-30-sp-2?lang=ru",
        "/cases?lang=kk",
        "/cases/test-damir?lang=en",
        "/services?city=ust-kamenogorsk",
        "/services/test-ngo-ukg",
        "/services/test-quiet-doctor",
        "/sheet/new?case=test-damir&lang=en",
        f"/sheet?n=test-constitution-2026/art-14&h=test-constitution/art-14&c={case_ref('test-damir')}&s=test-ngo-ukg&s=test-ombudsman&link=1&lang=kk",
        "/about/kb-format",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert executable_forms(response.get_data(as_text=True), "html5lib") == [], url


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payloads_in_parameters_are_not_reflected_executable(hostile, payload):
    client = hostile.test_client()
    key = payload[:MAX_FILTER_CHARS]  # a longer filter value is refused with a 400 that does not quote it
    for url, params in [
        ("/search", {"q": payload, "city": payload, "group": key, "lang": "en"}),
        ("/search", {"q": "zzqqxx " + payload}),  # "nothing found for …" quotes the query
        ("/search", {"q": "HIV", "violation": payload + "x" * MAX_FILTER_CHARS}),
        ("/sheet/new", {"n": ["test-constitution-2026", payload], "c": payload, "s": payload, "city": payload, "title": key}),
        ("/sheet", {"n": ["test-constitution-2026", payload], "h": payload, "c": payload, "s": payload, "title": key, "city": payload, "link": "1"}),
        ("/cases", {"group": payload, "year": payload, "city": payload}),
        ("/services", {"city": payload, "speaks": payload, "free": payload}),
        (f"/cases/{payload.replace('/', '%2F').replace('#', '%23').replace('?', '%3F')}", {}),
    ]:
        response = client.get(url, query_string=params)
        # Unknown filter values are refused with a 400 (which must not run the payload either).
        assert response.status_code in ((400,) if "violation" in params else (200, 400, 404)), (url, response.status_code)
        assert executable_forms(response.get_data(as_text=True), "html.parser") == [], (url, payload)
    api = client.get("/api/search", query_string={"q": payload[:500]})
    assert api.mimetype == "application/json" and api.headers["X-Content-Type-Options"] == "nosniff"
