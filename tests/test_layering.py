"""Import rules: the indexer is a library that never imports Flask or anything from app/; whoosh is used by one module."""

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

PROBE = """
import importlib, pkgutil, sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("flask", "flask_babel", "werkzeug", "app"):
            raise ImportError(f"the indexer must not import {name}")

sys.meta_path.insert(0, Refuse())
import indexer
for module in pkgutil.walk_packages(indexer.__path__, "indexer."):
    if module.name != "indexer.__main__":
        importlib.import_module(module.name)
print("ok")
"""


def test_every_indexer_module_imports_without_flask_or_the_app():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def imported_modules(path: Path) -> Iterator[tuple[str, int]]:
    """Every module `path` imports (statically, anywhere in the file), with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, node.lineno


# The one module that uses whoosh (its version is pinned: its repository says it is no longer maintained).
WHOOSH_MODULE = REPO / "indexer" / "fulltext.py"
# Tests that hold our code to whoosh itself: the contract of indexer/fulltext.py, positions against whoosh's
# Phrase query, and incremental builds against a dump of the whole index.
WHOOSH_TESTS = ("test_fulltext.py", "test_positions.py", "test_incremental.py")


def test_only_the_fulltext_module_imports_whoosh():
    sources = [p for folder in ("indexer", "app", "bench", "tests") for p in sorted((REPO / folder).rglob("*.py"))]
    assert WHOOSH_MODULE in sources and len(sources) > 100
    offenders = [
        f"{path.relative_to(REPO)}:{line}: imports {name}"
        for path in sources
        if path != WHOOSH_MODULE and path.name not in WHOOSH_TESTS
        for name, line in imported_modules(path)
        if name.split(".")[0] == "whoosh"
    ]
    assert offenders == []
    assert any(name.split(".")[0] == "whoosh" for name, _ in imported_modules(WHOOSH_MODULE))
