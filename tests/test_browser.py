"""End-to-end tests in a real browser (Debian's Chromium) against `kb serve` (waitress) on the fixture build.

Screenshots of the main pages, desktop and a 390-px phone, are saved in test-artifacts/.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURE_KB, REPO
from serving import CHROMIUM, CHROMIUM_MISSING, chromium, kb_serve

ARTIFACTS = REPO / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING)


@pytest.fixture(scope="module")
def server(built_data, catalogs, tmp_path_factory):
    """`kb serve` (waitress) on a free loopback port; yields its base URL."""
    with kb_serve(FIXTURE_KB, built_data, tmp_path_factory.mktemp("server") / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    yield context.new_page()
    context.close()


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_shows_the_three_sections(page, server):
    page.goto(server + "/?lang=en")
    assert page.evaluate("document.activeElement.id") == "q"
    page.fill("#q", "HIV refusal resocialization")
    page.select_option("#f-city", "ust-kamenogorsk")
    page.click("form[role=search] > button[type=submit]")
    page.wait_for_url("**/search?**")
    for name in ("norms", "cases", "services"):
        section = page.locator(f"section#{name}")
        assert section.is_visible()
        assert section.locator("article[data-id]").count() >= 1
    assert page.locator("section#cases article[data-id]").first.get_attribute("data-id") == "test-damir"
    assert page.locator("section#services article[data-id]").first.get_attribute("data-city") == "ust-kamenogorsk"


def test_switch_to_russian_and_kazakh(page, server):
    page.goto(server + "/search?q=HIV+refusal+resocialization&lang=en")
    page.click("nav.langs a[hreflang=ru]")
    page.wait_for_url("**lang=ru")
    assert page.get_attribute("html", "lang") == "ru"
    assert "Правовое основание" in page.inner_text("section#norms h2")
    page.click("nav.langs a[hreflang=kk]")
    page.wait_for_url("**lang=kk")
    assert "Құқықтық негіз" in page.inner_text("section#norms h2")
    assert page.input_value("#q") == "HIV refusal resocialization"
    page.goto(server + "/laws")
    assert page.get_attribute("html", "lang") == "kk"
    assert page.inner_text("main h1") == "Заңдар"


def test_filter_the_directory_by_city(page, server):
    page.goto(server + "/services?lang=en")
    assert page.locator("section#directory article.card").count() == 4
    page.select_option("#f-city", "ust-kamenogorsk")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**city=ust-kamenogorsk**")
    cards = page.locator("section#directory article.card")
    assert cards.count() == 1 and cards.first.get_attribute("data-city") == "ust-kamenogorsk"
    assert page.locator("section#nearby article.card").count() == 2
    assert cards.first.locator("a[href^='tel:']").count() == 2


def test_open_an_act_and_follow_a_permalink(page, server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(server + "/laws?lang=en")
    page.click("li[data-id=test-order-379] > a")
    page.wait_for_url("**/laws/test-order-379")
    page.click("nav.toc a[href='#p-30-sp-2']")
    assert page.evaluate("location.hash") == "#p-30-sp-2"
    assert page.evaluate("document.activeElement.id") == "p-30-sp-2"
    copy = page.locator("section#p-30-sp-2 button[data-copy]")
    assert copy.is_visible()
    copy.click()
    page.wait_for_function("document.querySelector('section#p-30-sp-2 button[data-copy]').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()").startswith("Paragraph 30(2) of the Rules ")
    page.click("section#p-30-sp-2 a.permalink")
    page.wait_for_url("**/laws/test-order-379/p-30-sp-2")
    assert page.locator("article[data-id='test-order-379/p-30-sp-2'] section#cases li[data-id=test-damir]").is_visible()


def test_print_view_of_the_referral_sheet(page, server):
    page.goto(server + "/sheet?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang=ru")
    assert page.locator("button[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("footer.site").is_visible()
    assert not page.locator("button[data-print]").is_visible()
    for name in ("norms", "cases", "services"):
        assert page.locator(f"article.sheet section#{name} li").first.is_visible()
    assert page.locator("article.sheet footer a").inner_text().startswith(server + "/sheet?")
    shoot(page, "sheet-print")


MAIN_PAGES = {
    "search": "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang=en",
    "search-kk": "/search?q=АИТВ&city=ust-kamenogorsk&lang=kk",
    "act": "/laws/test-order-379?lang=en",
    "provision": "/laws/test-order-379/p-30-sp-2?lang=ru",
    "cases": "/cases?lang=ru",
    "case": "/cases/test-damir?lang=en",
    "directory": "/services?city=ust-kamenogorsk&lang=ru",
    "sheet": "/sheet?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang=en",
    "about": "/about?lang=kk",
    "remedy": "/remedies/test-refusal?date=2025-10-15&city=ust-kamenogorsk&lang=ru",
}


@pytest.mark.parametrize(("device", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_of_the_main_pages(browser, server, device, viewport):
    context = browser.new_context(viewport=viewport, is_mobile=device == "phone", has_touch=device == "phone")
    page = context.new_page()
    for name, url in MAIN_PAGES.items():
        page.goto(server + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} scrolls sideways on {device}: {width}px"
        shoot(page, f"{name}-{device}")
    context.close()
