"""The results table: each figure per scale, how it grows, and the targets of the largest scale."""

from __future__ import annotations

import operator
from collections.abc import Callable
from itertools import pairwise
from typing import Any

Result = dict[str, Any]

# (label, path into one scale's results)
ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("provisions", ("kb", "provisions")),
    ("cases", ("kb", "cases")),
    ("services", ("kb", "services")),
    ("kb files", ("kb", "files")),
    ("official acts linked", ("kb", "official_acts")),
    ("official article texts (ru + kk)", ("kb", "official_articles")),
    ("official corpus files", ("kb", "official_files")),
    ("official corpus size (MB)", ("kb", "official_megabytes")),
    ("generate (s)", ("kb", "generate_s")),
    ("full build (s)", ("build", "full_s")),
    ("full build CPU, its workers included (s)", ("build", "full_cpu_s")),
    ("full build peak RSS (MB)", ("build", "full_peak_mb")),
    ("no-op build (s)", ("build", "noop_s")),
    ("no-op build peak RSS (MB)", ("build", "noop_peak_mb")),
    ("incremental build, 1 file (s)", ("build", "incremental_s")),
    ("incremental build CPU (s)", ("build", "incremental_cpu_s")),
    ("incremental build peak RSS (MB)", ("build", "incremental_peak_mb")),
    ("incremental build, 1 official act (s)", ("build", "incremental_official_s")),
    ("  its CPU (s)", ("build", "incremental_official_cpu_s")),
    ("  its peak RSS (MB)", ("build", "incremental_official_peak_mb")),
    ("index size on disk (MB)", ("build", "data_mb")),
    ("search p50 (ms)", ("search", "p50_ms")),
    ("search p95 (ms)", ("search", "p95_ms")),
    ("search p99 (ms)", ("search", "p99_ms")),
    ("search max (ms)", ("search", "max_ms")),
    ("search CPU time p95 (ms)", ("search", "cpu", "p95_ms")),
    ("search p95, Kazakh queries reaching official texts (ms)", ("search", "by_category", "official-kk", "p95_ms")),
    ("search p95, citations of official-only articles (ms)", ("search", "by_category", "official-citation", "p95_ms")),
    ("  of those queries, reaching an official text", ("search", "official_reached")),
    ("FTS5 p50 (ms)", ("fts5", "p50_ms")),
    ("FTS5 p95 (ms)", ("fts5", "p95_ms")),
    ("search p95 / FTS5 p95", ("fts5", "ratio_p95")),
]
for _clients, _name in (("1", "1 client"), ("8", "8 clients"), ("32", "32 clients")):
    ROWS += [
        (f"HTTP {_name} p50 (ms)", ("http", _clients, "p50_ms")),
        (f"HTTP {_name} p95 (ms)", ("http", _clients, "p95_ms")),
        (f"HTTP {_name} p99 (ms)", ("http", _clients, "p99_ms")),
        (f"HTTP {_name} req/s", ("http", _clients, "rps")),
        (f"HTTP {_name} errors", ("http", _clients, "errors")),
        (f"HTTP {_name} server CPU (cores)", ("http", _clients, "server_cores")),
        (f"HTTP {_name} load generator CPU (cores)", ("http", _clients, "client_cores")),
    ]
# The browse pages (bench.browse), one client: latency and weight.
BROWSE_PAGES = ("laws index", "longest act", "cases", "services", "services in one city")
for _page in BROWSE_PAGES:
    ROWS += [
        (f"page {_page} p50 (ms)", ("browse", _page, "p50_ms")),
        (f"page {_page} p95 (ms)", ("browse", _page, "p95_ms")),
        (f"page {_page} size (KB)", ("browse", _page, "kb")),
    ]
ROWS += [
    ("app start-up (s)", ("app", "startup_s")),
    ("app server processes", ("app", "processes")),
    ("app memory after warm-up, PSS (MB)", ("app", "pss_mb")),
    ("  RSS summed over processes (MB)", ("app", "rss_mb")),
    ("  of which anonymous (MB)", ("app", "anon_mb")),
    ("app memory after the load runs, PSS (MB)", ("app", "pss_loaded_mb")),
    ("app largest process peak RSS (MB)", ("app", "hwm_mb")),
]

# (label, path, comparison, limit) from the targets, checked at scale 100.
TARGETS: list[tuple[str, tuple[str, ...], Callable[[float, float], bool], float]] = [
    ("search p95 (ms)", ("search", "p95_ms"), operator.le, 50),
    ("HTTP 8 clients p95 (ms)", ("http", "8", "p95_ms"), operator.le, 100),
    ("HTTP 8 clients errors", ("http", "8", "errors"), operator.eq, 0),
    ("HTTP 8 clients req/s", ("http", "8", "rps"), operator.ge, 100),
    ("full build (s)", ("build", "full_s"), operator.le, 90),
    ("incremental build, 1 file (s)", ("build", "incremental_s"), operator.le, 3),
    ("no-op build (s)", ("build", "noop_s"), operator.le, 1),
    ("app start-up (s)", ("app", "startup_s"), operator.le, 2),
    ("app memory after the load runs, PSS (MB)", ("app", "pss_loaded_mb"), operator.le, 300),
    # Issue 14: each browse page fast and light enough for a phone.
    *((f"page {_page} p95 (ms)", ("browse", _page, "p95_ms"), operator.le, 100) for _page in BROWSE_PAGES),
    *((f"page {_page} size (KB)", ("browse", _page, "kb"), operator.le, 60) for _page in BROWSE_PAGES),
]
TARGET_SCALE = 100
# With the official layer (issue 15, item 6): the same targets at scale 100 plus one official act's incremental build,
# and at scale 300 (about 60,000 article texts) search, full build and that incremental build.
OFFICIAL_TARGETS: dict[int, list[tuple[str, tuple[str, ...], Callable[[float, float], bool], float]]] = {
    100: [("incremental build, 1 official act (s)", ("build", "incremental_official_s"), operator.le, 3)],
    300: [
        ("search p95 (ms)", ("search", "p95_ms"), operator.le, 50),
        ("full build (s)", ("build", "full_s"), operator.le, 300),
        ("incremental build, 1 file (s)", ("build", "incremental_s"), operator.le, 5),
        ("incremental build, 1 official act (s)", ("build", "incremental_official_s"), operator.le, 5),
    ],
}
SYMBOL = {operator.le: "≤", operator.ge: "≥", operator.eq: "="}


def lookup(result: Result, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result


def check_targets(scales: dict[str, Result], official: bool = False) -> list[dict[str, Any]]:
    """The targets with their value and PASS/FAIL at scale 100 (and with `official` at 300), for the scales run."""
    plan = {TARGET_SCALE: list(TARGETS)}
    if official:
        for scale, targets in OFFICIAL_TARGETS.items():
            plan[scale] = plan.get(scale, []) + targets
    checked = []
    for scale, targets in plan.items():
        result = scales.get(str(scale))
        if result is None:
            continue
        for label, path, compare, limit in targets:
            value = lookup(result, path)
            checked.append({"scale": scale, "figure": label, "target": f"{SYMBOL[compare]} {limit:g}", "value": value,
                            "pass": value is not None and compare(value, limit)})
    return checked


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(scales: dict[str, Result], targets: list[dict[str, Any]]) -> str:
    """A Markdown table: one row per figure measured, one column per scale, growth between scales, targets."""
    names = list(scales)
    verdicts: dict[str, list[str]] = {}
    for t in targets:
        where = f" (scale {t['scale']})" if t["scale"] != TARGET_SCALE else ""
        verdicts.setdefault(t["figure"], []).append(f"{t['target']} {'PASS' if t['pass'] else 'FAIL'}{where}")
    header = ["figure", *[f"scale {n}" for n in names], *[f"×{b}/{a}" for a, b in pairwise(names)]]
    if targets:
        header.append(f"target (scale {TARGET_SCALE} unless named)")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, path in ROWS:
        values = [lookup(scales[n], path) for n in names]
        if all(v is None for v in values):
            continue
        growth = []
        for a, b in pairwise(values):
            usable = isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > 0 and "errors" not in label and "cores" not in label
            growth.append(f"{b / a:.1f}" if usable else "")
        row = [label, *[_cell(v) for v in values], *growth]
        if targets:
            row.append("; ".join(verdicts.get(label, [])))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
