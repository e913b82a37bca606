"""Names of fixed values that are not in vocab.yaml (act kinds, statuses), and how fresh a check is."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import lazy_gettext as _l

from indexer.stale import STALE_AFTER

ACT_KINDS = {
    "constitution": _l("Constitution"),
    "code": _l("Code"),
    "law": _l("Law"),
    "order": _l("Order"),
    "rules": _l("Rules"),
    "decree": _l("Decree"),
    "treaty": _l("International treaty"),
    "other": _l("Other act"),
}
ACT_KINDS_PLURAL = {
    "constitution": _l("Constitutions"),
    "code": _l("Codes"),
    "law": _l("Laws"),
    "order": _l("Orders"),
    "rules": _l("Rules"),
    "decree": _l("Decrees"),
    "treaty": _l("International treaties"),
    "other": _l("Other acts"),
}
STATUSES = {"in_force": _l("In force"), "repealed": _l("Repealed"), "not_yet_in_force": _l("Not yet in force")}


def freshness(checked: str | None) -> str:
    """'unverified' (never checked), 'stale' (checked over a year ago) or 'checked'."""
    if not checked:
        return "unverified"
    try:
        when = dt.date.fromisoformat(checked)
    except ValueError:
        return "unverified"
    return "stale" if dt.date.today() - when > STALE_AFTER else "checked"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(act_kinds=ACT_KINDS, act_kinds_plural=ACT_KINDS_PLURAL, statuses=STATUSES)
    app.add_template_global(freshness)
