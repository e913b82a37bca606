"""The production server under load: `kb serve` (gunicorn) on a free loopback port.

Start-up is timed from process start to the first successful search. Each
load phase runs N client threads for a fixed time, every thread on its own
keep-alive connection, cycling through the query mix from its own offset.
Only 127.0.0.1 is ever contacted, and every loop ends by its deadline.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.measure import KB_COMMAND, REPO, cpu_seconds, percentiles, process_memory
from bench.queries import Query
from indexer.parent_death import die_with_parent

HOST = "127.0.0.1"
ENDPOINTS = ("/api/search", "/search")
STARTUP_TIMEOUT = 120.0
REQUEST_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def target(endpoint: str, query: Query) -> str:
    params = {"q": query.text, **({"city": query.city} if query.city else {})}
    return f"{endpoint}?{urlencode(params)}"


class Server:
    """`kb serve` as a child process: started, timed to its first answer, and stopped."""

    def __init__(self, kb: Path, data: Path, log: Path) -> None:
        self.port = free_port()
        self.log = open(log, "wb")
        started = time.perf_counter()
        # die_with_parent: the server stops when the benchmark itself is killed.
        self.process = subprocess.Popen(
            [*KB_COMMAND, "--kb", str(kb), "--data", str(data), "serve", "--host", HOST, "--port", str(self.port)],
            cwd=REPO, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent,
        )
        self.endpoint = self._first_answer(log)
        self.startup_s = round(time.perf_counter() - started, 3)

    def _first_answer(self, log: Path) -> str:
        """Poll until a search answers 200; fall back to /search when /api/search does not exist."""
        deadline = time.perf_counter() + STARTUP_TIMEOUT
        endpoint = ENDPOINTS[0]
        probe = Query("startup", "право")
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kb serve exited with {self.process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
                conn.request("GET", target(endpoint, probe))
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    return endpoint
                if response.status == 404 and endpoint == ENDPOINTS[0]:
                    endpoint = ENDPOINTS[1]
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"kb serve did not answer within {STARTUP_TIMEOUT:.0f} s")

    def memory(self) -> dict[str, float]:
        return process_memory(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.log.close()


def _client(port: int, paths: list[str], offset: int, start: threading.Barrier, deadline: list[float],
            latencies: list[float], errors: list[int]) -> None:
    """One client thread: requests on a keep-alive connection until the shared deadline."""
    conn: http.client.HTTPConnection | None = None
    start.wait()
    i = offset
    while time.perf_counter() < deadline[0]:
        path = paths[i % len(paths)]
        i += 1
        began = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            if conn is not None:
                conn.close()
            conn = None
        if ok:
            latencies.append(time.perf_counter() - began)
        else:
            errors[0] += 1
    if conn is not None:
        conn.close()


def load(server: Server, queries: list[Query], clients: int, seconds: float) -> dict[str, float]:
    """`clients` threads for `seconds`: latency percentiles, successful requests per second, errors."""
    paths = [target(server.endpoint, q) for q in queries]
    start = threading.Barrier(clients + 1)
    deadline = [0.0]
    results = [([], [0]) for _ in range(clients)]
    threads = [
        threading.Thread(target=_client, args=(server.port, paths, i * len(paths) // clients, start, deadline, *results[i]), daemon=True)
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    server_cpu, client_cpu = cpu_seconds(server.process.pid), time.process_time()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - began
    server_cpu, client_cpu = cpu_seconds(server.process.pid) - server_cpu, time.process_time() - client_cpu
    latencies = [t for lat, _ in results for t in lat]
    stats = percentiles(latencies)
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": sum(err[0] for _, err in results),
        "rps": round(len(latencies) / elapsed, 1),
        **{k: stats[k] for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")},
        # Cores busy on average: the server's, and the load generator's own (it shares the machine).
        "server_cores": round(server_cpu / elapsed, 2),
        "client_cores": round(client_cpu / elapsed, 2),
    }


def warm_up(server: Server, queries: list[Query]) -> int:
    """One sequential pass of the mix; return the number of failed requests."""
    failed = 0
    conn = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    for query in queries:
        try:
            conn.request("GET", target(server.endpoint, query))
            response = conn.getresponse()
            response.read()
            failed += response.status != 200
        except (OSError, http.client.HTTPException):
            failed += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    conn.close()
    return failed
