"""Contact cards on a 390-px phone in a real browser (Debian's Chromium) against `kb serve` (issue 13)."""

from __future__ import annotations

import pytest
from serving import CHROMIUM, CHROMIUM_MISSING

PHONE = {"width": 390, "height": 844}
MIN_TAP = 44  # px: the smallest comfortable touch target (WCAG 2.5.5, Apple's HIG)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="ru-RU", is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def main_channel_heights(page, cards: str) -> dict[str, float]:
    """The height in px of the main channel's tap target on each card that has one, by card id."""
    return page.evaluate(
        """(selector) => Object.fromEntries([...document.querySelectorAll(selector)]
            .filter(card => card.querySelector('.main-channel'))
            .map(card => [card.dataset.id, card.querySelector('.main-channel').getBoundingClientRect().height]))""",
        cards,
    )


@pytest.mark.parametrize(("url", "cards"), [("/services", "article.card"), ("/search?q=ВИЧ", "section#services article.hit")])
def test_main_channel_is_a_44px_tap_target_on_every_card(phone, server, url, cards):
    phone.goto(server + url)
    heights = main_channel_heights(phone, cards)
    assert len(heights) >= 3, heights
    assert all(h >= MIN_TAP for h in heights.values()), heights


def test_other_channels_are_one_tap_away(phone, server):
    phone.goto(server + "/services")
    card = phone.locator("article.card[data-id=test-aids-east]")
    whatsapp = card.locator("details.channels a[href^='https://wa.me/']")
    assert not whatsapp.is_visible()
    card.locator("details.channels summary").tap()
    assert whatsapp.is_visible()
    assert card.locator(".main-channel").get_attribute("href") == "tel:+77233000003"


def test_services_are_one_tap_from_the_top_of_the_results(phone, server):
    phone.goto(server + "/search?q=ВИЧ&city=ust-kamenogorsk")
    jump = phone.locator("nav.jump a[href='#services']")
    box = jump.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] and box["height"] >= MIN_TAP  # visible without scrolling
    services = phone.locator("section#services")
    assert services.bounding_box()["y"] > PHONE["height"]  # below the fold before the tap
    jump.tap()
    phone.wait_for_function("() => location.hash === '#services'")
    assert abs(services.bounding_box()["y"]) < 5  # scrolled to the top of the screen
