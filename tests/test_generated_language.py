"""Generated text in Kazakh and Russian: case endings, act titles in the genitive, citations, alphabetical order."""

import pytest

from indexer.citations import cite, units
from indexer.collation import sort_key
from indexer.kazakh import date_phrase, inflect, is_front, month
from indexer.russian import act_reference_genitive, genitive_title

# The month table of the language review: (locative + ғы, ablative, dative, locative).
MONTH_FORMS = {
    1: ("қаңтардағы", "қаңтардан", "қаңтарға", "қаңтарда"),
    2: ("ақпандағы", "ақпаннан", "ақпанға", "ақпанда"),
    3: ("наурыздағы", "наурыздан", "наурызға", "наурызда"),
    4: ("сәуірдегі", "сәуірден", "сәуірге", "сәуірде"),
    5: ("мамырдағы", "мамырдан", "мамырға", "мамырда"),
    6: ("маусымдағы", "маусымнан", "маусымға", "маусымда"),
    7: ("шілдедегі", "шілдеден", "шілдеге", "шілдеде"),
    8: ("тамыздағы", "тамыздан", "тамызға", "тамызда"),
    9: ("қыркүйектегі", "қыркүйектен", "қыркүйекке", "қыркүйекте"),
    10: ("қазандағы", "қазаннан", "қазанға", "қазанда"),
    11: ("қарашадағы", "қарашадан", "қарашаға", "қарашада"),
    12: ("желтоқсандағы", "желтоқсаннан", "желтоқсанға", "желтоқсанда"),
}


@pytest.mark.parametrize("number", range(1, 13))
def test_every_month_takes_the_right_ending_in_every_case(number):
    cases = ("attributive", "ablative", "dative", "locative")
    assert tuple(month(number, case) for case in cases) == MONTH_FORMS[number]


@pytest.mark.parametrize(
    "word, case, expected",
    [
        # vowel harmony: back after а/о/ұ/ы, front after ә/е/ө/ү/і; и and у decide nothing when another vowel does
        ("бала", "dative", "балаға"), ("әке", "dative", "әкеге"), ("ауыл", "ablative", "ауылдан"), ("үй", "ablative", "үйден"),
        ("Конституция", "genitive", "Конституцияның"), ("кеңсе", "locative", "кеңседе"),
        # consonant assimilation: voiceless → т/қ/к, nasals → н for -нан and -ның, sonorants → д
        ("мектеп", "ablative", "мектептен"), ("кітап", "dative", "кітапқа"), ("жер", "dative", "жерге"),
        ("сот", "locative", "сотта"), ("қала", "genitive", "қаланың"), ("жыл", "genitive", "жылдың"),
        ("адам", "genitive", "адамның"), ("тас", "genitive", "тастың"), ("қазан", "ablative", "қазаннан"),
        # act titles end in a possessive: genitive by the last vowel
        ("Кодексі", "genitive", "Кодексінің"), ("Конституциясы", "genitive", "Конституциясының"), ("Заңы", "genitive", "Заңының"),
    ],
)
def test_endings_follow_vowel_harmony_and_the_last_sound(word, case, expected):
    assert inflect(word, case) == expected


def test_harmony_is_read_from_the_last_vowel():
    assert is_front("кітап") is False and is_front("Кодекс") is True and is_front("Еңбек") is True and is_front("ми") is True


@pytest.mark.parametrize(
    "value, case, expected",
    [
        ("2016-01-01", "ablative", "2016 жылғы 1 қаңтардан"),
        ("2026-06-30", "dative", "2026 жылғы 30 маусымға"),
        ("2015-11-23", "attributive", "2015 жылғы 23 қарашадағы"),
        ("1995-08-30", "locative", "1995 жылғы 30 тамызда"),
        ("2024-03-03", None, "2024 жылғы 3 наурыз"),
        ("2023-09", "ablative", "2023 жылғы қыркүйектен"),
        ("2023", "ablative", "2023 жылдан"),
        ("2023", "dative", "2023 жылға"),
        ("2023", "locative", "2023 жылы"),
        ("2023", None, "2023"),
    ],
)
def test_kazakh_dates_take_the_case_their_postposition_asks_for(value, case, expected):
    assert date_phrase(value, case) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Трудовой кодекс Республики Казахстан", "Трудового кодекса Республики Казахстан"),
        ("Административный процедурно-процессуальный кодекс Республики Казахстан", "Административного процедурно-процессуального кодекса Республики Казахстан"),
        ("Гражданский кодекс Республики Казахстан (Общая часть)", "Гражданского кодекса Республики Казахстан (Общая часть)"),
        (
            "Кодекс Республики Казахстан «О здоровье народа и системе здравоохранения»",
            "Кодекса Республики Казахстан «О здоровье народа и системе здравоохранения»",
        ),
        ("Закон Республики Казахстан «Об образовании»", "Закона Республики Казахстан «Об образовании»"),
        ("Конституционный закон Республики Казахстан «Об Уполномоченном по правам человека в Республике Казахстан»",
         "Конституционного закона Республики Казахстан «Об Уполномоченном по правам человека в Республике Казахстан»"),
        ("Конституция Республики Казахстан", "Конституции Республики Казахстан"),
        ("Правила оказания медицинской помощи", "Правил оказания медицинской помощи"),
        ("Приказ Министра здравоохранения", "приказа Министра здравоохранения"),
        ("Об утверждении Правил", None),
    ],
)
def test_russian_titles_in_the_genitive(title, expected):
    assert genitive_title(title) == expected


def test_russian_order_titles_point_into_the_rules_they_approve():
    reference = act_reference_genitive("Об утверждении Правил рассмотрения жалоб (приказ Уполномоченного по правам человека)", "3", "20 января 2023 г.")
    assert reference == "Правил рассмотрения жалоб, утверждённых приказом Уполномоченного по правам человека от 20 января 2023 г. № 3"
    constitution = act_reference_genitive("Конституция Республики Казахстан 1995 года", None, "30 августа 1995 г.")
    assert constitution == "Конституции Республики Казахстан от 30 августа 1995 г."


def test_provision_ids_give_their_units_outermost_first():
    assert units("art-6-p-2") == [("art", "6"), ("p", "2")]
    assert units("art-30-1-p-2-sp-2-2") == [("art", "30-1"), ("p", "2"), ("sp", "2-2")]
    assert units("p-30-sp-2") == [("p", "30"), ("sp", "2")]
    assert units("hiv-annex") == []


LABOUR = ("Қазақстан Республикасының Еңбек кодексі", "414-V", "2015-11-23")
HEALTH_KK = ("«Халық денсаулығы және денсаулық сақтау жүйесі туралы» Қазақстан Республикасының Кодексі", "360-VI", "2020-07-07")


@pytest.mark.parametrize(
    "local_id, act, expected",
    [
        ("art-6", LABOUR, "Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Еңбек кодексінің 6-бабы"),
        ("art-6-p-2", LABOUR, "Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Еңбек кодексінің 6-бабының 2-тармағы"),
        ("art-145-part-1", ("Қазақстан Республикасының Қылмыстық кодексі", "226-V", "2014-07-03"),
         "Қазақстан Республикасының 2014 жылғы 3 шілдедегі № 226-V Қылмыстық кодексінің 145-бабының 1-бөлігі"),
        ("art-1-p-1-sp-2-2", HEALTH_KK, "«Халық денсаулығы және денсаулық сақтау жүйесі туралы» Қазақстан Республикасының 2020 жылғы "
         "7 шілдедегі № 360-VI Кодексінің 1-бабының 1-тармағының 2-2) тармақшасы"),
        # the year in the title becomes the full date: it is not written twice
        ("art-14-p-2", ("Қазақстан Республикасының 1995 жылғы Конституциясы", None, "1995-08-30"),
         "Қазақстан Республикасының 1995 жылғы 30 тамыздағы Конституциясының 14-бабының 2-тармағы"),
        # a title that already holds the full date keeps it, once
        ("art-14-p-2", ("1995 жылғы 30 тамыздағы Қазақстан Республикасының Конституциясы", None, "1995-08-30"),
         "1995 жылғы 30 тамыздағы Қазақстан Республикасының Конституциясының 14-бабының 2-тармағы"),
        # the republic named inside the quoted name is not where the date goes
        ("art-19-p-5", ("«Қазақстан Республикасының ішкі істер органдары туралы» Қазақстан Республикасының Заңы", "199-V", "2014-04-23"),
         "«Қазақстан Республикасының ішкі істер органдары туралы» Қазақстан Республикасының 2014 жылғы 23 сәуірдегі № 199-V "
         "Заңының 19-бабының 5-тармағы"),
        # a note on adoption in parentheses is left out: the date says it
        ("art-16", ("Қазақстан Республикасының Конституциясы (2026 жылғы 15 наурызда республикалық референдумда қабылданған)", None, "2026-03-15"),
         "Қазақстан Республикасының 2026 жылғы 15 наурыздағы Конституциясының 16-бабы"),
    ],
)
def test_kazakh_citations_put_the_act_first_and_chain_genitives(local_id, act, expected):
    assert cite(local_id, "", act[0], act[1], act[2], "kk") == expected


@pytest.mark.parametrize(
    "local_id, lang, act, expected",
    [
        ("art-76-p-2", "ru", ("Кодекс Республики Казахстан «О здоровье народа и системе здравоохранения»", "360-VI", "2020-07-07"),
         "п. 2 ст. 76 Кодекса Республики Казахстан «О здоровье народа и системе здравоохранения» от 7 июля 2020 г. № 360-VI"),
        ("art-145-part-1", "ru", ("Уголовный кодекс Республики Казахстан", "226-V", "2014-07-03"),
         "ч. 1 ст. 145 Уголовного кодекса Республики Казахстан от 3 июля 2014 г. № 226-V"),
        ("p-30-sp-2", "ru", ("Об утверждении Правил деятельности организаций, оказывающих специальные социальные услуги", "379", "2018-08-29"),
         "подп. 2) п. 30 Правил деятельности организаций, оказывающих специальные социальные услуги, утверждённых приказом от 29 августа 2018 г. № 379"),
        ("art-14", "ru", ("Конституция Республики Казахстан 1995 года", None, "1995-08-30"), "ст. 14 Конституции Республики Казахстан от 30 августа 1995 г."),
        ("art-76-p-2", "en", ("Code of the Republic of Kazakhstan \"On public health and healthcare system\"", "360-VI", "2020-07-07"),
         "Article 76(2) of the Code of the Republic of Kazakhstan \"On public health and healthcare system\" of 7 July 2020 No. 360-VI"),
        ("art-6", "en", ("Labour Code of the Republic of Kazakhstan", "414-V", "2015-11-23"),
         "Article 6 of the Labour Code of the Republic of Kazakhstan of 23 November 2015 No. 414-V"),
        ("p-30-sp-2", "en", ("On approval of the Rules of activity of organisations rendering special social services", "379", "2018-08-29"),
         "Paragraph 30(2) of the Rules of activity of organisations rendering special social services, approved by Order No. 379 of 29 August 2018"),
        ("art-14", "en", ("Constitution of the Republic of Kazakhstan (1995)", None, "1995-08-30"),
         "Article 14 of the Constitution of the Republic of Kazakhstan of 30 August 1995"),
    ],
)
def test_russian_and_english_citations_name_the_unit_then_the_act_in_the_genitive(local_id, lang, act, expected):
    # «2020 г.» is kept together with a no-break space, as typesetters do.
    assert cite(local_id, "", act[0], act[1], act[2], lang).replace("\u00a0", " ") == expected


def test_a_provision_with_an_explicit_id_keeps_its_heading_designator():
    assert cite("annex-1", "Annex 1", "Labour Code", "414-V", "2015-11-23", "en") == "Annex 1, Labour Code of 23 November 2015 No. 414-V"


KAZAKH_CITIES = ["Шымкент", "Алматы", "Өскемен", "Талдықорған", "Қарағанды", "Астана", "Павлодар", "Теміртау", "Семей"]


def test_kazakh_lists_follow_the_kazakh_alphabet():
    assert sorted(KAZAKH_CITIES, key=sort_key("kk")) == [
        "Алматы", "Астана", "Қарағанды", "Өскемен", "Павлодар", "Семей", "Талдықорған", "Теміртау", "Шымкент"]
    # every letter of the alphabet in its place, whatever the case
    alphabet = "а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я".split()
    shuffled = sorted(alphabet, key=lambda letter: ord(letter))
    assert sorted((letter.upper() for letter in shuffled), key=sort_key("kk")) == [letter.upper() for letter in alphabet]
    # ұ before ү, ы before і: «Ұйым», «Үкімет», «Ылғал», «Іздеу»
    assert sorted(["Іздеу", "Үкімет", "Ылғал", "Ұйым"], key=sort_key("kk")) == ["Ұйым", "Үкімет", "Ылғал", "Іздеу"]


def test_russian_lists_sort_yo_with_ye_and_ignore_quotes():
    assert sorted(["Яблоко", "Ежевика", "Жук", "Ёж"], key=sort_key("ru")) == ["Ёж", "Ежевика", "Жук", "Яблоко"]
    assert sorted(["Закон", "«Адвокатура»", "Бюро"], key=sort_key("ru")) == ["«Адвокатура»", "Бюро", "Закон"]


def test_an_act_link_renders_as_a_link_and_leaves_no_id_in_the_plain_text():
    from indexer.render import render

    html, plain = render("Free legal aid ([[kz-advocacy-law]]); write it as `[[kz-advocacy-law]]`.")
    assert '<a href="/laws/kz-advocacy-law"' in html and "<code>[[kz-advocacy-law]]</code>" in html
    assert plain == "Free legal aid; write it as [[kz-advocacy-law]]."
