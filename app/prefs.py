"""Choices remembered between visits in cookies: the interface language and the client's city."""

from __future__ import annotations

from flask import Response, current_app, request


def remember(response: Response, name: str, value: str | None) -> None:
    """Remember `value` under `name`; an empty value forgets the choice."""
    if not value:
        response.delete_cookie(name)
        return
    response.set_cookie(
        name,
        value,
        max_age=current_app.config["COOKIE_MAX_AGE"],
        samesite="Lax",
        httponly=True,
        # Over https, or always when KB_COOKIE_SECURE says a proxy in front terminates https.
        secure=request.is_secure or bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )


def remembered(name: str) -> str:
    """The remembered value, or ''."""
    return request.cookies.get(name, "")
