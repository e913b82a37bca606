"""What the server writes to its logs: paths, never query strings.

A REActor's query or filter may describe a client ("HIV, Ridder, fired"), so
no log line may hold one (issue 6). gunicorn (`kb serve`) keeps no access log and its
error lines (a request that failed outside the app) get the same filter;
Flask's development server (`kb serve --debug`) logs every request line, so
its logger gets a filter that cuts the query string off. Server errors are
logged by app/errors.py with the path only.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

# "GET /search?q=… HTTP/1.1" → "GET /search HTTP/1.1"; also bare URLs in any other message.
QUERY_RE = re.compile(r"\?[^\s\"]*")


def without_query(text: str) -> str:
    """The text with every query string ('?…' up to a space or quote) removed."""
    return QUERY_RE.sub("", text)


class DropQueryStrings(logging.Filter):
    """Rewrites a record so that neither its message nor its arguments carry a query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = without_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(without_query(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: without_query(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


FILTER = DropQueryStrings()
# The loggers of the servers that may run the app.
SERVER_LOGGERS = ("werkzeug", "gunicorn.error")


def init_app(app: Flask) -> None:
    for name in (*SERVER_LOGGERS, app.logger.name):
        logger = logging.getLogger(name)
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)
