"""Debian's nginx with the shipped deploy/nginx/react-kb.conf in front of `kb serve`, on loopback, for the deployment tests.

The site file is rendered for the test: listening on free 127.0.0.1 ports, a
temporary prefix for logs and temporary files, a self-signed certificate for
kb.example.org made here with openssl, and the app's port as upstream. It runs
inside Debian's own /etc/nginx/nginx.conf (its http-level access log and gzip
included), rendered the same way. Each replacement must find its text, so a
change to the shipped file cannot silently leave the test checking something else.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import ssl
import subprocess
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO
from serving import free_port, stop

NGINX = Path("/usr/sbin/nginx")
DEBIAN_CONF = Path("/etc/nginx/nginx.conf")
SITE = REPO / "deploy" / "nginx" / "react-kb.conf"
HOST = "kb.example.org"
# nginx connects to the app from this loopback address, so that the app can tell the proxy from its clients.
PROXY_ADDRESS = "127.0.0.2"
NGINX_MISSING = (
    "!!! NGINX TESTS SKIPPED: /usr/sbin/nginx (Debian package nginx) is missing. "
    "Install it (apt-get install nginx, as .ci/run does); CI must run them !!!"
)


def _replace(text: str, old: str, new: str, where: str) -> str:
    assert old in text, f"{where} no longer contains {old!r}: update the test's rendering"
    return text.replace(old, new)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and key for HOST, valid two days."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@dataclass
class Proxy:
    prefix: Path
    https_port: int
    http_port: int
    cert: Path

    @property
    def logs(self) -> Path:
        return self.prefix / "logs"


def render_site(prefix: Path, https_port: int, http_port: int, app_port: int, cert: Path, key: Path) -> str:
    text = SITE.read_text(encoding="utf-8")
    where = str(SITE.relative_to(REPO))
    text = re.sub(r"^\s*listen \[::\].*\n", "", text, flags=re.M)  # no IPv6 in the test
    for old, new in (
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{https_port} ssl default_server;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/var/log/nginx/", f"{prefix}/logs/"),
        (f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(cert)),
        (f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(key)),
        ("/var/www/html", str(prefix / "www")),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("proxy_http_version 1.1;", f"proxy_http_version 1.1;\n    proxy_bind {PROXY_ADDRESS};"),
    ):
        text = _replace(text, old, new, where)
    return text


def render_main(prefix: Path, site: Path) -> str:
    """Debian's nginx.conf, with its paths moved into the prefix (temporary files too, so they can be searched)."""
    text = DEBIAN_CONF.read_text(encoding="utf-8")
    where = str(DEBIAN_CONF)
    user = "user root;" if os.geteuid() == 0 else ""  # workers must reach the temporary prefix
    temp = "".join(f"\n\t{kind}_temp_path {prefix}/tmp/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    for old, new in (
        ("user www-data;", user),
        ("pid /run/nginx.pid;", f"pid {prefix}/nginx.pid;"),
        ("/var/log/nginx/", f"{prefix}/logs/"),
        ("include /etc/nginx/conf.d/*.conf;", ""),
        ("include /etc/nginx/sites-enabled/*;", f"include {site};"),
        ("http {", "http {" + temp),
    ):
        text = _replace(text, old, new, where)
    return text


@contextlib.contextmanager
def nginx(folder: Path, app_port: int, edit: Callable[[str], str] = lambda site: site) -> Iterator[Proxy]:
    """Run nginx with the shipped site in front of 127.0.0.1:app_port until the block ends (`edit` changes the rendered site)."""
    prefix = folder / "nginx"
    for sub in ("logs", "tmp", "www"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(prefix)
    proxy = Proxy(prefix, free_port(), free_port(), cert)
    site = prefix / "react-kb.conf"
    site.write_text(edit(render_site(prefix, proxy.https_port, proxy.http_port, app_port, cert, key)), encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(render_main(prefix, site), encoding="utf-8")
    startup = prefix / "logs" / "startup.log"
    command = [str(NGINX), "-p", str(prefix), "-c", str(conf), "-e", str(startup), "-g", "daemon off;"]
    checked = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx -t refused the shipped configuration:\n{checked.stderr}"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", proxy.https_port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start:\n{startup.read_text() if startup.exists() else ''}") from None
                time.sleep(0.05)
        yield proxy
    finally:
        stop(process)


class _LoopbackHTTPS(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 whatever the host name; the name is still sent as SNI and Host and checked in the certificate."""

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _LoopbackHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    host: str = HOST,
    cert: Path | None = None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    source: str = "127.0.0.1",
    verify: bool = True,
) -> Answer:
    """One request to 127.0.0.1:port, over https when `cert` (the certificate to trust) is given, from loopback address `source`."""
    if cert is not None:
        context = ssl.create_default_context(cafile=str(cert))
        if not verify:  # e.g. to see whether the server completes a handshake for an unknown name at all
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        connection: http.client.HTTPConnection = _LoopbackHTTPS(host, port, context=context, timeout=15, source_address=(source, 0))
    else:
        connection = _LoopbackHTTP(host, port, timeout=15, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


class Browser:
    """One client of the proxy: keeps its cookies, comes from one loopback address."""

    def __init__(self, port: int, cert: Path | None, source: str = "127.0.0.1") -> None:
        self.port, self.cert, self.source = port, cert, source
        self.cookies: dict[str, str] = {}
        self.set_cookie_lines: list[str] = []

    def go(self, path: str, method: str = "GET", form: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Answer:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        answer = request(self.port, path, method=method, cert=self.cert, headers=sent, body=body, source=self.source)
        for line in answer.headers.get_all("Set-Cookie") or []:
            self.set_cookie_lines.append(line)
            name, _, value = line.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return answer

    def sign_in(self, name: str, password: str, headers: dict[str, str] | None = None) -> Answer:
        page = self.go("/sign-in", headers=headers)
        assert page.status == 200, page.status
        token = BeautifulSoup(page.text, "html.parser").select_one("form.sign-in input[name=csrf]")["value"]
        return self.go("/sign-in", method="POST", form={"csrf": token, "name": name, "password": password}, headers=headers)
