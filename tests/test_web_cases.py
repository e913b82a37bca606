"""The case library (filters, outcome chart) and the case page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import LANGUAGES, page


def listed(soup):
    return [li["data-id"] for li in soup.select("ul.entries li.case-item")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_library_lists_every_case_newest_first_with_a_chart(client, lang):
    soup = page(client.get(f"/cases?lang={lang}"))
    assert listed(soup) == ["test-damir", "test-outing"]
    svg = soup.select_one("figure.chart svg[role=img]")
    assert svg["aria-labelledby"] == "chart-title"
    bars = svg.select("g")
    assert len(bars) == 3
    assert svg.select("rect.o-resolved") and svg.select("rect.o-unknown")
    assert len(soup.select("figure.chart table tbody tr")) == 3


def test_chart_bars_are_proportional_to_case_counts(client):
    soup = page(client.get("/cases?lang=en"))
    widths = {r.find("title").get_text(): float(r["width"]) for r in soup.select("figure.chart rect")}
    assert widths["Discrimination: Resolved, 1"] == widths["Outing: Unknown, 1"] > 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("group=lgbtiq", ["test-outing"]),
        ("violation=denial-of-social-services", ["test-damir"]),
        ("outcome=resolved", ["test-damir"]),
        ("year=2022", ["test-outing"]),
        ("city=ust-kamenogorsk", ["test-damir"]),
        ("group=plhiv&city=almaty", []),
    ],
)
def test_filters_narrow_the_library(client, query, expected):
    soup = page(client.get(f"/cases?{query}&lang=en"))
    assert listed(soup) == expected
    for name, value in parse_qs(query).items():
        assert soup.select_one(f"form.filters select[name={name}] option[selected]")["value"] == value[0]
    if not expected:
        assert soup.select_one(".empty") and not soup.select("figure.chart")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_page_tells_the_story_with_links(client, lang):
    soup = page(client.get(f"/cases/test-damir?lang={lang}"))
    case = soup.select_one("article.case[data-id=test-damir]")
    assert case.select_one(".story h2")
    assert case.select_one("dl.facts .badge.outcome-resolved")
    cited = {li["data-id"]: li.select_one("a")["href"] for li in case.select("section li[data-id]") if "/" in li["data-id"]}
    assert cited == {"test-order-379/p-30-sp-2": "/laws/test-order-379/p-30-sp-2", "test-constitution/art-14": "/laws/test-constitution/art-14"}
    assert case.select_one("a[href='/services/test-ombudsman']")
    sheet = urlsplit(case.select_one("a.button")["href"])
    assert sheet.path == "/sheet/new" and parse_qs(sheet.query) == {"case": ["test-damir"]}


def test_case_page_labels_come_from_the_vocabulary_in_the_interface_language(client):
    facts = page(client.get("/cases/test-damir?lang=kk")).select_one("dl.facts").get_text(" ", strip=True)
    assert "Өскемен" in facts and "Сотталғандар" in facts and "Шешілді" in facts
    facts = page(client.get("/cases/test-damir?lang=ru")).select_one("dl.facts").get_text(" ", strip=True)
    assert "Усть-Каменогорск" in facts and "Заключённые" in facts and "апрель 2023" in facts


def test_case_shows_its_source_and_other_language_versions(client):
    soup = page(client.get("/cases/test-damir?lang=en"))
    assert soup.select_one("a[href='https://example.org/react/damir']")
    assert [a["hreflang"] for a in soup.select(".versions a")] == ["ru"]


def test_unknown_case_is_404(client):
    assert client.get("/cases/nobody").status_code == 404
