"""Signing in: REActors with an account see the entries marked `visibility: internal`.

Accounts live in a small file (`KB_ACCOUNTS`), one `name:password-hash` per
line, written by `kb account NAME`; the hashes are werkzeug's (scrypt). A
signed-in REActor carries a signed session cookie (HttpOnly, SameSite=Lax,
Secure over https) that expires after `SESSION_HOURS`; removing the line from
the file signs the account out at its next request. Without an accounts file
nobody can sign in and internal entries are never shown (issue 6).
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import re
import secrets
import threading
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from werkzeug.security import check_password_hash, generate_password_hash

from app.throttle import Throttle

bp = Blueprint("auth", __name__)

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SESSION_HOURS = 12
# Failed sign-ins allowed per name and per address in a window before further tries are refused.
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60
# Compared against when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class AccountsError(ValueError):
    """The accounts file has a line that is not `name:hash`."""


def read_accounts(path: Path) -> dict[str, str]:
    """name → password hash, from a file of `name:hash` lines ('#' starts a comment)."""
    accounts: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, hashed = line.partition(":")
        if not sep or not NAME_RE.match(name) or "$" not in hashed:
            raise AccountsError(f"{path}:{number}: expected 'name:password-hash' (write it with 'kb account NAME')")
        accounts[name] = hashed
    return accounts


def write_account(path: Path, name: str, password: str) -> None:
    """Add or replace one account in the file (created readable by its owner only)."""
    if not NAME_RE.match(name):
        raise AccountsError("a name is lowercase letters, digits, '.', '_' or '-'")
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.partition(":")[0].strip() != name]
    kept.append(f"{name}:{generate_password_hash(password)}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(kept) + "\n")


def remove_account(path: Path, name: str) -> bool:
    """Remove one account from the file; whether it was there."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.partition(":")[0].strip() != name]
    if len(kept) == len(lines):
        return False
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return True


class Accounts:
    """The accounts file, read again whenever it changes."""

    def __init__(self, path: str | None) -> None:
        self.path = Path(path) if path else None
        self._stamp: tuple[float, int] | None = None
        self._accounts: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def current(self) -> dict[str, str]:
        if self.path is None:
            return {}
        try:
            stat = self.path.stat()
        except OSError:
            return {}  # a missing file means no accounts, not an error page
        stamp = (stat.st_mtime, stat.st_size)
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._accounts = read_accounts(self.path)
                except (AccountsError, OSError, UnicodeDecodeError) as exc:
                    # Nobody can sign in until the file is fixed; the public pages keep working.
                    current_app.logger.error("accounts file unusable, no one can sign in: %s", exc)
                    self._accounts = {}
                self._stamp = stamp
            return self._accounts

    def verify(self, name: str, password: str) -> bool:
        hashed = self.current().get(name)
        ok = check_password_hash(hashed or _DUMMY_HASH, password)
        return ok and hashed is not None


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def _accounts() -> Accounts:
    return current_app.extensions["kb_accounts"]


def current_user() -> str | None:
    """The signed-in REActor's name, or None (also when the account was removed since)."""
    if "kb_user" not in g:
        name = session.get("user") if _accounts().enabled else None
        g.kb_user = name if name and name in _accounts().current() else None
    return g.kb_user


def signed_in() -> bool:
    """Whether internal entries may be shown to this request."""
    return current_user() is not None


def csrf_token() -> str:
    """The form token of this session (created on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse (400) a form that does not carry this session's token: another site cannot post it."""
    sent, expected = request.form.get("csrf", ""), session.get("csrf", "")
    # Compared as bytes: compare_digest refuses non-ASCII text, and a form may send anything.
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, "the form has expired: reload the page and try again")


def _safe_next(target: str | None) -> str:
    """A local address to return to after signing in; never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target and not any(c < " " for c in target):
        return target
    return url_for("search.search")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    accounts = _accounts()
    if not accounts.enabled:
        abort(404)
    error = None
    status = 200
    if request.method == "POST":
        check_csrf()
        name = request.form.get("name", "").strip().lower()[:64]
        password = request.form.get("password", "")[:1024]
        keys = [f"name:{name}", f"addr:{request.remote_addr}"]
        throttle: Throttle = current_app.extensions["kb_throttle"]
        if throttle.blocked(keys):
            error, status = "throttled", 429
        elif accounts.verify(name, password):
            throttle.forget(keys)
            session.clear()
            session.permanent = True
            session["user"] = name
            return redirect(_safe_next(request.args.get("next")), code=303)
        else:
            throttle.fail(keys)
            error, status = "wrong", 401
    return render_template("auth/sign_in.html", error=error, next=request.args.get("next", "")), status


@bp.post("/sign-out")
def sign_out():
    check_csrf()
    session.clear()
    return redirect(url_for("search.search"), code=303)


def init_app(app: Flask) -> None:
    accounts = Accounts(app.config.get("ACCOUNTS_FILE") or None)
    app.extensions["kb_accounts"] = accounts
    app.extensions["kb_throttle"] = Throttle(MAX_FAILURES, FAILURE_WINDOW)
    if not app.config.get("SECRET_KEY"):
        # Without a configured key, sessions last until the server restarts.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    secure = app.config.get("SESSION_COOKIE_SECURE")
    if isinstance(secure, str):  # KB_COOKIE_SECURE from the environment
        app.config["SESSION_COOKIE_SECURE"] = secure.strip().lower() in ("1", "true", "yes", "on")
    app.config.update(
        SESSION_COOKIE_NAME="kb_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
    )
    app.session_interface = SessionInterface()
    app.add_template_global(current_user)
    app.add_template_global(csrf_token)
    app.add_template_global(lambda: accounts.enabled, "accounts_enabled")
