"""Entries marked `visibility: internal` reach signed-in REActors only.

The fixture has an internal service (a doctor who helps quietly), an internal
case citing public provisions and the doctor, and an internal act cited by a
public case. No anonymous answer, on any route, in any language, may show,
count, link or spell any of them.
"""

from urllib.parse import unquote_plus, urlsplit

import lxml.html
import pytest
from conftest import INTERNAL_MARKERS, LANGUAGES, PASSWORD, page
from sheets import sheet_address

from app.sheet_content import case_ref
from indexer.catalog import Catalog

# Every kind of anonymous route, with queries and filters that would find the internal entries.
START = [
    "/",
    "/search?q=zhasyryn",
    "/search?q=zhasyrin",  # a typo: "did you mean" must not spell the internal word
    "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk",
    "/search?q=врач+ВИЧ+ресоциализация&city=ust-kamenogorsk&kind=aids-centre",
    "/search?q=%2B7+7232+999+111",
    "/search?q=п.+1+памятки",
    "/search?q=doctor+quietly&group=plhiv&violation=discrimination",
    "/laws",
    "/laws/test-quiet-memo",
    "/laws/test-quiet-memo/p-1",
    "/laws/test-order-379",
    "/laws/test-order-379/p-30-sp-2",
    "/laws/test-constitution/art-14",
    "/cases",
    "/cases?city=ust-kamenogorsk",
    "/cases?year=2024",
    "/cases?group=plhiv&violation=discrimination&outcome=resolved",
    "/cases/test-quiet-case",
    "/cases/test-damir",
    "/services",
    "/services?city=ust-kamenogorsk",
    "/services?city=ridder&kind=aids-centre",
    "/services?group=lgbtiq",
    "/services?speaks=ru&free=1",
    "/services/test-quiet-doctor",
    "/services/test-quiet-doctor.vcf",
    "/services/test-ombudsman",
    "/sheet/new?n=test-quiet-memo/p-1&n=test-constitution/art-14&c=test-quiet-case&c=test-damir&s=test-quiet-doctor&s=test-ombudsman",
    "/sheet/new?case=test-damir&city=ust-kamenogorsk",
    "/sheet/new?case=test-quiet-case",
    f"/sheet?n=test-quiet-memo/p-1&n=test-constitution-2026&c={case_ref('test-quiet-case')}&c={case_ref('test-damir')}&s=test-quiet-doctor&s=test-ngo-ukg&link=1",
    "/about",
    "/api/search?q=zhasyryn",
    "/api/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&limit=100",
    "/api/search?q=zhasyrin",
    "/api/acts/test-quiet-memo",
    "/api/acts/test-order-379",
    "/api/acts/test-constitution",
    "/api/cases/test-quiet-case",
    "/api/cases/test-damir",
    "/api/services/test-quiet-doctor",
    "/api/services/test-ombudsman",
    "/api/openapi.json",
    "/sitemap.xml",
    "/robots.txt",
]
INTERNAL_URLS = [
    "/laws/test-quiet-memo",
    "/laws/test-quiet-memo/p-1",
    "/cases/test-quiet-case",
    "/services/test-quiet-doctor",
    "/services/test-quiet-doctor.vcf",
    "/sheet/new?case=test-quiet-case",
    "/api/acts/test-quiet-memo",
    "/api/cases/test-quiet-case",
    "/api/services/test-quiet-doctor",
]


def leaks(text: str, url: str = "") -> list[str]:
    """The internal markers in an answer, except those the request itself carried (a query or id is echoed back)."""
    lowered, asked = text.casefold(), unquote_plus(url).casefold()
    return [m for m in INTERNAL_MARKERS if m.casefold() in lowered and m.casefold() not in asked]


def crawl(client, lang: str) -> dict[str, str]:
    """Every page reachable from START by links and forms' plain links, in one language: url → text."""
    client.get(f"/?lang={lang}")
    seen: dict[str, str] = {}
    queue = list(START)
    while queue:
        url = queue.pop()
        if url in seen or len(seen) > 400:
            continue
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        text = response.get_data(as_text=True)
        seen[url] = text + "\n" + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        if response.mimetype == "text/html":
            # lxml's own tree, not BeautifulSoup over it: the same parser and links in a fifth of the time.
            for href in lxml.html.fromstring(text).xpath("//a/@href"):
                parts = urlsplit(href)
                if not parts.netloc and parts.path.startswith("/") and not parts.path.startswith("/static/"):
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.mark.parametrize(
    ("lang", "with_accounts"),
    [(lang, True) for lang in LANGUAGES] + [("ru", False)],
    ids=[f"sign-in-offered-{lang}" for lang in LANGUAGES] + ["no-accounts-ru"],
)
def test_no_anonymous_answer_reveals_an_internal_entry(request, lang, with_accounts):
    app = request.getfixturevalue("auth_app" if with_accounts else "app")
    pages = crawl(app.test_client(), lang)
    assert len(pages) > 60
    leaked = {url: found for url, text in pages.items() if (found := leaks(text, url))}
    assert leaked == {}


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_internal_entries_are_not_found_anonymously(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert not leaks(response.get_data(as_text=True), url)


def test_anonymous_counts_and_citations_leave_internal_entries_out(client):
    counts = {dd["data-count"]: dd.get_text() for dd in page(client.get("/about?lang=en")).select("dl.stats dd")}
    assert counts == {"acts": "3", "provisions": "5", "cases": "2", "services": "4"}
    act = client.get("/api/acts/test-order-379").get_json()
    # The internal case cites p-30-sp-2 too: anonymously it is cited in one case, not two.
    assert [(p["local_id"], p["cited_in"]) for p in act["provisions"]] == [("p-30", 0), ("p-30-sp-2", 1)]
    provision = page(client.get("/laws/test-order-379/p-30-sp-2?lang=en"))
    assert provision.select_one("section#cases h2").get_text(strip=True) == "Cited in 1 case"
    case = client.get("/api/cases/test-damir?lang=en").get_json()
    assert [c["ref"] for c in case["cited"]] == ["test-order-379/p-30-sp-2", "test-constitution/art-14"]
    assert [s["id"] for s in case["involved"]] == ["test-ombudsman"]
    assert [s["id"] for s in client.get("/api/services/test-ombudsman").get_json()["cases"]] == ["test-damir"]


def test_the_search_engine_leaves_internal_entries_out_unless_asked(engine):
    for query in ("zhasyryn", "HIV refusal resocialization", "врач ВИЧ ресоциализация"):
        anonymous = engine.search(query, city="ust-kamenogorsk", limit=100)
        found = {hit["id"] for name in ("norms", "cases", "services") for hit in anonymous[name]}
        assert not {i for i in found if "quiet" in i}, query
    assert engine.search("zhasyrin")["suggestion"] is None
    inside = engine.search("zhasyryn", internal=True)
    # First; the ombudsman the discrimination ladder's first step turns to follows it.
    assert [h["id"] for h in inside["services"]] == ["test-quiet-doctor", "test-ombudsman"]
    assert [h["id"] for h in inside["cases"]] == ["test-quiet-case"]
    assert inside["norms"][0]["id"] == "test-quiet-memo/p-1"


def test_the_catalog_filters_by_visibility(engine):
    public, internal = Catalog(engine), Catalog(engine, internal=True)
    assert public.service("test-quiet-doctor", "ru") is None and public.case("test-quiet-case", "en") is None
    assert public.act("test-quiet-memo", "ru") is None and public.provision("test-quiet-memo", "p-1", "ru") is None
    assert "test-quiet-doctor" not in {s["id"] for s in public.services("ru")}
    assert "counts" not in public.meta() and public.internal_ids() == set()
    assert internal.service("test-quiet-doctor", "ru")["cases"][0]["id"] in ("test-quiet-case", "test-damir")
    assert internal.counts() == {"acts": 4, "provisions": 6, "cases": 3, "services": 5}
    assert internal.cited_counts("test-order-379") == {"test-order-379/p-30-sp-2": 2}
    assert internal.internal_ids() == {"test-quiet-memo/p-1", "test-quiet-case", "test-quiet-doctor"}
    assert [link["ref"] for link in internal.case("test-damir", "en")["cited"]][-1] == "test-quiet-memo/p-1"


def test_a_signed_in_reactor_sees_internal_entries_marked(member):
    soup = page(member.get("/services?city=ust-kamenogorsk&lang=en"))
    card = soup.select_one("section#directory article.card[data-id=test-quiet-doctor]")
    assert card and "Internal: do not share" in card.get_text()
    soup = page(member.get("/search?q=zhasyryn&lang=en"))
    hit = soup.select_one("section#services article[data-id=test-quiet-doctor]")
    assert hit and hit.select_one(".badge.internal")
    assert page(member.get("/cases/test-quiet-case?lang=en")).select_one(".badge.internal")
    assert page(member.get("/laws/test-quiet-memo/p-1?lang=ru")).select_one(".badge.internal")
    counts = {dd["data-count"]: dd.get_text() for dd in page(member.get("/about?lang=en")).select("dl.stats dd")}
    assert counts == {"acts": "4", "provisions": "6", "cases": "3", "services": "5"}
    assert member.get("/api/services/test-quiet-doctor").get_json()["phones"] == ["+7 7232 999 111"]
    assert "zhasyryn" in member.get("/services/test-quiet-doctor.vcf").get_data(as_text=True)
    assert [c["ref"] for c in member.get("/api/cases/test-damir?lang=en").get_json()["cited"]][-1] == "test-quiet-memo/p-1"
    api = member.get("/api/search?q=zhasyryn").get_json()
    assert [h["id"] for h in api["services"]] == ["test-quiet-doctor", "test-ombudsman"]


@pytest.mark.parametrize("query", ["zhasyryn doctor HIV", "HIV refusal resocialization", "врач ВИЧ ресоциализация"])
def test_the_referral_sheet_never_holds_internal_entries(member, query):
    """The sheet goes to the client and its address reproduces it for anyone: internal contacts are passed on in person."""
    results = page(member.get("/search", query_string={"q": query, "city": "ust-kamenogorsk", "lang": "en"}))
    assert results.select(".badge.internal"), "the signed-in REActor does see internal entries in the results"
    href = results.select_one(".sheet-link a")["href"]
    builder = page(member.get(href))
    assert "Internal entries are not offered" in builder.select_one(".note").get_text()
    sheet = page(member.get(sheet_address(builder, tick_all=True, link="1")))
    assert sheet.select("article.sheet li[data-id]")
    for where, text in (("link", href), ("builder", str(builder)), ("sheet", str(sheet))):
        assert not leaks(text), where
    assert member.get("/sheet/new?case=test-quiet-case").status_code == 404


def test_signing_out_hides_them_again(auth_app):
    from conftest import sign_in

    client = auth_app.test_client()
    assert sign_in(client).status_code == 303
    assert client.get("/services/test-quiet-doctor").status_code == 200
    token = page(client.get("/")).select_one("form.account input[name=csrf]")["value"]
    assert client.post("/sign-out", data={"csrf": token}).status_code == 303
    assert client.get("/services/test-quiet-doctor").status_code == 404


def test_a_forged_or_foreign_session_sees_nothing_internal(auth_app, built_data, accounts_file, catalogs):
    from app import create_app

    other = create_app({"TESTING": True, "DATA_DIR": str(built_data), "ACCOUNTS_FILE": str(accounts_file), "SECRET_KEY": "another server"})
    outsider = other.test_client()
    from conftest import sign_in

    assert sign_in(outsider, password=PASSWORD).status_code == 303
    cookie = outsider.get_cookie("kb_session")
    other.extensions["kb_engine"].close()
    client = auth_app.test_client()
    client.set_cookie("kb_session", cookie.value)
    assert client.get("/services/test-quiet-doctor").status_code == 404
