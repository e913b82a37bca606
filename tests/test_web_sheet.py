"""The referral sheet and its builder, over the fixture knowledge base (the shipped one: test_sheet_shipped.py).

The builder is opened with the ids a search found, never the words typed; the
sheet's address holds ids only; repealed norms appear only as history under
the norm in force that replaced them; only cases that ended well are offered.
"""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import segno
from conftest import LANGUAGES, page
from sheets import form_values, sheet_address

from app.sheet_content import case_ref
from indexer.build import build

QUERY = "HIV refusal resocialization"
# Crafted the way the search page does it: an in-force provision and a repealed one replaced (as an act) by the 2026 Constitution.
BUILDER = (
    "/sheet/new?n=test-constitution-2026/art-14&n=test-order-379/p-30-sp-2&n=test-constitution/art-14"
    "&c=test-outing&c=test-damir&s=test-ombudsman&s=test-ngo-ukg&s=test-aids-east&city=ust-kamenogorsk"
)


def ids(soup, name):
    """data-id of the entries a sheet section shows as such (history items not included)."""
    return [li["data-id"] for li in soup.select(f"article.sheet section#{name} > ol > li, article.sheet section#{name} > ul > li")]


def history_ids(soup):
    return [li["data-id"] for li in soup.select("article.sheet section#norms .history li[data-id]")]


def builder_from_search(client, **params):
    soup = page(client.get("/search", query_string={"q": QUERY, "city": "ust-kamenogorsk", **params}))
    href = soup.select_one(".sheet-link a")["href"]
    return href, page(client.get(href))


def test_the_search_opens_the_builder_with_ids_not_words(client):
    href, builder = builder_from_search(client, lang="en", violation="discrimination")
    parts = urlsplit(href)
    assert parts.path == "/sheet/new"
    args = parse_qs(parts.query)
    assert set(args) == {"n", "c", "s", "r", "city", "title"} and args["title"] == ["discrimination"]
    assert args["r"] == ["test-centre-ladder"]
    assert "test-damir" in args["c"] and "test-ngo-ukg" in args["s"]
    # Entries' own texts and ids may hold these words (an HIV case); nothing else in
    # a link, field or form the builder renders does.
    ids = sorted({v for values in args.values() for v in values}, key=len, reverse=True)

    def without_ids(text: str) -> str:
        for entry_id in ids:
            text = text.replace(entry_id, "")
        return text.casefold()

    rendered = [a["href"] for a in builder.select("[href]")] + [str(tag.attrs) for tag in builder.select("form, input, select, option")]
    for word in QUERY.split():
        assert word.casefold() not in without_ids(unquote(href))
        assert not [item for item in rendered if word.casefold() in without_ids(unquote(item))]
    assert builder.select_one("#f-title option[selected]")["value"] == "discrimination"


def test_builder_offers_repealed_norms_only_as_history_of_their_replacement(client):
    builder = page(client.get(BUILDER + "&lang=en"))
    picks = builder.select("#b-norms > .pick")
    # The 1995 Constitution's Art. 14 is mapped to the 2026 Constitution's Art. 14 (`replacements`): it is that one's history.
    assert [p["data-id"] for p in picks] == ["test-constitution-2026/art-14"]
    assert picks[0].select_one("input[name=n]").has_attr("checked")
    history = picks[0].select_one(".history")
    assert history["data-id"] == "test-constitution/art-14" and "History:" in history.get_text()
    assert not history.select_one("input[name=h]").has_attr("checked")
    # Order 379 is repealed and nothing replaces it in this knowledge base: not offered at all.
    assert "test-order-379" not in str(builder.select("#b-norms input"))
    assert "1 repealed norm is left out" in builder.select_one("#b-norms .note").get_text()


def test_without_a_provision_map_a_repealed_norm_is_history_of_the_act_that_replaced_its_act(kb_dir, tmp_path, catalogs):
    from app import create_app

    for path in kb_dir.glob("laws/test-constitution.*.md"):
        path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("replacements:")), encoding="utf-8")
    build(kb_dir, tmp_path / "data")
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "KB_DIR": str(kb_dir)})
    client = app.test_client()
    picks = page(client.get(BUILDER + "&lang=en")).select("#b-norms > .pick")
    assert [p["data-id"] for p in picks] == ["test-constitution-2026/art-14", "test-constitution-2026"]
    act = picks[1]
    assert not act.select_one("input[name=n]").has_attr("checked"), "a whole act standing for a repealed norm is not ticked for the REActor"
    assert [h["data-id"] for h in act.select(".history")] == ["test-constitution/art-14"]
    soup = page(client.get("/sheet?lang=en&n=test-constitution-2026&h=test-constitution/art-14"))
    assert ids(soup, "norms") == ["test-constitution-2026"] and history_ids(soup) == ["test-constitution/art-14"]
    assert "In force since July 1, 2026" in soup.select_one("section#norms li").get_text()
    app.extensions["kb_engine"].close()


def test_builder_offers_only_cases_that_ended_well_and_contacts_city_first(client):
    builder = page(client.get(BUILDER + "&lang=en"))
    assert [p["data-id"] for p in builder.select("#b-cases .pick")] == ["test-damir"]
    assert builder.select_one("#b-cases input[name=c]")["value"] == case_ref("test-damir")
    assert "1 case is left out" in builder.select_one("#b-cases .note").get_text()
    assert [p["data-id"] for p in builder.select("#b-services .pick")] == ["test-ngo-ukg", "test-ombudsman", "test-aids-east"]
    assert not builder.select_one("#b-link").has_attr("checked")
    assert builder.select_one("input[name=lang][value=en]").has_attr("checked")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_sheet_in_each_language(client, lang):
    builder = page(client.get(BUILDER + "&lang=en"))
    address = sheet_address(builder, lang=lang)
    assert set(parse_qs(urlsplit(address).query)) <= {"n", "h", "c", "s", "title", "city", "lang", "link"}
    soup = page(client.get(address))
    assert soup.html["lang"] == lang
    assert ids(soup, "norms") == ["test-constitution-2026/art-14"] and history_ids(soup) == []
    assert ids(soup, "cases") == [case_ref("test-damir")]
    assert ids(soup, "services") == ["test-ngo-ukg", "test-ombudsman", "test-aids-east"]
    assert not soup.select("article.sheet footer a, svg, button[data-share]"), "no link, QR code or share button unless asked"
    assert soup.select_one("button[data-print][hidden]")
    assert soup.select_one("link[rel=stylesheet][media=print]")["href"] == "/static/print.css"


def test_a_case_is_a_neutral_line_not_its_story(client):
    soup = page(client.get(sheet_address(page(client.get(BUILDER + "&lang=en")), lang="en")))
    case = soup.select_one("section#cases li").get_text(" ", strip=True)
    assert case.startswith("A similar case in Ust-Kamenogorsk, 2023 Resolved")
    assert "What was done: Consultation; Complaint to the ombudsman." in case and "The problem: Discrimination" in case
    assert "Damir" not in str(soup) and "test-damir" not in str(soup) and "resocialization centre" not in str(soup)


def test_entries_missing_in_the_clients_language_are_marked(client):
    soup = page(client.get(sheet_address(page(client.get(BUILDER + "&lang=en")), lang="kk")))
    norm = soup.select_one("section#norms li")
    assert norm.select_one("strong")["lang"] == "ru" and norm.select_one(".fallback").get_text() == "(орысша)"
    contact = soup.select_one("section#services li[data-id=test-ngo-ukg]")
    assert contact.select_one(".fallback").get_text() == "(орысша)"
    assert soup.select_one("section#cases li").get_text(" ", strip=True).startswith("Ұқсас жағдай: Өскемен, 2023")


def test_history_is_shown_under_its_replacement_only(client):
    soup = page(client.get("/sheet?lang=en&n=test-constitution-2026/art-14&h=test-constitution/art-14"))
    assert ids(soup, "norms") == ["test-constitution-2026/art-14"] and history_ids(soup) == ["test-constitution/art-14"]
    history = soup.select_one("section#norms .history")
    assert "History: what applied before" in history.get_text() and "Applied until June 30, 2026" in history.get_text()
    # A repealed norm given as a right, or history without its replacement, is dropped whatever the address says.
    soup = page(client.get("/sheet?lang=en&n=test-constitution/art-14&n=test-order-379/p-30&h=test-constitution/art-14&s=test-ombudsman"))
    assert ids(soup, "norms") == [] and history_ids(soup) == [] and "Article 14" not in soup.get_text()
    soup = page(client.get("/sheet?lang=en&n=test-constitution-2026&h=test-constitution/art-14"))  # the act, not the provision that replaced it
    assert ids(soup, "norms") == ["test-constitution-2026"] and history_ids(soup) == []


def test_the_link_and_qr_code_only_when_asked_and_they_reproduce_the_sheet(client):
    builder = page(client.get(BUILDER + "&lang=en"))
    soup = page(client.get(sheet_address(builder, lang="ru", link="1", title="discrimination")))
    link = soup.select_one("article.sheet footer .online a")["href"]
    parts = urlsplit(link)
    args = parse_qs(parts.query)
    assert set(args) == {"n", "c", "s", "city", "lang", "title", "link"} and args["lang"] == ["ru"]
    assert soup.select_one("button[data-share][hidden]")["data-share"] == link
    expected = segno.make(link, error="m").svg_inline(omitsize=True, border=2, svgclass="qr", lineclass=None)
    drawn = soup.select_one("figure.qr svg path")["d"]
    assert f'd="{drawn}"' in expected, "the QR code encodes exactly the link shown"
    again = page(client.get(f"{parts.path}?{parts.query}"))
    for name in ("norms", "cases", "services"):
        assert ids(again, name) == ids(soup, name)
    assert again.select_one(".subject").get_text() == "Дискриминация"


def test_the_sheets_language_is_not_remembered_as_the_reactors(client):
    client.get("/?lang=en")
    response = client.get(sheet_address(page(client.get(BUILDER)), lang="kk"))
    assert response.status_code == 200 and "lang=" not in response.headers.get("Set-Cookie", "")
    assert page(client.get("/laws")).html["lang"] == "en"


def test_builder_from_a_case(client):
    case = page(client.get("/cases/test-damir?lang=en"))
    href = case.select_one("a.button")["href"]
    assert urlsplit(href).path == "/sheet/new"
    builder = page(client.get(href))
    assert [p["data-id"] for p in builder.select("#b-norms > .pick")] == ["test-constitution-2026/art-14"]
    assert [p["data-id"] for p in builder.select("#b-cases .pick")] == ["test-damir"]
    assert [p["data-id"] for p in builder.select("#b-services .pick")] == ["test-ombudsman"]
    assert ("c", case_ref("test-damir")) in form_values(builder)


def test_old_addresses_never_echo_the_words(client):
    response = client.get("/sheet?q=уволили+из-за+ВИЧ&city=almaty&lang=ru")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/search"
    assert "q=" not in response.headers["Location"] and "%D0" not in response.headers["Location"]
    response = client.get("/sheet?case=test-damir&lang=en")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/sheet/new"


@pytest.mark.parametrize("url", ["/sheet", "/sheet/new", "/sheet?n=nothing/here&c=0000&s=test-quiet-doctor"])
def test_nothing_to_show_goes_to_the_search(client, url):
    response = client.get(url)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/search"


def test_builder_for_an_unknown_case_is_404(client):
    assert client.get("/sheet/new?case=nobody").status_code == 404


def test_next_steps_go_on_the_sheet_without_a_deadline_that_rests_on_repealed_law(client):
    """The fixture ladder's deadline rests on the repealed Order 379: the step stays, the deadline and its citation do not."""
    soup = page(client.get("/sheet?r=test-centre-ladder&lang=en"))
    ladder = soup.select_one("section#remedies .ladder[data-id=test-centre-ladder]")
    steps = ladder.select("ol > li")
    assert [s.strong.get_text() for s in steps] == ["Complaint to the ombudsman", "Ask the centre again in person"]
    assert "No deadline confirmed" in steps[0].select_one(".deadline").get_text()
    assert "379" not in ladder.get_text() and "10 working days" not in ladder.get_text()
