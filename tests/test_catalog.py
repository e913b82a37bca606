"""The catalog: read-only entries over the built database, in the preferred language."""

import pytest

from indexer.catalog import Catalog, kb_file


@pytest.fixture
def catalog(engine):
    return Catalog(engine)


def test_acts_in_preferred_language_with_provision_counts(catalog):
    acts = {a["id"]: a for a in catalog.acts("kk")}
    assert acts["test-constitution"]["lang"] == "kk" and acts["test-constitution"]["langs"] == ["ru", "kk", "en"]
    assert acts["test-order-379"]["lang"] == "ru"  # no Kazakh version: Russian first
    assert acts["test-order-379"]["provision_count"] == 2
    assert list(acts)[0].startswith("test-constitution")


def test_act_with_provisions_and_citation_counts(catalog):
    act = catalog.act("test-order-379", "en")
    assert act["aliases"] == ["Order 379"]
    assert [(p["local_id"], p["cited_in"]) for p in act["provisions"]] == [("p-30", 0), ("p-30-sp-2", 1)]
    assert all(p["lang"] == "en" for p in act["provisions"])
    assert catalog.act("test-constitution", "ru")["replacement"]["id"] == "test-constitution-2026"
    assert catalog.act("nothing", "ru") is None


def test_provision_with_act_and_neighbours(catalog):
    provision = catalog.provision("test-order-379", "p-30-sp-2", "ru")
    assert provision["act"]["title"].startswith("Правила")
    assert provision["previous"]["local_id"] == "p-30" and provision["next"] is None
    assert catalog.provision("test-order-379", "p-99", "ru") is None


def test_case_links_its_norms_and_services_in_its_language(catalog):
    case = catalog.case("test-damir", "ru")
    assert case["lang"] == "ru" and case["groups"] == ["plhiv", "prisoners"]
    assert [(c["ref"], c["provision"]["lang"]) for c in case["cited"]] == [("test-order-379/p-30-sp-2", "ru"), ("test-constitution/art-14", "ru")]
    assert [s["id"] for s in case["involved"]] == ["test-ombudsman"]
    assert [c["id"] for c in catalog.citing_cases("test-constitution/art-14", "en")] == ["test-damir"]


def test_case_and_service_filters(catalog):
    assert [c["id"] for c in catalog.cases("en", year="2023")] == ["test-damir"]
    assert [c["id"] for c in catalog.cases("en", group="lgbtiq", city="almaty")] == ["test-outing"]
    assert catalog.cases("en", ids=[]) == []
    assert [s["id"] for s in catalog.services("ru", free=True)] == ["test-ngo-ukg"]
    assert [s["id"] for s in catalog.services("ru", city="ridder", kind="aids-centre")] == ["test-aids-east"]
    assert catalog.service("test-ombudsman", "en")["cases"][0]["id"] == "test-damir"


def test_vocab_meta_and_counts(catalog):
    vocab = catalog.vocab()
    assert vocab["places"]["ust-kamenogorsk"] == {"en": "Ust-Kamenogorsk", "ru": "Усть-Каменогорск", "kk": "Өскемен", "region": "east-kazakhstan"}
    assert catalog.meta()["built_at"]
    assert catalog.counts() == {"acts": 3, "provisions": 5, "cases": 2, "services": 4}


@pytest.mark.parametrize(("path", "expected"), [("kb/laws/x.ru.md", "laws/x.ru.md"), ("/srv/repo/kb/cases/sub/y.en.md", "cases/sub/y.en.md"), ("z.md", "z.md")])
def test_kb_file_is_the_path_inside_kb(path, expected):
    assert kb_file(path) == expected


def test_catalog_follows_a_rebuild(kb_dir, tmp_path):
    from indexer.build import build
    from indexer.search import SearchEngine

    data = tmp_path / "data"
    build(kb_dir, data)
    engine = SearchEngine(data)
    catalog = Catalog(engine)
    assert catalog.service("test-aids-almaty", "ru")["name"] == "Городской центр СПИД Алматы"
    path = kb_dir / "services/test-aids-almaty.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Городской центр СПИД Алматы", "Центр СПИД Алматы"), encoding="utf-8")
    build(kb_dir, data)
    assert catalog.service("test-aids-almaty", "ru")["name"] == "Центр СПИД Алматы"
    engine.close()
