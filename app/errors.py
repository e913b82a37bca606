"""Friendly error pages in the interface language; JSON errors under /api/.

A server error is logged with the path and the stack, never the query string:
what a REActor typed may describe a client.
"""

from __future__ import annotations

import traceback

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from indexer.problems import IndexMissing


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(error: HTTPException, message: str | None = None):
    body: Response | str
    if wants_json():
        body = jsonify({"error": {"status": error.code, "title": error.name, "message": message or error.description}})
    else:
        body = render_template([f"errors/{error.code}.html", "error.html"], error=error)
    response = make_response(body, error.code)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value  # Allow on a 405, Retry-After …
    return response


def handle_http(error: HTTPException):
    return _respond(error)


def handle_index_missing(error: IndexMissing):
    return _respond(ServiceUnavailable(), str(error))


def handle_unexpected(error: Exception):
    if current_app.debug:
        raise error  # the development server shows its interactive traceback instead
    stack = "".join(traceback.format_tb(error.__traceback__))
    current_app.logger.error("server error on %s %s: %s\n%s", request.method, request.path, type(error).__name__, stack)
    return _respond(InternalServerError(), "the server failed to answer; the error was logged")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(IndexMissing, handle_index_missing)
    app.register_error_handler(Exception, handle_unexpected)
