"""In Debian's Chromium against `kb serve`: from a search to a filled complaint letter downloaded as .docx.

Run at a 390-px phone and a 1280-px desktop; screenshots of the form and the
printable letter are saved in test-artifacts/.
"""

from __future__ import annotations

import docx
import pytest
from conftest import REPO
from serving import CHROMIUM, CHROMIUM_MISSING

ARTIFACTS = REPO / "test-artifacts"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
FACTS = "12 ноября сотрудник центра отказал в приёме, сославшись на ВИЧ-статус."

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING)]


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fill_letter(page) -> None:
    page.fill("#b-client", "Асель Нурланова")
    page.fill("#b-reply_address", "aselle@example.kz")
    page.fill("#b-facts", FACTS)
    page.fill("#b-demands", "Провести проверку и обязать центр принять меня.")
    page.fill("#b-event_date", "2026-11-12")


@pytest.mark.parametrize("size", SIZES)
def test_from_a_search_to_a_downloaded_letter(browser, server, size, tmp_path):
    context = browser.new_context(viewport=SIZES[size], locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server + "/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang=ru")
        page.click("section#letters li[data-id=test-complaint-ombudsman] a")
        page.wait_for_url("**/letters/test-complaint-ombudsman?city=ust-kamenogorsk")
        assert page.locator("select#contact option").first.get_attribute("value") == "test-ombudsman"
        assert page.locator("fieldset.citations input[type=checkbox]:checked").count() == 2
        no_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert no_scroll, "the form is wider than the screen"
        fill_letter(page)
        page.uncheck("fieldset.citations input[value='test-order-379/p-30-sp-2']")
        shoot(page, f"letter-form-{size}")

        with page.expect_download() as download:
            page.click("button[value=docx]")
        assert download.value.suggested_filename == "test-complaint-ombudsman.docx"
        saved = tmp_path / "letter.docx"
        download.value.save_as(saved)
        text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
        assert "1) ст. 14 Конституции Республики Казахстан" in text
        assert "Пункт 30" not in text  # unticked
        assert FACTS in text and "Уполномоченный по правам человека в Республике Казахстан" in text
        assert page.url.endswith("/letters/test-complaint-ombudsman?city=ust-kamenogorsk")  # nothing typed in the address

        page.click("button[value=html]")
        page.wait_for_selector("article.letter-text")
        assert page.inner_text("article.letter-text h1") == "ЖАЛОБА"
        assert FACTS in page.input_value("#plain-text")
        shoot(page, f"letter-printable-{size}")
    finally:
        context.close()
