"""Every page: landmarks, labels, unique ids, no inline script or style (a strict CSP comes later), under 60 KB."""

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES

from app.sheet_content import case_ref

PAGES = [
    "/",
    "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk",
    "/search?q=zzqqxxyy&group=plhiv",
    "/laws",
    "/laws/test-constitution",
    "/laws/test-order-379/p-30-sp-2",
    "/cases",
    "/cases?violation=outing",
    "/cases/test-damir",
    "/services",
    "/services?city=ust-kamenogorsk",
    "/services/test-ngo-ukg",
    "/sheet/new?n=test-constitution-2026/art-14&n=test-constitution/art-14&c=test-damir&s=test-ngo-ukg&s=test-ombudsman&city=almaty",
    "/sheet/new?case=test-damir",
    f"/sheet?n=test-constitution-2026/art-14&h=test-constitution/art-14&c={case_ref('test-damir')}&s=test-ngo-ukg&s=test-aids-east&city=ust-kamenogorsk&link=1",
    "/about",
    "/about/kb-format",
    "/no/such/page",
]
MAX_BYTES = 60 * 1024


@pytest.fixture(scope="module")
def pages(built_data, catalogs):
    """Every page in every language, fetched once: (label, parsed page, language)."""
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(built_data)})
    client = app.test_client()
    fetched = []
    for url in PAGES:
        for lang in LANGUAGES:
            response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
            assert response.status_code in (200, 404), url
            assert len(response.data) < MAX_BYTES, url
            fetched.append((f"{lang}:{url}", BeautifulSoup(response.get_data(as_text=True), "html.parser"), lang))
    yield fetched
    app.extensions["kb_engine"].close()


def test_language_and_landmarks(pages):
    for where, soup, lang in pages:
        assert soup.html["lang"] == lang, where
        assert soup.select_one("meta[name=viewport]") and soup.title.get_text(strip=True), where
        assert len(soup.select("main#main")) == 1 and soup.select_one("header") and soup.select_one("footer"), where
        assert all(nav.get("aria-label") or nav.get("aria-labelledby") for nav in soup.select("nav")), where
        assert soup.select_one("a.skip")["href"] == "#main", where
        assert len(soup.select("main h1")) == 1, where


def test_every_form_control_has_a_label(pages):
    for where, soup, _ in pages:
        for control in soup.select("input:not([type=hidden]), select, textarea"):
            assert soup.select_one(f"label[for='{control['id']}']"), (where, control)


def test_ids_are_unique(pages):
    for where, soup, _ in pages:
        seen = [tag["id"] for tag in soup.select("[id]")]
        assert len(seen) == len(set(seen)), where


def test_no_inline_script_handlers_or_styles(pages):
    for where, soup, _ in pages:
        assert all(script.get("src", "").startswith("/static/") and not script.string for script in soup.select("script")), where
        assert not soup.select("style, [style]"), where
        assert not [tag for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)], where
        assert not [a for a in soup.select("a[href]") if a["href"].strip().lower().startswith("javascript:")], where


def test_no_external_fonts_scripts_or_stylesheets(pages):
    for where, soup, _ in pages:
        assert all(link["href"].startswith("/static/") for link in soup.select("link[rel=stylesheet]")), where


def test_static_files_are_small(client):
    sizes = {name: len(client.get(f"/static/{name}").data) for name in ("app.css", "print.css", "app.js")}
    assert sizes["app.js"] < 3 * 1024 and sizes["app.css"] < 12 * 1024, sizes
