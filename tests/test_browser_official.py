"""The official text in a real browser (Debian's Chromium) against `kb serve` over a build linked to the fixture corpus."""

from __future__ import annotations

import pytest
from conftest import REPO
from serving import CHROMIUM, CHROMIUM_MISSING, kb_serve
from test_official import NEW_CONSTITUTION, linked_kb, official_data  # noqa: F401  (module fixtures: the linked kb and its build)

ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING)]


@pytest.fixture(scope="module")
def official_server(linked_kb, official_data, catalogs, tmp_path_factory):  # noqa: F811
    with kb_serve(linked_kb, official_data, tmp_path_factory.mktemp("official-server") / "serve.log") as base:
        yield base


def test_the_other_language_of_the_official_text_is_one_tap_away_on_a_phone(browser, official_server):
    context = browser.new_context(viewport=PHONE, locale="kk-KZ")
    page = context.new_page()
    try:
        page.goto(f"{official_server}/laws/{NEW_CONSTITUTION}/art-14?lang=kk")
        kazakh = page.locator("#official > .official-text")
        russian = page.locator("#official details .official-text")
        assert kazakh.is_visible() and "кемсітуге болмайды" in kazakh.inner_text()
        assert not russian.is_visible()
        page.locator("#official details summary").click()
        assert russian.is_visible() and "Никого нельзя притеснять" in russian.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "official-provision-phone.png"), full_page=True)
        page.goto(f"{official_server}/laws/{NEW_CONSTITUTION}/art-17?lang=kk")
        assert page.locator(".badge.not-summarised").inner_text() == "Қысқаша мазмұны әлі жоқ"
        page.screenshot(path=str(ARTIFACTS / "official-only-phone.png"), full_page=True)
    finally:
        context.close()
