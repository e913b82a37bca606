"""End-to-end tests in a real browser (Debian's Chromium) against `kb serve` (gunicorn) on the fixture build.

Screenshots of the main pages, desktop and a 390-px phone, are saved in test-artifacts/.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO
from serving import CHROMIUM, CHROMIUM_MISSING

from app.sheet_content import case_ref

ARTIFACTS = REPO / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING)]


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
    page.goto(server + "/laws/test-order-379?lang=ru")  # a Russian citation has «2018 г.»: copied without U+202F
    page.click("section#p-30-sp-2 button[data-copy]")
    page.wait_for_function("document.querySelector('section#p-30-sp-2 button[data-copy]').textContent === 'Скопировано'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("от 29 августа 2018\u00a0г. № 379") and "\u202f" not in copied, copied
    page.goto(server + "/laws/test-order-379?lang=en")
    page.click("section#p-30-sp-2 a.permalink")
    page.wait_for_url("**/laws/test-order-379/p-30-sp-2")
    assert page.locator("article[data-id='test-order-379/p-30-sp-2'] section#cases li[data-id=test-damir]").is_visible()


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, whitespace normalised (pypdf)."""
    import io

    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_prepare_share_and_print_a_referral_sheet(page, server):
    """Search → "Prepare a sheet" → tick → make the sheet → share → print to PDF: no query word, repealed law only as history."""
    query = "HIV refusal resocialization"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(server + "/?lang=en")
    page.fill("#q", query)
    page.select_option("#f-city", "ust-kamenogorsk")
    page.click("form[role=search] > button[type=submit]")
    page.wait_for_url("**/search?**")
    page.click(".sheet-link a")
    page.wait_for_url("**/sheet/new?**")
    assert not any(word.casefold() in page.url.casefold() for word in query.split())
    # The 1995 Constitution's Art. 14 is offered only as history of the 2026 Constitution's Art. 14; Order 379 not at all.
    assert page.locator("#b-norms .pick").count() == 1 and not page.locator("#b-norms input[value^=test-order-379]").count()
    current = page.locator("#b-norms .pick[data-id='test-constitution-2026/art-14']")
    assert current.locator("input[name=n]").is_checked()
    earlier = current.locator(".history input[name=h]")
    assert not earlier.is_checked()
    earlier.check()
    page.locator("#b-services .pick[data-id=test-aids-east] input").uncheck()
    page.check("#b-lang-ru")
    page.check("#b-link")
    shoot(page, "sheet-builder")
    page.click("form.builder button[type=submit]")
    page.wait_for_url("**/sheet?**")
    assert page.get_attribute("html", "lang") == "ru"
    assert not any(word.casefold() in page.url.casefold() for word in query.split())
    link = page.locator("article.sheet .online a").get_attribute("href")
    assert parse_qs(urlsplit(link).query) == parse_qs(urlsplit(page.url).query), "the printed link reproduces this sheet"
    assert page.locator("figure.qr svg").is_visible()
    # Share: the Web Share API where the browser has one, else the link is copied.
    page.evaluate("() => { navigator.share = (data) => { window.__shared = data.url; return Promise.resolve(); }; }")
    page.click("button[data-share]")
    assert page.evaluate("window.__shared") == link
    page.evaluate("() => { Object.defineProperty(navigator, 'share', {value: undefined}); }")
    page.click("button[data-share]")
    page.wait_for_function("document.querySelector('button[data-share]').textContent === 'Ссылка скопирована'")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert [li.get_attribute("data-id") for li in page.locator("section#services > ul > li").all()] == ["test-ngo-ukg", "test-ombudsman"]
    shoot(page, "sheet")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator("button[data-print]").is_visible()
    assert not page.locator("button[data-share]").is_visible()
    text = pdf_text(page.pdf(format="A4"))
    assert "Памятка для клиента" in text and "Общественное объединение помощи людям с ВИЧ" in text
    assert [word for word in query.split() if word.casefold() in text.casefold()] == []
    history = text.index("История: что действовало раньше")
    assert text.count("30 августа 1995") == 1 and text.index("30 августа 1995") > history
    assert text.count("Утратил силу") == 1 and text.index("Утратил силу") > history
    assert "Дамир" not in text and "Damir" not in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "sheet.txt").write_text(text, encoding="utf-8")


MAIN_PAGES = {
    "search": "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang=en",
    "search-kk": "/search?q=АИТВ&city=ust-kamenogorsk&lang=kk",
    "act": "/laws/test-order-379?lang=en",
    "provision": "/laws/test-order-379/p-30-sp-2?lang=ru",
    "cases": "/cases?lang=ru",
    "case": "/cases/test-damir?lang=en",
    "directory": "/services?city=ust-kamenogorsk&lang=ru",
    "sheet-builder": "/sheet/new?n=test-constitution-2026/art-14&n=test-constitution/art-14&c=test-damir&c=test-outing"
    "&s=test-ngo-ukg&s=test-ombudsman&s=test-aids-east&city=ust-kamenogorsk&lang=en",
    "sheet": f"/sheet?n=test-constitution-2026/art-14&n=test-constitution-2026/art-14&h=test-constitution/art-14&c={case_ref('test-damir')}"
    "&s=test-ngo-ukg&s=test-ombudsman&city=ust-kamenogorsk&lang=kk&link=1",
    "about": "/about?lang=kk",
    "remedy": "/remedies/test-centre-ladder?date=2025-10-15&city=ust-kamenogorsk&lang=ru",
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
