"""The browse pages under one client: latency and weight of the laws index, the longest act, the case
library, the directory and a filtered directory, on the running `kb serve`.

`python -m bench.browse DATA [--kb KB]` measures a built index alone (it starts and stops its own
server); `bench.run` calls `measure_browse` on the server it has already started.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from bench.http_load import HOST, REQUEST_TIMEOUT, Server
from bench.measure import percentiles

# Requests per page after the warm-up; the pages are rendered one at a time, as one reader would.
REQUESTS = 40
# Warm-up requests per page, each on a new connection, so that every worker process has served the page
# (its first request reads the list's order once for the build).
WARM_UP = 6


def browse_paths(db_path: Path) -> dict[str, str]:
    """Page name → path: the pages of the browse figures, the act and the city picked from the built database."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        act = db.execute("SELECT act_id FROM provisions GROUP BY act_id ORDER BY COUNT(DISTINCT id) DESC, act_id LIMIT 1").fetchone()
        city = db.execute(
            "SELECT city FROM services WHERE city != 'national' GROUP BY city ORDER BY COUNT(DISTINCT id) DESC, city LIMIT 1"
        ).fetchone()
    finally:
        db.close()
    paths = {"laws index": "/laws", "cases": "/cases", "services": "/services"}
    if act:
        paths["longest act"] = f"/laws/{act[0]}"
    if city:
        paths["services in one city"] = f"/services?city={city[0]}"
    return paths


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, len(response.read())


def measure_page(port: int, path: str, requests: int = REQUESTS) -> dict[str, Any]:
    """p50/p95/max of `requests` sequential GETs after a warm-up, the page's size in KB (1024 bytes) and non-200 answers."""
    for _ in range(WARM_UP):
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            _get(conn, path)
        finally:
            conn.close()
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        latencies, errors, size = [], 0, 0
        for _ in range(requests):
            began = time.perf_counter()
            status, size = _get(conn, path)
            if status == 200:
                latencies.append(time.perf_counter() - began)
            else:
                errors += 1
    finally:
        conn.close()
    stats = percentiles(latencies)
    return {"path": path, "kb": round(size / 1024, 1), "errors": errors, **{k: stats[k] for k in ("p50_ms", "p95_ms", "max_ms")}}


def measure_browse(server: Server, db_path: Path, requests: int = REQUESTS) -> dict[str, dict[str, Any]]:
    """Each browse page's figures, by page name."""
    return {name: measure_page(server.port, path, requests) for name, path in browse_paths(db_path).items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.browse", description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a built data folder (with current/kb.sqlite)")
    parser.add_argument("--kb", type=Path, default=Path("kb"), help="the knowledge base it was built from (not rebuilt)")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args(argv)
    log = args.data / "bench-browse.log"
    server = Server(args.kb, args.data, log)
    try:
        pages = measure_browse(server, (args.data / "current" / "kb.sqlite").resolve(), args.requests)
    finally:
        server.stop()
    for name, figures in pages.items():
        print(f"{name:22} p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  {figures['kb']:8.1f} KB  {figures['path']}", file=sys.stderr)
    print(json.dumps(pages, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
