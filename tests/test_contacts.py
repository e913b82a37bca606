"""Reaching a contact mid-call (issue 13): open now in Kazakhstan's time, the card's channels, map and report links, vCards."""

import datetime as dt
import zoneinfo

import pytest
import vobject
from conftest import page

from indexer.hours import parse_hours

UTC = dt.UTC
OFFICE = {"mon-fri": "09:00-13:00, 14:00-18:00", "sat": "10:00-14:00", "sun": "closed"}


def test_installed_time_zone_data_puts_kazakhstan_on_utc_plus_5():
    almaty = zoneinfo.ZoneInfo("Asia/Almaty")
    assert dt.datetime(2026, 6, 1, 12, tzinfo=almaty).utcoffset() == dt.timedelta(hours=5)
    assert dt.datetime(2024, 2, 1, 12, tzinfo=almaty).utcoffset() == dt.timedelta(hours=6)  # before 1 March 2024


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-12-07 09:00", True),    # Monday, opening time
        ("2026-12-07 08:59", False),   # a minute before
        ("2026-12-07 13:30", False),   # lunch break
        ("2026-12-07 17:59", True),
        ("2026-12-07 18:00", False),   # closing time
        ("2026-12-12 13:59", True),    # Saturday
        ("2026-12-13 12:00", False),   # Sunday: closed
    ],
)
def test_office_hours(local, expected):
    hours, problems = parse_hours(OFFICE)
    assert problems == []
    assert hours.is_open(dt.datetime.fromisoformat(local)) is expected


def test_overnight_line_and_unknown_days():
    night, _ = parse_hours({"fri": "20:00-08:00"})
    assert night.is_open(dt.datetime(2026, 12, 11, 23, 0)) is True     # Friday night
    assert night.is_open(dt.datetime(2026, 12, 12, 7, 59)) is True     # Saturday morning, the same shift
    assert night.is_open(dt.datetime(2026, 12, 12, 8, 0)) is None      # Saturday after it: not known
    assert night.is_open(dt.datetime(2026, 12, 10, 12, 0)) is None     # Thursday: not listed, so unknown
    assert parse_hours("24/7")[0].is_open(dt.datetime(2026, 12, 13, 3, 0)) is True
    assert parse_hours("Пн–Пт 9:00–18:00") == (None, [])               # free text: no open/closed


@pytest.fixture
def at(app):
    """Set the app's clock to an instant given in UTC."""

    def set_clock(utc: str) -> None:
        app.config["CLOCK"] = lambda: dt.datetime.fromisoformat(utc).replace(tzinfo=UTC)

    return set_clock


def east_card(client):
    return page(client.get("/services?lang=en")).select_one("article.card[data-id=test-aids-east]")


def east_page(client):
    return page(client.get("/services/test-aids-east?lang=en")).select_one("article.service")


@pytest.mark.parametrize(
    ("utc", "state"),
    [
        ("2026-12-07 04:00", "Open now"),     # Monday 09:00 in Kazakhstan (UTC+5)
        ("2026-12-07 03:30", "Closed now"),   # 08:30 there; it would be 09:30 under the old UTC+6
        ("2026-12-07 08:30", "Closed now"),   # 13:30, lunch
        ("2026-12-12 06:00", "Closed now"),   # Saturday 11:00: closed on weekends
    ],
)
def test_card_says_open_or_closed_now_in_kazakhstan_time(client, at, utc, state):
    at(utc)
    assert east_card(client).select_one(".reach .open-state").get_text(strip=True) == state


def test_card_without_structured_hours_says_nothing_about_now(client, at):
    at("2026-12-07 06:00")
    ngo = page(client.get("/services/test-ngo-ukg?lang=en")).select_one("article.service")
    assert ngo.select_one(".open-state") is None  # its hours are free text
    assert "Пн–Пт 9:00–18:00" in ngo.select_one("dl.contact").get_text()


def test_card_shows_main_channel_then_the_others_one_tap_away(client, at):
    at("2026-12-07 06:00")
    card = east_card(client)
    main = card.select_one(".reach a.main-channel")
    assert main["href"] == "tel:+77233000003" and main.get_text(strip=True) == "Call +7 7233 000 003"
    others = card.select(".reach details.channels li")
    assert [li.a["href"] for li in others] == ["tel:1234", "https://wa.me/77010000000", "https://example.org/east/form"]
    assert "Горячая линия" in others[0].get_text() and "Around the clock" in others[0].get_text()
    assert card.select_one(".reach details.channels summary").get_text(strip=True) == "3 more ways to reach them"
    assert "could not confirm that this organisation still works" in card.select_one(".unconfirmed").get_text()
    hours = [li.get_text(strip=True) for li in east_page(client).select("dl.contact ul.hours li")]
    assert hours == ["Mon–Fri: 09:00–13:00, 14:00–18:00", "Sat–Sun: closed"]
    kazakh = page(client.get("/services/test-aids-east?lang=kk")).select("article.service dl.contact ul.hours li")
    assert [li.get_text(strip=True) for li in kazakh][1].endswith(": демалыс")


def test_hotline_with_its_own_hours_is_open_at_night(app, at):
    """A card whose main button is a 24/7 line says open now, whatever the office hours."""
    at("2026-12-12 20:00")  # Sunday 01:00 in Kazakhstan
    row = {"id": "x", "name": "x", "phones": [{"number": "150", "hours": "24/7"}], "opening_hours": {"mon-fri": "09:00-18:00"}}
    from app.contacts import reach

    with app.test_request_context("/"):
        result = reach(row)
    assert result.main.href == "tel:150" and result.open is True


def test_map_link_searches_the_address_without_coordinates(client):
    assert east_card(client).select_one(".address a")["href"] == east_page(client).select_one("dl.contact a[href*='openstreetmap']")["href"] == (
        "https://www.openstreetmap.org/search?query=%D0%B3.%20%D0%A0%D0%B8%D0%B4%D0%B4%D0%B5%D1%80%2C%20%D1%83%D0%BB.%20"
        "%D0%A2%D0%B5%D1%81%D1%82%D0%BE%D0%B2%D0%B0%D1%8F%2C%207"
    )


def test_report_link_only_when_an_address_is_configured(client, app):
    assert not page(client.get("/services?lang=en")).select(".report a")
    app.config["REPORT_EMAIL"] = "kb@example.org"
    soup = page(client.get("/services/test-aids-east?lang=ru"))
    href = soup.select_one(".report a")["href"]
    assert href.startswith("mailto:kb@example.org?subject=")
    from urllib.parse import parse_qs, urlsplit

    fields = parse_qs(urlsplit(href).query)
    assert fields["subject"] == ["Устаревшие данные: Областной центр по профилактике и борьбе со СПИД"]
    assert "Контакт: test-aids-east" in fields["body"][0] and "http://localhost/services/test-aids-east" in fields["body"][0]
    results = page(client.get("/search?q=ВИЧ&lang=en"))
    assert all(hit.select_one(".report a") for hit in results.select("section#services article.hit"))


def test_vcard_parses_with_a_real_parser(client):
    text = client.get("/services/test-aids-east.vcf?lang=en").get_data(as_text=True)
    card = vobject.readOne(text)
    assert card.version.value == "3.0"
    assert card.n.value.family == "Областной центр по профилактике и борьбе со СПИД"
    assert card.fn.value == "Областной центр по профилактике и борьбе со СПИД"
    tels = [(t.value, t.params["TYPE"]) for t in card.contents["tel"]]
    assert tels == [("+7 7233 000 003", ["WORK", "VOICE"]), ("1234", ["WORK", "VOICE", "Горячая линия"])]
    assert [u.value for u in card.contents["url"]] == ["https://example.org/east/form"]
    assert card.adr.value.street == "г. Риддер, ул. Тестовая, 7" and card.adr.value.city == "Ridder"


def test_every_vcard_of_the_fixture_parses(client):
    for service in ("test-ngo-ukg", "test-ombudsman", "test-aids-almaty"):
        card = vobject.readOne(client.get(f"/services/{service}.vcf").get_data(as_text=True))
        assert card.n.value.family and card.fn.value
    ngo = vobject.readOne(client.get("/services/test-ngo-ukg.vcf").get_data(as_text=True))
    assert ngo.email.value == "help@example.org" and ngo.url.value == "https://example.org/ngo"
    assert [t.value for t in ngo.contents["tel"]] == ["+7 7232 000 001", "+7 7232 000 002"]


def test_api_gives_the_new_contact_fields_decoded(client):
    service = client.get("/api/services/test-aids-east").get_json()
    assert service["phones"][1] == {"number": "1234", "label": "Горячая линия", "hours": "24/7"}
    assert service["messengers"] == [{"type": "whatsapp", "value": "+7 701 000 0000", "label": "Запись на приём"}]
    assert service["opening_hours"] == {"mon-fri": "09:00-13:00, 14:00-18:00", "sat-sun": "closed"}
    assert service["sources"] == {"messengers": "https://example.org/east/whatsapp"}
    assert service["unconfirmed"] == 1 and service["online_form"] == "https://example.org/east/form"


def test_service_page_links_each_channel_to_the_page_it_was_read_on(client):
    sources = page(client.get("/services/test-aids-east?lang=ru")).select_one("article.service .sources")
    assert [(a.get_text(), a["href"]) for a in sources.select("a")] == [("Мессенджеры", "https://example.org/east/whatsapp")]


def test_a_phone_with_its_own_weekday_hours(app, at):
    at("2026-12-07 07:00")  # Monday 12:00 in Kazakhstan
    row = {"id": "x", "name": "x", "phones": [{"number": "+7 727 000 0000", "hours": {"Mon-Fri": "09:00-18:00", "sat-sun": "closed"}}]}
    from app.contacts import reach

    with app.test_request_context("/?lang=en"):
        result = reach(row)
    assert result.open is True and result.main.hours == "Mon–Fri: 09:00–18:00; Sat–Sun: closed"
