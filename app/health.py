"""`/healthz` for the reverse proxy and monitoring: 200 while an index is served, 503 otherwise.

The answer has no body and the route takes no parameters, so a monitor polling
it every few seconds learns nothing and leaves nothing about anyone.
"""

from __future__ import annotations

from flask import Blueprint, Response

from app.kb import engine
from indexer.problems import IndexMissing

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    try:
        engine().snapshot()
    except IndexMissing:
        return Response(status=503)
    return Response(status=200)
