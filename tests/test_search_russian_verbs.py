"""A Russian verb in a query («уволили», «оскорбили») also searches the action noun the law writes («увольнение»,
«оскорбление»): Snowball stems the two apart (issue 10). Over the shipped kb and pymorphy3's dictionary."""

import pytest
from conftest import ids

from indexer.analysis.morphology import action_nouns


@pytest.mark.parametrize(("verb", "noun"), [
    ("разгласили", "разглашение"), ("уволили", "увольнение"), ("задержан", "задержание"), ("избили", "избиение"),
    ("отказали", "отказ"), ("выселили", "выселение"), ("освободили", "освобождение"), ("оскорбили", "оскорбление"),
    ("изнасиловали", "изнасилование"), ("лечить", "лечение"),
])
def test_a_verb_form_gives_its_action_noun(verb, noun):
    assert noun in action_nouns(verb)


@pytest.mark.parametrize("word", ["диагноз", "адвоката", "больница", "пытали", "взяли"])
def test_nouns_and_verbs_without_a_regular_action_noun_give_none(word):
    assert action_nouns(word) == ()


def test_insulted_finds_the_criminal_code_article_on_insult_first(shipped):
    norms = shipped.search("оскорбили")["norms"]
    assert ids(norms)[0] == "kz-criminal-code/art-131", ids(norms)[:5]
