"""`kb serve` with several worker processes: they share the port, a dead one is replaced, none outlives the server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from serving import fetch, free_port, kb_serve

pytestmark = [pytest.mark.soak, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and relies on fork")]


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def can_bind(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def server_pid(port: int) -> int:
    """The `kb serve` process listening on `port` (the parent: the one whose children are workers)."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                command = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in command and str(port).encode() in command and b"--port" in command:
                if children(int(proc.name)):
                    return int(proc.name)
    raise AssertionError(f"no kb serve process for port {port}")


def search_ok(base: str) -> bool:
    status, body = fetch(base + "/api/search?q=HIV")
    return status == 200 and json.loads(body)["norms"] != []


def test_workers_share_the_port_and_a_dead_one_is_replaced(built_data: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with kb_serve(REPO / "tests" / "fixtures" / "kb", built_data, log, args=("--workers", "2")) as base:
        port = int(base.rsplit(":", 1)[1])
        parent = server_pid(port)
        assert wait_for(lambda: len(children(parent)) == 2)  # the first worker may answer before the second is forked
        workers = children(parent)
        assert all(search_ok(base) for _ in range(20))

        os.kill(workers[0], signal.SIGKILL)
        assert wait_for(lambda: len(children(parent)) == 2 and workers[0] not in children(parent))
        assert all(search_ok(base) for _ in range(20))
        assert f"Worker (pid:{workers[0]}) was sent SIGKILL" in log.read_text()  # the log says which worker died and how
        workers = children(parent)
    assert not any(alive(w) for w in [parent, *workers])  # SIGTERM to the server stopped its workers too


def test_workers_die_with_a_killed_server(built_data: Path, tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "indexer", "--kb", str(REPO / "tests" / "fixtures" / "kb"), "--data", str(built_data),
               "serve", "--port", str(port), "--workers", "2"]
    with (tmp_path / "serve.log").open("w") as output:
        process = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
    try:
        assert wait_for(lambda: len(children(process.pid)) == 2, 30)
        workers = children(process.pid)
        process.kill()
        process.wait(10)
        assert wait_for(lambda: not any(alive(w) for w in workers))
        assert wait_for(lambda: can_bind(port))  # nothing holds the port any more (threads end just after the leader)
    finally:
        if process.poll() is None:
            process.kill()


def test_a_port_in_use_is_a_clear_error(built_data: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "indexer", "--kb", str(REPO / "tests" / "fixtures" / "kb"), "--data", str(built_data),
             "serve", "--port", str(port)],
            cwd=REPO, capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_workers_start_without_an_index_and_say_to_build(tmp_path: Path) -> None:
    with kb_serve(REPO / "tests" / "fixtures" / "kb", tmp_path / "empty-data", tmp_path / "serve.log", args=("--workers", "2")) as base:
        status, body = fetch(base + "/api/search?q=HIV")
    assert status == 503
    assert "kb build" in body.decode()


def test_a_rebuild_replaces_the_workers_without_a_failed_request(kb_dir: Path, tmp_path: Path) -> None:
    import threading

    from indexer.build import build

    data = tmp_path / "data"
    build(kb_dir, data)
    log = tmp_path / "serve.log"
    with kb_serve(kb_dir, data, log, args=("--workers", "2")) as base:
        parent = server_pid(int(base.rsplit(":", 1)[1]))
        before = set(children(parent))
        failures: list[object] = []
        done = threading.Event()

        def client() -> None:  # searches without pause through the rebuild
            while not done.is_set():
                try:
                    if fetch(base + "/api/search?q=HIV", timeout=10)[0] != 200:
                        failures.append("status")
                except OSError as exc:
                    failures.append(exc)

        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        try:
            law = kb_dir / "laws" / "test-order-379.ru.md"
            law.write_text(law.read_text(encoding="utf-8") + "\nЗелёнокаменный пересмотр.\n", encoding="utf-8")
            build(kb_dir, data)
            assert wait_for(lambda: len(children(parent)) == 2 and not set(children(parent)) & before)
            assert wait_for(lambda: not any(alive(pid) for pid in before))
        finally:
            done.set()
            for thread in threads:
                thread.join(30)
        assert failures == []
        status, body = fetch(base + "/api/search?q=%D0%B7%D0%B5%D0%BB%D0%B5%D0%BD%D0%BE%D0%BA%D0%B0%D0%BC%D0%B5%D0%BD%D0%BD%D1%8B%D0%B9")  # зеленокаменный
        assert status == 200 and json.loads(body)["norms"]
    assert "new build: 2 workers replaced" in log.read_text()
