"""The Flask web app: consultation search, law browser, case library, referral directory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app.config import DEFAULTS, ENVIRONMENT


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: defaults, then KB_* environment variables, then `test_config`."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping({key: os.environ[name] for name, key in ENVIRONMENT.items() if os.environ.get(name)})
    if test_config:
        app.config.from_mapping(test_config)

    from app import (
        about,
        api,
        auth,
        cases,
        contacts,
        deployment,
        entries,
        errors,
        health,
        i18n,
        kb,
        labels,
        laws,
        letters,
        links,
        logs,
        remedies,
        search,
        security,
        services,
        sheet,
    )

    for module in (deployment, logs, security, auth, i18n, kb, labels, links, contacts, errors):
        module.init_app(app)
    for area in (search, laws, cases, services, remedies, sheet, letters, about, api, auth, health):
        app.register_blueprint(area.bp)
    entries.register_pages(app)
    return app
