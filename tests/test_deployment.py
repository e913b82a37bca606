"""Deployment settings of the real app: forwarded headers believed only from trusted proxies, allowed hosts,
production mode's secret key, and /healthz."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURE_KB, PASSWORD, REPO, sign_in

# A referral sheet with its online link turned on: the link shows the scheme and host the app believes.
SHEET = "/sheet?n=test-constitution-2026/art-14&lang=en&link=1"


def make_app(built_data, accounts_file, **settings):
    from app import create_app

    return create_app({"TESTING": True, "DATA_DIR": str(built_data), "KB_DIR": str(FIXTURE_KB), "ACCOUNTS_FILE": str(accounts_file), **settings})


def fail_sign_ins(client, count: int, addresses: list[str], forwarded: list[str]) -> list[int]:
    """`count` wrong sign-ins, each under a new name, from the given REMOTE_ADDR and X-Forwarded-For values; their statuses."""
    statuses = []
    for i in range(count):
        base = {"REMOTE_ADDR": addresses[i % len(addresses)]}
        headers = {"X-Forwarded-For": forwarded[i % len(forwarded)]}
        statuses.append(sign_in(client, f"guess{i}", "wrong password", environ_base=base, headers=headers).status_code)
    return statuses


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(built_data, catalogs, accounts_file):
    client = make_app(built_data, accounts_file).test_client()
    # One real address, a different forged X-Forwarded-For each time: still one address to the throttle.
    statuses = fail_sign_ins(client, 6, ["203.0.113.5"], [f"10.0.0.{i}" for i in range(6)])
    assert statuses == [401] * 5 + [429]
    # Nor are https or another host believed from headers.
    response = client.get(SHEET, headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
                          environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert "https://evil.example" not in response.get_data(as_text=True)
    assert "Strict-Transport-Security" not in response.headers


def test_a_real_server_without_trusted_proxies_ignores_a_forged_forwarded_for(tmp_path, built_data, catalogs, accounts_file):
    """The same through `kb serve` (gunicorn) reached directly: each try forges another X-Forwarded-For, all count as one address."""
    from proxying import Browser
    from serving import kb_serve

    with kb_serve(FIXTURE_KB, built_data, tmp_path / "serve.log", env={"KB_ACCOUNTS": str(accounts_file)}) as base:
        client = Browser(int(base.rsplit(":", 1)[1]), None)
        statuses = [client.sign_in(f"guess{i}", "wrong password", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status for i in range(5)]
        assert statuses == [401] * 5
        assert client.sign_in("aigerim", PASSWORD, headers={"X-Forwarded-For": "10.0.0.99"}).status == 429
        # Nor does the server itself believe a forged scheme or host (gunicorn would, from loopback, unless told not to).
        sheet = client.go(SHEET, headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"})
        assert sheet.status == 200 and f"http://kb.example.org:{client.port}/sheet?" in sheet.text  # the sheet's own link, as requested
        assert "https://kb.example.org" not in sheet.text and "evil.example" not in sheet.text
        assert "strict-transport-security" not in {name.lower() for name in sheet.headers}


def test_with_one_trusted_proxy_the_forwarded_client_is_counted(built_data, catalogs, accounts_file):
    client = make_app(built_data, accounts_file, TRUSTED_PROXIES="1").test_client()
    # Every request comes from the proxy's address; the clients differ in the header it sets.
    statuses = fail_sign_ins(client, 5, ["127.0.0.1"], ["198.51.100.7"])
    assert statuses == [401] * 5
    assert sign_in(client, "guess-x", "wrong", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 429
    other = sign_in(client, environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"X-Forwarded-For": "198.51.100.8"})
    assert other.status_code == 303
    # Only the last hop is believed: a client's own X-Forwarded-For before the proxy's does not help it.
    spoofed = sign_in(client, "guess-y", "wrong", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"X-Forwarded-For": "10.1.1.1, 198.51.100.7"})
    assert spoofed.status_code == 429


def test_with_one_trusted_proxy_https_and_the_public_host_are_used(built_data, catalogs, accounts_file):
    client = make_app(built_data, accounts_file, TRUSTED_PROXIES=1).test_client()
    headers = {"X-Forwarded-For": "198.51.100.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "kb.example.org"}
    response = sign_in(client, headers=headers)
    assert response.status_code == 303
    assert "Secure" in response.headers["Set-Cookie"]
    sheet = client.get(SHEET, headers=headers)
    assert "https://kb.example.org/sheet?" in sheet.get_data(as_text=True)
    assert sheet.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_allowed_hosts_refuse_any_other_host(built_data, catalogs, accounts_file):
    client = make_app(built_data, accounts_file, ALLOWED_HOSTS="kb.example.org, localhost").test_client()
    assert client.get("/", headers={"Host": "kb.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200
    refused = client.get("/search?q=x", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert refused.headers["Cache-Control"] == "no-store" and refused.headers["X-Content-Type-Options"] == "nosniff"
    assert b"host name" in refused.data
    # Behind a trusted proxy the forwarded host is the one checked.
    proxied = make_app(built_data, accounts_file, ALLOWED_HOSTS="kb.example.org", TRUSTED_PROXIES="1").test_client()
    assert proxied.get("/", headers={"Host": "127.0.0.1:8000", "X-Forwarded-Host": "kb.example.org"}).status_code == 200
    assert proxied.get("/", headers={"Host": "kb.example.org", "X-Forwarded-Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"KB_ENV": "production"}, "KB_ENV=production needs KB_SECRET_KEY"),
        ({"KB_ENV": "production", "SECRET_KEY": "short"}, "at least 32 characters"),
        ({"KB_ENV": "staging"}, "KB_ENV must be one of development, production"),
        ({"TRUSTED_PROXIES": "yes"}, "KB_TRUSTED_PROXIES must be a number"),
        ({"TRUSTED_PROXIES": "9"}, "between 0 and 5"),
    ],
)
def test_settings_the_server_cannot_start_with_are_named(built_data, accounts_file, settings, message):
    from app.deployment import ConfigError

    with pytest.raises(ConfigError, match=message):
        make_app(built_data, accounts_file, **settings)


def test_production_mode_starts_with_a_secret_key(built_data, catalogs, accounts_file):
    app = make_app(built_data, accounts_file, KB_ENV="production", SECRET_KEY="k" * 64)
    assert app.config["SECRET_KEY"] == "k" * 64
    assert sign_in(app.test_client()).status_code == 303


def test_kb_serve_refuses_production_without_a_secret_key_in_one_line(tmp_path, built_data):
    env = {"PATH": "/usr/bin:/bin", "KB_ENV": "production", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "indexer", "--kb", str(FIXTURE_KB), "--data", str(built_data), "serve", "--port", "1"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "KB_SECRET_KEY" in lines[0], done.stderr


def test_healthz_says_whether_an_index_is_served_and_nothing_else(tmp_path, built_data, catalogs, accounts_file):
    client = make_app(built_data, accounts_file).test_client()
    ok = client.get("/healthz")
    assert (ok.status_code, ok.data) == (200, b"")
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
    empty = tmp_path / "empty-data"
    empty.mkdir()
    down = make_app(empty, accounts_file).test_client().get("/healthz")
    assert (down.status_code, down.data) == (503, b"")
