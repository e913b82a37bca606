"""The browse pages at scale: the case library and the directory come a page at a time, filtered in SQL,
refuse unknown filter values, stay under the page budget and keep memory bounded under a flood of filters.

Over a knowledge base of a few hundred entries from the benchmark's generator, built for real.
"""

from __future__ import annotations

import gc
import re
import tracemalloc
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, cached_build, page

from bench.run import cached_kb

SCALE = 4  # about 200 case and 200 service rows, 800 provision rows
MAX_BYTES = 60 * 1024  # the page budget of tests/test_html_quality.py


@pytest.fixture(scope="module")
def generated(request, tmp_path_factory):
    """(kb, data) of a generated knowledge base, built (both kept in pytest's cache while the generator and the kb are unchanged)."""
    cache = getattr(request.config, "cache", None)
    kb, _ = cached_kb(cache.mkdir("browse-kb") if cache is not None else tmp_path_factory.mktemp("browse-kb"), SCALE, seed=3)
    return kb, cached_build(request.config, tmp_path_factory, "browse-kb-data", kb)


@pytest.fixture(scope="module")
def big_app(generated, catalogs):
    from app import create_app

    kb, data = generated
    application = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(kb)})
    yield application
    application.extensions["kb_engine"].close()


@pytest.fixture
def big(big_app):
    return big_app.test_client()


def listed(soup: BeautifulSoup, path: str) -> list[str]:
    """The entry ids a list page shows, in order (case lines, or contact cards of both sections)."""
    selector = "li.case-item" if path.startswith("/cases") else "article.card"
    return [item["data-id"] for item in soup.select(f"main {selector}")]


def walk(client, path: str) -> list[list[str]]:
    """Every page of a list, following its "next" links from the first: the ids of each page."""
    pages, url = [], path
    while url:
        soup = page(client.get(url))
        pages.append(listed(soup, path))
        following = soup.select_one("nav.pager a[rel=next]")
        url = following["href"] if following else None
        assert len(pages) < 50, "the pager does not end"
    return pages


@pytest.mark.parametrize("path", ["/cases?lang=en", "/services?lang=kk"])
def test_each_page_continues_the_last_and_together_they_are_the_whole_list(big_app, big, path):
    import app.cases
    import app.services
    from indexer.catalog import Catalog

    size = (app.cases if path.startswith("/cases") else app.services).PAGE_SIZE
    pages = walk(big, path)
    catalog = Catalog(big_app.extensions["kb_engine"])
    lang = parse_qs(urlsplit(path).query)["lang"][0]
    whole = [e["id"] for e in (catalog.cases(lang) if path.startswith("/cases") else catalog.services(lang))]
    assert len(pages) == -(-len(whole) // size) >= 3
    assert all(len(ids) == size for ids in pages[:-1])
    assert [i for ids in pages for i in ids] == whole  # page 2 starts where page 1 ended; nothing twice, nothing lost


def test_pages_of_a_filtered_list_keep_the_filters(big_app, big, monkeypatch):
    import app.cases

    monkeypatch.setattr(app.cases, "PAGE_SIZE", 5)
    from indexer.catalog import Catalog

    catalog = Catalog(big_app.extensions["kb_engine"])
    group, count = Counter(g for c in catalog.cases("ru") for g in c["groups"]).most_common(1)[0]
    assert count > 10
    pages = walk(big, f"/cases?group={group}&lang=ru")
    assert [i for ids in pages for i in ids] == [c["id"] for c in catalog.cases("ru", group=group)]
    second = page(big.get(f"/cases?group={group}&lang=ru&page=2"))
    assert parse_qs(urlsplit(second.select_one("nav.pager a[rel=prev]")["href"]).query) == {"group": [group], "page": ["1"]}
    assert second.select_one("select[name=group] option[selected]")["value"] == group
    # The count is of every match (and of every case), not of this page.
    assert re.findall(r"\d+", second.select_one("p.count").get_text()) == [str(count), str(len(catalog.cases("ru")))]


def test_a_city_lists_its_own_contacts_then_the_region_across_pages(big_app, big, monkeypatch):
    import app.services

    monkeypatch.setattr(app.services, "PAGE_SIZE", 4)
    from indexer.catalog import Catalog

    catalog = Catalog(big_app.extensions["kb_engine"])
    city, _ = Counter(s["city"] for s in catalog.services("en") if s["city"] != "national").most_common(1)[0]
    shown = [i for ids in walk(big, f"/services?city={city}&lang=en") for i in ids]
    own = [s["id"] for s in catalog.services("en", city=city)]
    assert shown[:len(own)] == own and len(shown) > len(own)
    others = {s["id"]: s["city"] for s in catalog.services("en")}
    assert all(others[i] != city for i in shown[len(own):])
    assert "national" in {others[i] for i in shown[len(own):]}


@pytest.mark.parametrize("path", ["/cases", "/services", "/services?kind=lawyer&free=1"])
def test_a_page_past_the_end_is_a_404_that_says_how_many_there_are(big, path):
    sep = "&" if "?" in path else "?"
    last = len(walk(big, f"{path}{sep}lang=en"))
    assert big.get(f"{path}{sep}lang=en&page={last}").status_code == 200
    response = big.get(f"{path}{sep}lang=en&page={last + 1}")
    assert response.status_code == 404
    problem = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("p.problem").get_text()
    assert problem == f"There is no page {last + 1}: this list has {last} page{'s' if last > 1 else ''}."
    for value in ("2x", "0"):  # not a page number at all: the request is wrong, not the list short
        not_a_number = big.get(f"{path}{sep}lang=en&page={value}")
        assert not_a_number.status_code == 400
        assert f"“{value}” is not a page number" in not_a_number.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/cases?group=nobody", "Group"), ("/cases?violation=theft-of-bikes", "Violation"), ("/cases?outcome=won", "Outcome"),
        ("/cases?year=20x4", "Year"), ("/cases?city=atlantis", "City"), ("/services?city=atlantis", "City"),
        ("/services?kind=wizard", "Kind of contact"), ("/services?group=nobody", "Friendly to"), ("/services?speaks=Klingon", "Works in"),
    ],
)
def test_an_unknown_filter_value_is_refused_with_a_message_naming_it(big, path, field):
    response = big.get(f"{path}&lang=en")
    assert response.status_code == 400
    value = path.split("=")[1]
    problem = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("main p.problem").get_text()
    assert problem == f"{field}: “{value}” is not one of the choices. Pick one from the list or clear the filters."


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_refusal_is_in_the_interface_language(big, lang):
    problem = BeautifulSoup(big.get(f"/services?kind=wizard&lang={lang}").get_data(as_text=True), "html.parser").select_one("p.problem")
    text = problem.get_text()
    assert "wizard" in text and "is not one of the choices" not in text


def test_a_very_long_filter_value_is_cut_in_the_message(big):
    response = big.get("/cases?lang=en&group=" + "x" * 5000)
    assert response.status_code == 400 and len(response.data) < MAX_BYTES
    problem = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("p.problem").get_text()
    assert f"“{'x' * 64}…”" in problem


def test_no_browse_page_outgrows_the_page_budget(big_app, big):
    from indexer.catalog import Catalog

    catalog = Catalog(big_app.extensions["kb_engine"])
    cities = [city for city, _ in Counter(s["city"] for s in catalog.services("ru")).most_common(5)]
    acts = [a["id"] for a in catalog.acts("ru")]
    paths = ["/laws", *(f"/laws/{act}" for act in acts), *(f"/services?city={city}" for city in cities), "/cases?violation=outing"]
    for lang in LANGUAGES:
        weights = {f"{path}&lang={lang}" if "?" in path else f"{path}?lang={lang}": 0 for path in paths}
        for url in list(weights):
            response = big.get(url)
            assert response.status_code == 200, url
            weights[url] = len(response.data)
        for listing in ("/cases", "/services"):
            for number in range(1, len(walk(big, f"{listing}?lang={lang}")) + 1):
                url = f"{listing}?lang={lang}&page={number}"
                weights[url] = len(big.get(url).data)
        assert max(weights.values()) < MAX_BYTES, max(weights, key=weights.get)
    assert len(acts) > 10


@pytest.mark.slow  # 1,500 requests under tracemalloc; test_search.py bounds the filter cache in the fast loop
def test_a_flood_of_distinct_filters_keeps_memory_bounded(big_app, big):
    """Hundreds of distinct filter values, refused or valid, leave no trace in memory: nothing is kept per value."""
    from indexer.catalog import Catalog

    catalog = Catalog(big_app.extensions["kb_engine"])
    places = [p for p in catalog.vocab()["places"] if p != "national"]
    kinds = list(catalog.vocab()["service_kinds"])
    valid = [f"/services?city={p}&kind={k}" for p in places for k in kinds][:600]
    refused = [f"/cases?group=g{n}" for n in range(300)] + [f"/services?speaks=x{n}" for n in range(300)]

    def flood(urls):
        for url in urls:
            assert big.get(url).status_code in (200, 400), url

    # Warm: every listing, label and template is loaded now. What a build or a language loads once (a
    # listing, a compiled template) may still arrive during the first measured half, after other tests
    # used the process; the second half of distinct values must then add nothing.
    flood(valid[:100] + refused[:100])
    gc.collect()
    tracemalloc.start()
    try:
        flood(valid[100:350] + refused[100:350])
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        flood(valid[350:] + refused[350:])
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(valid) == 600 and len(refused) == 600
    assert grown < 256 * 1024, f"{grown} bytes kept after 500 more distinct filters"
    # The search keeps a filter mask per distinct filter, but at most 64 of them.
    assert len(places) > 64
    for place in places:
        assert big.get(f"/search?q=право&city={place}").status_code == 200
    assert 0 < len(big_app.extensions["kb_engine"].snapshot()._docsets) <= 64


def test_a_long_act_comes_in_parts_that_together_hold_every_provision(big_app, big):
    from indexer.catalog import Catalog

    catalog = Catalog(big_app.extensions["kb_engine"])
    longest = max(catalog.acts("ru"), key=lambda a: a["provision_count"])
    whole = [p["local_id"] for p in catalog.act(longest["id"], "ru")["provisions"]]
    parts = []
    url = f"/laws/{longest['id']}?lang=ru"
    while url:
        soup = page(big.get(url))
        assert len(soup.decode().encode()) < MAX_BYTES
        parts.append([s["id"] for s in soup.select("section.provision")])
        assert [a["href"][1:] for a in soup.select("nav.toc a")] == parts[-1]  # the contents list this part
        following = soup.select_one("nav.pager a[rel=next]")
        url = following["href"] if following else None
    assert len(parts) > 1 and [i for part in parts for i in part] == whole
    # A provision's permalink leads back to the part that holds it.
    last = parts[-1][0]
    context = page(big.get(f"/laws/{longest['id']}/{last}?lang=ru")).select_one(f"main a[href$='#{last}']")["href"]
    assert parse_qs(urlsplit(context).query)["page"] == [str(len(parts))]
    assert big.get(f"/laws/{longest['id']}?lang=ru&page={len(parts) + 1}").status_code == 404


def test_the_laws_index_lists_a_few_acts_per_kind_and_pages_through_a_kind(big_app, big, monkeypatch):
    import app.laws
    from indexer.catalog import Catalog

    monkeypatch.setattr(app.laws, "PER_KIND", 3)
    monkeypatch.setattr(app.laws, "PAGE_SIZE", 4)
    catalog = Catalog(big_app.extensions["kb_engine"])
    laws = [a["id"] for a in catalog.acts("en") if a["kind"] == "law"]
    index = page(big.get("/laws?lang=en"))
    assert [li["data-id"] for li in index.select("section[aria-labelledby=kind-law] li")] == laws[:3]
    more = index.select_one("section[aria-labelledby=kind-law] p.more a")
    assert more["href"] == "/laws?kind=law" and str(len(laws)) in more.get_text()
    pages = walk_acts(big, more["href"] + "&lang=en")
    assert [i for ids in pages for i in ids] == laws and all(len(ids) == 4 for ids in pages[:-1])
    assert big.get("/laws?kind=statute&lang=en").status_code == 400


def walk_acts(client, url: str) -> list[list[str]]:
    pages = []
    while url:
        soup = page(client.get(url))
        pages.append([li["data-id"] for li in soup.select("ul.entries li[data-id]")])
        following = soup.select_one("nav.pager a[rel=next]")
        url = following["href"] if following else None
    return pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_provision_of_a_long_act_links_to_the_part_that_shows_it(big_app, big, lang):
    from indexer.catalog import Catalog

    catalog = Catalog(big_app.extensions["kb_engine"])
    longest = max(catalog.acts(lang), key=lambda a: a["provision_count"])
    parts = {}
    for provision in catalog.act(longest["id"], lang)["provisions"]:
        local_id = provision["local_id"]
        link = page(big.get(f"/laws/{longest['id']}/{local_id}?lang={lang}")).select_one(f"main a[href$='#{local_id}']")["href"]
        url = link.split("#")[0]
        if url not in parts:
            parts[url] = page(big.get(url + ("&" if "?" in url else "?") + f"lang={lang}"))
        assert parts[url].select_one(f"section.provision#{local_id}"), (lang, local_id, url)
    assert len(parts) > 1


def test_switching_language_on_a_later_part_of_an_act_never_leads_to_a_missing_page(big_app, big):
    """Each language version is cut into its own parts: the language links lead to the first part."""
    from indexer.catalog import Catalog

    catalog = Catalog(big_app.extensions["kb_engine"])
    longest = max((a for a in catalog.acts("ru") if len(a["langs"]) > 1), key=lambda a: a["provision_count"])
    parts = catalog.act(longest["id"], "ru", part=1)["part"].pages
    soup = page(big.get(f"/laws/{longest['id']}?lang=ru&page={parts}"))
    links = [a["href"] for a in soup.select("header nav a[hreflang], p.versions a, link[rel=alternate]")]
    assert len(links) >= 3
    for link in links:
        assert "page=" not in link and big.get(link).status_code == 200, link
