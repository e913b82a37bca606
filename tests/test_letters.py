"""Complaint letters: `kb check` of a template, the form, and the letter as a page, a .docx and plain text.

Everything runs on the real builder, SQLite database and Flask app. The fixture
letter `test-complaint-ombudsman` is addressed to the ombudsman; a second build
adds regional and city ombudsman offices so the order of the addressees can be seen.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_KB, page

from indexer.build import build
from indexer.letter_format import fill, plain_text
from indexer.load import load_kb

LETTER = "/letters/test-complaint-ombudsman"
OFFICE = """---
id: {id}
name: {name}
kind: ombudsman
jurisdiction: KZ
city: {city}
lang: ru
address: "{address}"
---
Представитель Уполномоченного.
"""


@pytest.fixture(scope="module")
def offices_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture kb plus ombudsman offices in Ust-Kamenogorsk, Ridder (same region) and Almaty, built."""
    root = tmp_path_factory.mktemp("letters")
    kb = root / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    for entry_id, name, city, address in (
        ("test-ombudsman-ukg", "Представитель Уполномоченного в ВКО", "ust-kamenogorsk", "Усть-Каменогорск, ул. Примерная, 1"),
        ("test-ombudsman-ridder", "Приёмная в Риддере", "ridder", "Риддер, ул. Примерная, 2"),
        ("test-ombudsman-almaty", "Представитель Уполномоченного в Алматы", "almaty", "Алматы, ул. Примерная, 3"),
    ):
        (kb / f"services/{entry_id}.ru.md").write_text(OFFICE.format(id=entry_id, name=name, city=city, address=address), encoding="utf-8")
    build(kb, root / "data")
    return root / "data"


@pytest.fixture
def offices_client(offices_data, catalogs):
    from app import create_app

    application = create_app({"TESTING": True, "DATA_DIR": str(offices_data)})
    yield application.test_client()
    application.extensions["kb_engine"].close()


def form_of(client, url: str = LETTER + "?city=ust-kamenogorsk") -> BeautifulSoup:
    return page(client.get(url))


def filled(client, url: str = LETTER + "?city=ust-kamenogorsk", **changes) -> dict:
    """The form's fields as a browser would send them, filled in, with `changes`."""
    form = form_of(client, url)
    data = {"csrf": form.select_one("input[name=csrf]")["value"], "language": form.select_one("input[name=language]")["value"]}
    data.update(
        contact=form.select_one("select#contact option")["value"],
        client="Асель Нурланова",
        reply_address="aselle@example.kz",
        facts="12 ноября в центре соцобслуживания отказали в приёме из-за ВИЧ-статуса.",
        demands="Провести проверку и обязать центр принять меня.",
        event_date="2026-11-12",
        cite=["test-constitution/art-14", "test-order-379/p-30-sp-2"],
        output="html",
    )
    data.update(changes)
    return data


# -- the template format and kb check ---------------------------------------------------------------


def write_letter(kb_dir: Path, text: str) -> None:
    (kb_dir / "letters/test-complaint-ombudsman.ru.md").write_text(text, encoding="utf-8")


def problems_of(kb_dir: Path) -> list[tuple[int, str, str]]:
    _, problems = load_kb(kb_dir)
    return [(p.line, p.code, p.message) for p in problems if p.path.endswith("letters/test-complaint-ombudsman.ru.md")]


def test_kb_check_reports_each_problem_of_a_letter_at_its_line(kb_dir):
    path = kb_dir / "letters/test-complaint-ombudsman.ru.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("addressee: ombudsman", "addressee: ombudsmen").replace("Прошу: {demands}", "Прошу: {demand}")
    write_letter(kb_dir, text)
    found = problems_of(kb_dir)
    assert (5, "bad-value") in [(line, code) for line, code, _ in found], found
    unknown = [f for f in found if f[1] == "unknown-placeholder"]
    assert unknown and unknown[0][0] == text.splitlines().index("Прошу: {demand}") + 1 and "{demand}" in unknown[0][2]
    unused = [f for f in found if f[1] == "unused-blank"]
    assert unused and unused[0][0] == 12 and "'demands'" in unused[0][2]  # the line of the blank


def test_kb_check_reports_a_cited_provision_that_does_not_exist(kb_dir):
    path = kb_dir / "letters/test-complaint-ombudsman.ru.md"
    write_letter(kb_dir, path.read_text(encoding="utf-8").replace("test-order-379/p-30-sp-2]", "test-order-379/p-31]"))
    assert [(line, code) for line, code, _ in problems_of(kb_dir)] == [(7, "dangling-reference")]


def test_kb_check_reports_bad_blanks(kb_dir):
    path = kb_dir / "letters/test-complaint-ombudsman.ru.md"
    text = path.read_text(encoding="utf-8").replace("{name: event_date, label: Дата события, type: date}", "{name: today, label: Сегодня, type: day}")
    write_letter(kb_dir, text)
    messages = [message for line, code, message in problems_of(kb_dir) if line == 13]
    assert any("supplied by the app" in m for m in messages) and any("type must be one of" in m for m in messages), messages


def test_kb_new_letter_gives_a_valid_letter_once_its_title_is_written(kb_dir):
    from indexer.scaffold import PLACEHOLDER, scaffold

    path = kb_dir / "letters/my-letter.ru.md"
    path.write_text(scaffold("letter", "my-letter"), encoding="utf-8")
    _, problems = load_kb(kb_dir)
    assert [p.code for p in problems if "my-letter" in p.path] == ["placeholder"]  # untouched, it is not published
    path.write_text(path.read_text(encoding="utf-8").replace(PLACEHOLDER + " ", ""), encoding="utf-8")
    kb, problems = load_kb(kb_dir)
    assert [str(p) for p in problems if "my-letter" in p.path] == []
    assert "my-letter" in {e.id for e in kb.of_kind("letter")}


def test_the_shipped_letters_pass_kb_check(shipped_loaded):
    kb, problems = shipped_loaded
    assert [str(p) for p in problems if "/letters/" in p.path] == []
    letters = kb.of_kind("letter")
    assert len({e.id for e in letters}) >= 8
    for entry in letters:
        assert {e.lang for e in letters if e.id == entry.id} >= {"ru", "kk"}, entry.id
        assert entry.meta["cites"], entry.id


def test_an_empty_optional_blank_leaves_out_its_line_and_braces_typed_stay_text():
    blocks = fill("# ЖАЛОБА\n\nСвидетели: {w}\nФакты: {f}", {"w": "", "f": "отказали {client}\n\nвторой абзац"})
    assert plain_text(blocks) == "ЖАЛОБА\n\nФакты: отказали {client}\n\nвторой абзац\n"
    assert blocks[0].title and not blocks[1].title


# -- the form --------------------------------------------------------------------------------------


def test_the_form_offers_the_city_first_then_its_region_then_national(offices_client):
    options = [o["value"] for o in form_of(offices_client, LETTER + "?city=ust-kamenogorsk").select("select#contact option")]
    assert options == ["test-ombudsman-ukg", "test-ombudsman-ridder", "test-ombudsman", ""]
    options = [o["value"] for o in form_of(offices_client, LETTER + "?city=ridder").select("select#contact option")]
    assert options[:3] == ["test-ombudsman-ridder", "test-ombudsman-ukg", "test-ombudsman"]
    assert "test-ombudsman-almaty" not in options  # another region
    options = [o["value"] for o in form_of(offices_client, LETTER + "?city=almaty").select("select#contact option")]
    assert options == ["test-ombudsman-almaty", "test-ombudsman", ""]


def test_the_form_has_the_blanks_and_lists_the_cited_norms(client):
    form = form_of(client, LETTER + "?city=ust-kamenogorsk&lang=ru")
    assert form.select_one("form.letter")["method"] == "post"
    assert form.select_one("form.letter")["action"] == LETTER + "?city=ust-kamenogorsk"
    assert {f["name"] for f in form.select("form.letter [name]")} >= {"client", "reply_address", "facts", "demands", "event_date", "cite", "contact"}
    assert form.select_one("textarea[name=facts]").has_attr("required")
    assert form.select_one("input[name=event_date]")["type"] == "date"
    citations = [label.get_text(strip=True) for label in form.select("fieldset.citations label")]
    assert citations[0].startswith("ст. 14 Конституции Республики Казахстан")
    assert len(citations) == 2


def test_the_kazakh_version_of_a_letter(client):
    form = form_of(client, LETTER + "?lang=kk")
    assert form.select_one("h1").get_text(strip=True) == "Адам құқықтары жөніндегі уәкілге шағым"
    assert form.select_one("input[name=language]")["value"] == "kk"
    data = filled(client, LETTER + "?lang=kk", cite=["test-constitution/art-14"])
    letter = page(client.post(LETTER, data=data))
    text = letter.select_one("#plain-text").get_text()
    assert "ШАҒЫМ" in text and "14-бабы" in text


def test_an_unknown_letter_is_404(client):
    assert client.get("/letters/no-such-letter").status_code == 404


# -- the filled letter ------------------------------------------------------------------------------


def test_the_letter_page_has_the_blanks_citations_and_addressee(client):
    response = client.post(LETTER + "?city=ust-kamenogorsk", data=filled(client))
    assert response.headers["Cache-Control"] == "no-store"
    letter = page(response)
    text = letter.select_one("article.letter-text").get_text("\n")
    assert "Уполномоченный по правам человека в Республике Казахстан" in text  # the contact chosen
    assert "Асель Нурланова" in text and "отказали в приёме из-за ВИЧ-статуса" in text
    assert "12 ноября 2026" in text
    assert "1) ст. 14 Конституции Республики Казахстан от 30 августа 1995\u00a0г.;" in text
    assert "2) подп. 2) п. 30 Правил деятельности организаций" in text and "№ 379." in text
    assert letter.select_one("article.letter-text h1").get_text() == "ЖАЛОБА"


def test_unticked_norms_are_left_out(client):
    letter = page(client.post(LETTER, data=filled(client, cite=["test-order-379/p-30-sp-2", "kz-made-up/art-1"])))
    text = letter.select_one("article.letter-text").get_text()
    assert "подп. 2) п. 30" in text and "ст. 14" not in text and "kz-made-up" not in text
    letter = page(client.post(LETTER, data=filled(client, cite=["test-constitution/art-14"])))
    text = letter.select_one("article.letter-text").get_text()
    assert "1) ст. 14 Конституции Республики Казахстан от 30 августа 1995\u00a0г.\n" in text  # one full stop, not two


def test_a_typed_addressee_replaces_the_directory(client):
    letter = page(client.post(LETTER, data=filled(client, contact="", addressee_text="Директору КГУ «Центр»\nг. Риддер")))
    lines = letter.select_one("article.letter-text p").get_text("\n").splitlines()
    assert lines == ["Директору КГУ «Центр»", "г. Риддер"]


def test_the_docx_opens_and_holds_the_facts_and_citations(client):
    response = client.post(LETTER, data=filled(client, output="docx"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=test-complaint-ombudsman.docx"
    assert response.headers["Cache-Control"] == "no-store"
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "отказали в приёме из-за ВИЧ-статуса" in text
    assert "ст. 14 Конституции Республики Казахстан" in text and "подп. 2) п. 30" in text
    title = next(p for p in document.paragraphs if p.text == "ЖАЛОБА")
    assert title.runs[0].bold
    assert document.core_properties.author == ""


def test_the_plain_text_is_ready_to_paste(client):
    letter = page(client.post(LETTER, data=filled(client, output="text")))
    text = letter.select_one("textarea#plain-text").get_text()
    assert "<" not in text and "Асель Нурланова" in text and "1) ст. 14" in text
    assert letter.select_one("section.plain") is letter.select_one("main").find("section")  # the text comes first


def test_missing_blanks_and_a_bad_date_are_explained_and_what_was_typed_is_kept(client):
    response = client.post(LETTER, data=filled(client, demands="", event_date="12.11.2026"))
    assert response.status_code == 400
    form = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert form.select_one("textarea[name=facts]").get_text() == "12 ноября в центре соцобслуживания отказали в приёме из-за ВИЧ-статуса."
    warnings = [w.get_text(strip=True) for w in form.select("p.warn")]
    assert len(warnings) == 3, warnings  # the summary, the missing demands, the date


def test_what_is_typed_comes_back_as_text_never_as_markup(client):
    from xss import PAYLOADS, executable_forms

    for output in ("html", "text"):
        data = filled(
            client, reply_address=PAYLOADS[0], facts="\n\n".join(PAYLOADS)[:3000], demands="\n".join(PAYLOADS[1:])[:3000],
            addressee_text=PAYLOADS[2], output=output,
        )
        response = client.post(LETTER, data=data)
        assert response.status_code == 200
        assert executable_forms(response.get_data(as_text=True)) == [], output
        assert "<script>" in page(response).select_one("#plain-text").get_text()  # shown, as text


def test_a_post_without_the_form_token_is_refused(client):
    data = filled(client)
    data["csrf"] = "forged"
    assert client.post(LETTER, data=data).status_code == 400
    fresh = client.application.test_client()  # another browser: no session, so no token matches
    assert fresh.post(LETTER, data=filled(client)).status_code == 400


def test_every_shipped_letter_filled_to_its_limits_fits_the_body_bound(shipped_loaded):
    from urllib.parse import urlencode

    from app.letters import MAX_ADDRESSEE, MAX_LONG, MAX_SHORT
    from app.security import LARGER_BODIES

    kb, _ = shipped_loaded
    for entry in kb.of_kind("letter"):
        form = {b["name"]: "я" * (MAX_LONG if b.get("long") else MAX_SHORT) for b in entry.meta["blanks"]}
        form.update(csrf="x" * 43, language="kk", contact="x" * 64, addressee_text="я" * MAX_ADDRESSEE, output="docx")
        body = urlencode({**form, "cite": entry.meta["cites"]}, doseq=True).encode()
        assert len(body) < LARGER_BODIES["letters.letter"], (entry.path, len(body))


def test_a_long_letter_fits_and_a_huge_body_is_refused(client):
    long_facts = "Отказали в приёме из-за ВИЧ-статуса. " * 80  # ~3000 Cyrillic characters, 18 KB once URL-encoded
    response = client.post(LETTER, data=filled(client, facts=long_facts[:3000], demands="Принять меня. " * 200))
    assert response.status_code == 200, response.status_code
    assert client.post(LETTER, data=filled(client, facts="я" * 20000)).status_code == 413  # 120 KB
    # Other routes keep the 16 KB bound.
    assert client.post("/sign-in", data={"name": "x" * 20000}).status_code == 413


# -- where letters are offered ----------------------------------------------------------------------


def test_search_results_and_a_matching_case_offer_the_letter_with_the_city(client):
    results = page(client.get("/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk&lang=ru"))
    link = results.select_one("section#letters li[data-id=test-complaint-ombudsman] a")
    assert link["href"] == "/letters/test-complaint-ombudsman?city=ust-kamenogorsk"
    case = page(client.get("/cases/test-damir?lang=ru"))
    assert case.select_one("section#letters li[data-id=test-complaint-ombudsman] a")


def test_a_case_with_other_violations_offers_no_letter(client):
    assert page(client.get("/cases/test-outing?lang=en")).select_one("section#letters") is None


def test_the_list_of_letters_names_each_in_the_interface_language(client):
    items = page(client.get("/letters?lang=kk")).select("ul.letters li")
    assert [li.a.get_text(strip=True) for li in items] == ["Адам құқықтары жөніндегі уәкілге шағым"]


def test_an_edited_letter_is_rebuilt_incrementally(kb_dir, tmp_path):
    from indexer.catalog import Catalog
    from indexer.search import SearchEngine

    data = tmp_path / "data"
    build(kb_dir, data)
    path = kb_dir / "letters/test-complaint-ombudsman.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# ЖАЛОБА", "# ЗАЯВЛЕНИЕ"), encoding="utf-8")
    (kb_dir / "letters/test-complaint-ombudsman.kk.md").unlink()
    result = build(kb_dir, data)
    assert result.built
    engine = SearchEngine(data)
    try:
        letter = Catalog(engine).letter("test-complaint-ombudsman", "kk")
        assert letter["lang"] == "ru" and letter["langs"] == ["ru"]
        assert "# ЗАЯВЛЕНИЕ" in letter["template"]
    finally:
        engine.close()
