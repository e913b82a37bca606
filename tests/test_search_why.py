"""A contact the search lists without its own words matching says why it is there (engine, API and page)."""

import pytest
from bs4 import BeautifulSoup
from conftest import REPO


@pytest.fixture(scope="module")
def client(shipped_data, catalogs):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(shipped_data), "KB_DIR": str(REPO / "kb")})
    yield app.test_client()
    app.extensions["kb_engine"].close()


def test_the_contacts_the_first_step_goes_to_name_that_ladder(shipped):
    result = shipped.search("менты избили")
    ladder = result["remedies"][0]
    by_id = {s["id"]: s for s in result["services"]}
    assert by_id["prosecutor-call-centre-115"]["first_step_of"] == ladder["id"] == "police-abuse"
    # Only contacts of the first step's kind are marked.
    assert {s["kind"] for s in result["services"] if s["first_step_of"]} == {"prosecutor"}


def test_a_contact_only_a_similar_case_involved_names_that_case(shipped):
    result = shipped.search("разгласили диагноз")
    pulled = {s["id"]: s["via"] for s in result["services"] if s["via"]}
    assert pulled.get("kaz-union-plhiv") == "hospital-staff-disclosure-2017", pulled
    # A contact found by its own text has no `via`.
    assert all(not s["via"] for s in result["services"] if s["matched"])


def test_the_results_page_says_why_a_contact_is_listed(client):
    soup = BeautifulSoup(client.get("/search", query_string={"q": "менты избили", "lang": "ru"}).get_data(as_text=True), "html.parser")
    why = soup.select_one("section#services article[data-id=prosecutor-call-centre-115] p.via")
    assert why is not None
    assert why.get_text(" ", strip=True).startswith("Адресат первого шага:")
    link = why.select_one("a")
    assert link["href"].endswith("/remedies/police-abuse")
    assert link.get_text(strip=True) == soup.select_one("section#remedies article[data-id=police-abuse] h3").get_text(strip=True)
    soup = BeautifulSoup(client.get("/search", query_string={"q": "разгласили диагноз", "lang": "en"}).get_data(as_text=True), "html.parser")
    why = soup.select_one("section#services article[data-id=kaz-union-plhiv] p.via")
    assert why is not None and why.get_text(" ", strip=True).startswith("Turned to in a similar case:")
    assert why.select_one("a")["href"].endswith("/cases/hospital-staff-disclosure-2017")
