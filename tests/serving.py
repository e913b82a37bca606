"""Start a real `kb serve` (gunicorn) on a free loopback port for the tests that need one."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from api_contract import check_fetched
from conftest import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    """Status and body of a GET; HTTP errors are answers too, only a failed connection raises.

    An answer under /api/ is checked against the OpenAPI document (tests/api_contract.py).
    """
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, content_type, body = response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        status, content_type, body = error.code, error.headers.get("Content-Type", ""), error.read()
    check_fetched(url, status, content_type, body)
    return status, body


@contextlib.contextmanager
def kb_serve(kb: Path, data: Path, log: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = (), port: int | None = None) -> Iterator[str]:
    """Run `kb serve` until the block ends; yields its base URL. Output goes to `log`."""
    port = port or free_port()
    command = [sys.executable, "-m", "indexer", "--kb", str(kb), "--data", str(data), "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                fetch(base + "/static/app.css", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"kb serve did not start:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield base
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Terminate a process started by a test, killing it if it does not exit within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
CHROMIUM_MISSING = (
    "!!! BROWSER TESTS SKIPPED: /usr/bin/chromium is missing. Install it (apt-get install chromium, as .ci/run does); CI must run them !!!"
)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright, headless, with no background network traffic."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
