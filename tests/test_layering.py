"""Import rules: the indexer is a library that never imports Flask or anything from app/; whoosh is used by one module."""

import ast
import functools
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


def source_of(module: str) -> Path | None:
    """The file of an indexer module (or package), None when `module` names no module."""
    path = REPO.joinpath(*module.split("."))
    return next((p for p in (path.with_suffix(".py"), path / "__init__.py") if p.exists()), None)


@functools.cache  # reachable() meets the same modules from every starting point; the files do not change meanwhile
def indexer_imports(module: str) -> frozenset[str]:
    """The indexer modules `module` imports anywhere in its file (lazy imports too), and its parent packages."""
    parts = module.split(".")
    found = {".".join(parts[:i]) for i in range(1, len(parts))}
    path = source_of(module)
    assert path is not None, module
    for name, _ in imported_modules(path):
        found.add(name)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:  # `from indexer.search import boosts`
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(m for m in found if m.split(".")[0] == "indexer" and source_of(m))


def reachable(module: str) -> set[str]:
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(indexer_imports(current))
    return seen


READ_SIDE = sorted(f"indexer.search.{p.stem}" for p in (REPO / "indexer" / "search").glob("*.py") if p.stem != "__init__")


def test_the_read_side_never_imports_the_build():
    """Searching must not load the build (its locks, fork hooks and the whole write pipeline)."""
    assert "indexer.search.engine" in READ_SIDE and len(READ_SIDE) >= 10
    for module in READ_SIDE:
        assert "indexer.build" not in reachable(module), module
    assert "indexer.build" in reachable("indexer.cli")  # the check sees imports that exist


def test_the_cli_imports_the_web_app_only_to_serve_it():
    """`kb serve` (and `kb account`, which writes the server's accounts file) import app/ inside the command."""
    tree = ast.parse((REPO / "indexer" / "cli.py").read_text(encoding="utf-8"))
    inside: dict[int, str] = {}
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        inside.update((node.lineno, function.name) for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom)))
    web = [(line, name) for name, line in imported_modules(REPO / "indexer" / "cli.py") if name.split(".")[0] in ("app", "flask", "werkzeug")]
    assert web, "kb serve imports the app"
    assert {inside.get(line, "<module>") for line, _ in web} <= {"serve", "account"}, web
