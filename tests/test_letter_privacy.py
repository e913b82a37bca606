"""What a REActor types into a letter leaves no trace: not in a log, a file, an address, a cookie or a cache.

A real `kb serve` gets the letter form with a marker in every blank, asked for
as a page, a .docx and plain text, plus a form with a missing blank and one with
a forged token; then the answers' headers and cookies (decoded), the server's
output, the data folder, its temporary folder and every file changed meanwhile
in the repository and the system's temporary folder are searched for the marker.
"""

from __future__ import annotations

import base64
import http.cookiejar
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

from conftest import FIXTURE_KB, REPO
from serving import kb_serve
from test_log_privacy import containing, files_under, marker_forms, system_temp_files

LETTER = "/letters/test-complaint-ombudsman?city=ust-kamenogorsk"
BLANKS = ("client", "reply_address", "facts", "demands", "addressee_text")


def session_payload(cookie_value: str) -> bytes:
    """The data inside Flask's signed session cookie (base64, zlib-compressed when it starts with '.')."""
    compressed = cookie_value.startswith(".")
    payload = cookie_value.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return zlib.decompress(data) if compressed else data


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is answered as is, so its Location header can be read


def test_a_filled_letter_leaves_no_trace(tmp_path, built_data, catalogs):
    started = time.time() - 1
    data = tmp_path / "data"
    shutil.copytree(built_data, data, symlinks=True)
    private_tmp = tmp_path / "server-tmp"
    private_tmp.mkdir()
    log = tmp_path / "serve.log"
    env = {"TMPDIR": str(private_tmp), "TEMP": str(private_tmp), "TMP": str(private_tmp)}
    markers = ["zqletter" + uuid.uuid4().hex[:12], "ВИЧписьмо" + uuid.uuid4().hex[:8]]
    forms = [form for marker in markers for form in marker_forms(marker)]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    answers = []

    def send(url: str, body: dict | None = None):
        encoded = urllib.parse.urlencode(body, doseq=True).encode() if body is not None else None
        try:
            response = opener.open(urllib.request.Request(url, data=encoded), timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        answers.append((url, response.status, dict(response.headers), response.headers.get_all("Set-Cookie") or []))
        return response.status, response.read()

    with kb_serve(FIXTURE_KB, data, log, env=env) as base:
        for marker in markers:
            status, html = send(base + LETTER)
            assert status == 200
            token = re.search(rb'name="csrf" value="([^"]+)"', html).group(1).decode()
            full = {name: f"{marker} {name}" for name in BLANKS}
            common = {"csrf": token, "language": "ru", "contact": "test-ombudsman", "event_date": "2026-11-12", "cite": "test-constitution/art-14"}
            for output in ("html", "docx", "text"):
                status, body = send(base + LETTER, {**common, **full, "output": output})
                assert status == 200, output
                if output == "docx":
                    assert body.startswith(b"PK")  # a zip: the marker is inside, compressed
                else:
                    assert marker.encode() in body  # it is in the answer, and only there
            status, _ = send(base + LETTER, {**common, **full, "demands": "", "output": "html"})
            assert status == 400
            status, _ = send(base + LETTER, {**common, **full, "csrf": marker})
            assert status == 400

    assert log.read_bytes(), "the server said nothing at all: is its output captured?"
    for url, status, headers, cookies in answers:
        assert headers.get("Cache-Control") == "no-store", (url, status)
        assert not any(form.decode() in url for form in forms)
        assert not any(form.decode() in headers.get("Location", "") for form in forms)
        for cookie in cookies:
            name, _, value = cookie.split(";")[0].partition("=")
            assert not any(form.decode() in cookie for form in forms), name
            if name == "kb_session":
                assert not any(form in session_payload(value) for form in forms)
    assert containing([log], forms) == []
    assert containing(files_under(data), forms) == []
    assert containing(files_under(private_tmp), forms) == []
    assert containing(files_under(REPO, since=started), forms) == []
    assert containing(system_temp_files(started), forms) == []
