"""Helpers for the referral-sheet tests: submit the builder's form as a browser would."""

from __future__ import annotations

from urllib.parse import urlencode

from bs4 import BeautifulSoup


def form_values(builder: BeautifulSoup, tick_all: bool = False) -> list[tuple[str, str]]:
    """The (name, value) pairs the builder's form sends as it stands (or with every box ticked): boxes, radio, options."""
    form = builder.select_one("form.builder")
    values = []
    for control in form.select("input[name]"):
        ticked = control.has_attr("checked") or (tick_all and control.get("type") == "checkbox")
        if control.get("type") in ("checkbox", "radio") and not ticked:
            continue
        values.append((control["name"], control.get("value", "on")))
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]") or select.select_one("option")
        values.append((select["name"], chosen.get("value", "")))
    return values


def sheet_address(builder: BeautifulSoup, tick_all: bool = False, **changes: str) -> str:
    """The address the builder's form opens, its defaults changed by `changes` (e.g. lang="kk", link="1")."""
    values = [(name, value) for name, value in form_values(builder, tick_all) if name not in changes]
    values += [(name, value) for name, value in changes.items() if value]
    return builder.select_one("form.builder")["action"] + "?" + urlencode(values)
