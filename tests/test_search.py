"""The search engine over the fixture knowledge base, through the real whoosh index."""

import pytest
from conftest import FIXTURE_KB, ids


def test_english_query_finds_norm_case_and_contact(engine):
    result = engine.search("HIV refusal resocialization", city="ust-kamenogorsk")
    assert ids(result["norms"])[:2] == ["test-order-379/p-30", "test-order-379/p-30-sp-2"] or ids(result["norms"])[:2] == [
        "test-order-379/p-30-sp-2",
        "test-order-379/p-30",
    ]
    assert ids(result["cases"])[0] == "test-damir"
    assert "test-ombudsman" in ids(result["services"])


def test_russian_inflected_query_finds_the_same(engine):
    result = engine.search("отказ в ресоциализации")
    assert ids(result["cases"])[0] == "test-damir"
    assert ids(result["norms"])[0].startswith("test-order-379/")


def test_translations_merge_into_one_hit_in_the_preferred_language(engine):
    ru = engine.search("resocialization", lang="ru")
    en = engine.search("resocialization", lang="en")
    assert ids(ru["cases"]) == ids(en["cases"]) == ["test-damir"]
    assert ru["cases"][0]["lang"] == "ru" and en["cases"][0]["lang"] == "en"
    assert len(ids(ru["norms"])) == len(set(ids(ru["norms"])))


def test_thesaurus_finds_other_languages_below_the_literal_word(engine):
    # "омбудсмен" appears in no text; the thesaurus maps it to "ombudsman" / "уполномоченный по правам человека".
    result = engine.search("омбудсмен")
    assert ids(result["services"]) == ["test-ombudsman"]
    # Found through the thesaurus: the word the REActor typed is what matched, though no text holds it.
    assert result["services"][0]["matched"] == ["омбудсмен"]
    texts = [path.read_text(encoding="utf-8").lower() for path in (FIXTURE_KB / "services").glob("*.md")]
    assert texts and not any("омбудсмен" in text for text in texts)


def test_typo_is_tolerated_and_suggested(engine):
    result = engine.search("resocialisaton")
    assert ids(result["cases"]) == ["test-damir"]
    assert result["suggestion"] == "resocialization"


def test_short_words_get_no_typo_tolerance(engine):
    assert engine.search("вищ")["cases"] == []


def test_fuzzy_matches_never_outrank_exact_ones(engine):
    result = engine.search("private")
    assert ids(result["norms"])[0] == "test-constitution/art-18"
    assert result["suggestion"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ст. 14 Конституции", ["test-constitution-2026/art-14", "test-constitution/art-14"]),
        ("статья 18 Конституции", ["test-constitution/art-18"]),
        ("14-бап", ["test-constitution-2026/art-14", "test-constitution/art-14"]),
        ("п. 30 приказа 379", ["test-order-379/p-30"]),
        ("Order 379 paragraph 30", ["test-order-379/p-30"]),
        ("подпункт 2) пункта 30 приказа 379", ["test-order-379/p-30-sp-2"]),
    ],
)
def test_citation_puts_the_cited_provision_first(engine, query, expected):
    result = engine.search(query)
    assert ids(result["norms"])[: len(expected)] == expected
    assert result["norms"][0]["cited"] is True


def test_repealed_ranks_below_in_force_for_the_same_match(engine):
    result = engine.search("Конституция статья 14 права")
    statuses = {hit["id"]: hit["status"] for hit in result["norms"]}
    assert statuses["test-constitution/art-14"] == "repealed"
    assert statuses["test-constitution-2026/art-14"] == "in_force"


def test_every_norm_hit_carries_citation_and_status(engine):
    hit = engine.search("resocialization")["norms"][0]
    assert hit["id"].startswith(f"{hit['act']}/")
    assert hit["status"] == "repealed"
    assert "379" in hit["citation"]


def test_graph_step_pulls_in_the_cases_norms_and_services(engine):
    # The Damir story's text matches "освобождения"; its cited provisions and the ombudsman come along.
    result = engine.search("освобождения")
    assert ids(result["cases"]) == ["test-damir"]
    norms = ids(result["norms"])
    # The repealed constitution's article comes with its replacement right after it; the repealed order's
    # sub-paragraph, whose replacement the kb does not know, is history and stays out.
    assert norms[norms.index("test-constitution/art-14") + 1] == "test-constitution-2026/art-14"
    assert result["norms"][norms.index("test-constitution/art-14")]["via"] == "test-damir"
    assert "test-order-379/p-30-sp-2" not in norms
    assert "test-ombudsman" in ids(result["services"])


def test_services_are_ordered_city_region_national(engine):
    result = engine.search("ВИЧ", city="ust-kamenogorsk")
    order = ids(result["services"])
    # The city's NGO, then the region's AIDS centre (Ridder), then the national ombudsman; Almaty's is dropped.
    assert order == ["test-ngo-ukg", "test-aids-east", "test-ombudsman"]


def test_filters_narrow_results(engine):
    assert sorted(ids(engine.search("ВИЧ", filters={"kind": "aids-centre"})["services"])) == ["test-aids-almaty", "test-aids-east"]
    assert engine.search("woman", filters={"group": "plhiv"})["cases"] == []
    assert ids(engine.search("woman", filters={"violation": "outing"})["cases"]) == ["test-outing"]
    only_en = engine.search("resocialization", filters={"language": "en"})
    assert all(hit["lang"] == "en" for hit in only_en["norms"] + only_en["cases"])


def test_quoted_phrase_must_match_as_a_phrase(engine):
    assert ids(engine.search('"private life"')["norms"]) == ["test-constitution/art-18"]
    assert engine.search('"life private"')["norms"] == []
    assert ids(engine.search('"private life" respect')["norms"])[:1] == ["test-constitution/art-18"]
    assert engine.search('"private life" "life private"')["norms"] == []  # every phrase must hold


def test_leading_minus_excludes(engine):
    with_word = ids(engine.search("resocialization")["norms"])
    without = ids(engine.search("resocialization -contraindications")["norms"])
    assert "test-order-379/p-30-sp-2" in with_word and "test-order-379/p-30-sp-2" not in without


def test_snippets_are_highlighted_and_escaped(engine):
    hit = engine.search("resocialization")["cases"][0]
    assert "<mark" in hit["snippet"] and "</mark>" in hit["snippet"]
    assert "resocialization" in [w.lower() for w in hit["matched"]]


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "AND OR (", "title:foo body:*", "\x00\x07\x1b[31m", "-", '""', "*", "?", "x" * 10_000, "ст. ст. ст.", "((((", "-\"a b\" -c", "🙂" * 50,
     " ".join(f"w{i}" for i in range(40)) + " " + " ".join(f'"a{i} b{i}"' for i in range(40))],  # more words and phrases than bits
)
def test_any_string_returns_a_normal_result(engine, query):
    result = engine.search(query)
    assert set(result) >= {"query", "took_ms", "norms", "cases", "services", "suggestion"}
    assert len(result["query"]) <= 500


def test_result_shape_is_the_json_contract(engine):
    result = engine.search("HIV", city="almaty", limit=2)
    assert {"id", "act", "title", "citation", "status", "snippet", "score"} <= set(result["norms"][0])
    assert {"id", "title", "outcome", "date", "city", "snippet", "score"} <= set(result["cases"][0])
    assert {"id", "name", "kind", "city", "phones", "score"} <= set(result["services"][0])
    assert all(len(result[name]) <= 2 for name in ("norms", "cases", "services"))


def test_filter_masks_are_bounded_however_many_distinct_filters_arrive(engine):
    # 3,000 requests with distinct filter values once added 173 MB at scale 100: the cache is now bounded.
    from indexer.search.snapshot import MAX_FILTER_MASKS

    for i in range(MAX_FILTER_MASKS * 3):
        engine.search("ВИЧ", filters={"group": f"group-{i}"})
    assert len(engine.snapshot()._docsets) <= MAX_FILTER_MASKS
    # A mask in use stays cached: the most recent filter is still there.
    assert any(f"group-{MAX_FILTER_MASKS * 3 - 1}" in key for key in engine.snapshot()._docsets)
