"""HTTP hardening: security headers on every response, only the methods a route needs, bounded requests.

Pages are server-rendered with one script file and two style sheets from
/static/, so the policy can forbid every inline script, inline style, plugin
and frame (issue 6). Nothing is cached: a search page or an internal entry
must not stay in a shared computer's cache or a proxy.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import MethodNotAllowed, RequestEntityTooLarge

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Links to maps, ministries and NGOs must not tell them what was searched for.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000"
# Only the sign-in form sends a body; nothing legitimate comes near this.
MAX_BODY_BYTES = 16 * 1024
# The routes that take a larger body, each with its own bound: a filled complaint letter (app/letters.py).
# A letter's form filled to every limit (app/letters.py) is under 70 KB once URL-encoded.
LARGER_BODIES = {"letters.letter": 80 * 1024}


def _bounded_request() -> None:
    """Refuse a declared body over the limit before anything reads it (Werkzeug bounds a chunked one as it is read)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.endpoint in LARGER_BODIES:
        limit = request.max_content_length = request.max_form_memory_size = LARGER_BODIES[request.endpoint]
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def _only_declared_methods() -> None:
    """Refuse OPTIONS (which Flask answers by itself) and any method a route does not declare."""
    rule = request.url_rule
    if rule is None:
        return  # no route matched: routing answers 404 or 405 itself
    allowed = set(rule.methods or ()) - {"OPTIONS"}
    if request.method not in allowed:
        raise MethodNotAllowed(valid_methods=sorted(allowed))


def _secure_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    if "Allow" in response.headers:  # routing lists OPTIONS, which is refused too
        response.headers["Allow"] = ", ".join(m for m in response.headers["Allow"].split(", ") if m != "OPTIONS")
    return response


def init_app(app: Flask) -> None:
    # Flask's defaults are "no limit" (None) and 500 kB.
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or MAX_BODY_BYTES
    app.config["MAX_FORM_MEMORY_SIZE"] = min(app.config.get("MAX_FORM_MEMORY_SIZE") or MAX_BODY_BYTES, MAX_BODY_BYTES)
    app.before_request(_bounded_request)
    app.before_request(_only_declared_methods)
    app.after_request(_secure_headers)
