"""The sign-in throttle: counts per key, forgets after the window, and is shared by forked server workers."""

from __future__ import annotations

import os
import sys

import pytest

from app import throttle as throttle_module
from app.throttle import SLOTS, Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(throttle_module.time, "monotonic", clock)
    return clock


def test_blocks_after_the_limit_and_forgets_after_the_window(clock: Clock) -> None:
    throttle = Throttle(limit=3, window=60)
    for _ in range(2):
        throttle.fail(["name:aigerim"])
    assert not throttle.blocked(["name:aigerim"])
    throttle.fail(["name:aigerim"])
    assert throttle.blocked(["name:aigerim"])
    assert throttle.blocked(["addr:10.0.0.1", "name:aigerim"])  # any key blocked blocks the attempt
    assert not throttle.blocked(["name:dana"])
    clock.now += 61
    assert not throttle.blocked(["name:aigerim"])


def test_a_success_clears_the_count(clock: Clock) -> None:
    throttle = Throttle(limit=2, window=60)
    throttle.fail(["name:aigerim"])
    throttle.forget(["name:aigerim"])
    throttle.fail(["name:aigerim"])
    assert not throttle.blocked(["name:aigerim"])


def test_early_after_boot_unused_entries_do_not_count(clock: Clock) -> None:
    clock.now = 5.0  # monotonic time is small right after boot: empty entries (0.0) lie inside the window
    throttle = Throttle(limit=3, window=900)
    throttle.fail(["name:aigerim"])
    assert not throttle.blocked(["name:aigerim"])


def test_a_full_table_still_counts_the_latest_keys(clock: Clock) -> None:
    throttle = Throttle(limit=2, window=60)
    for i in range(SLOTS * 2):  # names sprayed at the form: twice as many keys as slots
        clock.now += 0.001
        throttle.fail([f"name:spray-{i}"])
    throttle.fail(["name:aigerim"])
    throttle.fail(["name:aigerim"])
    assert throttle.blocked(["name:aigerim"])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_workers_share_the_count() -> None:
    throttle = Throttle(limit=5, window=900)
    throttle.fail(["addr:10.0.0.7"])
    for _ in range(2):  # two workers, two failures each
        pid = os.fork()
        if pid == 0:
            try:
                throttle.fail(["addr:10.0.0.7"])
                throttle.fail(["addr:10.0.0.7"])
            finally:
                sys.stdout.flush()
                os._exit(0)
        os.waitpid(pid, 0)
    assert throttle.blocked(["addr:10.0.0.7"])  # 1 + 2 + 2: the limit, counted across processes
