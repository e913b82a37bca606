"""Longer everyday narratives reach the law through families of everyday words (issue 10 item 3, second pass), over the shipped kb.

Each test names words of a family other than the ones the change was measured on, so it checks the family, not one query.
"""

import pytest
from conftest import ids, means


@pytest.mark.parametrize("query", ["бывший написал что убьёт меня", "he said he would kill me if I leave", "ағасы өлтіреді деп қорқамын"])
def test_saying_one_will_kill_someone_is_searched_as_a_threat(shipped, query):
    result = shipped.search(query)
    assert "threats" in means(result), query
    assert "kz-criminal-code/art-115" in ids(result["norms"])[:3], query


@pytest.mark.parametrize(
    "query",
    ["соседка засняла меня на телефон и выложила в инсту", "they took pictures of me at the clinic and posted them", "мені видеоға түсіріп, желіге салды"],
)
def test_filming_or_photographing_someone_finds_the_right_to_ones_own_image(shipped, query):
    result = shipped.search(query)
    assert "photo without consent" in means(result), query
    assert "kz-civil-code/art-145-p-1" in ids(result["norms"])[:5], query


@pytest.mark.parametrize("query", ["сожитель забирает зарплату и держит без денег", "my husband takes my salary every month", "ерім картамды тартып алды"])
def test_taking_a_partners_money_or_card_is_economic_violence(shipped, query):
    result = shipped.search(query)
    assert "economic violence" in means(result), query
    assert "kz-offence-prevention-law/art-1-sp-28" in ids(result["norms"])[:3], query


def test_a_slap_is_violence(shipped):
    result = shipped.search("he slapped me in front of the kids")
    assert "violence" in means(result)
    assert "kz-criminal-code/art-109-1" in ids(result["norms"])[:3]


@pytest.mark.parametrize("query", ["гинеколог отказалась ставить спираль", "can I get a coil fitted without my husband agreeing"])
def test_everyday_names_of_contraception_reach_reproductive_rights(shipped, query):
    result = shipped.search(query)
    assert "reproductive rights" in means(result), query
    # Fourth, after the articles on medical care the feedback lifts with the leading hits (boosts.apply_feedback).
    assert "kz-health-code/art-79-p-1" in ids(result["norms"])[:4], query


@pytest.mark.parametrize("query", ["соседка растрезвонила всему подъезду что у меня ВИЧ", "my sister blabbed about my diagnosis to the whole family"])
def test_spreading_someones_diagnosis_in_everyday_words_is_disclosure(shipped, query):
    result = shipped.search(query)
    assert "disclosure of status" in means(result), query
    assert {"kz-health-code/art-273-p-2", "kz-criminal-code/art-147-part-4", "kz-constitution-2026/art-21"} & set(ids(result["norms"])[:5]), query


@pytest.mark.parametrize("query", ["в колонии у мужа температура неделю, к врачу не водят", "інім түрмеде ауырып жатыр, дәрігерге апармады"])
def test_a_prisoner_not_taken_to_a_doctor_is_denied_care_and_finds_care_in_custody(shipped, query):
    result = shipped.search(query)
    assert "denial of medical care" in means(result), query
    assert {"kz-health-code/art-143-p-3", "kz-penal-enforcement-code/art-117"} & set(ids(result["norms"])[:8]), query


@pytest.mark.parametrize(
    "query", ["айлық бермей жатыр, не істеймін", "the boss hasn't paid me for three months", "на стройке задерживают зарплату уже второй месяц"]
)
def test_pay_held_back_in_everyday_words_is_searched_as_wages(shipped, query):
    result = shipped.search(query)
    assert "wages" in means(result), query
    assert {"kz-labour-code/art-22-p-1", "kz-constitution-2026/art-27", "kz-labour-code/art-192", "kz-labour-code/art-193"} & set(ids(result["norms"])[:8]), (
        query
    )


@pytest.mark.parametrize("query", ["в школе дразнят сына из-за мамы", "the kids at school keep calling him names because his mum has HIV"])
def test_calling_someone_names_in_any_form_is_searched_as_insults(shipped, query):
    result = shipped.search(query)
    assert "insults" in means(result), query
    assert {"kz-criminal-code/art-131", "kz-constitution-2026/art-20", "kz-child-rights-law/art-10-p-1"} & set(ids(result["norms"])[:8]), query


@pytest.mark.parametrize(
    "query",
    [
        "участковый сообщил на работу что я на метадоне",
        pytest.param(
            "the police called my boss and told him I use drugs",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known: the leading hits are police articles and the feedback lifts them; the disclosure "
                "article fell from 7th to 24th (boosts.apply_feedback)",
            ),
        ),
    ],
)
def test_telling_someones_employer_about_them_is_searched_as_disclosure(shipped, query):
    result = shipped.search(query)
    assert "disclosure of status" in means(result), query
    assert {"kz-health-code/art-273-p-2", "kz-criminal-code/art-147-part-4", "kz-constitution-2026/art-21"} & set(ids(result["norms"])[:8]), query


@pytest.mark.parametrize("query", ["снимаю комнату без договора, хозяин велел съехать до пятницы", "the landlord told us to move out in three days"])
def test_a_tenant_told_to_move_out_finds_the_notice_periods_for_a_private_lease(shipped, query):
    result = shipped.search(query)
    assert "eviction" in means(result), query
    assert {"kz-housing-law/art-24-p-5", "kz-housing-law/art-25-p-4"} <= set(ids(result["norms"])[:3]), query


@pytest.mark.parametrize(
    "query", ["если не заплатишь, выложу твои фото", "he says if I don't pay he'll tell my parents I'm gay", "ақша төлемесең, бәріне айтамын деді"]
)
def test_pay_or_else_is_searched_as_extortion(shipped, query):
    result = shipped.search(query)
    assert "extortion" in means(result), query
    assert {"kz-criminal-code/art-194", "kz-offence-prevention-law/art-1-sp-25", "kz-criminal-code/art-367"} & set(ids(result["norms"])[:8]), query


@pytest.mark.parametrize(
    ("query", "provision"),
    [
        ("clinic refused us IVF because my husband has HIV", "kz-health-code/art-79-p-6"),
        ("хочу сделать ЭКО, но я одна, без мужа", "kz-health-code/art-146-p-3"),
    ],
)
def test_assisted_reproduction_is_searched_as_reproductive_rights(shipped, query, provision):
    result = shipped.search(query)
    assert "reproductive rights" in means(result), query
    assert provision in ids(result["norms"])[:3], query


@pytest.mark.parametrize(
    "query", ["брат закрыл меня в комнате и не выпускает из квартиры", "my parents won't let me leave the house since I came out", "ағасы оны үйге қамап қойды"]
)
def test_being_locked_in_at_home_finds_unlawful_deprivation_of_liberty(shipped, query):
    result = shipped.search(query)
    assert "unlawful deprivation of liberty" in means(result), query
    assert "kz-criminal-code/art-126" in ids(result["norms"])[:2], query


@pytest.mark.parametrize(
    "query", ["на допросе следователь бил меня по голове", "the detective punched me during questioning", "тергеуші жауап алу кезінде ұрды"]
)
def test_violence_during_questioning_is_searched_as_torture_and_coerced_testimony(shipped, query):
    result = shipped.search(query)
    assert {"torture", "coerced testimony"} <= means(result), query
    top = set(ids(result["norms"])[:5])
    assert {"kz-criminal-procedure-code/art-112-part-1", "kz-criminal-procedure-code/art-56-part-5", "kz-criminal-code/art-415"} & top, query


@pytest.mark.parametrize("query", ["в ЦОНе отказали устно, письменный отказ не дают", "әкімдік ауызша бас тартты, жазбаша жауап бермеді"])
def test_a_refusal_by_word_of_mouth_finds_the_duty_to_refuse_in_writing(shipped, query):
    result = shipped.search(query)
    assert "refusal of service" in means(result), query
    assert "kz-public-services-law/art-19-1" in ids(result["norms"])[:2], query


@pytest.mark.parametrize("query", ["принимаю клиентов дома, могут ли оштрафовать", "I see clients at home, can the police fine me for it"])
def test_seeing_clients_is_searched_as_sex_work(shipped, query):
    result = shipped.search(query)
    assert "sex worker" in means(result), query
    assert {"kz-administrative-offences-code/art-449", "kz-administrative-offences-code/art-450"} <= set(ids(result["norms"])[:4]), query


@pytest.mark.parametrize(
    ("query", "provision"),
    [
        ("my brother is in a penal colony and they read all his letters", "kz-penal-enforcement-code/art-108-part-1"),
        ("he's in the remand centre and gets no medicine", "kz-penal-enforcement-code/art-117"),
    ],
)
def test_english_words_for_a_colony_or_remand_centre_are_prison(shipped, query, provision):
    result = shipped.search(query)
    assert "prison" in means(result), query
    assert provision in ids(result["norms"])[:3], query


def test_escort_guards_are_prison_staff(shipped):
    assert "prison" in means(shipped.search("конвойные избили сына по дороге в суд"))


@pytest.mark.parametrize(
    "query",
    [
        "блогера оштрафовали за пропаганду из-за видео с парнем",
        "the school called my son an LGBT propagandist for a rainbow badge",
        "ЛГБТ насихаты деп сайтты бұғаттады",
    ],
)
def test_being_accused_of_propaganda_finds_the_propaganda_bans(shipped, query):
    result = shipped.search(query)
    assert "gay propaganda" in means(result), query
    assert {"kz-child-information-law/art-16-p-2-sp-7", "kz-mass-media-law/art-2-p-4"} & set(ids(result["norms"])[:5]), query
