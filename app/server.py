"""The production server behind `kb serve`: waitress in one or more forked worker processes.

A search is CPU-bound Python, so one process uses one core however many
threads it runs. With `workers` > 1 the parent binds the port, opens the index
once (so the workers share its memory, copy-on-write) and forks the workers,
which all accept on the same socket. The parent only supervises: it restarts a
worker that dies, stops them all on SIGTERM or Ctrl-C, and when `kb build`
switches `data/current` it opens the new build and replaces the workers, so
the new index is shared too (each worker following the build on its own would
hold a private copy). A worker also dies with the parent (Linux).

A replaced or stopped worker drains: it stops accepting, closes connections
idle for a second, answers every request from then on with "Connection: close",
and exits when no connection is left (at most DRAIN_SECONDS). waitress buffers
each request before a thread takes it, so slow clients on mobile data cannot
tie up the threads.

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
import threading
import time
from collections.abc import Callable
from pathlib import Path

import waitress
from flask import Flask
from waitress.channel import HTTPChannel
from waitress.task import WSGITask

from indexer.problems import IndexMissing

THREADS = 4
RESTARTS_WITHIN = 10.0  # seconds: a worker dying again this soon after it started means something is broken
DRAIN_SECONDS = 10.0
IDLE_SECONDS = 1.0
STOP_GRACE = DRAIN_SECONDS + 5.0
POLL_SECONDS = 0.5  # how often the parent looks for dead workers and new builds
PR_SET_PDEATHSIG = 1

Say = Callable[[str], None]

# Set in a worker that is draining: every response from then on closes its connection.
_DRAINING = threading.Event()


class _Task(WSGITask):
    def build_response_header(self):
        if _DRAINING.is_set():
            self.set_close_on_finish()
        return super().build_response_header()


class _Channel(HTTPChannel):
    task_class = _Task


def default_workers() -> int:
    """One worker per core available to this process, at most four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _server(app: Flask, sock: socket.socket):
    # Under load requests wait their turn for a thread; waitress would log a warning for every one.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # waitress keeps no access log (issue 6: a query may describe a client); request bodies are tiny (sign-in only).
    # waitress drops X-Forwarded-* headers unless told otherwise; with KB_TRUSTED_PROXIES set, ProxyFix
    # (app/deployment.py) reads them instead, believing only as many hops as there are proxies.
    keep_forwarded = bool(app.config.get("TRUSTED_PROXIES"))
    server = waitress.create_server(app, sockets=[sock], threads=THREADS, ident="react-kb", max_request_body_size=64 * 1024,
                                    clear_untrusted_proxy_headers=not keep_forwarded)
    server.channel_class = _Channel
    return server


def serve(app: Flask, host: str, port: int, workers: int, say: Say) -> None:
    """Serve `app` on host:port until stopped; `workers` > 1 forks that many processes."""
    sock = socket.create_server((host, port), backlog=1024)
    if workers <= 1 or not hasattr(os, "fork"):
        say(f"serving on http://{host}:{port}")
        _server(app, sock).run()
        return
    say(f"serving on http://{host}:{port} with {workers} worker processes")
    Supervisor(app, sock, workers, say).run()
    say("stopped")


def _drain_and_exit(server) -> None:
    """In a worker: stop accepting, close idle connections, let busy ones finish one response, then exit."""
    _DRAINING.set()
    server.accepting = False
    # From the next loop turn on, waitress closes every connection idle for IDLE_SECONDS: kept-alive ones
    # at once, one just accepted once its client had time to send the request.
    server.adj.channel_timeout = IDLE_SECONDS
    server.adj.cleanup_interval = 0.1
    server.next_channel_cleanup = 0
    deadline = time.monotonic() + DRAIN_SECONDS

    def wait() -> None:
        while server.active_channels and time.monotonic() < deadline:
            time.sleep(0.05)
        os._exit(0)

    threading.Thread(target=wait, daemon=True).start()


def _current_build(app: Flask) -> str | None:
    try:
        return os.path.realpath(Path(app.config["DATA_DIR"]) / "current")
    except OSError:
        return None


class Supervisor:
    """Forks the workers, restarts any that die, replaces them after a rebuild, and stops them all on SIGTERM/SIGINT."""

    def __init__(self, app: Flask, sock: socket.socket, workers: int, say: Say) -> None:
        self.app, self.sock, self.count, self.say = app, sock, workers, say
        self.children: dict[int, float] = {}  # serving workers: pid → start time
        self.draining: set[int] = set()  # replaced workers finishing their last requests
        self.stopping = False

    def run(self) -> None:
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            build = self._open_build()
            for _ in range(self.count):
                self._spawn()
            while self.children or self.draining:
                self._reap()
                current = _current_build(self.app)
                if not self.stopping and current != build:
                    build = self._open_build()
                    self._replace_workers(build)
                time.sleep(POLL_SECONDS)
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _open_build(self) -> str | None:
        """Open the current build here, before forking, so that the workers share it; return its folder."""
        build = _current_build(self.app)
        gc.unfreeze()
        try:
            self.app.extensions["kb_engine"].snapshot()  # drops the previous build's snapshot, if any
        except IndexMissing:
            pass  # no index yet: the workers answer 503 "run kb build" until a build lands, as one process does
        gc.collect()
        gc.freeze()  # keep the collector from writing to (and so copying) every shared object in each worker
        return build

    def _replace_workers(self, build: str | None) -> None:
        old = list(self.children)
        for _ in old:
            self._spawn()
        for pid in old:
            del self.children[pid]
            self.draining.add(pid)
            _signal(pid, signal.SIGTERM)
        self.say(f"new build: {len(old)} workers replaced (now serving {Path(build).name if build else 'no index'})")

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.draining.discard(pid)
            started = self.children.pop(pid, None)
            if started is None or self.stopping:
                continue
            self.say(f"worker {pid} stopped unexpectedly ({_describe(status)}); starting another")
            if time.monotonic() - started < RESTARTS_WITHIN:
                time.sleep(1.0)  # a worker that cannot start must not make the parent spin
            self._spawn()

    def _spawn(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.children[pid] = time.monotonic()
            return
        code = 0
        try:
            for sig in (signal.SIGTERM, signal.SIGINT):  # not the parent's handlers: until it serves, a signal ends the worker
                signal.signal(sig, signal.SIG_DFL)
            _die_with_parent(parent)
            server = _server(self.app, self.sock)
            signal.signal(signal.SIGTERM, lambda signum, frame: _drain_and_exit(server))
            server.run()
        except BaseException:  # noqa: BLE001 - report and leave; the parent restarts the worker
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def _stop(self, signum: int, frame: object) -> None:
        if not self.stopping:
            self.say(f"{signal.Signals(signum).name}: stopping the workers")
        self.stopping = True
        for pid in [*self.children, *self.draining]:
            _signal(pid, signal.SIGTERM)

    def _stop_all(self) -> None:
        self.stopping = True
        deadline = time.monotonic() + STOP_GRACE
        for pid in [*self.children, *self.draining]:
            _signal(pid, signal.SIGTERM)
        while (self.children or self.draining) and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.05)
        for pid in [*self.children, *self.draining]:
            _signal(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self.children.clear()
        self.draining.clear()


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
