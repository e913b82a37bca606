"""The build lock across real processes: a process forked during a build neither holds nor releases it, and dies with the build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import REPO

from indexer.build import build_lock
from indexer.problems import BuildBusy

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="relies on fork and /proc")


def another_process_can_lock(data: Path) -> bool:
    """Whether a separate `python` process gets the lock at once (wait=False)."""
    script = "import sys; from pathlib import Path; from indexer.build import build_lock\n" \
             "from indexer.problems import BuildBusy\n" \
             "try:\n    with build_lock(Path(sys.argv[1]), print, wait=False): pass\nexcept BuildBusy:\n    sys.exit(3)\n"
    done = subprocess.run([sys.executable, "-c", script, str(data)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 3), done.stderr
    return done.returncode == 0


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_process_forked_while_the_lock_is_held_does_not_hold_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with build_lock(data, lambda message: None):
        assert not another_process_can_lock(data)
        child = os.fork()
        if child == 0:  # keeps every inherited descriptor open, lock file included, until killed
            time.sleep(60)
            os._exit(0)
    try:
        assert another_process_can_lock(data)  # released by the build although its forked child lives on
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_a_forked_process_that_closes_the_lock_file_and_exits_does_not_release_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with build_lock(data, lambda message: None):
        child = os.fork()
        if child == 0:
            for fd in range(3, 256):  # every descriptor, the lock file's among them
                try:
                    os.close(fd)
                except OSError:
                    pass
            os._exit(0)
        os.waitpid(child, 0)
        assert not another_process_can_lock(data)
    assert another_process_can_lock(data)


def test_a_second_build_in_another_thread_of_the_same_process_is_kept_out(tmp_path: Path) -> None:
    """lockf does not keep out the process that holds it: the lock must hold between threads too."""
    data = tmp_path / "data"
    with build_lock(data, lambda message: None):
        with pytest.raises(BuildBusy, match="another build is running"):
            with build_lock(data, lambda message: None, wait=False):
                pass
        assert not another_process_can_lock(data)  # the refused attempt did not release it


def test_workers_started_during_a_build_die_when_the_build_is_killed(tmp_path: Path) -> None:
    """A stand-in build holds the lock and starts a multiprocessing worker that would block for ever; SIGKILL the build."""
    script = textwrap.dedent("""
        import multiprocessing, sys, time
        from pathlib import Path
        from indexer.build import build_lock

        def blocked(queue):
            queue.get()  # like whoosh's writer waiting for a job that never comes

        if __name__ == "__main__":
            queue = multiprocessing.get_context("fork").Queue()
            with build_lock(Path(sys.argv[1]), print):
                worker = multiprocessing.get_context("fork").Process(target=blocked, args=(queue,))
                worker.start()
                print(worker.pid, flush=True)
                time.sleep(60)
    """)
    (tmp_path / "stand_in.py").write_text(script, encoding="utf-8")
    build = subprocess.Popen([sys.executable, str(tmp_path / "stand_in.py"), str(tmp_path / "data")], cwd=REPO, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    worker = 0
    try:
        worker = int(build.stdout.readline())
        assert alive(worker)
        build.send_signal(signal.SIGKILL)
        build.wait(10)
        deadline = time.monotonic() + 10
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker), "the worker outlived the killed build"
        assert another_process_can_lock(tmp_path / "data")
    finally:
        build.kill()
        if worker and alive(worker):
            os.kill(worker, signal.SIGKILL)
