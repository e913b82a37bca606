"""A content kind is one module (issue 11, item 1): a throwaway kind, registered here and nowhere else,
is validated, stored, searched and shown by the same pipeline and app as the built-in kinds.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import FIXTURE_KB, page

from indexer.build import build
from indexer.kinds import LANGUAGES, VISIBILITIES, Field, Kind, kinds, register, unregister
from indexer.load import load_kb
from indexer.scaffold import PLACEHOLDER, fill, scaffold
from indexer.schema import text_documents
from indexer.search import SearchEngine
from indexer.store import TEXT_COLUMNS, text_row

TEMPLATE = """---
id: {id}
title: "{mark} {title}"
lang: ru
---
{body}"""
TEXTS = {lang: ("The term", "{mark} What it means, in plain words.\n") for lang in LANGUAGES}

GLOSSARY = Kind(
    name="glossary",
    folder="glossary",
    table="glossary",
    fields=(
        Field("id", "id", True),
        Field("title", "text", True),
        Field("lang", "enum", True, LANGUAGES),
        Field("visibility", "enum", False, VISIBILITIES),
    ),
    rows=text_row,
    scaffold=lambda entry_id, lang: fill(TEMPLATE, entry_id, lang, TEXTS),
    columns=TEXT_COLUMNS,
    documents=text_documents,
    result_list="glossary",
    doctype="term",
    label={"en": "Glossary", "ru": "Словарь", "kk": "Сөздік"},
)

TERM = """---
id: stigma-index
title: Индекс стигмы
lang: ru
---
Опрос о том, как часто люди с ВИЧ сталкиваются с предрассудками: квирфлюкс, его применяют при подготовке отчётов.
"""


@pytest.fixture
def glossary_kb(tmp_path):
    """The fixture kb with the glossary kind registered and two files of it: one good, one with a bad field."""
    register(GLOSSARY)
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    (kb / "glossary").mkdir()
    (kb / "glossary" / "stigma-index.ru.md").write_text(TERM, encoding="utf-8")
    (kb / "glossary" / "broken.ru.md").write_text(TERM.replace("stigma-index", "broken").replace("lang: ru", "lang: ru\nvisibility: secret"), encoding="utf-8")
    yield kb
    unregister("glossary")


def test_a_registered_kind_is_validated_with_lines_and_its_good_files_loaded(glossary_kb):
    kb, problems = load_kb(glossary_kb)
    assert [e.id for e in kb.of_kind("glossary")] == ["stigma-index"]
    errors = [str(p) for p in problems.errors]
    assert [e for e in errors if "glossary/broken.ru.md:5: error[bad-value]: visibility:" in e], errors


def test_a_registered_kind_is_stored_searched_and_shown(glossary_kb, tmp_path, catalogs):
    from app import create_app

    data = tmp_path / "data"
    build(glossary_kb, data)
    db = sqlite3.connect(data / "current" / "kb.sqlite")
    assert db.execute("SELECT id, lang, title FROM glossary").fetchall() == [("stigma-index", "ru", "Индекс стигмы")]
    db.close()

    engine = SearchEngine(data)
    result = engine.search("квирфлюкс")
    engine.close()
    assert [hit["id"] for hit in result["glossary"]] == ["stigma-index"]
    assert "<mark>" in result["glossary"][0]["snippet"]
    assert result["norms"] == [] and result["cases"] == []

    app = create_app({"TESTING": True, "DATA_DIR": str(data), "KB_DIR": str(glossary_kb)})
    client = app.test_client()
    results = page(client.get("/search?q=квирфлюкс&lang=ru"))
    section = results.select_one("section#glossary")
    assert section.h2.get_text(" ", strip=True).startswith("Словарь")
    link = section.select_one("article[data-id=stigma-index] a")
    shown = page(client.get(link["href"]))
    assert shown.h1.get_text(strip=True) == "Индекс стигмы" and "квирфлюкс" in shown.select_one(".story").get_text()
    assert client.get("/glossary/no-such-term").status_code == 404
    # The API's answer is checked against its OpenAPI document, which describes the kind's list too.
    found = client.get("/api/search?q=квирфлюкс").get_json()["glossary"]
    assert [(hit["id"], hit["url"]) for hit in found] == [("stigma-index", "/glossary/stigma-index")]
    assert "glossary" in client.get("/api/openapi.json").get_json()["components"]["schemas"]["SearchResult"]["required"]
    app.extensions["kb_engine"].close()


def test_kb_new_writes_a_registered_kinds_template_that_check_refuses_until_filled(glossary_kb):
    text = scaffold("glossary", "new-term", "kk")
    assert text.startswith("---\nid: new-term\n") and "lang: kk" in text and PLACEHOLDER in text
    (glossary_kb / "glossary" / "new-term.kk.md").write_text(text, encoding="utf-8")
    _, problems = load_kb(glossary_kb)
    assert [p for p in problems.errors if p.path.endswith("new-term.kk.md") and p.code == "placeholder"]


def test_the_built_in_kinds_are_modules_of_the_registry():
    assert [(k.name, k.folder, k.table) for k in kinds()] == [
        ("act", "laws", "acts"), ("case", "cases", "cases"), ("service", "services", "services"),
        ("letter", "letters", "letters"), ("remedy", "remedies", "remedies"),
    ]
    with pytest.raises(ValueError, match="clashes"):
        register(Kind(name="memo", folder="laws", table="memos", fields=(), rows=text_row, scaffold=scaffold))


def test_files_in_a_folder_no_kind_lives_in_are_reported_and_not_read(kb_dir):
    """Without the glossary kind registered, its folder is named in a warning instead of being read as something else."""
    (kb_dir / "glossary").mkdir()
    (kb_dir / "glossary" / "stigma-index.ru.md").write_text(TERM, encoding="utf-8")
    kb, problems = load_kb(kb_dir)
    assert "stigma-index" not in [e.id for e in kb.entries]
    (warning,) = [p for p in problems if p.code == "unknown-folder"]
    assert warning.path.endswith("/glossary/") and "cases, laws, letters, remedies, services" in warning.message
