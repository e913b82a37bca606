"""The production server behind `kb serve`: waitress in one or more forked worker processes.

A search is CPU-bound Python, so one process uses one core however many
threads it runs. With `workers` > 1 the parent binds the port, opens the
index once (so the workers share its memory, copy-on-write) and forks the
workers, which all accept on the same socket. The parent only supervises: it
restarts a worker that dies, and stops them all on SIGTERM or Ctrl-C; a worker
also dies with the parent (Linux). waitress buffers each request before a
thread handles it, so slow clients on mobile data cannot tie up the threads.

Where fork is missing (Windows) the server runs in one process.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable

import waitress
from flask import Flask

from indexer.problems import IndexMissing

THREADS = 4
RESTARTS_WITHIN = 10.0  # seconds: a worker dying again this soon after it started means something is broken
STOP_GRACE = 10.0
PR_SET_PDEATHSIG = 1

Say = Callable[[str], None]


def default_workers() -> int:
    """One worker per core available to this process, at most four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _serve(app: Flask, sockets: list[socket.socket]) -> None:
    # Under load requests wait their turn for a thread; waitress would log a warning for every one.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # waitress keeps no access log (issue 6: a query may describe a client); request bodies are tiny (sign-in only).
    waitress.serve(app, sockets=sockets, threads=THREADS, ident="react-kb", max_request_body_size=64 * 1024)


def serve(app: Flask, host: str, port: int, workers: int, say: Say) -> None:
    """Serve `app` on host:port until stopped; `workers` > 1 forks that many processes."""
    sock = socket.create_server((host, port), backlog=1024)
    if workers <= 1 or not hasattr(os, "fork"):
        say(f"serving on http://{host}:{port}")
        _serve(app, [sock])
        return
    try:
        app.extensions["kb_engine"].snapshot()  # open the index before forking: the workers share it
    except IndexMissing:
        pass  # no index yet: the workers answer 503 "run kb build" until a build lands, as one process does
    gc.freeze()  # and keep the collector from writing to (and so copying) every shared object in each worker
    say(f"serving on http://{host}:{port} with {workers} worker processes")
    Supervisor(app, sock, workers, say).run()


class Supervisor:
    """Forks the workers, restarts any that die, and stops them all on SIGTERM/SIGINT."""

    def __init__(self, app: Flask, sock: socket.socket, workers: int, say: Say) -> None:
        self.app, self.sock, self.count, self.say = app, sock, workers, say
        self.children: dict[int, float] = {}  # pid → start time
        self.stopping = False

    def run(self) -> None:
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            for _ in range(self.count):
                self._spawn()
            while self.children:
                try:
                    pid, status = os.wait()
                except ChildProcessError:
                    break
                except InterruptedError:
                    continue
                started = self.children.pop(pid, None)
                if started is None or self.stopping:
                    continue
                self.say(f"worker {pid} stopped unexpectedly ({_describe(status)}); starting another")
                if time.monotonic() - started < RESTARTS_WITHIN:
                    time.sleep(1.0)  # a worker that cannot start must not make the parent spin
                if not self.stopping:
                    self._spawn()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _spawn(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.children[pid] = time.monotonic()
            return
        code = 0
        try:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, signal.SIG_DFL)
            _die_with_parent(parent)
            _serve(self.app, [self.sock])
        except BaseException:  # noqa: BLE001 - report and leave; the parent restarts the worker
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True
        for pid in self.children:
            _signal(pid, signal.SIGTERM)

    def _stop_all(self) -> None:
        self.stopping = True
        deadline = time.monotonic() + STOP_GRACE
        for pid in list(self.children):
            _signal(pid, signal.SIGTERM)
        while self.children and time.monotonic() < deadline:
            for pid in list(self.children):
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done:
                    self.children.pop(pid)
            time.sleep(0.05)
        for pid in self.children:
            _signal(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self.children.clear()


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _die_with_parent(parent: int) -> None:
    """Linux: ask for SIGTERM when the parent dies, so a killed `kb serve` leaves no workers holding the port."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(0)  # the parent died before the signal was asked for


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.WEXITSTATUS(status)}"
