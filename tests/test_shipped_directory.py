"""The referral directory we ship: a first contact in every region, each channel with its source."""

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, ids

from indexer.search import SearchEngine

KB = REPO / "kb"
FIRST_CONTACT_KINDS = {"ombudsman", "aids-centre"}
CHANNELS = ("phones", "address", "email", "messengers", "online_form")


@pytest.fixture(scope="module")
def shipped(shipped_loaded):
    return shipped_loaded[0]


@pytest.fixture(scope="module")
def data(shipped_data):
    return shipped_data


@pytest.fixture(scope="module")
def engine(data):
    engine = SearchEngine(data)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def client(data, catalogs):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(KB)})
    yield app.test_client()
    app.extensions["kb_engine"].close()


def test_every_region_has_an_ombudsman_representative_or_an_aids_centre(shipped):
    places = shipped.vocab["places"]
    regions = {p["region"] for p in places.values()} - {"national"}
    covered = {
        places[s.meta["city"]]["region"]
        for s in shipped.of_kind("service")
        if s.meta["kind"] in FIRST_CONTACT_KINDS and s.meta.get("visibility", "public") == "public"
    }
    assert regions - covered == set()
    assert len(regions) >= 20  # 17 regions and the three cities of republican significance


def test_the_directory_has_eighty_contacts_and_every_channel_names_its_page(shipped):
    services = shipped.of_kind("service")
    assert len({s.id for s in services}) >= 80
    unsourced = [s.path for s in services if any(s.meta.get(k) for k in CHANNELS) and not s.meta.get("source_url")]
    assert unsourced == []


@pytest.mark.parametrize(("city", "expected"), [
    ("aktau", "ombudsman-rep-mangystau"),
    ("zhezkazgan", "ombudsman-rep-ulytau"),
    ("kostanay", "kostanay-aids-centre"),
])
def test_a_search_in_a_regional_city_offers_that_regions_contact(engine, city, expected):
    result = engine.search("жалоба дискриминация ВИЧ омбудсмен центр СПИД", city=city)
    assert expected in ids(result["services"])[:5]


def test_the_directory_pages_through_every_contact_once_in_small_pages(client, shipped):
    public = {s.id for s in shipped.of_kind("service") if s.meta.get("visibility", "public") == "public"}
    listed, url, pages = [], "/services?lang=ru", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200 and len(response.data) < 60 * 1024
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        listed += [card["data-id"] for card in page.select("#directory article.card")]
        following = page.select_one('nav.pager a[rel="next"]')
        url, pages = (following["href"] if following else None), pages + 1
    assert pages >= 2
    assert sorted(listed) == sorted(public)


def test_a_filtered_directory_keeps_its_filter_on_the_next_page(client, shipped):
    friendly = {s.id for s in shipped.of_kind("service") if "plhiv" in s.meta.get("groups", []) and s.meta.get("visibility", "public") == "public"}
    first = BeautifulSoup(client.get("/services?group=plhiv&lang=ru").get_data(as_text=True), "html.parser")
    following = first.select_one('nav.pager a[rel="next"]')
    assert following is not None and "group=plhiv" in following["href"]
    second = BeautifulSoup(client.get(following["href"]).get_data(as_text=True), "html.parser")
    listed = [card["data-id"] for page in (first, second) for card in page.select("#directory article.card")]
    assert sorted(listed) == sorted(friendly)
    assert second.select_one('nav.pager a[rel="prev"]') is not None


@pytest.mark.parametrize(("letter", "city", "regional", "national"), [
    ("complaint-labour-inspection", "aktau", "labour-inspection-mangystau", "labour-inspection-committee"),
    ("complaint-health", "pavlodar", "health-department-pavlodar", "medical-control-committee"),
    ("statement-police", "aktau", None, "police-102"),
])
def test_a_letter_to_the_police_labour_inspection_or_health_authority_has_an_addressee(client, letter, city, regional, national):
    form = BeautifulSoup(client.get(f"/letters/{letter}?city={city}&lang=ru").get_data(as_text=True), "html.parser")
    offered = [option["value"] for option in form.select("select#contact option") if option.get("value")]
    assert national in offered
    if regional:
        assert offered[0] == regional
