"""`python -m bench.run [--scale N ...] [--out results.json] [--smoke] [--official]`: measure, print the table, write JSON.

For each scale: generate the knowledge base (cached in bench/.cache by scale,
seed and generator version), then measure in one run the full, no-op and
incremental builds, warm in-process search, SQLite FTS5 on the same documents,
and the production server (start-up, memory, 1/8/32 concurrent clients, the browse pages).
With --official the kb's linked acts come with a synthetic corpus of their official
texts (bench.official_corpus), every build reads it, an incremental build after one
act's official text changed is timed too, and the search mix adds queries that reach
official texts (Kazakh words, citations of articles not summarised).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.browse import measure_browse
from bench.fts import build_fts, fts_latency
from bench.generate import fingerprint, generate
from bench.http_load import Server, load, warm_up
from bench.measure import REPO, code_digest, code_version, machine, run_kb
from bench.queries import query_mix
from bench.report import check_targets, table

CACHE = Path(__file__).parent / ".cache"
CLIENTS = (1, 8, 32)
EDIT = {"ru": "Добавлено при проверке производительности.", "kk": "Өнімділікті тексеру кезінде қосылды.", "en": "Added by the benchmark."}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cached_kb(cache: Path, scale: int, seed: int, official: bool = False) -> tuple[Path, dict[str, Any]]:
    """The generated knowledge base for (scale, seed), generating it when missing or stale.

    With `official` it is a folder holding the kb (`kb/`) and the corpus of its acts' official texts (`corpus/`).
    """
    prefix = f"{'official' if official else 'kb'}-s{scale}-seed{seed}-"
    path = cache / f"{prefix}{fingerprint()}"
    marker = path.with_suffix(".json")
    if path.is_dir() and marker.is_file():
        return path, json.loads(marker.read_text(encoding="utf-8"))
    for stale in cache.glob(f"{prefix}*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink()
    staging = Path(tempfile.mkdtemp(prefix=f".{prefix}", dir=cache))
    started = time.perf_counter()
    if official:
        counts = generate(scale, staging / "kb", seed, progress=say, official=staging / "corpus")
    else:
        counts = generate(scale, staging, seed, progress=say)
    counts["generate_s"] = round(time.perf_counter() - started, 2)
    staging.rename(path)
    marker.write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    return path, counts


def _built(run, what: str) -> float:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return run.seconds


def _size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def edit_official_act(corpus: Path) -> Path:
    """Append a sentence to the last article of one act's Russian text (the middle act by path, its last part when in parts)."""
    acts = sorted(p.parent for p in corpus.rglob("meta.yaml"))
    act = acts[len(acts) // 2]
    parts = sorted((act / "rus").glob("*.md")) if (act / "rus").is_dir() else []
    edited = parts[-1] if parts else act / "rus.md"
    edited.write_bytes(edited.read_bytes().rstrip(b"\n") + f" {EDIT['ru']}\n".encode())
    return edited


def measure_builds(kb: Path, data: Path, corpus: Path | None = None) -> dict[str, Any]:
    """Full build (forced), no-op build, and a build after appending a sentence to one provision (in `kb`, a copy).

    With a `corpus` (a copy too) every build reads it, and one more build follows a change of one act's official text.
    """
    official = ("--official", str(corpus)) if corpus else ()
    say("  full build …")
    full = run_kb(kb, data, "build", "--force", *official)
    result = {"full_s": _built(full, "full build"), "full_peak_mb": full.peak_mb, "full_cpu_s": full.cpu_s}
    say("  no-op build …")
    before = os.readlink(data / "current")
    noop = run_kb(kb, data, "build", *official)
    result["noop_s"] = _built(noop, "no-op build")
    result["noop_peak_mb"] = noop.peak_mb
    result["noop_rebuilt"] = os.readlink(data / "current") != before
    laws = sorted((kb / "laws").glob("*.md"))
    edited = laws[len(laws) // 2]
    lang = edited.name.split(".")[-2]
    say(f"  incremental build after editing {edited.name} …")
    edited.write_bytes(edited.read_bytes().rstrip(b"\n") + f" {EDIT[lang]}\n".encode())
    incremental = run_kb(kb, data, "build", *official)
    result["incremental_s"] = _built(incremental, "incremental build")
    result["incremental_peak_mb"] = incremental.peak_mb
    result["incremental_cpu_s"] = incremental.cpu_s
    result["edited_file"] = f"laws/{edited.name}"
    if corpus:
        changed = edit_official_act(corpus)
        say(f"  incremental build after editing the official text {changed.relative_to(corpus)} …")
        incremental = run_kb(kb, data, "build", *official)
        result["incremental_official_s"] = _built(incremental, "incremental build after an official text changed")
        result["incremental_official_peak_mb"] = incremental.peak_mb
        result["incremental_official_cpu_s"] = incremental.cpu_s
        result["edited_official_file"] = changed.relative_to(corpus).as_posix()
    result["data_mb"] = _size_mb((data / "current").resolve())
    return result


def measure_http(kb: Path, data: Path, work: Path, queries, seconds: float) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Start `kb serve`, warm it with the mix, load it with 1, 8 and 32 clients, then time the browse pages."""
    say("  starting kb serve …")
    server = Server(kb, data, work / "serve.log")
    try:
        app = {"startup_s": server.startup_s, "endpoint": server.endpoint, "warmup_errors": warm_up(server, queries)}
        memory = server.memory()
        app.update(processes=memory["processes"], pss_mb=memory["pss_mb"], rss_mb=memory["rss_mb"], anon_mb=memory["anon_mb"])
        phases = {}
        for clients in CLIENTS:
            say(f"  HTTP load: {clients} client{'s' if clients > 1 else ''} for {seconds:g} s …")
            phases[str(clients)] = load(server, queries, clients, seconds)
        loaded = server.memory()  # every worker has served by now (one warm-up connection reaches only one)
        app.update(pss_loaded_mb=loaded["pss_mb"], hwm_mb=loaded["hwm_mb"])
        say("  browse pages: one client …")
        browse = measure_browse(server, (data / "current" / "kb.sqlite").resolve())
    finally:
        server.stop()
    return app, phases, browse


def measure_search(data: Path, step: int, official: bool = False) -> dict[str, Any]:
    """In-process search latency, measured in a fresh process (see bench.inprocess)."""
    done = subprocess.run([sys.executable, "-m", "bench.inprocess", str(data), "--step", str(step), *(["--official"] if official else [])],
                          cwd=REPO, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"in-process search failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def measure_scale(scale: int, seed: int, cache: Path, step: int, http_seconds: float, keep: bool, official: bool = False) -> dict[str, Any]:
    say(f"scale {scale}: knowledge base{' and official texts' if official else ''} …")
    load_before = os.getloadavg()[0]
    code_before = code_digest()
    cached, counts = cached_kb(cache, scale, seed, official)
    work = Path(tempfile.mkdtemp(prefix=f"run-s{scale}-", dir=cache))
    data = work / "data"
    try:
        # A copy, so that the edits made for the incremental builds never touch the cached original.
        kb = Path(shutil.copytree(cached / "kb" if official else cached, work / "kb"))
        corpus = Path(shutil.copytree(cached / "corpus", work / "corpus")) if official else None
        result: dict[str, Any] = {"code": code_version(), "kb": counts, "build": measure_builds(kb, data, corpus)}
        manifest = json.loads((data / "current" / "manifest.json").read_text(encoding="utf-8"))
        result["kb"]["built"] = manifest.get("counts", {})
        result["kb"]["problems"] = manifest.get("problems", {})
        queries = query_mix(official)[::step]
        say(f"  in-process search: {len(queries)} queries …")
        result["search"] = measure_search(data, step, official)
        say("  FTS5 baseline …")
        fts_path = work / "fts5.sqlite"
        build_s = build_fts((data / "current" / "kb.sqlite").resolve(), fts_path)
        result["fts5"] = {"build_s": build_s, **fts_latency(fts_path, queries)}
        result["fts5"]["ratio_p95"] = round(result["search"]["p95_ms"] / max(result["fts5"]["p95_ms"], 0.001), 1)
        result["app"], result["http"], result["browse"] = measure_http(kb, data, work, queries, http_seconds)
        result["load_average"] = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
        result["code_changed_during_run"] = code_digest() != code_before
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=None, help="scales to run (default: 1 10 100)")
    parser.add_argument("--out", type=Path, default=CACHE / "results.json", help="JSON results (default bench/.cache/results.json)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smoke", action="store_true", help="scale 1, a quarter of the queries, 1-second HTTP phases")
    parser.add_argument("--http-seconds", type=float, default=None, help="length of each HTTP load phase (default 10, smoke 1)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where generated knowledge bases are kept")
    parser.add_argument("--keep", action="store_true", help="keep each run's folder (kb copy, index, FTS5 database, server log)")
    parser.add_argument("--official", action="store_true",
                        help="with a synthetic corpus of the linked acts' official texts (targets at scales 100 and 300)")
    args = parser.parse_args(argv)

    scales = args.scale or ([1] if args.smoke else [1, 10, 100])
    step = 4 if args.smoke else 1
    queries = query_mix(args.official)[::step]
    http_seconds = args.http_seconds or (1.0 if args.smoke else 10.0)
    args.cache.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": machine(),
        "settings": {"code": code_version(), "seed": args.seed, "smoke": args.smoke, "queries": len(queries), "http_seconds": http_seconds,
                     "official": args.official, "started": time.strftime("%Y-%m-%d %H:%M:%S")},
        "scales": {},
    }
    for scale in scales:
        report["scales"][str(scale)] = measure_scale(scale, args.seed, args.cache, step, http_seconds, args.keep, args.official)
        report["targets"] = check_targets(report["scales"], args.official)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    m = report["machine"]
    print(f"\nmachine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB RAM; Python {m['python']}, SQLite {m['sqlite']}")
    loads = ", ".join(f"scale {n}: {r['load_average']['before']:g} → {r['load_average']['after']:g}" for n, r in report["scales"].items())
    print(f"{len(queries)} queries; HTTP phases of {http_seconds:g} s; 1-minute load average before → after ({loads})\n")
    print(table(report["scales"], report["targets"]))
    for name, result in report["scales"].items():
        if result["code_changed_during_run"] or result["build"]["noop_rebuilt"]:
            print(f"\nWARNING scale {name}: the code changed during the run or the no-op build rebuilt; measure again on a quiet tree")
    if report["targets"]:
        failed = [f"{t['figure']} at scale {t['scale']}" for t in report["targets"] if not t["pass"]]
        scales = ", ".join(sorted({str(t["scale"]) for t in report["targets"]}, key=int))
        print(f"\ntargets at scale {scales}: {len(report['targets']) - len(failed)} pass, {len(failed)} fail" + (f" ({', '.join(failed)})" if failed else ""))
    print(f"\nresults: {args.out}")


if __name__ == "__main__":
    main()
