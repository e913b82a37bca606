"""Running behind a reverse proxy, on named hosts, in production (issue 16).

- `KB_TRUSTED_PROXIES=N` (default 0): the number of proxies in front of the app.
  Werkzeug's ProxyFix then takes the client's address, the scheme and the host
  from the last N entries of X-Forwarded-For, -Proto and -Host, so the sign-in
  throttle counts the real client, cookies are Secure behind https and generated
  links use the public host. With 0 no forwarded header is believed: a client
  reaching the app directly cannot pretend to be someone else.
- `KB_ALLOWED_HOSTS=kb.example.org,localhost`: requests naming another Host
  (after ProxyFix: X-Forwarded-Host) get a plain 400 before the app sees them.
  Empty: any host. (Flask's own TRUSTED_HOSTS would fail before routing, where
  the friendly error pages cannot be rendered.)
- `KB_ENV=production`: refuse to start without `KB_SECRET_KEY`, instead of
  signing sessions with a random key that every restart (and so every update)
  throws away.
"""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wsgi import get_host

from app.security import HEADERS

ENVIRONMENTS = ("development", "production")
MIN_SECRET_KEY = 32  # characters; `python3 -c 'import secrets; print(secrets.token_hex(32))'` gives 64


class ConfigError(ValueError):
    """A setting the server cannot start with; the message is one line naming the variable."""


def trusted_proxies(value: object) -> int:
    """KB_TRUSTED_PROXIES as a count of proxy hops (0–5)."""
    try:
        hops = int(str(value).strip() or 0)
    except ValueError:
        raise ConfigError(f"KB_TRUSTED_PROXIES must be a number of proxies (0, 1, 2 …), not {value!r}") from None
    if not 0 <= hops <= 5:
        raise ConfigError(f"KB_TRUSTED_PROXIES must be between 0 and 5, not {hops}")
    return hops


def allowed_hosts(value: object) -> list[str] | None:
    """KB_ALLOWED_HOSTS as a list of host names (None: any host)."""
    hosts = [h.strip().lower() for h in str(value or "").split(",")]
    return [h for h in hosts if h] or None


def environment(value: object) -> str:
    """KB_ENV: 'development' (the default) or 'production'."""
    name = str(value or "development").strip().lower()
    if name not in ENVIRONMENTS:
        raise ConfigError(f"KB_ENV must be one of {', '.join(ENVIRONMENTS)}, not {value!r}")
    return name


class AllowedHosts:
    """WSGI middleware: a request naming a host not in the list gets a plain 400 before the app sees it."""

    def __init__(self, wsgi_app, hosts: list[str]) -> None:
        self.wsgi_app, self.hosts = wsgi_app, hosts

    def __call__(self, environ, start_response):
        if host_is_trusted(get_host(environ), self.hosts):
            return self.wsgi_app(environ, start_response)
        refused = Response("400 Bad Request: this server does not answer for that host name\n", 400, mimetype="text/plain",
                           headers={**HEADERS, "Cache-Control": "no-store"})
        return refused(environ, start_response)


def init_app(app: Flask) -> None:
    """Check the deployment settings and apply them; raises ConfigError on a setting the server cannot start with."""
    env = environment(app.config.get("KB_ENV"))
    app.config["KB_ENV"] = env
    if env == "production" and len(str(app.config.get("SECRET_KEY") or "")) < MIN_SECRET_KEY:
        raise ConfigError(
            f"KB_ENV=production needs KB_SECRET_KEY of at least {MIN_SECRET_KEY} characters "
            "(make one with: python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    hops = trusted_proxies(app.config.get("TRUSTED_PROXIES", 0))
    app.config["TRUSTED_PROXIES"] = hops
    hosts = allowed_hosts(app.config.get("ALLOWED_HOSTS"))
    app.config["ALLOWED_HOSTS"] = hosts
    if hosts:
        app.wsgi_app = AllowedHosts(app.wsgi_app, hosts)  # type: ignore[method-assign]
    if hops:  # outermost: the host checked is the forwarded one
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def describe(app: Flask) -> str:
    """One line for the server's start-up message: the mode, the proxies believed and the hosts answered."""
    hops = app.config["TRUSTED_PROXIES"]
    proxies = f"trusting {hops} proxy hop{'s' if hops != 1 else ''}" if hops else "trusting no forwarded headers"
    hosts = app.config["ALLOWED_HOSTS"]
    return f"{app.config['KB_ENV']} mode, {proxies}, answering {'hosts ' + ', '.join(hosts) if hosts else 'any host'}"
