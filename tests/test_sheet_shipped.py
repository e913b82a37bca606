"""The referral sheet over the knowledge base we ship, for the queries REActors really type (issue 11).

For each query the REActor searches, opens "Prepare a sheet", keeps the
defaults (and turns the link and QR code on), and the sheet is checked in
every language: no query word anywhere but inside the entries' own texts (an
HIV norm says "HIV") and vocabulary labels, none in any link or in the QR code; no repealed norm
outside the history mark; no case but resolved or partly resolved ones, and
no case's title or id.
"""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import segno
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO, page
from sheets import sheet_address

from app.sheet_content import SHOWN_OUTCOMES, case_ref

QUERIES = ["менты забрали закладку вымогают", "уволили из-за ВИЧ", "HIV refusal resocialization", "полиция вымогает деньги"]


@pytest.fixture(scope="module")
def shipped(shipped_data, catalogs):
    """The web app over the shipped kb, and its database."""
    from app import create_app

    data = shipped_data
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(REPO / "kb")})
    db = sqlite3.connect(data / "current" / "kb.sqlite")
    db.row_factory = sqlite3.Row
    BUILDERS.clear()  # pages of this app only
    yield app.test_client(), db
    db.close()
    app.extensions["kb_engine"].close()


# The builders opened so far, by (query, language of the search): the same two requests give the same page, and
# most tests below open the same dozen. Each test still asks for its own sheets.
BUILDERS: dict[tuple[str, str], BeautifulSoup] = {}


def builder_of(client, query: str, lang: str) -> BeautifulSoup:
    """The sheet builder a REActor opens from the results of `query` searched in `lang` (read only)."""
    if (query, lang) not in BUILDERS:
        results = page(client.get("/search", query_string={"q": query, "lang": lang}))
        BUILDERS[(query, lang)] = page(client.get(results.select_one(".sheet-link a")["href"]))
    return BUILDERS[(query, lang)]


def default_sheet(client, query: str, lang: str, **changes: str) -> BeautifulSoup:
    builder = builder_of(client, query, "ru")
    return page(client.get(sheet_address(builder, lang=lang, link="1", **changes)))


def entry_texts(db: sqlite3.Connection) -> set[str]:
    """Every text of an entry the sheet may show verbatim (citations, summaries, names, addresses), whitespace normalised."""
    sql = [
        "SELECT citation, text FROM provisions",
        "SELECT title, summary_text FROM acts",
        "SELECT name, address FROM services",
        "SELECT hours, NULL FROM services",
    ]
    texts = {" ".join(value.split()) for q in sql for row in db.execute(q) for value in row if value}
    for title, steps in db.execute("SELECT title, steps FROM remedies"):
        texts.add(title)
        for step in json.loads(steps):
            texts |= {step["title"], "; ".join(step.get("attach", [])), (step.get("deadline") or {}).get("from", "")}
    return {" ".join(text.split()) for text in texts if text}


def kb_labels(db: sqlite3.Connection) -> set[str]:
    """Labels of the vocabulary and of services' phones, in every language."""
    labels = {v for r in db.execute("SELECT en, ru, kk FROM vocab") for v in r if v}
    for (phones,) in db.execute("SELECT phones FROM services WHERE phones IS NOT NULL"):
        labels |= {phone["label"] for phone in json.loads(phones) if isinstance(phone, dict) and phone.get("label")}
    return labels


def known_values(db: sqlite3.Connection) -> set[str]:
    """What a sheet's address may hold: entry ids (remedies too), case references, vocabulary keys, languages and the link switch."""
    ids = {r[0] for t in ("acts", "provisions", "services", "remedies") for r in db.execute(f"SELECT id FROM {t}")}
    refs = {case_ref(r[0]) for r in db.execute("SELECT id FROM cases")}
    keys = {r[0] for r in db.execute("SELECT key FROM vocab")}
    return ids | refs | keys | set(LANGUAGES) | {"1"}


def repealed_ids(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT id FROM provisions WHERE status = 'repealed' UNION SELECT id FROM acts WHERE status = 'repealed'")}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", QUERIES)
def test_no_query_word_on_the_sheet_its_link_or_its_qr_code(shipped, query, lang):
    client, db = shipped
    soup = default_sheet(client, query, lang)
    words = [w.casefold() for w in re.findall(r"\w[\w-]*", query)]
    link = soup.select_one("article.sheet .online a")["href"]
    # The QR code is exactly the link shown, and the link and every other address on the page hold no query word.
    expected = segno.make(link, error="m").svg_inline(omitsize=True, border=2, svgclass="qr", lineclass=None)
    assert f'd="{soup.select_one("figure.qr svg path")["d"]}"' in expected
    # Every address on the page holds only entry ids, case references, vocabulary keys and languages in its parameters.
    known = known_values(db)
    for tag in soup.select("[href], [data-share]"):
        parts = urlsplit(tag.get("href") or tag["data-share"])
        assert not [w for w in words if w in unquote(parts.path).casefold()], parts
        assert {v for values in parse_qs(parts.query).values() for v in values} <= known, parts
        if tag.get_text() == tag.get("href"):
            tag.string = ""  # the online link, printed as its own text
        del tag[("href" if tag.has_attr("href") else "data-share")]
    for tag in soup.select("[data-id]"):
        assert tag["data-id"] in known
        del tag["data-id"]
    # Text taken verbatim from an entry is marked with its language; anything else on the page holds no query word.
    texts = entry_texts(db)
    for tag in soup.select("article.sheet [lang]"):
        assert " ".join(tag.get_text(" ").split()) in texts, tag
        tag.decompose()
    rest = str(soup)
    # So are the vocabulary's labels ("Disclosure of HIV status") and the phones' labels ("102 (police)"):
    # fixed text of the knowledge base, not what was typed.
    for label in sorted(kb_labels(db), key=len, reverse=True):
        rest = rest.replace(label, "")
    assert [w for w in words if w in rest.casefold()] == []


@pytest.mark.parametrize("query", QUERIES)
def test_no_repealed_norm_outside_the_history_mark(shipped, query):
    client, db = shipped
    repealed = repealed_ids(db)
    citations = {r[0] for r in db.execute("SELECT citation FROM provisions WHERE status = 'repealed'")}
    for lang in LANGUAGES:
        # Everything the builder offers, ticked: history included.
        soup = page(client.get(sheet_address(builder_of(client, query, lang), tick_all=True, lang=lang)))
        history = soup.select("section#norms .history")
        shown = [li["data-id"] for li in soup.select("section#norms li[data-id]") if not li.find_parent(class_="history")]
        assert shown and not set(shown) & repealed, (query, lang, shown)
        assert all(li["data-id"] in repealed for h in history for li in h.select("li[data-id]"))
        for h in history:
            h.decompose()
        text = soup.get_text(" ")
        assert [c for c in citations if c in text] == []


@pytest.mark.parametrize("query", QUERIES)
def test_only_cases_that_ended_well_and_no_case_named(shipped, query):
    client, db = shipped
    outcomes = {case_ref(r["id"]): r["outcome"] for r in db.execute("SELECT DISTINCT id, outcome FROM cases")}
    names = {r[0] for r in db.execute("SELECT title FROM cases")} | {r[0] for r in db.execute("SELECT id FROM cases")}
    for lang in LANGUAGES:
        response = client.get(sheet_address(builder_of(client, query, lang), tick_all=True, lang=lang, link="1"))
        assert len(response.data) < 60 * 1024, "everything ticked, with the QR code, stays under the page budget"
        soup = page(response)
        shown = [li["data-id"] for li in soup.select("section#cases li[data-id]")]
        assert all(outcomes[ref] in SHOWN_OUTCOMES for ref in shown), (query, lang)
        html = str(soup)
        assert [name for name in names if name in html] == []


@pytest.mark.parametrize("query", ["HIV refusal resocialization", "ст. 14 Конституции 1995 года", "дискриминация конституция"])
def test_repealed_norms_found_are_offered_only_as_history_of_what_replaced_them(shipped, query):
    """«HIV refusal resocialization» finds the repealed order sub-paragraph used against the client; the others
    find articles of the repealed 1995 Constitution (first, when cited)."""
    client, db = shipped
    results = page(client.get("/search", query_string={"q": query, "lang": "ru"}))
    found = [a["data-id"] for a in results.select("section#norms article[data-id]")]
    repealed = [ref for ref in found if ref in repealed_ids(db)]
    assert repealed, "the search still finds repealed norms: the sheet must not hand them over as rights"
    builder = page(client.get(results.select_one(".sheet-link a")["href"]))
    status = {r[0]: r[1] for r in db.execute("SELECT id, status FROM provisions UNION SELECT id, status FROM acts")}
    for ref in repealed:
        offered = builder.select(f"#b-norms [data-id='{ref}']")
        assert all("history" in tag["class"] for tag in offered), ref
        assert all(status[tag.find_parent(class_="pick")["data-id"]] != "repealed" for tag in offered), ref
    soup = default_sheet(client, query, "ru")
    shown = [li["data-id"] for li in soup.select("section#norms > ol > li")]
    assert shown and all(status[ref] == "in_force" for ref in shown)
    assert not set(repealed) & set(shown) and not any(ref in str(soup.select_one("section#norms")) for ref in repealed)


def test_the_kazakh_sheet_marks_what_is_not_in_kazakh(shipped):
    client, db = shipped
    soup = default_sheet(client, "уволили из-за ВИЧ", "kk")
    assert soup.html["lang"] == "kk"
    for tag in soup.select("article.sheet strong[lang]"):
        if tag["lang"] != "kk":
            assert tag.find_next_sibling(class_="fallback") or tag.parent.select_one(".fallback"), tag
    assert {t.get_text() for t in soup.select(".fallback")} <= {"(орысша)", "(ағылшынша)"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sheet_gives_the_next_steps_with_each_deadline_and_the_provision_that_sets_it(shipped, lang):
    """The best-matching ladder is ticked by default; its steps go on the sheet, REActors' step notes never do."""
    client, db = shipped
    soup = default_sheet(client, "уволили из-за ВИЧ", lang)
    ladders = soup.select("section#remedies .ladder")
    assert [ladder["data-id"] for ladder in ladders] == ["dismissal"]
    steps = ladders[0].select("ol > li")
    (stored,) = db.execute("SELECT steps FROM remedies WHERE id = 'dismissal' AND lang = ?", ("kk" if lang == "kk" else "ru",)).fetchone()
    assert len(steps) == len(json.loads(stored))
    first = steps[0].select_one(".deadline")
    (citation,) = db.execute("SELECT citation FROM provisions WHERE id = 'kz-labour-code/art-160' AND lang = ?", ("kk" if lang == "kk" else "ru",)).fetchone()
    assert citation in first.get_text(" ")
    notes = {step["note"] for r in db.execute("SELECT steps FROM remedies") for step in json.loads(r[0]) if step.get("note")}
    assert notes and not [n for n in notes if n[:40] in soup.get_text(" ")]


def test_a_ladder_left_unticked_stays_off_the_sheet(shipped):
    client, _ = shipped
    soup = default_sheet(client, "уволили из-за ВИЧ", "ru", r="")
    assert not soup.select("section#remedies")
