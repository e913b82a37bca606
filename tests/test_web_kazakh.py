"""The shipped knowledge base as a Kazakh (and Russian) reader sees it: dates, citations, order of lists, act names."""

import re
import sqlite3

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO

from indexer.build import CURRENT
from indexer.collation import collation_key
from indexer.search import SearchEngine

MONTHS = "қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
# A bare month before a postposition that needs a case ending: «1 қаңтар бастап», «30 маусым дейін».
BARE_MONTH = re.compile(rf"\b(?:{MONTHS})\s+(?:бастап|дейін|тексерілген)")
# One id per act (each act has a file per language: kb/laws/<id>.<lang>.md).
ACT_IDS = sorted({p.name.split(".")[0] for p in (REPO / "kb" / "laws").glob("*.md")})
RAW_ID = re.compile(r"\b(?:" + "|".join(map(re.escape, ACT_IDS)) + r")\b")


@pytest.fixture(scope="module")
def shipped(shipped_data, catalogs):
    from app import create_app

    data = shipped_data
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(REPO / "kb")})
    yield app.test_client(), data
    app.extensions["kb_engine"].close()


@pytest.fixture(scope="module")
def client(shipped):
    return shipped[0]


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "lxml")  # the act pages are long: lxml parses them in a third of the time


def text_of(client, url: str) -> str:
    return " ".join(soup_of(client, url).select_one("main").get_text(" ", strip=True).split())


def test_kazakh_act_pages_inflect_dates_before_postpositions(client):
    labour = text_of(client, "/laws/kz-labour-code?lang=kk")
    assert "2016 жылғы 1 қаңтардан бастап" in labour
    repealed = text_of(client, "/laws/kz-constitution-1995?lang=kk")
    assert "1995 жылғы 5 қыркүйектен бастап" in repealed and "2026 жылғы 30 маусымға дейін" in repealed
    for act_id in ACT_IDS:
        page = text_of(client, f"/laws/{act_id}?lang=kk")
        assert not BARE_MONTH.search(page), (act_id, BARE_MONTH.search(page).group(0))
        assert " ж. " not in page, act_id


def test_kazakh_act_list_puts_the_date_before_the_number(client):
    item = soup_of(client, "/laws?lang=kk").select_one("li[data-id='kz-labour-code'] .meta").get_text(" ", strip=True)
    assert item.startswith("2015 жылғы 23 қарашадағы № 414-V")
    undated_number = soup_of(client, "/laws?lang=kk").select_one("li[data-id='kz-constitution-2026'] .meta").get_text(" ", strip=True)
    assert undated_number.startswith("2026 жылғы 15 наурызда қабылданған")


def test_kazakh_citations_put_the_act_first_on_pages_sheet_and_api(client):
    soup = soup_of(client, "/laws/kz-labour-code?lang=kk")
    assert soup.select_one("#cite-art-6-p-2").get_text() == (
        "Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Еңбек кодексінің 6-бабының 2-тармағы")
    provision = soup_of(client, "/laws/kz-health-code/art-1-p-1-sp-2-2?lang=kk").select_one("#cite").get_text()
    assert provision == ("«Халық денсаулығы және денсаулық сақтау жүйесі туралы» Қазақстан Республикасының 2020 жылғы 7 шілдедегі "
                         "№ 360-VI Кодексінің 1-бабының 1-тармағының 2-2) тармақшасы")
    constitution = soup_of(client, "/laws/kz-constitution-1995?lang=kk").select_one("#cite-art-14-p-2").get_text()
    assert constitution == "Қазақстан Республикасының 1995 жылғы 30 тамыздағы Конституциясының 14-бабының 2-тармағы"
    # The sheet's address holds entry ids only (never the query).
    sheet = soup_of(client, "/sheet?n=kz-labour-code/art-6-p-2&n=kz-health-code/art-161-p-2&lang=kk")
    kazakh = [p.get_text(" ", strip=True) for p in sheet.select("p.citation strong[lang=kk]")]
    assert kazakh and all(re.search(r"(бабы|бөлігі|тармағы|тармақшасы)$", c) and "Қазақстан Республикасы" in c for c in kazakh), kazakh
    api = client.get("/api/acts/kz-labour-code?lang=kk").get_json()
    assert "Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Еңбек кодексінің 6-бабының 2-тармағы" in {
        p["citation"] for p in api["provisions"]}


def test_russian_citations_decline_the_act(client):
    soup = soup_of(client, "/laws/kz-labour-code?lang=ru")
    assert soup.select_one("#cite-art-6-p-2").get_text().replace("\u00a0", " ") == (
        "п. 2 ст. 6 Трудового кодекса Республики Казахстан от 23 ноября 2015 г. № 414-V")


def options_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Each select's option captions, without the first ('any …') option."""
    return {s["name"]: [o.get_text(strip=True) for o in s.select("option")][1:] for s in soup.select("select")}


# Selects whose order is not alphabetical on purpose: years newest first, text languages in a fixed order.
NOT_ALPHABETICAL = {"year", "language"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("url", ["/", "/search?q=АИТВ", "/cases", "/services"])
def test_every_select_is_in_the_alphabetical_order_of_its_language(client, lang, url):
    selects = options_of(soup_of(client, f"{url}{'&' if '?' in url else '?'}lang={lang}"))
    assert selects
    for name, captions in selects.items():
        if name not in NOT_ALPHABETICAL:
            assert captions == sorted(captions, key=lambda c: collation_key(c, lang)), (url, name)


def test_kazakh_city_list_reads_in_alphabet_order(client):
    expected = ["Алматы", "Астана", "Қарағанды", "Өскемен", "Павлодар", "Семей", "Талдықорған", "Теміртау", "Шымкент"]
    cities = options_of(soup_of(client, "/?lang=kk"))["city"]
    # The directory names more places than these; these, at least, stand in Kazakh alphabetical order.
    assert [c for c in cities if c in expected] == expected
    groups = options_of(soup_of(client, "/?lang=kk"))["group"]
    assert groups.index("Әйелдер") < groups.index("Балалар") and groups.index("Құқық қорғаушылар мен белсенділер") < groups.index("ЛГБТИК+ адамдар")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_laws_are_listed_alphabetically_within_each_kind(client, lang):
    for section in soup_of(client, f"/laws?lang={lang}").select("main section"):
        titles = [a.get_text(strip=True) for a in section.select("li[data-id] > a")]
        assert titles == sorted(titles, key=lambda t: collation_key(t, lang)), section["aria-labelledby"]


def test_a_card_lists_its_groups_in_alphabetical_order(client):
    soup = soup_of(client, "/cases?lang=kk")
    case_ids = [li["data-id"] for li in soup.select("li[data-id]")]
    for case_id in case_ids:
        case = soup_of(client, f"/cases/{case_id}?lang=kk")
        for dt in case.select("dl dt"):
            if dt.get_text(strip=True) in ("Топтар", "Бұзушылықтар"):
                labels = dt.find_next_sibling("dd").get_text(strip=True).split("; ")
                assert labels == sorted(labels, key=lambda t: collation_key(t, "kk")), case_id


def test_a_contact_lists_its_languages_and_groups_in_alphabetical_order(client):
    soup = soup_of(client, "/services?lang=kk")
    service_ids = {a["href"].split("/")[2].split("?")[0] for a in soup.select("main a[href^='/services/']") if not a["href"].endswith(".vcf")}
    checked = 0
    for service_id in sorted(service_ids):
        card = soup_of(client, f"/services/{service_id}?lang=kk")
        for dt in card.select("dl dt"):
            if dt.get_text(strip=True) in ("Тілдер", "Қай топтарға қолайлы"):
                separator = ", " if dt.get_text(strip=True) == "Тілдер" else "; "
                labels = dt.find_next_sibling("dd").get_text(strip=True).split(separator)
                assert labels == sorted(labels, key=lambda t: collation_key(t, "kk")), service_id
                checked += len(labels) > 1
    assert checked > 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_act_id_shows_in_prose_and_act_links_show_titles(client, lang):
    for act_id in ACT_IDS:
        soup = soup_of(client, f"/laws/{act_id}?lang={lang}")
        prose = " ".join(div.get_text(" ") for div in soup.select("div.summary, div.body"))
        assert not RAW_ID.search(prose), (act_id, RAW_ID.search(prose).group(0))
    summary = soup_of(client, f"/laws/kz-constitution-1995?lang={lang}").select_one("div.summary")
    link = summary.select_one("a[href='/laws/kz-constitution-2026']")
    title = soup_of(client, f"/laws/kz-constitution-2026?lang={lang}").select_one("h1").get_text(strip=True)
    assert link is not None and link.get_text(strip=True) == title


def test_no_act_id_in_the_searchable_text_or_snippets(shipped):
    _, data = shipped
    db = sqlite3.connect(data / CURRENT / "kb.sqlite")
    columns = (("acts", "summary_text"), ("provisions", "text"), ("cases", "text"))
    texts = [row[0] for table, column in columns for row in db.execute(f"SELECT {column} FROM {table}")]
    assert texts and [t for t in texts if t and RAW_ID.search(t)] == []


@pytest.mark.parametrize(
    "lang, example, expected",
    [
        ("kk", "Еңбек кодексінің 6-бабы", "kz-labour-code/art-6"),
        ("kk", "379 бұйрықтың 30-тармағы", "kz-order-379/p-30"),
        ("ru", "ст. 6 Трудового кодекса", "kz-labour-code/art-6"),
        ("en", "Article 6 of the Labour Code", "kz-labour-code/art-6"),
    ],
)
def test_the_search_hint_examples_find_the_provision_they_cite(client, shipped, lang, example, expected):
    hint = text_of(client, f"/?lang={lang}")
    assert example in hint and not any(stale in hint for stale in ("14-бабы", "ст. 14", "Article 14"))
    engine = SearchEngine(shipped[1])
    try:
        assert engine.search(example)["norms"][0]["id"].startswith(expected)
    finally:
        engine.close()


@pytest.mark.parametrize("lang, caption", [("kk", "Құқық қорғаушы ұйым"), ("ru", "Правозащитная организация")])
def test_the_human_rights_organisation_kind_does_not_read_as_police(client, lang, caption):
    kinds = options_of(soup_of(client, f"/services?lang={lang}"))["kind"]
    assert caption in kinds and "Құқық қорғау ұйымы" not in kinds
