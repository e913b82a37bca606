"""A law that changed since our summary was checked, in a real browser (Debian's Chromium) against `kb serve`."""

from __future__ import annotations

import pytest
from conftest import REPO
from serving import CHROMIUM, CHROMIUM_MISSING, kb_serve
from test_official_editions import NEW_CONSTITUTION, changed_data, checked_kb, history  # noqa: F401  (module fixtures)

ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING)]


def test_a_reactor_on_a_phone_sees_that_the_law_changed_before_the_summary(browser, checked_kb, changed_data, catalogs, tmp_path):  # noqa: F811
    with kb_serve(checked_kb[0], changed_data, tmp_path / "serve.log") as base:
        context = browser.new_context(viewport=PHONE, locale="kk-KZ")
        page = context.new_page()
        try:
            page.goto(f"{base}/laws/{NEW_CONSTITUTION}/art-14?lang=kk")
            notice = page.locator("#edition-change")
            assert notice.is_visible()
            assert "Заң 2026 жылғы 1 наурызда өзгерді" in notice.inner_text()
            assert page.locator("#edition-change .article-changed").inner_text().startswith("Бұл баптың мәтіні содан бері өзгерді")
            # Above the summary: read before it, without scrolling on a phone.
            box, summary = notice.bounding_box(), page.locator("article .body").first.bounding_box()
            assert box and summary and box["y"] < summary["y"] and box["y"] + box["height"] <= PHONE["height"]
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "law-changed-provision-phone.png"), full_page=True)
            page.goto(f"{base}/laws/{NEW_CONSTITUTION}?lang=ru")
            # The notice names the amending act (a link to the reference bank), then links the summaries to re-read.
            assert page.locator("#edition-change a.amended-by").get_attribute("href") == "https://adilet.zan.kz/rus/docs/Z2600009003"
            page.locator("#edition-change a:not(.amended-by)").first.click()
            assert page.url.endswith(f"/laws/{NEW_CONSTITUTION}/art-14")
            page.goto(f"{base}/laws/{NEW_CONSTITUTION}?lang=ru")
            page.screenshot(path=str(ARTIFACTS / "law-changed-act-phone.png"), full_page=True)
        finally:
            context.close()
