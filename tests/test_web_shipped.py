"""The web app over the knowledge base we ship: every page renders, stays small and links only to pages that exist."""

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


# About 2,000 pages a language: the fast loop crawls in Kazakh, `make test` in all three.
@pytest.mark.parametrize("lang", [lang if lang == "kk" else pytest.param(lang, marks=pytest.mark.slow) for lang in LANGUAGES])
def test_every_page_renders_small_and_every_internal_link_resolves(client, lang):
    client.get(f"/?lang={lang}")  # remembered for the whole crawl
    seen, queue, broken = set(), list(START), []
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
        for a in BeautifulSoup(response.get_data(as_text=True), "html.parser").select("a[href]"):
            parts = urlsplit(a["href"])
            if parts.scheme or parts.netloc or not parts.path.startswith(("/laws", "/cases", "/services", "/about")):
                continue  # external, or a search/sheet variant already covered
            queue.append(parts.path + (f"?{parts.query}" if parts.query and "lang=" not in parts.query else ""))
    assert broken == []
    assert sum(u.startswith("/laws/") for u in seen) > 60 and sum(u.startswith("/services/") for u in seen) > 20
