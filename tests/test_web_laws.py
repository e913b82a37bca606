"""The law browser: index, act page (contents, anchors, permalinks, citations) and provision permalinks."""

import pytest
from conftest import LANGUAGES, page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_laws_index_groups_acts_by_kind(client, lang):
    soup = page(client.get(f"/laws?lang={lang}"))
    acts = [li["data-id"] for li in soup.select("ul.entries li[data-id]")]
    assert set(acts) == {"test-constitution", "test-constitution-2026", "test-order-379"}
    assert acts.index("test-constitution") < acts.index("test-order-379")
    assert soup.select_one("li[data-id=test-order-379] .badge.status-repealed")


def test_act_page_shows_facts_contents_and_every_provision(client):
    soup = page(client.get("/laws/test-order-379?lang=en"))
    act = soup.select_one("article.act[data-id=test-order-379]")
    assert act.select_one("h1").get_text(strip=True) == "Rules of activity of organisations providing special social services"
    facts = act.select_one("dl.facts").get_text(" ", strip=True)
    assert "379" in facts and "August 29, 2018" in facts and "Repealed" in facts
    assert act.select_one("dl.facts a[href='https://adilet.zan.kz/eng/docs/V1800017467']")
    toc = [a["href"] for a in act.select("nav.toc a")]
    assert toc == ["#p-30", "#p-30-sp-2"]
    for anchor in toc:
        section = act.select_one(f"section.provision{anchor}")
        assert section.select_one("a.permalink")["href"] == f"/laws/test-order-379/{anchor[1:]}"


def test_act_page_counts_citing_cases_per_provision(client):
    soup = page(client.get("/laws/test-order-379?lang=en"))
    cited = soup.select_one("section#p-30-sp-2 .links a")
    assert cited.get_text(strip=True) == "Cited in 1 case"
    assert cited["href"] == "/laws/test-order-379/p-30-sp-2#cases"
    assert not soup.select_one("section#p-30 .links a")


def test_copy_citation_is_a_button_with_the_text_visible_without_javascript(client):
    soup = page(client.get("/laws/test-order-379?lang=en"))
    section = soup.select_one("section#p-30-sp-2")
    text = section.select_one("#cite-p-30-sp-2").get_text()
    assert text.startswith("Paragraph 30(2) of the Rules ") and "No. 379" in text and "29 August 2018" in text
    button = section.select_one("button[data-copy=cite-p-30-sp-2]")
    assert button["type"] == "button" and button.has_attr("hidden")


@pytest.mark.parametrize(
    ("lang", "title"),
    [("ru", "Конституция Республики Казахстан"), ("kk", "Қазақстан Республикасының Конституциясы"), ("en", "Constitution of the Republic of Kazakhstan")],
)
def test_act_is_shown_in_the_interface_language_and_links_the_others(client, lang, title):
    soup = page(client.get(f"/laws/test-constitution?lang={lang}"))
    assert soup.select_one("h1").get_text(strip=True) == title
    others = {a["hreflang"] for a in soup.select(".versions a")}
    assert others == set(LANGUAGES) - {lang}


def test_language_version_can_be_chosen_without_changing_the_interface(client):
    soup = page(client.get("/laws/test-constitution?lang=en&language=kk"))
    assert soup.html["lang"] == "en"
    assert soup.select_one("h1")["lang"] == "kk"
    assert soup.select_one("section#art-14 a.permalink")["href"] == "/laws/test-constitution/art-14?language=kk"


def test_replaced_act_links_to_its_replacement(client):
    soup = page(client.get("/laws/test-constitution?lang=ru"))
    assert soup.select_one("dl.facts a[href='/laws/test-constitution-2026']")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_provision_permalink_shows_it_in_context_with_its_cases(client, lang):
    soup = page(client.get(f"/laws/test-order-379/p-30-sp-2?lang={lang}"))
    article = soup.select_one("article[data-id='test-order-379/p-30-sp-2']")
    assert article.select_one("a[href='/laws/test-order-379#p-30-sp-2']")
    cases = article.select("section#cases li[data-id]")
    assert [c["data-id"] for c in cases] == ["test-damir"]
    assert cases[0].select_one(".badge.outcome-resolved")
    assert soup.select_one("nav.pager a[rel=prev]")["href"] == "/laws/test-order-379/p-30"
    assert soup.select_one("#cite").get_text().startswith(("подп. 2) п. 30 Правил", "Paragraph 30(2) of the Rules"))


def test_uncited_provision_says_so(client):
    soup = page(client.get("/laws/test-order-379/p-30?lang=en"))
    assert not soup.select("section#cases li")
    assert soup.select_one("section#cases .empty")


def test_edit_link_only_when_a_repository_is_configured(client, app):
    assert not page(client.get("/laws/test-order-379")).select(".edit a")
    app.config["KB_REPO_URL"] = "https://github.com/example/react-kb/"
    soup = page(client.get("/laws/test-order-379?lang=en"))
    assert soup.select_one(".edit a")["href"] == "https://github.com/example/react-kb/edit/main/kb/laws/test-order-379.en.md"


@pytest.mark.parametrize("url", ["/laws/no-such-act", "/laws/test-order-379/p-99", "/laws/no-such-act/p-1"])
def test_unknown_ids_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("lang", "label"), [("en", "Copy citation"), ("ru", "Скопировать текст ссылки на норму"), ("kk", "Сілтеме мәтінін көшіру")])
def test_the_copy_button_names_the_citation_it_copies_and_the_citation_pastes_anywhere(client, lang, label):
    soup = page(client.get(f"/laws/test-order-379?lang={lang}&language=ru"))
    button = soup.select_one("section#p-30-sp-2 button[data-copy]")
    assert button.get_text() == label  # not "copy link": the page's permalink is another control
    citation = soup.find(id=button["data-copy"]).get_text()
    # U+202F (Babel's narrow no-break space) becomes '?' or a box in e-Otinish, Word and cp1251 forms.
    assert citation.endswith("от 29 августа 2018\u00a0г. № 379") and "\u202f" not in citation, citation
