"""The referral directory, a contact's page and its vCard."""

import pytest
from conftest import LANGUAGES, page


def cards(soup, section="directory"):
    return [c["data-id"] for c in soup.select(f"section#{section} article.card")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_directory_lists_every_contact(client, lang):
    soup = page(client.get(f"/services?lang={lang}"))
    assert sorted(cards(soup)) == ["test-aids-almaty", "test-aids-east", "test-ngo-ukg", "test-ombudsman"]


def test_city_filter_lists_the_city_then_its_region_and_national_bodies(client):
    soup = page(client.get("/services?city=ust-kamenogorsk&lang=en"))
    assert cards(soup) == ["test-ngo-ukg"]
    assert sorted(cards(soup, "nearby")) == ["test-aids-east", "test-ombudsman"]
    assert soup.select_one("form.filters select[name=city] option[selected]")["value"] == "ust-kamenogorsk"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=aids-centre", ["test-aids-almaty", "test-aids-east"]), ("free=1", ["test-ngo-ukg"]), ("speaks=kk", ["test-ngo-ukg"]),
        ("group=plhiv&kind=ngo", ["test-ngo-ukg"]),
    ],
)
def test_filters_narrow_the_directory(client, query, expected):
    assert sorted(cards(page(client.get(f"/services?{query}")))) == expected


def test_card_has_channels_address_map_and_check_state(client):
    card = page(client.get("/services?lang=en")).select_one("article.card[data-id=test-ngo-ukg]")
    # The first phone is the main button; the other channels, fastest first, one tap away.
    assert card.select_one(".reach a.main-channel")["href"] == "tel:+77232000001"
    others = [a["href"] for a in card.select(".reach details.channels a")]
    assert others == ["tel:+77232000002", "mailto:help@example.org", "https://example.org/ngo"]
    assert "ул. Примерная, 1" in card.select_one(".address").get_text()
    assert card.select_one(".address a")["href"] == "https://www.openstreetmap.org/?mlat=49.9483&mlon=82.6275#map=17/49.9483/82.6275"
    assert card.select_one(".fresh.warn").get_text(strip=True) == "Not verified"


def test_service_page_has_address_map_hours_languages_and_vcard(client):
    service = page(client.get("/services/test-ngo-ukg?lang=en")).select_one("article.service")
    contact = service.select_one("dl.contact")
    assert "ул. Примерная, 1" in contact.get_text() and "Пн–Пт 9:00–18:00" in contact.get_text()
    assert contact.select_one("a[href^='https://www.openstreetmap.org/']")["href"] == "https://www.openstreetmap.org/?mlat=49.9483&mlon=82.6275#map=17/49.9483/82.6275"
    assert service.select_one(".reach a.main-channel")["href"] == "tel:+77232000001"
    assert "Kazakh, Russian" in contact.get_text() and "Free of charge" in contact.get_text()
    assert service.select_one("a[href='/services/test-ngo-ukg.vcf'][download]")


@pytest.mark.parametrize(("service", "warned"), [("test-ngo-ukg", True), ("test-aids-almaty", True), ("test-ombudsman", False)])
def test_unverified_or_year_old_details_carry_a_warning(client, service, warned):
    note = page(client.get(f"/services/{service}?lang=en")).select_one("article.service p.fresh")
    assert ("warn" in note["class"]) is warned
    if service == "test-aids-almaty":
        assert "more than a year ago" in note.get_text()


def test_no_map_link_without_coordinates(client):
    soup = page(client.get("/services/test-ombudsman"))
    assert not soup.select("a[href^='https://www.openstreetmap.org/']")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_service_page_lists_the_cases_it_was_involved_in(client, lang):
    soup = page(client.get(f"/services/test-ombudsman?lang={lang}"))
    assert soup.select_one("article.service h1").get_text(strip=True) == "Уполномоченный по правам человека в Республике Казахстан"
    assert [li["data-id"] for li in soup.select("li.case-item")] == ["test-damir"]


def test_vcard_download(client):
    response = client.get("/services/test-ngo-ukg.vcf?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "text/vcard"
    assert response.headers["Content-Disposition"] == 'attachment; filename="test-ngo-ukg.vcf"'
    text = response.get_data(as_text=True)
    lines = text.split("\r\n")
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"] and lines[-2:] == ["END:VCARD", ""]
    assert "TEL;TYPE=WORK,VOICE:+7 7232 000 001" in lines
    assert "EMAIL;TYPE=INTERNET:help@example.org" in lines
    assert "ADR;TYPE=WORK:;;ул. Примерная\\, 1;Ust-Kamenogorsk;;;KZ" in lines
    assert "GEO:49.9483;82.6275" in lines
    assert all(len(line.encode()) <= 75 for line in lines)


def test_vcard_folds_long_lines_without_splitting_characters():
    from app.vcard import vcard

    text = vcard({"name": "Ж" * 100, "phones": [], "jurisdiction": "KZ"}, "NGO", "")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "".join(line[1:] if line.startswith(" ") else line for line in lines).count("Ж") == 300  # N, FN and ORG


@pytest.mark.parametrize("url", ["/services/nobody", "/services/nobody.vcf"])
def test_unknown_service_is_404(client, url):
    assert client.get(url).status_code == 404
