"""The Flask web app: consultation search over the built knowledge base."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: defaults, then KB_* environment variables, then `test_config`."""
    app = Flask(__name__)
    app.config.from_mapping(KB_DIR=os.environ.get("KB_DIR", "kb"), DATA_DIR=os.environ.get("KB_DATA", "data"))
    app.config.from_prefixed_env("KB")
    if test_config:
        app.config.from_mapping(test_config)

    from app import search

    search.init_app(app)
    return app
