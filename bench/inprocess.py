"""`python -m bench.inprocess DATA [--step K]`: warm in-process search latency, printed as JSON.

The runner starts this in a fresh process for each scale, so every scale is
measured with the code as it is at that moment and with a clean memory.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.measure import percentiles
from bench.queries import query_mix
from indexer.search import SearchEngine


def search_latency(data: Path, step: int = 1, official: bool = False) -> dict[str, object]:
    """Run every `step`-th query of the mix once to warm up, then time each one in a second pass."""
    queries = query_mix(official)[::step]
    engine = SearchEngine(data)
    try:
        for query in queries:
            engine.search(query.text, city=query.city)
        timings: list[tuple[str, float]] = []
        cpu: list[float] = []  # this process's CPU time per query: less swayed than wall time by other work on the machine
        reached = 0  # queries of the official categories whose norms include an official text
        for query in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            found = engine.search(query.text, city=query.city)
            timings.append((query.category, time.perf_counter() - started))
            cpu.append(time.process_time() - cpu_started)
            reached += query.category.startswith("official") and any(n.get("source") == "official" for n in found["norms"])
    finally:
        engine.close()
    result: dict[str, object] = {"queries": len(queries), **percentiles([t for _, t in timings])}
    result["cpu"] = percentiles(cpu)
    if official:
        result["official_reached"] = reached
    result["by_category"] = {c: percentiles([t for k, t in timings if k == c]) for c in sorted({c for c, _ in timings})}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess", description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a data folder built by `kb build`")
    parser.add_argument("--step", type=int, default=1, help="use every STEP-th query of the mix")
    parser.add_argument("--official", action="store_true", help="add the queries that reach official texts")
    args = parser.parse_args()
    print(json.dumps(search_latency(args.data, args.step, args.official)))


if __name__ == "__main__":
    main()
