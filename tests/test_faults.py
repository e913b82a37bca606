"""Faults while serving: builds killed at random points, two builds at once, a rebuild under load.

A real `kb serve` on 127.0.0.1 answers searches from client threads the whole
time; every request must succeed. `make test` runs short versions; `make soak`
(KB_SOAK=1) runs the long ones: more kills of the real `kb build` command on
the shipped knowledge base, and minutes of load. Everything is bounded in
count and time and stays on loopback.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO
from serving import fetch, kb_serve

from indexer import fulltext
from indexer.build import CURRENT, INDEX_FORMAT, MANIFEST, build, build_lock
from indexer.fulltext import open_index, stored_documents

pytestmark = pytest.mark.soak

SOAK = os.environ.get("KB_SOAK") == "1"
KILLS = 60 if SOAK else 20
LOAD_SECONDS = 90 if SOAK else 6
LOAD_CLIENTS = 16
# What the clients ask, round-robin: searches of every kind, lists, the API; entry pages are added per knowledge base.
REQUESTS = [
    "/api/search?q=HIV+refusal+resocialization&city=ust-kamenogorsk",
    "/search?q=ВИЧ+отказ&lang=ru",
    "/api/search?q=ombudsman+complaint",
    "/search?q=outing+work&lang=en",
    "/laws",
    "/cases",
    "/services?city=ust-kamenogorsk",
    "/sheet?n=test-constitution-2026&s=test-ombudsman&city=almaty&link=1",
    "/about",
]


def entry_pages(kb: Path) -> list[str]:
    """The page and API address of the first public act, case and service of a knowledge base."""
    urls = []
    for folder, page, api in (("laws", "/laws/", "/api/acts/"), ("cases", "/cases/", "/api/cases/"), ("services", "/services/", "/api/services/")):
        for path in sorted((kb / folder).glob("*.md")):
            if "visibility: internal" not in path.read_text(encoding="utf-8"):
                entry = path.name.split(".")[0]
                urls += [page + entry, api + entry]
                break
    return urls


MARKER_FILE = "services/test-aids-almaty.ru.md"


class Clients:
    """Threads that request the server's pages in a loop and count every answer."""

    def __init__(self, base: str, threads: int, urls: list[str]) -> None:
        self.base = base
        self.urls = [urllib.parse.quote(url, safe="/?=&+") for url in urls]
        self.stopping = threading.Event()
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, offset: int) -> None:
        i = offset
        while not self.stopping.is_set():
            url = self.urls[i % len(self.urls)]
            i += 1
            try:
                status, body = fetch(self.base + url, timeout=15)
                ok = status == 200 and body
                detail = f"{status} {url}: {body[:200]!r}"
            except Exception as exc:  # a refused or dropped connection, a timeout: all failures
                ok, detail = False, f"{url}: {exc!r}"
            with self._lock:
                self.counts["ok" if ok else "failed"] += 1
                if not ok:
                    self.failures.append(detail)

    def __enter__(self) -> Clients:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self._threads:
            thread.join(timeout=30)

    @property
    def total(self) -> int:
        return self.counts["ok"] + self.counts["failed"]


def assert_complete(data: Path) -> str:
    """The served build is whole and from one run: manifest, database and index agree. Returns its folder name."""
    served = (data / CURRENT).resolve()
    manifest = json.loads((served / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == INDEX_FORMAT
    db = sqlite3.connect(f"file:{served / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        stored = json.loads(db.execute("SELECT value FROM meta WHERE key = 'content_hash'").fetchone()[0])
        rows = sum(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("provisions", "cases", "services", "remedies"))
    finally:
        db.close()
    assert stored == manifest["content_hash"], "database and manifest come from different builds"
    index = open_index(served / "whoosh")
    try:
        live = sum(1 for _, _, is_live in stored_documents(index.searcher()) if is_live)
        assert live == rows, "search index and database hold different entries"
    finally:
        index.close()
    return served.name


def edit(kb: Path, word: str) -> None:
    """Change one service's text, so that the next build has something to write."""
    path = kb / MARKER_FILE
    text = path.read_text(encoding="utf-8").split("\n\nEdited: ")[0].rstrip("\n")
    path.write_text(f"{text}\n\nEdited: {word}\n", encoding="utf-8")


def _build_in_child(kb: str, data: str, force: bool) -> None:
    build(kb, data, force=force)


def kill_builds(kb: Path, data: Path, kills: int, real_command: bool) -> tuple[int, int]:
    """Start builds and SIGKILL each at a random point of its run until `kills` were killed; (killed, finished).

    Full (--force) and incremental builds alternate; the first of each runs to
    the end and tells how long that kind takes, so the kills spread over the whole run.
    """
    rng = random.Random(6)
    killed = finished = 0
    fork = multiprocessing.get_context("fork")
    started = time.monotonic()
    duration: dict[bool, float] = {}
    attempt = 0
    while killed < kills:
        attempt += 1
        assert attempt <= kills * 3 and time.monotonic() - started < 600, "the kill loop is bounded"
        edit(kb, f"edit{attempt}")
        force = attempt % 3 == 0
        limit = rng.uniform(0, duration[force]) if force in duration else 120.0
        began = time.monotonic()
        if real_command:
            command = [sys.executable, "-m", "indexer", "--kb", str(kb), "--data", str(data), "build", *(["--force"] if force else [])]
            process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                process.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
            code = process.returncode
        else:
            # A forked build starts at once: no interpreter start-up, so short runs still die at every stage.
            process = fork.Process(target=_build_in_child, args=(str(kb), str(data), force))
            process.start()
            process.join(timeout=limit)
            if process.is_alive():
                os.kill(process.pid, signal.SIGKILL)
                process.join(timeout=30)
            code = process.exitcode
        if code == -signal.SIGKILL:
            killed += 1
        else:
            assert code == 0, f"a build that was not killed failed with {code}"
            finished += 1
            duration.setdefault(force, time.monotonic() - began)
        assert_complete(data)
    return killed, finished


@pytest.fixture
def live(kb_dir, tmp_path):
    """A fresh build of a copy of the fixture (or, when soaking, the shipped) knowledge base, served by `kb serve`."""
    kb = kb_dir
    if SOAK:  # the real knowledge base: builds take longer, so kills land in every stage of them
        kb = tmp_path / "shipped-kb"
        shutil.copytree(REPO / "kb", kb)
        shutil.copyfile(kb_dir / MARKER_FILE, kb / MARKER_FILE)
    data = tmp_path / "data"
    assert build(kb, data).built
    with kb_serve(kb, data, tmp_path / "serve.log") as base:
        yield kb, data, base, REQUESTS + entry_pages(kb)


def search_ids(base: str, query: str) -> list[str]:
    status, body = fetch(f"{base}/api/search?{urllib.parse.urlencode({'q': query})}")
    assert status == 200
    result = json.loads(body)
    # With nothing found the general routes (ombudsman, legal aid) are offered instead: they are no match.
    return [] if result.get("fallback") else [hit["id"] for hit in result["services"]]


def test_killed_builds_never_disturb_the_server(live, capsys):
    kb, data, base, urls = live
    with Clients(base, threads=3, urls=urls) as clients:
        killed, finished = kill_builds(kb, data, KILLS, real_command=SOAK)
        time.sleep(0.5)
    assert killed >= KILLS
    assert clients.failures == [], clients.failures[:5]
    assert clients.total > 50
    # After all that, a build runs to the end and the server answers from it, without a restart.
    edit(kb, "vaccinationfinal")
    command = [sys.executable, "-m", "indexer", "--kb", str(kb), "--data", str(data), "build"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert_complete(data)
    assert search_ids(base, "vaccinationfinal") == ["test-aids-almaty"]
    leftovers = [p.name for p in data.iterdir() if p.name.startswith("build-")]
    assert len(leftovers) <= 2, leftovers  # the served build and the previous one; killed builds were cleaned up
    with capsys.disabled():
        print(f"\n[faults] builds killed: {killed}, finished: {finished}; requests during kills: {clients.total}, failed: {clients.counts['failed']}")


def test_two_builds_at_once_wait_in_turn(kb_dir, tmp_path):
    data = tmp_path / "data"
    build(kb_dir, data)
    command = [sys.executable, "-m", "indexer", "--kb", str(kb_dir), "--data", str(data), "build", "--force"]
    logs = [tmp_path / f"build-{i}.log" for i in range(2)]
    with build_lock(data, lambda message: None):
        processes = []
        for log in logs:
            with log.open("w") as output:
                processes.append(subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while not all("waiting" in log.read_text() for log in logs):
            assert time.monotonic() < deadline, [log.read_text() for log in logs]
            assert all(p.poll() is None for p in processes), "a build did not wait for the lock"
            time.sleep(0.05)
        served = assert_complete(data)
    for process in processes:
        assert process.wait(timeout=120) == 0
    texts = [log.read_text() for log in logs]
    assert all("another build is running" in t and "built " in t for t in texts)
    assert assert_complete(data) != served


def processes_with(text: str) -> dict[int, int]:
    """pid → parent pid of every process whose command line contains `text`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if text in command:
                found[int(entry.name)] = parent
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see worker processes")
def test_a_build_killed_while_its_workers_run_leaves_no_orphan_holding_the_lock(kb_dir, tmp_path):
    """The build forks workers (the parser's pool, the index writer's second process); killed with the build, they used
    to live on, holding the lock: every later build hung."""
    # Enough entries that the index writer works in two processes (and the parser in a pool of them).
    template = (kb_dir / "services/test-aids-almaty.ru.md").read_text(encoding="utf-8")
    for i in range(fulltext.PARALLEL_FROM):
        text = template.replace("test-aids-almaty", f"test-bulk-{i}").replace("Тестирование", f"Тестирование {i} ВИЧ консультации")
        (kb_dir / f"services/test-bulk-{i}.ru.md").write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    build(kb_dir, data)
    command = [sys.executable, "-m", "indexer", "--kb", str(kb_dir), "--data", str(data), "build", "--force"]
    caught = 0
    for _ in range(10):
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < deadline:
            if any(parent == process.pid for parent in processes_with(str(data)).values()):
                process.send_signal(signal.SIGKILL)  # the build dies, its workers are orphaned
                caught += 1
                break
            time.sleep(0.002)
        process.wait(timeout=30)
        if caught >= 1:
            break
    assert caught >= 1, "never caught the build while its workers ran"
    deadline = time.monotonic() + 10
    while processes_with(str(data)) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = processes_with(str(data))
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)  # never leave them behind, even when the test fails
    assert orphans == {}, "workers outlived the killed build"
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "waiting" not in done.stderr, done.stderr
    assert_complete(data)


def test_rebuild_under_load_switches_without_failures(live, capsys):
    kb, data, base, urls = live
    assert search_ids(base, "vaccinationmiddle") == []
    rebuilds = 0
    started = time.monotonic()
    with Clients(base, threads=LOAD_CLIENTS, urls=urls) as clients:
        # A rebuild in the middle (and, when soaking, every 20 seconds), while 16 clients keep asking.
        moments = [LOAD_SECONDS / 2] + ([t for t in range(20, int(LOAD_SECONDS) - 5, 20)] if SOAK else [])
        for moment in sorted(moments):
            time.sleep(max(0.0, started + moment - time.monotonic()))
            word = "vaccinationmiddle" if moment == LOAD_SECONDS / 2 else f"vaccination{moment}"
            edit(kb, word)
            command = [sys.executable, "-m", "indexer", "--kb", str(kb), "--data", str(data), "build"]
            done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
            rebuilds += 1
            assert search_ids(base, word) == ["test-aids-almaty"], "the server did not switch to the new build"
        time.sleep(max(0.0, started + LOAD_SECONDS - time.monotonic()))
    elapsed = time.monotonic() - started
    assert clients.failures == [], clients.failures[:5]
    assert clients.total >= LOAD_CLIENTS * 5
    with capsys.disabled():
        print(f"\n[load] {LOAD_CLIENTS} clients for {elapsed:.0f} s with {rebuilds} rebuild(s): {clients.total} requests, {clients.counts['failed']} failed")
