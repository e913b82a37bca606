"""The shared analysis pipeline: folding, hyphens, per-language stemming, thesaurus."""

import pytest

from indexer.analysis import analyze, fold, tokens
from indexer.analysis.thesaurus import Thesaurus

RUSSIAN_FORMS = [
    ["дискриминация", "дискриминации", "дискриминацию", "дискриминацией"],
    ["отказ", "отказа", "отказом", "отказе"],
    ["статья", "статьи", "статье", "статью"],
    ["центр", "центра", "центре", "центром"],
    ["работодатель", "работодателя", "работодателем", "работодателю"],
    ["здоровье", "здоровья", "здоровью"],
    ["увольнение", "увольнения", "увольнением"],
    ["тайна", "тайны", "тайну", "тайной"],
    ["диагноз", "диагноза", "диагнозом"],
    ["ресоциализация", "ресоциализации", "ресоциализацию"],
    ["конституция", "конституции", "конституцией"],
]
ENGLISH_FORMS = [
    ["discrimination", "discriminated", "discriminating", "discriminate"],
    ["refusal", "refused", "refuse", "refusing"],
    ["right", "rights"],
    ["employer", "employers"],
    ["centre", "centres", "center", "centers"],
    ["resocialisation", "resocialization"],
    ["organisation", "organization", "organisations"],
    ["dismissal", "dismissed"],
]


@pytest.mark.parametrize("forms", RUSSIAN_FORMS + ENGLISH_FORMS, ids=lambda f: f[0])
def test_inflected_forms_share_one_term(forms):
    terms = {tuple(analyze(word)) for word in forms}
    assert len(terms) == 1, terms


def test_folding_lowercases_and_maps_yo_to_ye():
    assert fold("ЁЛКА Ребёнок") == "елка ребенок"
    assert analyze("ребёнка") == analyze("ребенка")


def test_hyphenated_word_indexed_whole_and_split():
    toks = tokens("ВИЧ-инфекция")
    assert [t.surface for t in toks] == ["вич-инфекция", "вич", "инфекция"]
    assert toks[0].term == "вич-" + analyze("инфекция")[0]
    assert analyze("вич") == [toks[1].term]


def test_character_offsets_point_into_the_original_text():
    text = "Отказ в ВИЧ-центре"
    for t in tokens(text):
        assert fold(text[t.start : t.end]) == t.surface


def test_short_words_and_numbers_are_not_stemmed():
    assert analyze("HIV ВИЧ 379 30-1") == ["hiv", "вич", "379", "30-1", "30", "1"]


def test_latin_and_cyrillic_use_their_own_stemmer():
    # English "rights" loses its plural; Russian "права" loses its case ending.
    assert analyze("rights") == ["right"]
    assert analyze("права") == analyze("право")


def test_thesaurus_matches_across_languages_and_inflections():
    thesaurus = Thesaurus([["HIV", "ВИЧ", "АИТВ"], ["refusal", "отказ"], ["ombudsman", "уполномоченный по правам человека"]])
    matches = thesaurus.matches(analyze("отказом уполномоченному по правам человека"))
    groups = {m.group for m in matches}
    assert groups == {1, 2}
    phrase = next(m for m in matches if m.group == 2)
    assert (phrase.start, phrase.end) == (1, 5)
    assert tuple(analyze("ombudsman")) in phrase.alternatives


def test_thesaurus_prefers_the_longest_phrase():
    thesaurus = Thesaurus([["право"], ["права человека", "human rights"]])
    matches = thesaurus.matches(analyze("права человека"))
    assert [m.group for m in matches] == [1]


def test_documents_are_tagged_with_nested_groups_too():
    thesaurus = Thesaurus([["resocialization", "ресоциализация"], ["resocialization centre", "центр ресоциализации"]])
    terms = analyze("центр ресоциализации")
    assert [m.group for m in thesaurus.matches(terms)] == [1]
    assert sorted(m.group for m in thesaurus.matches(terms, nested=True)) == [0, 1]
