"""REActors-only notes (issue 12): checked with their lines, shown in a marked box, never part of a summary.

An act's `note` and `notes` (by provision id) and a case's `note` are for the
REActor reading the page; the provision's summary (`text`, `body_html`), which the
referral sheet, the API and search use, must never contain them. A case's `persons`
are the changed names of its story: no act file may mention them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import page

from indexer.build import build
from indexer.load import load_kb
from indexer.search import SearchEngine

NOTE = "Paragraph text never read zorkavet"
ACT_NOTE = "Check the edition before citing quimbelor"
CASE_NOTE = "First name in the source changed ptarvimel"


def write_front_matter(path: Path, add: str, replace: tuple[str, str] | None = None) -> None:
    """Insert `add` (YAML lines) before the closing '---' of a file's front matter."""
    text = path.read_text(encoding="utf-8")
    if replace:
        text = text.replace(*replace)
    head, rest = text[4:].split("\n---\n", 1)
    path.write_text(f"---\n{head}\n{add.rstrip()}\n---\n{rest}", encoding="utf-8")


@pytest.fixture
def noted_kb(kb_dir: Path) -> Path:
    """The fixture kb with an act note, a provision note, and a case with note, estimated date and persons."""
    write_front_matter(kb_dir / "laws/test-order-379.en.md", f"note: {ACT_NOTE}\nnotes:\n  p-30-sp-2: {NOTE}\nofficial_version: 2023-06-01")
    write_front_matter(kb_dir / "cases/test-damir.en.md", f"note: {CASE_NOTE}\ndate_estimated: true\npersons: [Damir, Дамир]")
    return kb_dir


def messages(kb_dir: Path) -> list[str]:
    return [str(p) for p in load_kb(kb_dir)[1]]


def test_notes_and_new_fields_load_clean(noted_kb):
    kb, problems = load_kb(noted_kb)
    assert problems.errors == []
    act = next(e for e in kb.of_kind("act") if e.id == "test-order-379" and e.lang == "en")
    assert act.meta["notes"] == {"p-30-sp-2": NOTE}
    assert act.meta["official_version"] == "2023-06-01"
    case = next(e for e in kb.of_kind("case") if e.id == "test-damir" and e.lang == "en")
    assert (case.meta["date_estimated"], case.meta["persons"]) == (True, ["Damir", "Дамир"])


def test_a_note_on_a_provision_the_file_lacks_is_an_error_at_its_line(kb_dir):
    path = kb_dir / "laws/test-order-379.en.md"
    write_front_matter(path, "notes:\n  p-30-sp-2: fine\n  p-31: no such paragraph")
    line = path.read_text(encoding="utf-8").splitlines().index("  p-31: no such paragraph") + 1
    expected = f"{path.as_posix()}:{line}: error[bad-value]: notes: 'p-31' is not a provision of this file (did you mean 'p-30'?)"
    assert expected in messages(kb_dir)


@pytest.mark.parametrize(
    ("yaml", "field_line", "words"),
    [
        ("notes: just text", "notes: just text", "notes: must be a mapping from a provision id of this file to a note"),
        ("notes:\n  p-30: [a, list]", "  p-30: [a, list]", "notes: the note on 'p-30' must be non-empty text"),
        ("note: [a, list]", "note: [a, list]", "note: must be non-empty text"),
        ("official_version: 2023-02-30", "official_version: 2023-02-30", "official_version: '2023-02-30' is not a date"),
    ],
)
def test_act_note_fields_of_the_wrong_type_are_errors_at_their_line(kb_dir, yaml, field_line, words):
    path = kb_dir / "laws/test-order-379.en.md"
    write_front_matter(path, yaml)
    line = path.read_text(encoding="utf-8").splitlines().index(field_line) + 1
    found = messages(kb_dir)
    assert any(m.startswith(f"{path.as_posix()}:{line}: error[bad-value]: ") and words in m for m in found), found


@pytest.mark.parametrize(
    ("yaml", "field_line", "words"),
    [
        ("date_estimated: maybe", "date_estimated: maybe", "date_estimated: must be true or false"),
        ("persons: Damir", "persons: Damir", "persons: must be a list of non-empty strings"),
        ("note: ''", "note: ''", "note: must be non-empty text"),
    ],
)
def test_case_note_fields_of_the_wrong_type_are_errors_at_their_line(kb_dir, yaml, field_line, words):
    path = kb_dir / "cases/test-damir.en.md"
    write_front_matter(path, yaml)
    line = path.read_text(encoding="utf-8").splitlines().index(field_line) + 1
    found = messages(kb_dir)
    assert any(m.startswith(f"{path.as_posix()}:{line}: error[bad-value]: ") and words in m for m in found), found


@pytest.mark.parametrize("mention", ["the centre refused Damir", "как у Дамира", "Damir's case", "Дамирге бас тартты"])
def test_a_provision_summary_naming_a_case_person_is_an_error_at_its_line(noted_kb, mention):
    path = noted_kb / "laws/test-order-379.en.md"
    text = path.read_text(encoding="utf-8").replace("to a resocialization centre.", f"to a resocialization centre ({mention}).")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if mention in row)
    found = messages(noted_kb)
    assert any(m.startswith(f"{path.as_posix()}:{line}: error[names-person]: ") and "'test-damir'" in m for m in found), found


def test_words_that_only_look_like_a_person_are_not_reported(noted_kb):
    path = noted_kb / "laws/test-order-379.en.md"
    text = path.read_text(encoding="utf-8").replace("The order ceased", "Dama and Dami ruled that the order ceased")
    path.write_text(text, encoding="utf-8")
    assert not [m for m in messages(noted_kb) if "names-person" in m]


@pytest.fixture
def noted_app(noted_kb, tmp_path, catalogs):
    from app import create_app

    data = tmp_path / "data"
    build(noted_kb, data)
    application = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(noted_kb)})
    yield application
    application.extensions["kb_engine"].close()


def test_provision_page_shows_its_note_in_a_marked_box(noted_app):
    soup = page(noted_app.test_client().get("/laws/test-order-379/p-30-sp-2?lang=en"))
    box = soup.select_one("aside.reactor-note")
    assert box is not None and "Note for REActors" in box.get_text() and NOTE in box.get_text()
    assert NOTE not in soup.select_one(".provision-page > .body").get_text()


def test_act_page_shows_act_and_provision_notes_and_the_edition(noted_app):
    soup = page(noted_app.test_client().get("/laws/test-order-379?lang=en"))
    notes = [box.get_text(" ", strip=True) for box in soup.select("aside.reactor-note")]
    assert any(ACT_NOTE in n for n in notes) and any(NOTE in n for n in notes)
    assert NOTE in soup.select_one("section#p-30-sp-2 aside.reactor-note").get_text()
    assert "official edition of" in soup.select_one("dl.facts").get_text()


def test_russian_interface_labels_the_note_in_russian(noted_app):
    soup = page(noted_app.test_client().get("/laws/test-order-379/p-30-sp-2?lang=ru&language=en"))
    assert "Заметка для REActors" in soup.select_one("aside.reactor-note").get_text()


def test_notes_are_not_in_the_summary_the_api_gives(noted_app):
    client = noted_app.test_client()
    act = client.get("/api/acts/test-order-379?lang=en").get_json()
    provision = next(p for p in act["provisions"] if p["local_id"] == "p-30-sp-2")
    assert NOTE not in provision["text"] and NOTE not in provision["body_html"]
    assert ACT_NOTE not in act["summary_text"] and ACT_NOTE not in act["summary_html"]
    case = client.get("/api/cases/test-damir?lang=en").get_json()
    assert CASE_NOTE not in case["text"] and CASE_NOTE not in case["body_html"]


def test_notes_are_not_on_the_referral_sheet(noted_kb, tmp_path, catalogs):
    from sheets import sheet_address

    from app import create_app

    # Mapped to a provision in force, the noted (repealed) sub-paragraph is offered as history, its summary shown.
    for lang in ("en", "ru"):
        write_front_matter(noted_kb / f"laws/test-order-379.{lang}.md", "replacements: {p-30-sp-2: test-constitution-2026/art-14}")
    build(noted_kb, tmp_path / "data")
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "KB_DIR": str(noted_kb)})
    client = app.test_client()
    results = page(client.get("/search?q=resocialization&lang=en"))
    for builder_address in (results.select_one(".sheet-link a")["href"], "/sheet/new?case=test-damir&lang=en"):
        builder = page(client.get(builder_address))
        sheet = page(client.get(sheet_address(builder, tick_all=True, lang="en", link="1")))
        assert sheet.select_one("section#norms .history li[data-id='test-order-379/p-30-sp-2']")
        for text in (str(builder), str(sheet)):
            assert NOTE not in text and ACT_NOTE not in text and CASE_NOTE not in text
    app.extensions["kb_engine"].close()


def test_notes_are_not_searched(noted_kb, tmp_path):
    data = tmp_path / "data"
    build(noted_kb, data)
    engine = SearchEngine(data)
    try:
        for word in ("zorkavet", "quimbelor", "ptarvimel"):
            result = engine.search(word)
            assert result["norms"] == [] and result["cases"] == [], word
    finally:
        engine.close()


def test_case_page_shows_the_note_and_an_approximate_date(noted_app):
    soup = page(noted_app.test_client().get("/cases/test-damir?lang=en"))
    assert CASE_NOTE in soup.select_one("aside.reactor-note").get_text()
    assert "date approximate" in soup.select_one("dl.facts").get_text()
    listing = page(noted_app.test_client().get("/cases?lang=en"))
    assert "date approximate" in listing.select_one("li[data-id=test-damir]").get_text()
    assert "date approximate" not in listing.select_one("li[data-id=test-outing]").get_text()
