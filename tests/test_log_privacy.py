"""No query, filter or client detail is written anywhere: not to logs, not to the data folder, not to temporary files.

A real `kb serve` gets searches, filters, the referral sheet's builder and
sheet, a failed sign-in and bad requests carrying a marker; then its output, the data folder, its temporary folder and
every file changed meanwhile in the repository and the system's temporary
folder are searched for the marker, as text and percent-encoded.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import FIXTURE_KB, REPO
from serving import fetch, kb_serve
from sheets import sheet_address

SKIP_DIRS = {".git", ".venv", "__pycache__", "node_modules", ".pytest_cache", ".ruff_cache"}


def marker_forms(marker: str) -> list[bytes]:
    """The marker as bytes, as UTF-8 percent-encoding (both cases) and as '+'-joined form encoding."""
    encoded = urllib.parse.quote(marker)
    return [marker.encode(), encoded.encode(), encoded.lower().encode(), urllib.parse.quote_plus(marker).encode()]


def files_under(root: Path, since: float | None = None):
    """The regular files (not links) under `root`, changed since `since` when given (one lstat each)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                status = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode) and (since is None or status.st_mtime >= since):
                yield Path(path)


def system_temp_folders() -> list[Path]:
    """The temporary folder this process was given (TMPDIR; `make test-fast` points it at tmpfs) and /tmp, which a
    program that ignored TMPDIR would write to."""
    return sorted({Path(tempfile.gettempdir()).resolve(), Path("/tmp").resolve()})


def system_temp_files(since: float):
    """Every file changed since `since` in the system's temporary folders."""
    for folder in system_temp_folders():
        yield from files_under(folder, since=since)


def containing(paths, forms: list[bytes]) -> list[str]:
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if any(form in data for form in forms):
            found.append(str(path))
    return found


def test_a_served_search_leaves_no_trace(tmp_path, built_data, catalogs, accounts_file):
    started = time.time() - 1
    latin = "zqmarker" + uuid.uuid4().hex[:12]
    cyrillic = "ВИЧклиент" + uuid.uuid4().hex[:8]
    data = tmp_path / "data"
    shutil.copytree(built_data, data, symlinks=True)
    private_tmp = tmp_path / "server-tmp"
    private_tmp.mkdir()
    log = tmp_path / "serve.log"
    env = {"TMPDIR": str(private_tmp), "TEMP": str(private_tmp), "TMP": str(private_tmp), "KB_ACCOUNTS": str(accounts_file)}
    with kb_serve(FIXTURE_KB, data, log, env=env) as base:
        for marker in (latin, cyrillic):
            q = urllib.parse.quote_plus(f"HIV {marker} refusal")
            m = urllib.parse.quote(marker)
            for url in (
                f"/search?q={q}&city={m}&group={m}&violation={m}&kind={m}&language={m}",
                f"/search?q={q}&city=almaty&lang=en",
                f"/sheet?q={q}&city={m}",
                f"/sheet?case={m}",
                f"/sheet/new?n={m}&c={m}&s={m}&r={m}&city={m}&title={m}",
                f"/sheet/new?case={m}",
                f"/sheet?n={m}&h={m}&c={m}&s={m}&r={m}&title={m}&city={m}&lang={m}&link=1",
                f"/api/search?q={q}&city={m}&group={m}",
                f"/api/search?q={q}&limit={m}",
                f"/api/search?q={m * 60}",
                f"/cases?group={m}&year={m}&city={m}",
                f"/services?city={m}&speaks={m}&kind={m}",
                f"/no/such/page?q={q}",
                f"/cases/{m}",
                f"/api/services/{m}",
            ):
                status, _ = fetch(base + url)
                assert status in (200, 302, 400, 404), (url, status)
            # The REActor's way to a sheet: search, "Prepare a sheet", the sheet with its link and QR code on.
            # Neither the builder nor the sheet may carry the marker, in any form.
            status, results = fetch(base + f"/search?q={q}&city=ust-kamenogorsk")
            builder_href = BeautifulSoup(results, "html.parser").select_one(".sheet-link a")["href"]
            status, builder = fetch(base + builder_href)
            assert status == 200 and containing_bytes(builder, marker_forms(marker)) == []
            status, sheet = fetch(base + sheet_address(BeautifulSoup(builder, "html.parser"), tick_all=True, link="1"))
            assert status == 200 and b'class="qr"' in sheet and containing_bytes(sheet, marker_forms(marker)) == []
            request = urllib.request.Request(base + "/search?q=x", headers={"Accept-Language": "kk", "Cookie": f"city={m}; lang={m}"})
            urllib.request.urlopen(request, timeout=10).read()
            form = urllib.parse.urlencode({"name": marker, "password": marker, "csrf": marker}).encode()
            status, _ = fetch_post(base + f"/sign-in?next=/search%3Fq%3D{m}", form)
            assert status == 400
    forms = marker_forms(latin) + marker_forms(cyrillic)
    assert log.read_bytes(), "the server said nothing at all: is its output captured?"
    assert containing([log], forms) == []
    assert containing(files_under(data), forms) == []
    assert containing(files_under(private_tmp), forms) == []
    assert containing(files_under(REPO, since=started), forms) == []
    assert containing(system_temp_files(started), forms) == []


def containing_bytes(data: bytes, forms: list[bytes]) -> list[bytes]:
    return [form for form in forms if form in data]


def fetch_post(url: str, body: bytes) -> tuple[int, bytes]:
    import urllib.error

    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_development_server_logs_paths_without_query_strings(app, caplog):
    """`kb serve --debug` runs werkzeug's server, which logs each request line: the query string is cut off."""
    from werkzeug.serving import make_server

    marker = "zqdebug" + uuid.uuid4().hex[:10]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            status, _ = fetch(f"http://127.0.0.1:{server.server_port}/search?q={marker}&city=almaty")
            assert status == 200
            # An unknown city is refused (400): neither answer logs what was typed.
            status, _ = fetch(f"http://127.0.0.1:{server.server_port}/search?q={marker}&city={marker}")
            assert status == 400
            status, _ = fetch(f"http://127.0.0.1:{server.server_port}/cases/nobody?q={marker}")
            assert status == 404
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("GET /search HTTP/1.1" in line for line in lines), lines
    assert any("GET /cases/nobody HTTP/1.1" in line for line in lines), lines
    assert marker not in caplog.text


def test_the_log_filter_cuts_query_strings_from_any_message():
    from app.logs import DropQueryStrings

    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s', ("127.0.0.1", "GET /search?q=secret&city=x HTTP/1.1", 200), None)
    DropQueryStrings().filter(record)
    assert record.getMessage() == '127.0.0.1 - - "GET /search HTTP/1.1" 200'
    record = logging.LogRecord("app", logging.ERROR, __file__, 1, "failed on http://host/sheet?q=secret", None, None)
    DropQueryStrings().filter(record)
    assert "secret" not in record.getMessage()
