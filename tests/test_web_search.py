"""The search page: the home page, the three result sections, city, facets and zero results."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, page

HEADINGS = {
    "en": ("Legal basis", "Similar cases", "Whom to contact"),
    "ru": ("Правовое основание", "Похожие случаи", "Куда обратиться"),
    "kk": ("Құқықтық негіз", "Ұқсас жағдайлар", "Қайда жүгінуге болады"),
}


def section_ids(soup, name):
    return [a["data-id"] for a in soup.select(f"section#{name} article[data-id]")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_has_one_focused_search_box(client, lang):
    soup = page(client.get(f"/?lang={lang}"))
    assert soup.html["lang"] == lang
    box = soup.select_one("form[role=search] input[name=q]")
    assert box.has_attr("autofocus")
    assert soup.select_one(f"label[for={box['id']}]").get_text(strip=True)
    assert soup.select_one("select[name=city] option[value=ust-kamenogorsk]")
    assert not soup.select("section#norms")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_results_come_in_three_counted_sections(client, lang):
    soup = page(client.get(f"/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang={lang}"))
    for name, heading in zip(("norms", "cases", "services"), HEADINGS[lang], strict=True):
        section = soup.select_one(f"section#{name}")
        title = section.select_one("h2")
        assert heading in title.get_text()
        assert title.select_one(".count").get_text() == str(len(section.select("article[data-id]")))
    assert section_ids(soup, "cases")[0] == "test-damir"
    assert {"test-order-379/p-30", "test-order-379/p-30-sp-2"} & set(section_ids(soup, "norms"))
    assert "test-ombudsman" in section_ids(soup, "services")
    assert not soup.select_one("input[name=q]").has_attr("autofocus")


def test_norm_hits_show_citation_status_and_highlighted_snippet(client):
    soup = page(client.get("/search?q=resocialization&lang=en"))
    hit = soup.select_one("section#norms article[data-id]")
    assert hit.select_one("h3 a")["href"].startswith("/laws/test-order-379/")
    assert "379" in hit.select_one(".citation").get_text()
    assert hit.select_one(".badge.status-repealed")
    assert soup.select("section#cases .snippet mark")


def test_case_and_service_hits_show_outcome_date_city_phone_and_check(client):
    soup = page(client.get("/search?q=resocialization&city=ust-kamenogorsk&lang=en"))
    case = soup.select_one("section#cases article[data-id=test-damir]")
    assert case.select_one(".badge.outcome-resolved").get_text(strip=True) == "Resolved"
    assert "April 2023" in case.select_one(".meta").get_text()
    assert "Ust-Kamenogorsk" in case.select_one(".meta").get_text()
    ombudsman = soup.select_one("section#services article[data-id=test-ombudsman]")
    assert ombudsman.select_one("a.main-channel")["href"] == "tel:+77172740000"
    assert "Checked on" in ombudsman.select_one(".fresh").get_text()


def test_services_of_the_chosen_city_come_first_and_are_marked(client):
    soup = page(client.get("/search?q=ВИЧ&city=ust-kamenogorsk&lang=en"))
    services = soup.select("section#services article[data-id]")
    assert services[0]["data-id"] == "test-ngo-ukg" and services[0].select_one(".badge.here")
    assert "test-aids-almaty" not in [s["data-id"] for s in services]


def test_city_is_remembered_between_visits(client):
    response = client.get("/search?q=ВИЧ&city=ust-kamenogorsk")
    assert "city=ust-kamenogorsk" in response.headers["Set-Cookie"]
    soup = page(client.get("/"))
    assert soup.select_one("select[name=city] option[selected]")["value"] == "ust-kamenogorsk"
    soup = page(client.get("/search?q=ВИЧ"))
    assert section_ids(soup, "services")[0] == "test-ngo-ukg"
    client.get("/search?q=ВИЧ&city=")
    soup = page(client.get("/"))
    assert not soup.select("select[name=city] option[selected]")


@pytest.mark.parametrize("param", ["city=atlantis", "group=nonsense", "violation=nonsense", "kind=nonsense", "language=xx", "jurisdiction=kz1"])
def test_an_unknown_filter_value_is_refused_with_a_clear_message(client, param):
    # It used to answer 200 with fewer or no results, and no word of why.
    response = client.get(f"/search?q=ВИЧ&{param}&lang=en")
    assert response.status_code == 400
    assert param.split("=")[1] in response.get_data(as_text=True)
    api = client.get(f"/api/search?q=ВИЧ&{param}")
    assert api.status_code == 400 and param.split("=")[1] in api.get_json()["error"]["message"]


def test_facets_narrow_results_and_keep_the_query(client):
    soup = page(client.get("/search?q=woman&violation=outing&lang=en"))
    assert section_ids(soup, "cases") == ["test-outing"]
    form = soup.select_one("form[role=search]")
    assert form.select_one("input[name=q]")["value"] == "woman"
    assert form.select_one("select[name=violation] option[selected]")["value"] == "outing"
    assert form.select_one("details.facets").has_attr("open")
    chip = soup.select_one(".chips a")
    query = parse_qs(urlsplit(chip["href"]).query)
    assert query["q"] == ["woman"] and "violation" not in query
    narrowed = page(client.get("/search?q=woman&group=plhiv&lang=en"))
    assert section_ids(narrowed, "cases") == []


def test_kind_and_language_facets(client):
    soup = page(client.get("/search?q=ВИЧ&kind=aids-centre"))
    assert set(section_ids(soup, "services")) == {"test-aids-almaty", "test-aids-east"}
    soup = page(client.get("/search?q=resocialization&language=en"))
    assert all(h["lang"] == "en" for h in soup.select("section#norms article h3"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_zero_results_offer_a_suggestion_and_tips(client, lang):
    soup = page(client.get(f"/search?q=zzqqxxyy&lang={lang}"))
    box = soup.select_one(".no-results")
    assert box.select_one("h2").get_text(strip=True)
    assert len(box.select("li")) >= 3
    assert all(not section_ids(soup, name) for name in ("norms", "cases"))
    # Never empty-handed: the general routes (the ombudsman in the fixture kb) are offered, and said to be that.
    assert section_ids(soup, "services") == ["test-ombudsman"]
    assert box.select_one(".fallback").get_text(strip=True)


def test_typo_gives_a_did_you_mean_link_that_keeps_the_city(client):
    soup = page(client.get("/search?q=resocialisaton&city=almaty&lang=en"))
    link = soup.select_one(".suggestion a")
    assert link.get_text() == "resocialization"
    assert parse_qs(urlsplit(link["href"]).query) == {"q": ["resocialization"], "city": ["almaty"], "lang": ["en"]}


def test_results_link_to_the_sheet_builder_with_the_ids_found_not_the_query(client):
    soup = page(client.get("/search?q=resocialization&city=almaty&lang=kk"))
    href = soup.select_one(".sheet-link a")["href"]
    assert urlsplit(href).path == "/sheet/new"
    sections = (("n", "norms"), ("c", "cases"), ("s", "services"), ("r", "remedies"))
    found = {name: [a["data-id"] for a in soup.select(f"section#{section} article[data-id]")] for name, section in sections}
    assert found["r"], "the ladders found go to the builder too"
    assert parse_qs(urlsplit(href).query) == {"city": ["almaty"], **{name: ids for name, ids in found.items() if ids}}


def test_hostile_query_is_escaped(client):
    response = client.get("/search", query_string={"q": '<script>alert(1)</script> "x'})
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert response.status_code == 200
    assert all(s.get("src") for s in soup.select("script"))
    assert soup.select_one("input[name=q]")["value"] == '<script>alert(1)</script> "x'


def test_a_filter_too_long_to_be_a_key_is_a_400_not_an_echo(client):
    response = client.get("/search", query_string={"q": "HIV", "group": "ВИЧ " * 2000})
    assert response.status_code == 400
    assert len(response.data) < 30_000
