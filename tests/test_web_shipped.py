"""The web app over the knowledge base we ship: every page renders, stays small and links only to pages that exist."""

import zlib
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO

MAX_BYTES = 60 * 1024
START = ["/", "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk", "/laws", "/cases", "/services", "/about"]


@pytest.fixture(scope="module")
def client(shipped_data, catalogs):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(shipped_data), "KB_DIR": str(REPO / "kb")})
    yield app.test_client()
    app.extensions["kb_engine"].close()


def page_type(url: str) -> tuple:
    """What kind of page a URL is: its first path segment, its depth and its query's keys."""
    parts = urlsplit(url)
    segments = parts.path.strip("/").split("/")
    return segments[0], len(segments), tuple(sorted(key.split("=")[0] for key in parts.query.split("&") if key))


def in_sample(url: str, types_seen: set) -> bool:
    """The fast tier's deterministic sample: the first page of every type, then one link in three (by a fixed hash)."""
    kind = page_type(url)
    if kind not in types_seen:
        types_seen.add(kind)
        return True
    return zlib.crc32(url.encode("utf-8")) % 3 == 0


def crawl(client, lang: str, sample: bool) -> tuple[set, list]:
    """Follow every internal link from START in `lang` (only a sample of them if `sample`): the pages seen and the broken ones."""
    client.get(f"/?lang={lang}")  # remembered for the whole crawl
    seen, queue, broken, types_seen = set(), list(START), [], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if response.mimetype != "text/html":
            continue
        assert len(response.data) < MAX_BYTES, (url, len(response.data))
        page = BeautifulSoup(response.get_data(as_text=True), "lxml")  # a third of html.parser's time; the same links
        for a in page.select("a[href]"):
            parts = urlsplit(a["href"])
            if parts.scheme or parts.netloc or not parts.path.startswith(("/laws", "/cases", "/services", "/about")):
                continue  # external, or a search/sheet variant already covered
            link = parts.path + (f"?{parts.query}" if parts.query and "lang=" not in parts.query else "")
            if link not in seen and (not sample or in_sample(link, types_seen)):
                queue.append(link)
    return seen, broken


# About 2,000 pages a language: `make test` crawls them all in the three languages (the slow tier).
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_renders_small_and_every_internal_link_resolves(client, lang):
    seen, broken = crawl(client, lang, sample=False)
    assert broken == []
    assert sum(u.startswith("/laws/") for u in seen) > 60 and sum(u.startswith("/services/") for u in seen) > 20


# The fast loop: every page type and one link in three of the rest (about 270 pages), in Kazakh (the language most likely to overflow).
def test_a_sample_of_every_page_type_renders_small_and_its_internal_links_resolve(client):
    seen, broken = crawl(client, "kk", sample=True)
    assert broken == []
    assert sum(u.startswith("/laws/") for u in seen) > 30 and sum(u.startswith("/services/") for u in seen) > 20
