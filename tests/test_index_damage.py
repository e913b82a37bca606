"""A missing or damaged index is a clear 503 page (JSON under /api/) and a clear CLI error naming `kb build`, never a 500.

Damage found while serving (a file truncated under a running server) is
reported the same way, and the next build is served without a restart.
"""

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_KB

from indexer.build import CURRENT, MANIFEST, build
from indexer.cli import main


def damage_whoosh_segment(build_dir: Path) -> None:
    segment = next((build_dir / "whoosh").glob("*.seg"))
    os.truncate(segment, segment.stat().st_size // 3)


def garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot what it should be" * 100)


DAMAGE = {
    "never-built": lambda d: shutil.rmtree(d.parent),
    "current-points-nowhere": lambda d: shutil.rmtree(d),
    "manifest-deleted": lambda d: (d / MANIFEST).unlink(),
    "manifest-garbage": lambda d: garbage(d / MANIFEST),
    "other-format-version": lambda d: (d / MANIFEST).write_text(json.dumps({**json.loads((d / MANIFEST).read_text()), "format": -1})),
    "whoosh-deleted": lambda d: shutil.rmtree(d / "whoosh"),
    "whoosh-toc-deleted": lambda d: [p.unlink() for p in (d / "whoosh").glob("*.toc")],
    "whoosh-segment-truncated": damage_whoosh_segment,
    "whoosh-segment-garbage": lambda d: [garbage(p) for p in (d / "whoosh").glob("*.seg")],
    "database-deleted": lambda d: (d / "kb.sqlite").unlink(),
    "database-truncated": lambda d: os.truncate(d / "kb.sqlite", 1000),
    "database-garbage": lambda d: garbage(d / "kb.sqlite"),
    "thesaurus-deleted": lambda d: (d / "thesaurus.json").unlink(),
    "thesaurus-garbage": lambda d: garbage(d / "thesaurus.json"),
}


@pytest.fixture
def data(built_data, tmp_path):
    """A private copy of the fixture build."""
    target = tmp_path / "data"
    shutil.copytree(built_data, target, symlinks=True)
    return target


def run_cli(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "argv", ["kb", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code, capsys.readouterr()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_is_a_clear_503_and_cli_error(data, catalogs, monkeypatch, capsys, damage):
    from app import create_app

    DAMAGE[damage]((data / CURRENT).resolve())
    app = create_app({"TESTING": True, "DATA_DIR": str(data)})
    client = app.test_client()
    for url in ("/search?q=HIV&lang=en", "/laws", "/cases/test-damir", "/services", "/about"):
        response = client.get(url)
        assert response.status_code == 503, (url, response.status_code)
        assert "kb build" in response.get_data(as_text=True), url
    response = client.get("/api/search?q=HIV")
    assert response.status_code == 503 and "kb build" in response.get_json()["error"]["message"]
    app.extensions["kb_engine"].close()
    code, output = run_cli(monkeypatch, capsys, "--data", str(data), "search", "HIV")
    assert code == 1
    assert output.err.startswith("error: ") and "kb build" in output.err and "Traceback" not in output.err


def test_a_segment_truncated_under_a_running_server_does_not_stop_it(data, catalogs, tmp_path):
    """whoosh memory-maps segments: truncating one under a reader used to kill the whole server (SIGBUS).

    Run against a real `kb serve`, so that a regression fails this test instead of killing the test run.
    """
    from serving import fetch, kb_serve

    with kb_serve(FIXTURE_KB, data, tmp_path / "serve.log") as base:
        status, before = fetch(base + "/api/search?q=HIV+refusal+resocialization")
        assert status == 200
        damage_whoosh_segment((data / CURRENT).resolve())
        for query in ("HIV+refusal+resocialization", "ombudsman", "outing+chat", "zzqq+constitution", "HIV"):
            status, _ = fetch(f"{base}/api/search?q={query}")
            assert status == 200, query
        status, after = fetch(base + "/api/search?q=HIV+refusal+resocialization")
        assert status == 200 and json.loads(after)["cases"] == json.loads(before)["cases"]


@pytest.mark.parametrize("damage", ["database-truncated", "database-garbage", "build-folder-deleted"])
def test_damage_found_while_serving_is_a_503_until_the_next_build(data, catalogs, damage):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(data)})
    client = app.test_client()
    assert client.get("/cases/test-damir").status_code == 200
    served = (data / CURRENT).resolve()
    if damage == "build-folder-deleted":
        shutil.rmtree(served)
    else:
        DAMAGE[damage](served)
    for url in ("/cases/test-damir", "/laws/test-order-379", "/search?q=HIV", "/api/search?q=HIV", "/about"):
        response = client.get(url)
        assert response.status_code in (200, 503), (url, response.status_code)
        if response.status_code == 503:
            assert "kb build" in response.get_data(as_text=True)
    if damage != "build-folder-deleted":
        assert client.get("/laws/test-constitution").status_code == 503
    result = build(FIXTURE_KB, data, force=True)
    assert result.built
    for url in ("/cases/test-damir", "/laws/test-order-379", "/search?q=HIV", "/api/search?q=HIV", "/about"):
        assert client.get(url).status_code == 200, url
    app.extensions["kb_engine"].close()
