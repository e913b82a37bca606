"""The production server behind `kb serve`: gunicorn, with threaded workers forked from a loaded app.

A search is CPU-bound Python, so one process uses one core however many
threads it runs: `workers` processes of THREADS threads each. The master loads
the app and opens the current build before it forks them (`preload_app`), so
the workers share the index's memory copy-on-write; `gc.freeze` keeps the
collector from writing to (and so copying) those shared objects. gunicorn
replaces a worker that dies, and stops the workers on SIGTERM or Ctrl-C, each
finishing its requests first (at most DRAIN_SECONDS). When `kb build` switches
`data/current`, the master opens the new build and replaces the workers the same
way (as gunicorn does on SIGHUP), so the new index is shared too.

No access log is kept, and gunicorn's own log lines lose any query string
(app/logs.py); forwarded headers are left to ProxyFix (KB_TRUSTED_PROXIES,
app/deployment.py), never believed by gunicorn itself.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from indexer.problems import IndexMissing

# Searches take turns on one searcher per worker (indexer/search/snapshot.py): a second thread renders or sends
# an answer meanwhile; more threads only cost memory (at scale 100, PSS after the load runs 299 MB with 4, 289 with 2).
THREADS = 2
DRAIN_SECONDS = 10
POLL_SECONDS = 0.5  # how often the master looks for a new build
M_ARENA_MAX = -8  # mallopt's parameter, from glibc's <malloc.h>
MALLOC_ARENAS = 2

Say = Callable[[str], None]


def default_workers() -> int:
    """One worker per core available to this process, at most four."""
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def serve(app: Flask, host: str, port: int, workers: int, say: Say) -> None:
    """Serve `app` on host:port with `workers` processes until SIGTERM or Ctrl-C.

    A port that cannot be bound raises OSError at once (gunicorn would retry for five seconds, then exit).
    """
    socket.create_server((host, port)).close()
    _limit_malloc_arenas()
    _Server(app, host, port, workers, say).run()


def _limit_malloc_arenas() -> None:
    """glibc: at most MALLOC_ARENAS malloc arenas in each process (what MALLOC_ARENA_MAX=2 in the environment does).

    By default each thread that allocates gets an arena of its own, which keeps
    what was freed in it for that thread: at scale 100, after the benchmark's load
    runs, the server's PSS was 300 MB with them and 278 MB without. Searches take
    turns on one searcher per worker anyway. Set here, before the workers fork, so
    they inherit it.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):  # another C library (musl has no mallopt)
        pass


def _current_build(app: Flask) -> str | None:
    try:
        return os.path.realpath(Path(app.config["DATA_DIR"]) / "current")
    except OSError:
        return None


class _Server(BaseApplication):
    """gunicorn running one already created Flask app, following its data folder's builds."""

    def __init__(self, app: Flask, host: str, port: int, workers: int, say: Say) -> None:
        self.app, self.say = app, say
        self.settings = {
            "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS,
            "preload_app": True,
            "graceful_timeout": DRAIN_SECONDS,
            "backlog": 1024,
            "accesslog": None,  # issue 6: a query may describe a client
            "loglevel": "error",  # a worker that dies or hangs; not each one started, nor a bad request's client address
            "forwarded_allow_ips": "",  # ProxyFix decides, for KB_TRUSTED_PROXIES hops only
            "secure_scheme_headers": {},
            "control_socket_disable": True,  # it would write a socket file under $HOME, read-only in the systemd sandbox
            "proc_name": "react-kb",
            "when_ready": self._ready,
            "on_reload": self._open_build,
            "on_exit": lambda arbiter: say("stopped"),
        }
        self.build: str | None = None
        self.reloading = threading.Event()
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.app

    def _ready(self, arbiter: Arbiter) -> None:
        """In the master, before the first fork: open the build, then watch for the next one."""
        self._open_build(arbiter)
        self.say(f"serving on http://{arbiter.cfg.bind[0]} with {arbiter.cfg.workers} worker processes")
        threading.Thread(target=self._watch, daemon=True, name="build-watch").start()

    def _watch(self) -> None:
        """Ask the master for new workers (SIGHUP) when `data/current` switches to another build."""
        while True:
            time.sleep(POLL_SECONDS)
            if not self.reloading.is_set() and _current_build(self.app) != self.build:
                self.reloading.set()
                os.kill(os.getpid(), signal.SIGHUP)

    def _open_build(self, arbiter: Arbiter) -> None:
        """Open the current build in the master, so that the workers forked next share it."""
        replacing = self.build is not None
        self.build = _current_build(self.app)
        gc.unfreeze()
        try:
            self.app.extensions["kb_engine"].snapshot()  # drops the previous build's snapshot, if any
        except IndexMissing:
            pass  # no index yet: the workers answer 503 "run kb build" until a build lands
        gc.collect()
        gc.freeze()
        if replacing:
            served = Path(self.build).name if self.build and Path(self.build).is_dir() else "no index"
            self.say(f"new build: {arbiter.cfg.workers} workers replaced (now serving {served})")
        self.reloading.clear()
