"""`kb update`: pull, check, build; on any failure the index in use stays and the command exits 1 with the problems.

The server's copy is a real `git clone` of a repository the test commits to, as
the kb's maintainers would; `kb update` runs as a subprocess, as the timer runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, REPO

pytestmark = pytest.mark.deploy

GOOD = "---\nid: test-update-new\nname: Кризисный центр\nkind: ngo\njurisdiction: KZ\ncity: ridder\nlang: ru\n---\nПомощь zqupdateword.\n"
BROKEN = "---\nid: bad\nname: X\nkind: ngo\njurisdiction: KZ\ncity: almatty\nlang: ru\n---\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, path: str, text: str, message: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def kb(clone: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", "--kb", str(clone / "kb"), "--data", str(data), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=180, env={**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null"})


def found(clone: Path, data: Path, word: str) -> list[str]:
    result = kb(clone, data, "search", word, "--json")
    assert result.returncode == 0, result.stderr
    return [hit["id"] for hit in json.loads(result.stdout)["services"]]


@pytest.fixture
def repos(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(upstream repository, the server's clone, the server's data folder with a first build)."""
    upstream = tmp_path / "upstream"
    shutil.copytree(FIXTURE_KB, upstream / "kb")
    (upstream / "app.py").write_text("# the code beside the kb\n", encoding="utf-8")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "start")
    clone = tmp_path / "server"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    data = tmp_path / "data"
    first = kb(clone, data, "update")
    assert first.returncode == 0, first.stderr
    return upstream, clone, data


def test_an_update_pulls_checks_and_switches_in_the_new_index(repos):
    upstream, clone, data = repos
    before = (data / "current").resolve()
    commit(upstream, "kb/services/test-update-new.ru.md", GOOD, "a new service")
    result = kb(clone, data, "update")
    assert result.returncode == 0, result.stderr
    assert "new index switched in" in result.stderr
    assert (data / "current").resolve() != before
    assert found(clone, data, "zqupdateword")[0] == "test-update-new"
    again = kb(clone, data, "update")
    assert again.returncode == 0 and "index already up to date" in again.stderr


def test_a_broken_file_stops_the_update_and_the_old_index_keeps_serving(repos):
    upstream, clone, data = repos
    before = (data / "current").resolve()
    commit(upstream, "kb/services/test-update-new.ru.md", GOOD, "a new service")
    commit(upstream, "kb/services/bad.ru.md", BROKEN, "a broken service")
    result = kb(clone, data, "update")
    assert result.returncode == 1
    assert f"{clone}/kb/services/bad.ru.md:6: error[bad-value]: city: 'almatty' is not a key of 'places'" in result.stderr
    assert "update failed" in result.stderr and "the index in use keeps serving" in result.stderr
    assert (data / "current").resolve() == before
    assert "test-update-new" not in found(clone, data, "zqupdateword")  # the good file pulled with it is not served either: all or nothing
    assert "Traceback" not in result.stderr


def test_a_pull_that_is_not_a_fast_forward_stops_the_update(repos):
    upstream, clone, data = repos
    before = (data / "current").resolve()
    commit(upstream, "kb/services/test-update-new.ru.md", GOOD, "upstream change")
    commit(clone, "kb/services/test-update-new.ru.md", GOOD.replace("zqupdateword", "local"), "a change made on the server")
    result = kb(clone, data, "update")
    assert result.returncode == 1
    assert "git pull --ff-only --quiet failed" in result.stderr and "update failed" in result.stderr
    assert (data / "current").resolve() == before


def test_a_kb_outside_git_is_a_clear_error(tmp_path):
    shutil.copytree(FIXTURE_KB, tmp_path / "plain" / "kb")
    result = kb(tmp_path / "plain", tmp_path / "data", "update")
    assert result.returncode == 1
    assert "update failed: git rev-parse --show-prefix failed" in result.stderr and "not a git repository" in result.stderr
    assert not (tmp_path / "data" / "current").exists()


def test_an_update_that_also_changed_code_says_to_restart(repos):
    upstream, clone, data = repos
    commit(upstream, "app.py", "# changed code\n", "code change")
    result = kb(clone, data, "update")
    assert result.returncode == 0, result.stderr
    assert "the pull also changed 1 files outside the knowledge base (app.py)" in result.stderr
    assert "restart" in result.stderr
