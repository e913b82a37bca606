"""Provision headings and citations in queries, in three languages."""

import pytest

from indexer.designators import find_in_query, parse_heading


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Article 14. Equality", ("art-14", "Article 14", "Equality")),
        ("Статья 14. Равенство", ("art-14", "Статья 14", "Равенство")),
        ("14-бап. Теңдік", ("art-14", "14-бап", "Теңдік")),
        ("Paragraph 30", ("p-30", "Paragraph 30", "")),
        ("Пункт 30. Отказ", ("p-30", "Пункт 30", "Отказ")),
        ("30-тармақ. Бас тарту", ("p-30", "30-тармақ", "Бас тарту")),
        ("Article 30-1. Added", ("art-30-1", "Article 30-1", "Added")),
        ("Статья 83-1. Уполномоченный", ("art-83-1", "Статья 83-1", "Уполномоченный")),
        ("Статья 14, пункт 2. Запрет", ("art-14-p-2", "Статья 14, пункт 2", "Запрет")),
        ("Paragraph 30, sub-paragraph 2. Refusal", ("p-30-sp-2", "Paragraph 30, sub-paragraph 2", "Refusal")),
        ("Пункт 30, подпункт 2", ("p-30-sp-2", "Пункт 30, подпункт 2", "")),
        ("Преамбула {#preamble}", ("preamble", "", "Преамбула")),
        ("Article 5. Title {#custom-id}", ("custom-id", "Article 5", "Title")),
        ("Introduction", (None, "", "Introduction")),
    ],
)
def test_heading_gives_provision_id(heading, expected):
    assert parse_heading(heading) == expected


@pytest.mark.parametrize(
    ("query", "first_id", "rest_contains"),
    [
        ("ст. 14 Конституции", "art-14", "Конституции"),
        ("статья 162 Кодекса о здоровье", "art-162", "Кодекса"),
        ("art. 6 Labour Code", "art-6", "Labour"),
        ("14-бап", "art-14", ""),
        ("п. 30 приказа 379", "p-30", "379"),
        ("Order 379 paragraph 30", "p-30", "379"),
        ("подпункт 2) пункта 30 Правил", "p-30-sp-2", "Правил"),
    ],
)
def test_query_citations_are_found(query, first_id, rest_contains):
    found, rest = find_in_query(query)
    assert found[0] == first_id
    assert rest_contains in rest


def test_plain_query_cites_nothing():
    assert find_in_query("HIV refusal resocialization") == ([], "HIV refusal resocialization")
    assert find_in_query("помощь 24 часа")[0] == []
