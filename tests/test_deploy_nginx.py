"""The shipped nginx configuration in front of a real `kb serve`: nothing typed is stored, and the app sees the real client.

Debian's nginx runs deploy/nginx/react-kb.conf (rendered for loopback, see
tests/proxying.py) in front of `kb serve` with KB_TRUSTED_PROXIES=1. All traffic
goes to 127.0.0.1; both servers are stopped at the end of each test.
"""

from __future__ import annotations

import http.client
import re
import shutil
import ssl
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, PASSWORD
from proxying import HOST, NGINX, NGINX_MISSING, Browser, nginx, request
from serving import free_port, kb_serve
from test_log_privacy import containing, files_under, marker_forms, system_temp_files

pytestmark = [pytest.mark.deploy, pytest.mark.skipif(not NGINX.exists(), reason=NGINX_MISSING)]

SECRET = "s" * 64
SEARCHING = ("/", "/search", "/api/search", "/sheet")  # the addresses that run a search, limited by nginx


def _app_env(tmp: Path, accounts: Path, **extra: str) -> dict[str, str]:
    private_tmp = tmp / "app-tmp"
    private_tmp.mkdir(exist_ok=True)
    return {
        "KB_ENV": "production",
        "KB_SECRET_KEY": SECRET,
        "KB_TRUSTED_PROXIES": "1",
        "KB_ALLOWED_HOSTS": HOST,
        "KB_ACCOUNTS": str(accounts),
        "TMPDIR": str(private_tmp), "TEMP": str(private_tmp), "TMP": str(private_tmp),
        **extra,
    }


def _data(tmp: Path, built: Path) -> Path:
    data = tmp / "data"
    shutil.copytree(built, data, symlinks=True)
    return data


def test_behind_nginx_the_app_sees_https_the_public_host_and_its_health(tmp_path, built_data, catalogs, accounts_file):
    app_port = free_port()
    data = _data(tmp_path, built_data)
    with nginx(tmp_path, app_port) as proxy, kb_serve(FIXTURE_KB, data, tmp_path / "serve.log", env=_app_env(tmp_path, accounts_file), port=app_port):
        browser = Browser(proxy.https_port, proxy.cert)
        # Signing in through the proxy gives a Secure cookie: the app knows the client came over https.
        assert browser.sign_in("aigerim", PASSWORD).status == 303
        session = [line for line in browser.set_cookie_lines if line.startswith("kb_session=")]
        assert session and all("Secure" in line for line in session), browser.set_cookie_lines
        sheet = browser.go("/sheet?n=test-constitution-2026/art-14&lang=en&link=1")  # the sheet with its online link
        assert sheet.status == 200
        assert f"https://{HOST}/sheet?" in sheet.text  # the sheet's own address: public scheme and host
        assert sheet.headers.get_all("Strict-Transport-Security") == ["max-age=31536000"]
        assert sheet.headers["Content-Security-Policy"].startswith("default-src 'self'")  # the app's headers pass through
        assert "nginx/" not in (sheet.headers.get("Server") or "")

        health = browser.go("/healthz")
        assert (health.status, health.body) == (200, b"")

        # Plain http only redirects to the same address over https.
        moved = request(proxy.http_port, "/search?q=secret%0D%0AX-Injected:%201")
        assert moved.status == 301 and moved.headers["Location"] == f"https://{HOST}/search?q=secret%0D%0AX-Injected:%201"
        assert "X-Injected" not in moved.headers
        # Another host name gets no answer from nginx, and a 400 from the app reached directly.
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            request(proxy.https_port, "/", cert=proxy.cert, headers={"Host": "evil.example"})
        with pytest.raises(ssl.SSLError):  # not even a TLS handshake for a name it does not serve
            request(proxy.https_port, "/", host="evil.example", cert=proxy.cert, verify=False)
        assert request(app_port, "/", host="evil.example").status == 400
        assert request(app_port, "/healthz").status == 200
    # The service's log says how it runs (and nothing about requests).
    log = (tmp_path / "serve.log").read_text()
    assert log.startswith(f"production mode, trusting 1 proxy hop, answering hosts {HOST}\nserving on http://127.0.0.1:{app_port}"), log
    assert log.rstrip().endswith("stopped") and "/sheet" not in log and "aigerim" not in log


def test_the_throttle_counts_each_client_behind_the_proxy(tmp_path, built_data, catalogs, accounts_file):
    """nginx talks to the app from 127.0.0.2; the clients come from 127.0.0.1 and 127.0.0.3. Each is counted on its own."""
    app_port = free_port()
    data = _data(tmp_path, built_data)
    with nginx(tmp_path, app_port) as proxy, kb_serve(FIXTURE_KB, data, tmp_path / "serve.log", env=_app_env(tmp_path, accounts_file), port=app_port):
        first = Browser(proxy.https_port, proxy.cert, source="127.0.0.1")
        for i in range(5):  # a new name each time: only the address's count reaches the limit
            assert first.sign_in(f"guess{i}", "wrong password").status == 401
        assert first.sign_in("guess-last", "wrong password").status == 429
        # The right password of a real account is refused too: this address is locked out.
        assert first.sign_in("aigerim", PASSWORD).status == 429
        # Another client through the same proxy is not locked out (were the proxy's address counted, it would be).
        second = Browser(proxy.https_port, proxy.cert, source="127.0.0.3")
        assert second.sign_in("someone", "wrong password").status == 401
        assert second.sign_in("aigerim", PASSWORD).status == 303
        # Reaching the app directly from 127.0.0.1 (no forwarded header): the same, locked-out address.
        direct = Browser(app_port, None, source="127.0.0.1")
        assert direct.sign_in("aigerim", PASSWORD).status == 429
        # A client cannot unlock itself by forging X-Forwarded-For: nginx replaces it with the real address.
        assert first.sign_in("aigerim", PASSWORD, headers={"X-Forwarded-For": "10.9.8.7"}).status == 429


def test_a_search_through_nginx_leaves_no_trace_even_when_limited_or_the_app_is_down(tmp_path, built_data, catalogs, accounts_file):
    started = time.time() - 1
    latin = "zqproxy" + uuid.uuid4().hex[:12]
    cyrillic = "ВИЧпрокси" + uuid.uuid4().hex[:8]
    app_port = free_port()
    data = _data(tmp_path, built_data)
    serve_log = tmp_path / "serve.log"
    statuses: list[int] = []
    with nginx(tmp_path, app_port) as proxy:
        with kb_serve(FIXTURE_KB, data, serve_log, env=_app_env(tmp_path, accounts_file), port=app_port):
            browser = Browser(proxy.https_port, proxy.cert)
            for marker in (latin, cyrillic):
                q, m = urllib.parse.quote_plus(f"HIV {marker} refusal"), urllib.parse.quote(marker)
                for path in (
                    f"/search?q={q}&city={m}&group={m}",
                    f"/api/search?q={q}&city={m}",
                    f"/sheet?q={q}&city={m}",
                    f"/cases?group={m}&city={m}",
                    f"/no/such/page?q={q}",
                    f"/api/search?q={m * 60}",
                ):
                    statuses.append(browser.go(path).status)
                assert request(proxy.http_port, f"/search?q={q}").status == 301  # plain http, before the redirect
                browser.go("/search?q=x", headers={"Referer": f"https://{HOST}/search?q={q}", "User-Agent": m, "Cookie": f"city={m}"})
                assert browser.sign_in(marker, marker).status == 401
                browser.go(f"/sign-in?next=/search%3Fq%3D{m}", method="POST", form={"csrf": marker, "name": marker, "password": marker})
                # A burst over the limit on every address that searches: nginx answers 429 itself.
                statuses.extend(browser.go(f"{SEARCHING[i % 4]}?q={q}&n={i}").status for i in range(80))
        # The app is down: nginx answers 502 for a search carrying the marker.
        down = browser.go(f"/search?q={urllib.parse.quote_plus(latin)}")
    assert down.status == 502
    assert 429 in statuses, "the burst was not limited: is limit_req still on?"
    assert 200 in statuses and statuses.count(429) < len(statuses)

    access = (proxy.logs / "react-kb.access.log").read_text()
    assert re.search(r" 200 GET /search \d+ ", access), "the access log records nothing: the test would prove nothing"
    assert all(f" 429 GET {path} " in access for path in SEARCHING), "not every searching address is rate-limited"
    assert " 502 GET /search " in access
    forms = marker_forms(latin) + marker_forms(cyrillic)
    assert containing(files_under(tmp_path), forms) == []  # nginx's logs and temporary files, the app's log, data and temp
    assert containing(files_under(Path("/var/log/nginx"), since=started), forms) == []
    assert containing(files_under(Path("/var/lib/nginx"), since=started), forms) == []
    assert containing(system_temp_files(started), forms) == []


def test_at_nginx_default_error_level_the_query_would_be_logged(tmp_path):
    """Why the error log is at `crit`: at `error` a search reaching a dead app is logged with its query string."""
    marker = "zqlevel" + uuid.uuid4().hex[:12]
    at_error = lambda site: site.replace("react-kb.error.log crit;", "react-kb.error.log error;")  # noqa: E731
    with nginx(tmp_path, free_port(), edit=at_error) as proxy:  # nothing listens on the app's port
        assert Browser(proxy.https_port, proxy.cert).go(f"/search?q={marker}").status == 502
    assert marker in (proxy.logs / "react-kb.error.log").read_text()
