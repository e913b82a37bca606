"""The benchmark cannot rot: its generator is valid and reproducible, and a smoke run reports every figure.

No timing thresholds here: those are for `make bench` at scale 100 on a known machine.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.bench

FIGURES = [
    ("kb", "provisions"), ("kb", "cases"), ("kb", "services"), ("kb", "generate_s"),
    ("build", "full_s"), ("build", "full_peak_mb"), ("build", "noop_s"), ("build", "incremental_s"), ("build", "data_mb"),
    ("search", "p50_ms"), ("search", "p95_ms"), ("search", "p99_ms"), ("search", "max_ms"),
    ("fts5", "build_s"), ("fts5", "p50_ms"), ("fts5", "p95_ms"), ("fts5", "ratio_p95"),
    ("app", "startup_s"), ("app", "pss_mb"), ("app", "rss_mb"), ("app", "anon_mb"), ("app", "pss_loaded_mb"), ("app", "hwm_mb"),
    *[("http", clients, figure) for clients in ("1", "8", "32") for figure in ("p50_ms", "p95_ms", "p99_ms", "rps", "requests", "server_cores")],
    *[("browse", page, figure) for page in ("laws index", "longest act", "cases", "services", "services in one city") for figure in ("p50_ms", "p95_ms", "kb")],
]


def run(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO, timeout=timeout)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_deterministic_and_passes_strict_check(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((first, "7"), (second, "7"), (other, "8")):
        result = run("-m", "bench.generate", "--scale", "1", "--out", str(out), "--seed", seed)
        assert result.returncode == 0, result.stderr
    assert files(first) == files(second)
    assert files(first) != files(other)
    check = run("-m", "indexer", "--kb", str(first), "check", "--strict")
    assert check.returncode == 0, check.stderr
    assert "0 errors" in check.stderr
    assert len(list((first / "laws").glob("*.md"))) > 5


def test_smoke_run_reports_every_figure(tmp_path):
    out = tmp_path / "results.json"
    result = run("-m", "bench.run", "--smoke", "--out", str(out), "--cache", str(tmp_path / "cache"), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| full build (s) |" in result.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["machine"]["nproc"] > 0
    scale = report["scales"]["1"]
    for path in FIGURES:
        value = scale
        for key in path:
            value = value[key]
        assert isinstance(value, (int, float)) and value > 0, (path, value)
    assert scale["kb"]["problems"]["errors"] == 0
    assert scale["kb"]["built"]["provisions"] == scale["kb"]["provisions"]
    assert scale["app"]["warmup_errors"] == 0
    assert all(scale["http"][clients]["errors"] == 0 for clients in ("1", "8", "32"))
    assert all(figures["errors"] == 0 for figures in scale["browse"].values())
    assert "| page cases p95 (ms) |" in result.stdout
    assert scale["search"]["queries"] >= 50


OFFICIAL_FIGURES = [
    ("kb", "official_acts"), ("kb", "official_articles"), ("kb", "official_files"), ("kb", "official_megabytes"),
    ("build", "full_s"), ("build", "full_cpu_s"), ("build", "full_peak_mb"), ("build", "noop_s"), ("build", "incremental_s"),
    ("build", "incremental_official_s"), ("build", "incremental_official_peak_mb"), ("build", "data_mb"),
    ("search", "p95_ms"), ("search", "by_category", "official-kk", "p95_ms"), ("search", "by_category", "official-citation", "p95_ms"),
    ("search", "official_reached"), ("app", "pss_mb"), ("app", "hwm_mb"),
]


def test_official_plan_builds_with_a_corpus_and_reports_every_figure(tmp_path):
    """The official layer's plan (issue 15, item 6): a corpus in the corpus's format, linked, read by every build."""
    corpus = tmp_path / "corpus"
    assert run("-m", "bench.generate", "--scale", "1", "--out", str(tmp_path / "kb"), "--official", str(corpus)).returncode == 0
    assert sorted({p.name for p in corpus.rglob("*") if p.is_file() and p.parent.name not in ("rus", "kaz")}) == ["kaz.md", "meta.yaml", "rus.md"]
    assert any(corpus.rglob("rus/sec*-ch*.md")), "no act in parts"
    out = tmp_path / "results.json"
    result = run("-m", "bench.run", "--smoke", "--official", "--out", str(out), "--cache", str(tmp_path / "cache"), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    for label in ("official article texts (ru + kk)", "incremental build, 1 official act (s)",
                  "search p95, Kazakh queries reaching official texts (ms)", "index size on disk (MB)", "app largest process peak RSS (MB)"):
        assert f"| {label} |" in result.stdout
    scale = json.loads(out.read_text(encoding="utf-8"))["scales"]["1"]
    for path in OFFICIAL_FIGURES:
        value = scale
        for key in path:
            value = value[key]
        assert isinstance(value, (int, float)) and value > 0, (path, value)
    assert scale["kb"]["problems"]["errors"] == 0
    assert not scale["build"]["noop_rebuilt"]
