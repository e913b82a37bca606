"""The referral sheet: from a search or a case, printable, reproduced by its address."""

from urllib.parse import urlsplit

import pytest

from conftest import LANGUAGES, page


def ids(soup, name):
    return [li["data-id"] for li in soup.select(f"article.sheet section#{name} li[data-id]")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sheet_from_a_search_has_norms_cases_and_contacts(client, lang):
    soup = page(client.get(f"/sheet?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang={lang}"))
    assert soup.html["lang"] == lang
    assert ids(soup, "norms") and ids(soup, "norms")[0].startswith("test-order-379/")
    assert ids(soup, "cases")[0] == "test-damir"
    assert ids(soup, "services")[0] == "test-ngo-ukg"
    norm = soup.select_one("section#norms li")
    assert "379" in norm.select_one(".citation").get_text() and norm.select("p")[1].get_text(strip=True)
    assert soup.select_one("link[rel=stylesheet][media=print]")["href"] == "/static/print.css"
    assert soup.select_one("button[data-print][hidden]")


def test_sheet_address_reproduces_the_sheet(client):
    soup = page(client.get("/sheet?q=ВИЧ&city=ust-kamenogorsk&lang=ru&group=plhiv"))
    share = soup.select_one("article.sheet footer a")["href"]
    parts = urlsplit(share)
    again = page(client.get(f"{parts.path}?{parts.query}"))
    for name in ("norms", "cases", "services"):
        assert ids(again, name) == ids(soup, name)
    assert "group=plhiv" in parts.query and "lang=ru" in parts.query


def test_sheet_shows_what_worked_and_contact_details(client):
    soup = page(client.get("/sheet?q=HIV+resocialization&city=ust-kamenogorsk&lang=en"))
    case = soup.select_one("section#cases li[data-id=test-damir]")
    assert "Complaint to the ombudsman" in case.get_text() and case.select_one(".badge.outcome-resolved")
    contact = soup.select_one("section#services li[data-id=test-ngo-ukg]")
    assert "ул. Примерная, 1" in contact.get_text() and contact.select_one("a.tel") and contact.select_one(".warn")


def test_sheet_from_a_case(client):
    soup = page(client.get("/sheet?case=test-damir&lang=en"))
    assert soup.select_one(".subject").get_text() == "HIV-positive man refused a place in a resocialization centre"
    assert ids(soup, "norms") == ["test-order-379/p-30-sp-2", "test-constitution/art-14"]
    assert ids(soup, "cases") == ["test-damir"] and ids(soup, "services") == ["test-ombudsman"]


def test_sheet_without_a_subject_goes_to_the_search(client):
    response = client.get("/sheet")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/search"


def test_sheet_for_an_unknown_case_is_404(client):
    assert client.get("/sheet?case=nobody").status_code == 404
