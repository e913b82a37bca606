"""Everyday narratives reach the law through whole families of everyday words (issue 10 item 3), over the shipped kb.

Each family is the several ways people say one thing («выбивали признание», "made me confess",
«мойындатты»); a test names words of the family other than the ones a fix was first measured on.
"""

import pytest
from conftest import ids, means

from indexer.analysis import analyze


@pytest.mark.parametrize("query", ["опер выбивал признание", "they beat me to make me confess", "тергеуші ұрып мойындатты"])
def test_a_beaten_out_confession_is_searched_as_coerced_testimony(shipped, query):
    result = shipped.search(query)
    assert {"coerced testimony", "torture"} <= means(result), query
    # the police's own ban on torture and coerced confessions (art. 19 p. 5 sp. 4) says «мойындатуға» in Kazakh
    assert {"kz-criminal-code/art-415", "kz-criminal-code/art-146-part-2", "kz-criminal-procedure-code/art-112-part-1",
            "kz-internal-affairs-law/art-19-p-5-sp-4"} & set(ids(result["norms"])[:6]), query


@pytest.mark.parametrize("query", ["бывший пригрозил меня убить", "сосед грозится поджечь дом"])
def test_every_form_of_threatening_is_searched_as_threats(shipped, query):
    result = shipped.search(query)
    assert "threats" in means(result), query
    assert "kz-criminal-code/art-115" in ids(result["norms"])[:5], query


@pytest.mark.parametrize(
    "query", ["the officer wanted money to let me go", "участковый просит деньги чтобы не заводить дело", "бабки требуют за то что отпустили"]
)
def test_asking_for_money_in_everyday_words_is_searched_as_extortion(shipped, query):
    result = shipped.search(query)
    assert "extortion" in means(result), query
    assert {"kz-criminal-code/art-194", "kz-criminal-code/art-366", "kz-criminal-code/art-367"} & set(ids(result["norms"])[:3]), query


@pytest.mark.parametrize("query", ["уволили потому что я лесбиянка", "fired for being trans"])
def test_fired_for_being_lgbt_finds_the_ban_on_discrimination_at_work_not_sexual_offences(shipped, query):
    result = shipped.search(query)
    assert "discrimination" in means(result), query
    top = ids(result["norms"])[:5]
    assert top[0] == "kz-labour-code/art-6-p-2", query
    assert not {"kz-criminal-code/art-121", "kz-criminal-code/art-123"} & set(top), query


@pytest.mark.parametrize("query", ["he knew he was positive and infected me", "жігітім мені жұқтырды", "бывший заразила меня и молчала"])
def test_someone_who_was_infected_by_a_partner_finds_the_article_on_infection(shipped, query):
    result = shipped.search(query)
    assert "HIV transmission" in means(result), query
    assert "kz-criminal-code/art-118-part-2" in ids(result["norms"])[:4], query


def test_keeping_ones_own_status_private_is_not_taken_for_infecting_someone(shipped):
    # A person who did not tell an employer is using a right, not committing art. 118.
    assert "HIV transmission" not in means(shipped.search("скрыла свой статус при устройстве на работу"))


@pytest.mark.parametrize("query", ["туберкулезника уволили", "TB patient refused surgery"])
def test_words_for_a_person_with_tb_reach_the_tb_guarantees(shipped, query):
    result = shipped.search(query)
    assert "tuberculosis" in means(result), query
    assert "kz-health-code/art-157-p-1" in ids(result["norms"])[:3], query


@pytest.mark.parametrize("query", ["the GP won't treat me because I'm positive", "вичка я, врач отказался принимать"])
def test_saying_one_is_positive_in_everyday_words_is_searched_as_living_with_hiv(shipped, query):
    result = shipped.search(query)
    assert "HIV-positive" in means(result), query
    assert {"kz-health-code/art-76-p-2", "kz-health-code/art-161-p-2", "kz-health-code/art-134-p-1"} & set(ids(result["norms"])[:2]), query


@pytest.mark.parametrize("query", ["the dentist turned me away when he saw my HIV status", "doctor wouldn't see me"])
def test_a_doctor_who_turned_someone_away_is_a_refusal_of_care(shipped, query):
    result = shipped.search(query)
    assert "denial of medical care" in means(result), query
    # Within the first screen: the articles on refused abortion and contraception, which the same words match
    # and share the violation of the leading hits, may come first (see boosts.apply_feedback).
    assert "kz-health-code/art-134-p-1" in ids(result["norms"])[:6], query


NOTIFY = {"kz-criminal-procedure-code/art-135", "kz-internal-affairs-law/art-19-p-5-sp-3", "kz-criminal-procedure-code/art-64-part-3"}


@pytest.mark.parametrize("query", ["nobody told my family where I was", "близким не сообщили что его забрали"])
def test_relatives_not_told_of_a_detention_finds_the_duty_to_inform_them(shipped, query):
    result = shipped.search(query)
    assert "notification of relatives" in means(result), query
    assert NOTIFY & set(ids(result["norms"])[:2]), query


DOMESTIC = {"kz-offence-prevention-law/art-1-sp-27", "kz-offence-prevention-law/art-72-p-1", "kz-offence-prevention-law/art-60"}


@pytest.mark.parametrize("query", ["сожитель бьёт, куда обратиться", "my husband hits me and took my passport", "ерім ұрады, не істеймін"])
def test_a_partner_who_beats_someone_is_searched_as_domestic_violence(shipped, query):
    result = shipped.search(query)
    assert "domestic violence" in means(result), query
    assert DOMESTIC & set(ids(result["norms"])[:3]), query
    assert "crisis-centres-union" in ids(result["services"])[:3], query


def test_everyday_words_for_kindergarten_find_the_kindergarten_story(shipped):
    result = shipped.search("воспиталка не пускает ребёнка в группу из-за ВИЧ")
    assert "kindergarten" in means(result)
    assert "shymkent-kindergarten-refusal-2016" in ids(result["cases"])[:2]


def test_kindergarten_with_a_kazakh_ending_is_the_thesaurus_word_itself(shipped):
    # «садикке» is «садик» with a Kazakh ending: the analysis reads it as the word (no lexicon entry needed).
    assert analyze("садикке") == analyze("садик")
    assert "shymkent-kindergarten-refusal-2016" in ids(shipped.search("садикке ВИЧ бар баланы алмай жатыр")["cases"])[:2]


def test_a_form_teacher_in_slang_is_a_teacher(shipped):
    assert {"teacher", "school"} <= means(shipped.search("классуха унижает сына при всех"))


@pytest.mark.parametrize("query", ["prisoners with HIV are kept apart from the others", "ВИЧ бар сотталғандарды бөлек ұстайды"])
def test_prisoners_kept_apart_for_their_status_find_the_ban_on_discriminating_convicts(shipped, query):
    result = shipped.search(query)
    assert "discrimination" in means(result), query
    assert ids(result["norms"])[0] == "kz-penal-enforcement-code/art-9-part-5", query


@pytest.mark.parametrize("query", ["на зоне терапию не дают уже месяц", "they won't give me my meds in jail"])
def test_treatment_withheld_in_prison_finds_the_right_to_hiv_care_in_custody(shipped, query):
    result = shipped.search(query)
    assert "antiretroviral therapy" in means(result), query
    assert {"kz-health-code/art-160-p-4", "kz-penal-enforcement-code/art-117"} & set(ids(result["norms"])[:1]), query


@pytest.mark.parametrize("query", ["в чате призывают убивать трансов", "comments say gays should be killed"])
def test_calls_to_kill_a_group_are_searched_as_hate_speech(shipped, query):
    result = shipped.search(query)
    assert {"hate speech", "hatred"} <= means(result), query
    assert "aktobe-protest-against-lgbt-seminar-2021" in ids(result["cases"])[:3], query


@pytest.mark.parametrize("query", ["язык вражды в интернете против ЛГБТ", "comments say gays should be killed"])
def test_hate_speech_reaches_the_article_on_incitement_in_its_own_words(shipped, query):
    # Criminal Code art. 174 says «разжигание розни» / "incitement of discord" / «алауыздықты қоздыру»
    # (part 1; part 2: the same by a group, with violence or threats, or by an official).
    assert {"kz-criminal-code/art-174-part-1", "kz-criminal-code/art-174-part-2"} & set(ids(shipped.search(query)["norms"])[:10]), query


DISCLOSURE = {"kz-criminal-code/art-321-part-1", "kz-health-code/art-273-p-2", "kz-child-rights-law/art-10-p-1", "kz-criminal-code/art-147-part-4"}


@pytest.mark.parametrize("query", ["the teacher told the whole class my son has HIV", "медсестра рассказала коллегам мой диагноз"])
def test_telling_others_someones_diagnosis_is_searched_as_disclosure(shipped, query):
    result = shipped.search(query)
    assert "disclosure of diagnosis" in means(result), query
    # Among the first three: a child's HIV at school also finds the guarantees for children with HIV.
    assert DISCLOSURE & set(ids(result["norms"])[:3]), query


@pytest.mark.parametrize("query", ["уволили по статье за прогулы", "fired for cause after I missed work for treatment"])
def test_a_dismissal_for_cause_also_finds_the_rules_on_disciplinary_sanctions(shipped, query):
    result = shipped.search(query)
    assert {"dismissal", "disciplinary sanction"} <= means(result), query
    top = ids(result["norms"])[:10]
    assert {"kz-labour-code/art-52-p-1", "kz-labour-code/art-64-p-1"} <= set(top), query


@pytest.mark.parametrize("query", ["көлік жүргізгені үшін айыппұл салды", "жезөкше деп полиция айыппұл салды"])
def test_any_fine_in_kazakh_is_not_searched_as_leading_an_unregistered_association(shipped, query):
    assert "unregistered association" not in means(shipped.search(query)), query


@pytest.mark.parametrize("query", ["the landlady changed the locks while I was at work", "хозяин выгнал и поменял замки, вещи внутри"])
def test_a_landlord_locking_someone_out_is_searched_as_eviction(shipped, query):
    result = shipped.search(query)
    assert "eviction" in means(result), query
    top = ids(result["norms"])[:5]
    assert top[0] == "kz-housing-law/art-106-p-6", query  # eviction without a court decision
    assert sum(1 for id_ in top if id_.startswith("kz-housing-law/")) >= 4, query


@pytest.mark.parametrize("query", ["мусорам заплатил чтобы отпустили", "менты крышуют точку", "менттер ақша сұрады"])
def test_paying_off_or_protection_money_to_the_police_is_searched_as_police_extortion(shipped, query):
    result = shipped.search(query)
    assert "extortion" in means(result), query
    assert "prison" not in means(result), query  # «крышуют» was once corrected to «крытая»
    assert ids(result["cases"])[0] == "sex-workers-police-demand-sex-2008", query


@pytest.mark.parametrize("query", ["коллега слила мой статус в общий чат", "someone leaked my status to my family"])
def test_leaking_someones_status_is_searched_as_disclosure(shipped, query):
    result = shipped.search(query)
    assert "disclosure of status" in means(result), query
    assert {"kz-civil-code/art-144", "kz-constitution-2026/art-21", "kz-constitution-1995/art-18-p-1"} & set(ids(result["norms"])[:3]), query


@pytest.mark.parametrize("query", ["одногруппники растрепали что она лесбиянка", "my landlord told the neighbours I'm trans"])
def test_telling_others_that_someone_is_lgbt_is_searched_as_outing(shipped, query):
    result = shipped.search(query)
    assert "outing" in means(result), query
    assert "kz-criminal-code/art-147-part-4" in ids(result["norms"])[:3], query
    assert {"danara-workplace-outing", "trans-sex-worker-shop-lease-ended"} & set(ids(result["cases"])[:2]), query


@pytest.mark.parametrize("query", ["трансуху избили на остановке", "гей деп ұрып-соқты", "пидором обозвали и избили возле клуба"])
def test_a_beating_for_being_lgbt_finds_the_articles_on_bodily_harm_first(shipped, query):
    # The slur leads to the victim's help: the articles on beatings and harm to health, not sexual offences.
    result = shipped.search(query)
    assert {"hatred", "bodily harm"} <= means(result), query
    top = ids(result["norms"])[:2]
    assert {"kz-criminal-code/art-109-1", "kz-criminal-code/art-108-1"} & set(top), query
    assert not {"kz-criminal-code/art-121", "kz-criminal-code/art-123"} & set(ids(result["norms"])[:5]), query


def test_sterilise_in_any_spelling_finds_the_consent_rule_for_sterilisation(shipped):
    result = shipped.search("doctors want to sterilize her after the birth")
    assert "reproductive rights" in means(result)
    assert ids(result["norms"])[0] == "kz-health-code/art-151-p-2"


@pytest.mark.parametrize("query", ["врачи заставляют делать аборт потому что ВИЧ", "forced to have an abortion because of my status"])
def test_pressure_to_abort_is_searched_as_reproductive_rights(shipped, query):
    result = shipped.search(query)
    assert "reproductive rights" in means(result), query
    # Among the abortion provisions (the Health Code's art. 150 and the order on abortion lead the Russian query).
    assert "kz-health-code/art-79-p-1" in ids(result["norms"])[:6], query


@pytest.mark.parametrize("query", ["they wouldn't hire me once they saw my HIV test", "turned down for the job because I'm trans"])
def test_not_getting_a_job_in_everyday_english_is_a_refusal_of_employment(shipped, query):
    result = shipped.search(query)
    assert "refusal of employment" in means(result), query
    assert ids(result["norms"])[0] == "kz-labour-code/art-6-p-2", query


@pytest.mark.parametrize("query", ["трансгендер, в паспорте старое имя, везде проблемы", "I'm trans and my ID card still shows my old name"])
def test_a_trans_persons_id_is_searched_as_changing_the_documents(shipped, query):
    result = shipped.search(query)
    assert "legal gender recognition" in means(result), query
    assert {"kz-marriage-family-code/art-257", "kz-health-code/art-156"} <= set(ids(result["norms"])[:3]), query


@pytest.mark.parametrize("query", ["caught with spice, cops want a bribe", "police planted meth on me", "взяли с солевыми, держат в отделе"])
def test_street_names_of_drugs_are_searched_as_drugs(shipped, query):
    result = shipped.search(query)
    assert "drugs" in means(result), query
    assert {"police-pressure-pwud", "ruslan-ambulance-refusal"} & set(ids(result["cases"])[:2]), query


@pytest.mark.parametrize(
    "query, wrong",
    [
        # An unregistered association is not a polyclinic that would not register a patient.
        ("тіркелмеген бірлестікке басшылық еткені үшін айыппұл салды", "polyclinic"),
        # An NGO refused registration did not go to the police.
        ("they refused to register my NGO", "police"),
    ],
)
def test_registering_means_the_polyclinic_or_the_police_only_when_they_are_named(shipped, query, wrong):
    assert wrong not in means(shipped.search(query))


def test_the_police_refusing_a_complaint_still_means_the_police(shipped):
    assert "police" in means(shipped.search("police refused to register my complaint"))
