"""Shared fixtures: a copy of the fixture knowledge base, a real build of it, a search engine, the web app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from indexer.build import build
from indexer.search import SearchEngine

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
BROKEN = Path(__file__).parent / "fixtures" / "broken"
REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "app" / "translations"
LANGUAGES = ("kk", "ru", "en")


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


@pytest.fixture(scope="session")
def built_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge base built once, with the real builder."""
    data = tmp_path_factory.mktemp("data")
    build(FIXTURE_KB, data)
    return data


@pytest.fixture
def engine(built_data: Path):
    engine = SearchEngine(built_data)
    yield engine
    engine.close()


def ids(hits: list[dict]) -> list[str]:
    """The ids of a result list, in order."""
    return [hit["id"] for hit in hits]


@pytest.fixture(scope="session")
def catalogs() -> None:
    """Compiled message catalogs (the .mo files are build output: compile any missing or stale one)."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalog)


@pytest.fixture
def app(built_data: Path, catalogs):
    """The web app over the fixture build."""
    from app import create_app

    application = create_app({"TESTING": True, "DATA_DIR": str(built_data), "KB_DIR": str(FIXTURE_KB)})
    yield application
    application.extensions["kb_engine"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def page(response) -> BeautifulSoup:
    """The parsed HTML of a successful response."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")
