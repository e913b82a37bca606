"""Measuring tools: the machine, the code version, percentiles, timed `kb` runs with their peak memory."""

from __future__ import annotations

import hashlib
import math
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KB_COMMAND = [sys.executable, "-m", "indexer"]


def machine() -> dict[str, object]:
    """What the figures were measured on: cores, CPU model, memory, Python and SQLite versions."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(terse=True),
    }


def code_version() -> str:
    """The commit measured, with "+changes" when the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+changes" if dirty else "")


def code_digest() -> str:
    """A hash of the indexer's and the app's source files, to notice code that changes during a run."""
    digest = hashlib.sha256()
    for path in sorted([*(REPO / "indexer").rglob("*.py"), *(REPO / "app").rglob("*.py")]):
        digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50/p95/p99/max/mean in milliseconds (nearest rank)."""
    if not seconds:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0, "mean_ms": 0.0}
    ordered = sorted(seconds)

    def rank(p: float) -> float:
        return round(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000, 2)

    return {"p50_ms": rank(50), "p95_ms": rank(95), "p99_ms": rank(99), "max_ms": round(ordered[-1] * 1000, 2),
            "mean_ms": round(sum(ordered) / len(ordered) * 1000, 2)}


@dataclass
class KbRun:
    """One `kb` sub-process: wall time, the child's peak resident memory, exit code, stderr, and its CPU time (its workers' too)."""

    seconds: float
    peak_mb: float
    returncode: int
    stderr: str
    cpu_s: float = 0.0


def run_kb(kb: Path, data: Path, *args: str) -> KbRun:
    """Run `kb --kb KB --data DATA ARGS…` and measure it (os.wait4 gives this child's own rusage)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([*KB_COMMAND, "--kb", str(kb), "--data", str(data), *args],
                                   cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    # The child's rusage includes the processes it waited for (the index writer's and the parser's workers).
    return KbRun(round(seconds, 3), round(usage.ru_maxrss / 1024, 1), process.returncode, stderr, round(usage.ru_utime + usage.ru_stime, 2))


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (a `kb serve` parent and its worker processes)."""
    tree, index = [pid], 0
    while index < len(tree):
        current = tree[index]
        index += 1
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                tree += [int(child) for child in task.read_text().split()]
            except OSError:
                pass  # the task ended meanwhile
    return tree


def _status(pid: int, keys: tuple[str, ...]) -> dict[str, float]:
    found = {}
    for name in ("status", "smaps_rollup"):
        try:
            lines = Path(f"/proc/{pid}/{name}").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.partition(":")
            if key in keys and value.strip():
                found[key] = int(value.split()[0]) / 1024
    return found


def process_memory(pid: int) -> dict[str, float]:
    """Memory of a process and its workers in MB, from /proc.

    `pss_mb` is what they take together (proportional set size: a page the
    workers share counts once in all), the figure to hold against a memory
    budget. `rss_mb` and `anon_mb` (its private, anonymous part) are summed
    over the processes, so shared pages count once per process; `hwm_mb` is
    the largest peak resident size of one process.
    """
    totals = {"VmRSS": 0.0, "RssAnon": 0.0, "Pss": 0.0}
    peak = 0.0
    tree = process_tree(pid)
    for member in tree:
        found = _status(member, ("VmRSS", "RssAnon", "VmHWM", "Pss"))
        for key in totals:
            totals[key] += found.get(key, 0.0)
        peak = max(peak, found.get("VmHWM", 0.0))
    return {"pss_mb": round(totals["Pss"], 1), "rss_mb": round(totals["VmRSS"], 1), "anon_mb": round(totals["RssAnon"], 1),
            "hwm_mb": round(peak, 1), "processes": len(tree)}


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process and its workers have used so far, from /proc/<pid>/stat."""
    total = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")
