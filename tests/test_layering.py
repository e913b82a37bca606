"""The indexer is a library: it never imports Flask or anything from app/."""

import subprocess
import sys

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
