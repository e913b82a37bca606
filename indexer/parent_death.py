"""Child processes that must not outlive the process that started them (Linux's parent-death signal).

Used by the build (the index writer's and the parser's worker processes: one
orphaned by a killed build blocks for ever on its job queue) and by the
benchmark's server (`kb serve` stopped when the benchmark itself is killed).
Elsewhere than on Linux these do nothing.
"""

from __future__ import annotations

import ctypes
import multiprocessing.util
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(sig: int = signal.SIGTERM, parent: int | None = None) -> None:
    """In a child process: have Linux send it `sig` when its parent exits.

    `parent` is the pid of the parent as the child knows it from before the
    fork; when the parent has already died by now (so the signal will never
    come), the child exits at once.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


class _Scope:
    """The process whose multiprocessing children are to die with it (held weakly by multiprocessing's registry)."""

    def __init__(self) -> None:
        self.pid = os.getpid()

    def in_child(self) -> None:
        die_with_parent(signal.SIGKILL, self.pid)


@contextmanager
def children_die_with_this_process() -> Iterator[None]:
    """While inside: every process forked by `multiprocessing` here (pools, whoosh's writers) is killed when this one dies.

    Scoped, not a global fork hook: multiprocessing runs the registered
    function in each child it forks, for as long as the scope object lives.
    """
    scope = _Scope()
    multiprocessing.util.register_after_fork(scope, _Scope.in_child)
    try:
        yield
    finally:
        del scope  # the registry holds it weakly: the registration ends with it
