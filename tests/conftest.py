"""Shared fixtures: a copy of the fixture knowledge base, a real build of it, a search engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build
from indexer.search import SearchEngine

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
BROKEN = Path(__file__).parent / "fixtures" / "broken"
REPO = Path(__file__).resolve().parent.parent


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
