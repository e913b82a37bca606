"""The shared analysis pipeline: folding, hyphens, per-language stemming, thesaurus."""

import pytest
import snowballstemmer

from indexer.analysis import analyze, borrowed, fold, tokens
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


# --- Kazakh endings on Russian nouns; lexicalised Kazakh derivations (issue 17) ---

# Russian nouns as Kazakh uses them, with case, plural and possessive endings after front and back vowels,
# a consonant cluster (центр, министр) and a soft sign (лагерь): each form must meet the bare noun's term.
BORROWED_FORMS = [
    ("омбудсмен", "омбудсменге"), ("омбудсмен", "омбудсменнің"), ("омбудсмен", "омбудсменнен"),
    ("омбудсмен", "омбудсменмен"), ("омбудсмен", "омбудсменді"),
    ("прокуратура", "прокуратураға"), ("прокуратура", "прокуратурасының"), ("прокуратура", "прокуратураны"),
    ("прокуратура", "прокуратурада"),
    ("полиция", "полицияға"), ("полиция", "полицияның"), ("полиция", "полициясы"), ("полиция", "полицияда"),
    ("адвокат", "адвокаттар"), ("адвокат", "адвокаттары"), ("адвокат", "адвокатты"), ("адвокат", "адвокаттан"),
    ("диспансер", "диспансерде"), ("диспансер", "диспансерге"),
    ("интернат", "интернатта"), ("интернат", "интернаттан"),
    ("центр", "центрге"), ("центр", "центрде"), ("министр", "министрге"),
    ("лагерь", "лагерьден"), ("медаль", "медальге"),
    ("статус", "статусын"), ("статус", "статусымды"), ("диагноз", "диагнозын"), ("диагноз", "диагнозды"),
    ("клиника", "клиникаға"), ("республика", "республикасының"),
]


@pytest.mark.parametrize("noun,form", BORROWED_FORMS, ids=lambda x: x)
def test_a_russian_noun_with_kazakh_endings_meets_the_bare_noun(noun, form):
    assert analyze(form) == analyze(noun)


# A derived Kazakh word that names another concept keeps its own term, and its own forms meet it.
LEXICALISED = [
    (["бастық", "бастығы", "бастықтар"], ["бас", "басы"]),                      # boss / head
    (["соттылық", "соттылығы", "соттылығын"], ["сот", "сотқа"]),                # criminal record / court
    (["басшылық", "басшысы", "басшылары"], ["бас", "басы"]),                    # leader(ship) / head
    (["орталық", "орталығы", "орталыққа"], ["ортада", "ортаға"]),               # centre / middle, environment
    (["жауапкершілік", "жауапкершілігі"], ["жауапкер", "жауапкердің"]),         # liability / defendant
]


@pytest.mark.parametrize("own,other", LEXICALISED, ids=lambda x: x[0])
def test_lexicalised_derivations_are_not_cut_to_another_concept(own, other):
    own_terms = {tuple(analyze(w)) for w in own}
    other_terms = {tuple(analyze(w)) for w in other}
    assert len(own_terms) == 1, own_terms
    assert not own_terms & other_terms


# Native Kazakh forms from the Kazakh law summaries in kb/laws and their terms before the change: they must not
# move. Among them words whose stem is also a Russian noun or name (адам, шара, тарту, белгі).
NATIVE_TERMS = {
    "дәлелдер": "дәлел", "шағымдар": "шағым", "адамдарға": "адам", "адамдар": "адам", "мерзімі": "мерзім",
    "ішінде": "іш", "мекенжайы": "мекенжай", "мемлекеттік": "мемлекет", "құқықтарын": "құқық",
    "қызметкерлерінің": "қызметкер", "құжаттар": "құжат", "кәмелетке": "кәмелет", "қылмыстық": "қылмыс",
    "күдікті": "күдік", "шілдедегі": "шілде", "айыппұлмен": "айыппұл", "қорғаушының": "қорғау",
    "әрекеттеріне": "әрекет", "балаларға": "бала", "жыныстық": "жыныс", "шаралар": "шара", "тартуға": "тарту",
    "белгісі": "белк",  # белгі-сі "its sign": since the possessive is cut after белгі, the term of белгі, белгілері
}


@pytest.mark.parametrize("word", NATIVE_TERMS)
def test_native_kazakh_words_keep_their_terms(word):
    assert analyze(word) == [NATIVE_TERMS[word]]


@pytest.mark.parametrize("word", ["травмпункта", "омбудсмена", "прокуратуры", "адвокатами"])
def test_russian_forms_are_left_to_the_russian_stemmer(word):
    # «травмпункта» (unknown to the dictionary) ends like Kazakh -та; known Russian forms are never cut the Kazakh way
    assert analyze(word) == [snowballstemmer.stemmer("russian").stemWord(word)]


@pytest.mark.parametrize("kazakh,russian", [
    ("садикке", "садик"), ("садиктен", "садик"), ("карантинді", "карантин"), ("санаторийге", "санаторий"),
    ("мониторингі", "мониторинг"), ("ресурстарды", "ресурс"), ("референдумда", "референдум"),
])
def test_kazakh_endings_after_a_loan_ending_in_i_or_u_and_consonants_reach_the_russian_noun(kazakh, russian):
    # Kazakh writes front endings after such a loan whatever its earlier vowels (садик-ке, карантин-ді), and back
    # ones after у (ресурс-тар): the vowel harmony of native words refused these cuts
    assert analyze(kazakh) == analyze(russian)


@pytest.mark.parametrize("kazakh,russian", [("чатында", "чат"), ("чатынан", "чат"), ("кафелерге", "кафе"), ("фотосын", "фото")])
def test_kazakh_endings_after_a_short_russian_noun_with_a_russian_letter_reach_it(kazakh, russian):
    # «жұмыс чатында» ("in the work chat") met neither «чатқа» nor a Russian text's «в чате»
    assert analyze(kazakh) == analyze(russian)


@pytest.mark.parametrize("word", ["сапасы", "шарасы", "белгісі", "жылда", "базада"])
def test_short_kazakh_words_the_russian_dictionary_also_has_are_not_taken_for_russian_nouns(word):
    # сапа "quality", шара "measure" are rare Russian nouns too: without a Russian letter a short root is not one
    assert borrowed.russian_root(word) is None
